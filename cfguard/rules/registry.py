"""The rules: metadata and documentation from rules/*.md (their logic: `cfguard.checks`).

One text per rule (`rules/<ID>-<name>.md`, TOML front matter + Markdown, read by `rule_file`)
feeds `cfguard explain`, `cfguard rules`, the README table, SARIF `help`, the option types and
which rules are always on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from cfguard.core.resources import data_dir
from cfguard.rules.rule_file import Rule, read_rule_file


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, ordered by id."""
    directory = data_dir("rules")
    names = sorted(n for n in os.listdir(directory) if n.startswith("CFG") and n.endswith(".md"))
    rules = [read_rule_file(os.path.join(directory, name)) for name in names]
    return tuple(sorted(rules, key=lambda rule: rule.id))


@cache
def rules_by_key() -> dict[str, Rule]:
    """Rules by id and by name, exactly as written (for tables keyed by id; to read what a user
    typed, use `resolve`)."""
    table: dict[str, Rule] = {}
    for rule in all_rules():
        table[rule.id] = rule
        table[rule.name] = rule
    return table


def get_rule(rule_id: str) -> Rule:
    return rules_by_key()[rule_id]


# -- naming rules: the one resolver used by the command line, the configuration, suppression
# comments and `explain`, so that a token means the same thing wherever it is written.


@cache
def _folded() -> dict[str, Rule]:
    folded = {key.casefold(): rule for key, rule in rules_by_key().items()}
    for rule in all_rules():  # a former name still names the rule
        folded.update(dict.fromkeys((alias.casefold() for alias in rule.aliases), rule))
    return folded


@cache
def always_on() -> frozenset[str]:
    """The rules no selection, ignore entry or suppression comment turns off (front matter
    `ignorable = false`); the engine reports them before it looks at `enabled`."""
    return frozenset(rule.id for rule in all_rules() if not rule.ignorable)


class RuleError(ValueError):
    """A token that does not name what its place needs. `str()` is the problem on its own
    (`unknown rule 'x'; ...`); `phrase` continues a subject: "'ignore' " + phrase."""

    phrase: str
    where: str = ""  # set by `resolve_selection`: "select" or "ignore"


class UnknownRuleError(RuleError):
    def __init__(self, token: str) -> None:
        import difflib  # only for a rule nobody has: not worth ~3 ms at every start

        folded = _folded()
        close = difflib.get_close_matches(token.strip().casefold(), list(folded), n=3, cutoff=0.6)
        shown = dict.fromkeys(f"{folded[key].id} ({folded[key].name})" for key in close)
        hint = f"; did you mean {', '.join(shown)}?" if shown else ""
        super().__init__(f"unknown rule '{token}'{hint} (`cfguard rules` lists them all)")
        self.token = token
        self.phrase = f"names an {self}"


class NotOneRuleError(RuleError):
    """A prefix or `ALL` where exactly one rule must be named."""

    def __init__(self, selector: Selector) -> None:
        listed = ", ".join(f"{rule_id} ({get_rule(rule_id).name})" for rule_id in selector.rules)
        count = len(selector.rules)
        what = f"all {count} rules" if selector.kind == "all" else f"a prefix of {count} rules"
        super().__init__(f"'{selector.token}' names {what}, not one: {listed}")
        self.selector = selector
        self.phrase = f"names {what}, not one ({listed})"


class SelectionError(RuleError):
    """A selection that is a usage error: empty, or turning off a rule that stays on."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.phrase = problem


class Selector(NamedTuple):
    """What a token names: `kind` "rule" (an id or a name), "prefix" or "all"; `rules` in id
    order."""

    token: str
    kind: str
    rules: tuple[str, ...]


def resolve(token: str) -> Selector:
    """The rules `token` names: an id (`CFG101`), an id prefix (`CFG1`, `CFG`), a name
    (`http-allowed`) or `ALL`, all in any case. Raises `UnknownRuleError` (with close matches)."""
    folded = token.strip().casefold()
    if folded == "all":
        return Selector(token, "all", tuple(rule.id for rule in all_rules()))
    rule = _folded().get(folded)
    if rule is not None:
        return Selector(token, "rule", (rule.id,))
    if folded.startswith("cfg"):
        matched = tuple(r.id for r in all_rules() if r.id.casefold().startswith(folded))
        if matched:
            return Selector(token, "prefix", matched)
    raise UnknownRuleError(token)


def resolve_one(token: str) -> Rule:
    """The one rule `token` names (`explain`, a suppression comment, `[rules.<ID>]`). Raises
    `UnknownRuleError`, or `NotOneRuleError` for a prefix or `ALL` (which lists what it names)."""
    selector = resolve(token)
    if selector.kind != "rule":
        raise NotOneRuleError(selector)
    return get_rule(selector.rules[0])


def ignorable(token: str) -> frozenset[str]:
    """The rules an ignore entry (`--ignore`, `ignore`, `per-file-ignores`) turns off. A prefix or
    `ALL` covers the ignorable rules it matches (CFG001 and CFG002 stay on, as documented); a
    token naming only rules that stay on is an error, never a silent no-op."""
    selector = resolve(token)
    off = frozenset(rule_id for rule_id in selector.rules if rule_id not in always_on())
    if not off:
        rule = get_rule(selector.rules[0])
        raise SelectionError(
            f"names {rule.id} ({rule.name}), which cannot be ignored: "
            f"{rule.always_on_because}, so ignoring it would pass a file nobody checked"
        )
    return off


def resolve_selection(select: Iterable[str] | None, ignore: Iterable[str]) -> frozenset[str]:
    """The ids enabled by `select` (None: every rule) minus those named by `ignore`, plus the
    rules that are always on. Raises `RuleError` with `where` set to "select" or "ignore" (the
    caller names the flag or key): an unknown rule, an empty `select`, an ignore entry naming
    only rules that stay on, or nothing left to run."""
    where = "select"
    try:
        if select is None:
            chosen = {rule.id for rule in all_rules()}
        else:
            select = list(select)
            if not select:
                raise SelectionError(
                    "names no rule, so the selection is empty; name rules, or ALL for every rule"
                )
            chosen = {rule_id for token in select for rule_id in resolve(token).rules}
        where = "ignore"
        named_off: set[str] = set()
        for token in ignore:
            ignorable(token)  # refuses an entry that would do nothing
            named_off.update(resolve(token).rules)
        if not chosen - named_off:
            raise SelectionError("turns off every selected rule, so the selection is empty")
    except RuleError as error:
        error.where = where
        raise
    return frozenset(chosen - named_off) | always_on()


__all__ = [  # `Rule` is re-exported: callers look for it here
    "NotOneRuleError",
    "Rule",
    "RuleError",
    "SelectionError",
    "Selector",
    "UnknownRuleError",
    "all_rules",
    "always_on",
    "get_rule",
    "ignorable",
    "resolve",
    "resolve_one",
    "resolve_selection",
    "rules_by_key",
]

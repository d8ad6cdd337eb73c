"""The rules: metadata and documentation from rules/*.md, logic registered with `@check`.

One text per rule (`rules/<ID>-<name>.md`, TOML front matter + Markdown) feeds `cfguard explain`,
`cfguard rules`, the README table and SARIF `help`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, TypeVar

from cfguard.findings import Hit, Severity
from cfguard.front_matter import parse_front_matter
from cfguard.records import record
from cfguard.resources import data_dir

HELP_BASE = "https://github.com/cfguard/cfguard/blob/main/rules/"

#: Rules the engine reports itself (parsing, schema, suppressions): they have no `@check`.
ENGINE_RULES = frozenset({"CFG001", "CFG002", "CFG003", "CFG901", "CFG902"})
#: Rules that can never be suppressed: a document that does not parse cannot be checked at all.
UNSUPPRESSIBLE = frozenset({"CFG001"})


class RuleFileError(Exception):
    """A rules/*.md file is malformed: a packaging bug, reported as an internal error."""


@record
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str
    formats: tuple[str, ...]
    documents: tuple[str, ...]
    tags: tuple[str, ...]
    precision: str
    security_severity: str | None
    documentation: str  # the Markdown after the front matter
    filename: str

    @property
    def help_uri(self) -> str:
        return HELP_BASE + self.filename


def _parse_rule_file(path: str) -> Rule:
    with open(path, encoding="utf-8") as file:
        text = file.read()
    filename = os.path.basename(path)
    parts = text.split("+++", 2)
    if len(parts) != 3 or parts[0].strip():
        raise RuleFileError(f"{filename}: expected TOML front matter between +++ lines")
    try:
        meta: dict[str, Any] = parse_front_matter(parts[1])
        return Rule(
            id=meta["id"],
            name=meta["name"],
            severity=Severity(meta["severity"]),
            summary=meta["summary"],
            formats=tuple(meta["formats"]),
            documents=tuple(meta.get("documents", ["distribution"])),
            tags=tuple(meta.get("tags", [])),
            precision=meta.get("precision", "high"),
            security_severity=meta.get("security-severity"),
            documentation=parts[2].strip() + "\n",
            filename=filename,
        )
    except (KeyError, ValueError, TypeError) as error:  # TOMLDecodeError is a ValueError
        raise RuleFileError(f"{filename}: {error}") from None


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, ordered by id."""
    directory = data_dir("rules")
    names = sorted(n for n in os.listdir(directory) if n.startswith("CFG") and n.endswith(".md"))
    rules = [_parse_rule_file(os.path.join(directory, name)) for name in names]
    return tuple(sorted(rules, key=lambda rule: rule.id))


@cache
def rules_by_key() -> dict[str, Rule]:
    """Rules by id and by name (both are accepted wherever a rule is named)."""
    table: dict[str, Rule] = {}
    for rule in all_rules():
        table[rule.id] = rule
        table[rule.name] = rule
    return table


def get_rule(rule_id: str) -> Rule:
    return rules_by_key()[rule_id]


class UnknownRuleError(ValueError):
    def __init__(self, token: str) -> None:
        import difflib  # only for a rule nobody has: not worth ~3 ms at every start

        close = difflib.get_close_matches(token, list(rules_by_key()), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        super().__init__(f"unknown rule '{token}'{hint} (see `cfguard rules`)")
        self.token = token


def match_rules(token: str) -> list[Rule]:
    """Rules a selector names: an id (`CFG101`), a prefix (`CFG1`, `CFG`), a name or `ALL`."""
    token = token.strip()
    if token.upper() == "ALL":
        return list(all_rules())
    if token in rules_by_key():
        return [rules_by_key()[token]]
    upper = token.upper()
    matched = [
        rule for rule in all_rules() if upper.startswith("CFG") and rule.id.startswith(upper)
    ]
    if not matched:
        raise UnknownRuleError(token)
    return matched


def resolve_selection(select: Iterable[str] | None, ignore: Iterable[str]) -> frozenset[str]:
    """The ids enabled by `select` (default: all) minus those named by `ignore`."""
    chosen = (
        {rule.id for rule in all_rules()}
        if select is None
        else {rule.id for token in select for rule in match_rules(token)}
    )
    for token in ignore:
        chosen -= {rule.id for rule in match_rules(token)}
    return frozenset(chosen)


# -- check logic -------------------------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Iterable[Hit]])


@record
class CheckSpec:
    rule_id: str
    document: str  # "distribution" or "invalidation"
    function: Callable[..., Iterable[Hit]]


_CHECKS: dict[str, CheckSpec] = {}


def check(rule_id: str, *, document: str = "distribution") -> Callable[[F], F]:
    """Register the check function of `rule_id` (which must have a rules/ file)."""

    def register(function: F) -> F:
        if rule_id in _CHECKS:
            raise RuntimeError(f"two checks registered for {rule_id}")
        _CHECKS[rule_id] = CheckSpec(rule_id, document, function)
        return function

    return register


@cache
def all_checks() -> Sequence[CheckSpec]:
    """Import the check modules (which registers them) and return the checks by id."""
    import cfguard.checks  # noqa: F401  (registration happens on import)

    return tuple(_CHECKS[key] for key in sorted(_CHECKS))

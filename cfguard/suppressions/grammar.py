"""The one grammar of suppression comments, read from a comment's text in any syntax.

    cfguard: ignore[CFG101, CFG103] why it is fine         (the element it covers)
    cfguard: file-ignore[CFG301] why it is fine            (the whole document)

A syntax says where its comments are and what each would cover (`cfguard.syntaxes.Comment`);
this module reads what a comment says, whatever wraps it (`<!-- -->` in XML, `#` in YAML and
HCL). README.md, "Suppressing a finding", is what users rely on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cfguard.core.findings import Location
from cfguard.rules.registry import NotOneRuleError, RuleError, resolve_one

IGNORE, FILE_IGNORE = "ignore", "file-ignore"
VERBS = (IGNORE, FILE_IGNORE)
#: A directive as the user writes it, inside their syntax's comment (`Spelling.comment`).
EXAMPLE_TEXT = "cfguard: ignore[CFG101] why it is fine"

# A comment that starts with "cfguard" is meant for cfguard. Without the colon it is still a
# directive if a verb follows (`cfguard ignore[...]`), so a typo is reported, not ignored.
_PREFIX = re.compile(r"\s*cfguard\b\s*(?P<colon>:)?", re.IGNORECASE)
_BODY = re.compile(
    r"\s*(?P<verb>[A-Za-z][\w-]*)?\s*(?:\[(?P<rules>[^\]]*)\])?(?P<reason>.*)", re.DOTALL
)


@dataclass(frozen=True, slots=True)
class Directive:
    """One `cfguard:` comment. `rules` holds the ids it validly names; `problems` what is wrong
    with it (each a CFG902 message). With `active` False it suppresses nothing."""

    verb: str
    rules: tuple[str, ...]
    reason: str
    location: Location
    problems: tuple[str, ...] = ()
    active: bool = True


def parse_directive(
    text: str, location: Location, require_reason: bool, example: str
) -> Directive | None:
    """The directive a comment's `text` holds, None for a comment that is not one. `example` is
    `EXAMPLE_TEXT` written as a comment of the file's syntax, for the messages."""
    prefix = _PREFIX.match(text)
    if prefix is None:
        return None
    body = _BODY.match(text, prefix.end())
    assert body is not None  # every part of _BODY is optional
    verb = (body.group("verb") or "").lower()
    if prefix.group("colon") is None:
        if verb not in VERBS:
            return None  # prose that happens to start with "cfguard"
        return _invalid(location, f"write 'cfguard:' with a colon, as in {example}")
    if verb not in VERBS:
        return _invalid(location, _unknown_verb(verb, example))
    if body.group("rules") is None:
        return _invalid(location, f"the rules go in brackets right after '{verb}', as in {example}")
    tokens = [token.strip() for token in body.group("rules").split(",")]
    if not any(tokens):
        return _invalid(
            location,
            f"'{verb}[]' names no rule; put rule ids or names "
            "in the brackets, as in ignore[CFG101]",
        )
    rules, problems = _resolve(token for token in tokens if token)
    reason = " ".join(body.group("reason").split())
    active = bool(rules)
    if not reason and require_reason:
        problems.append(
            f"the suppression of {', '.join(rules or tokens)} gives no reason; write "
            f"why after the ']', as in {example}"
        )
        active = False
    return Directive(verb, tuple(rules), reason, location, tuple(problems), active)


def _invalid(location: Location, problem: str) -> Directive:
    return Directive("", (), "", location, (f"malformed suppression: {problem}",), False)


def _unknown_verb(verb: str, example: str) -> str:
    if not verb:
        return f"nothing follows 'cfguard:'; write {example}"
    # `ignore-file` has the right words in the wrong order; difflib alone would say `ignore`.
    same_words = [v for v in VERBS if sorted(v.split("-")) == sorted(verb.split("-"))]
    close = same_words or difflib.get_close_matches(verb, VERBS, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"unknown directive '{verb}'; {hint}cfguard understands ignore[RULES] (the next element) "
        "and file-ignore[RULES] (the whole document)"
    )


def _resolve(tokens: Iterator[str]) -> tuple[list[str], list[str]]:
    """Rule ids and names (any case, read by `registry.resolve_one` as everywhere else) -> ids,
    and a problem for each bad token."""
    rules: list[str] = []
    problems: list[str] = []
    for token in tokens:
        try:
            rule = resolve_one(token)
        except NotOneRuleError as error:
            # A comment names each rule it silences: a prefix would also silence, unseen, every
            # rule added to the family later, and its unused members would each be a CFG901.
            problems.append(
                f"the suppression {error.phrase}; a suppression names each rule it silences: "
                "write their ids"
            )
            continue
        except RuleError as error:
            problems.append(f"the suppression {error.phrase}")
            continue
        if not rule.ignorable:  # front matter `ignorable = false`
            problems.append(
                f"{rule.id} cannot be suppressed: {rule.always_on_because}; remove it from the "
                "comment"
            )
        elif not rule.suppressible:  # `suppressible = false`: CFG901, CFG902
            problems.append(
                f"{rule.id} cannot be suppressed in a comment; to turn it off, add it "
                "to 'ignore' in the configuration"
            )
        elif rule.id not in rules:
            rules.append(rule.id)
    return rules, problems

"""Reading `<!-- cfguard: ignore[CFG101] reason -->` comments (README.md, "Suppressing a finding").

XML comments, because the documents are XML: CloudFront ignores comments in a request body, so a
suppression costs nothing at deploy time. This module only parses; `suppressions` decides what a
directive covers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from lxml import etree

from cfguard.core.findings import Location
from cfguard.rules.registry import NotOneRuleError, RuleError, resolve_one
from cfguard.syntaxes.xml.source import SourceDocument

IGNORE, FILE_IGNORE = "ignore", "file-ignore"
VERBS = (IGNORE, FILE_IGNORE)
EXAMPLE = "<!-- cfguard: ignore[CFG101] why it is fine -->"

# A comment that starts with "cfguard" is meant for cfguard. Without the colon it is still a
# directive if a verb follows (`cfguard ignore[...]`), so a typo is reported, not ignored.
_PREFIX = re.compile(r"\s*cfguard\b\s*(?P<colon>:)?", re.IGNORECASE)
_BODY = re.compile(
    r"\s*(?P<verb>[A-Za-z][\w-]*)?\s*(?:\[(?P<rules>[^\]]*)\])?(?P<reason>.*)", re.DOTALL
)
# Comments in document order; CDATA sections and processing instructions are matched first so
# that a `<!--` inside them is not taken for a comment.
_COMMENT = re.compile(r"<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!--(.*?)-->", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Directive:
    """One `cfguard:` comment. `rules` holds the ids it validly names; `problems` what is wrong
    with it (each a CFG902 message). With `active` False it suppresses nothing."""

    verb: str
    rules: tuple[str, ...]
    reason: str
    location: Location
    comment: etree._Element  # an lxml comment node
    problems: tuple[str, ...] = ()
    active: bool = True


def read_directives(source: SourceDocument, require_reason: bool) -> list[Directive]:
    """Every `cfguard:` comment of the document, in document order."""
    directives = []
    for comment, location in _comments(source):
        directive = parse_directive(comment, location, require_reason)
        if directive is not None:
            directives.append(directive)
    return directives


def parse_directive(
    comment: etree._Element, location: Location, require_reason: bool
) -> Directive | None:
    text = comment.text or ""
    prefix = _PREFIX.match(text)
    if prefix is None:
        return None
    body = _BODY.match(text, prefix.end())
    assert body is not None  # every part of _BODY is optional
    verb = (body.group("verb") or "").lower()
    if prefix.group("colon") is None:
        if verb not in VERBS:
            return None  # prose that happens to start with "cfguard"
        return _invalid(comment, location, f"write 'cfguard:' with a colon, as in {EXAMPLE}")
    if verb not in VERBS:
        return _invalid(comment, location, _unknown_verb(verb))
    if body.group("rules") is None:
        return _invalid(
            comment, location, f"the rules go in brackets right after '{verb}', as in {EXAMPLE}"
        )
    tokens = [token.strip() for token in body.group("rules").split(",")]
    if not any(tokens):
        return _invalid(
            comment,
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
            f"why after the ']', as in {EXAMPLE}"
        )
        active = False
    return Directive(verb, tuple(rules), reason, location, comment, tuple(problems), active)


def _invalid(comment: etree._Element, location: Location, problem: str) -> Directive:
    return Directive("", (), "", location, comment, (f"malformed suppression: {problem}",), False)


def _unknown_verb(verb: str) -> str:
    if not verb:
        return f"nothing follows 'cfguard:'; write {EXAMPLE}"
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


def _comments(source: SourceDocument) -> Iterator[tuple[etree._Element, Location]]:
    """Each comment (before, inside and after the root element) and where it starts."""
    root = source.root
    nodes: list[etree._Element] = [
        *reversed(list(root.itersiblings(etree.Comment, preceding=True))),
        *root.iter(etree.Comment),
        *root.itersiblings(etree.Comment),
    ]
    starts = _comment_starts(source, len(nodes))
    for index, node in enumerate(nodes):
        parent = node.getparent()
        # A comment's place and identity are its element's (so CFG901 keeps its fingerprint).
        inside = source.locate(parent) if parent is not None else None
        # lxml's sourceline is where a comment *ends*; the text scan gives where it starts.
        fallback = cast("int | None", node.sourceline) or 1  # lxml-stubs: `sourceline = ...`
        line, column = starts[index] if starts is not None else (fallback, None)
        yield node, inside.at(line, column) if inside else Location(line, column, "/")


def _comment_starts(source: SourceDocument, expected: int) -> list[tuple[int, int]] | None:
    """1-based (line, column) of every comment in the text; None if the scan and the tree
    disagree (then lines come from lxml and columns are unknown)."""
    text = source.text
    if text is None:
        return None
    offsets = [m.start() for m in _COMMENT.finditer(text) if m.group(1) is not None]
    if len(offsets) != expected:
        return None
    # The document's one line index, which every other location uses too.
    return [source.lines.position(offset) for offset in offsets]


def comment_offset_trailing(source: SourceDocument, location: Location) -> bool:
    """Whether a comment outside the root element sits on the line the root element ends on
    (lxml keeps no whitespace between top-level nodes, so this one needs the text)."""
    if source.text is None or location.column is None:
        return False
    before = (source.lines.line(location.line) or "")[: location.column - 1]
    return before.rstrip().endswith(">")


def covered_path(source: SourceDocument, directive: Directive) -> str | None:
    """The readable path of the element a (not file-wide) directive covers: the element it
    follows on the same line, else the next element after it; None when there is none."""
    target = _trailing_element(source, directive)
    if target is None:  # never `or`: an lxml element without children is falsy
        target = _next_element(directive.comment)
    return None if target is None else source.locate(target).xpath


def _trailing_element(source: SourceDocument, directive: Directive) -> etree._Element | None:
    """The element the comment follows on the same line: only spaces (and other comments on
    that line) between its end tag and the comment."""
    node: etree._Element = directive.comment
    if node.getparent() is None:  # before or after the root: lxml keeps no whitespace there
        previous = node.getprevious()
        if previous is source.root and comment_offset_trailing(source, directive.location):
            return source.root
        return None
    while (previous := node.getprevious()) is not None:
        if "\n" in (previous.tail or ""):
            return None
        if isinstance(previous.tag, str):
            return previous
        node = previous  # another comment on the same line: keep looking left
    return None


def _next_element(comment: etree._Element) -> etree._Element | None:
    return next((node for node in comment.itersiblings() if isinstance(node.tag, str)), None)

"""Which findings the suppression comments silence, and the comments that are unused (CFG901) or
invalid (CFG902). README.md, "Suppressing a finding", says what users rely on.

The file's syntax gives its comments, each with what it would cover (`Syntax.comments`);
`grammar` reads what each says. `ignore[...]` covers that element's whole subtree (the syntax
decides which element: in XML the one it trails on the same line, else the next sibling);
`file-ignore[...]` anywhere covers the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cfguard.core.findings import Finding, Location
from cfguard.core.message import Spelling
from cfguard.core.results import Suppressed
from cfguard.rules.registry import get_rule
from cfguard.rules.settings import Settings
from cfguard.suppressions.grammar import EXAMPLE_TEXT, FILE_IGNORE, Directive, parse_directive
from cfguard.syntaxes import Comment


@dataclass(frozen=True, slots=True)
class Scope:
    """A directive and the readable path of the element it covers (None: the whole document)."""

    directive: Directive
    path: str | None


def apply_suppressions(
    comments: Sequence[Comment], findings: list[Finding], settings: Settings, spelling: Spelling
) -> tuple[list[Finding], tuple[Suppressed, ...]]:
    """`findings` minus the suppressed ones plus CFG901/CFG902, and what was suppressed why.
    `comments` are the file's, each with what it would cover (`Syntax.comments`); `spelling`
    writes the example the messages give as a comment of the file's syntax."""
    example = spelling.comment(EXAMPLE_TEXT)
    problems: list[Finding] = []
    scopes: list[Scope] = []
    for comment in comments:
        directive = parse_directive(
            comment.text, comment.location, settings.require_reason, example
        )
        if directive is None:
            continue
        problems.extend(
            _report("CFG902", message, directive.location, settings)
            for message in directive.problems
        )
        if not directive.active:
            continue
        scope = _scope(directive, comment)
        if scope is None:
            problems.append(_report("CFG902", _NO_TARGET, directive.location, settings))
        else:
            scopes.append(scope)
    kept, suppressed, used = _match(findings, scopes)
    unused = [
        _report(
            "CFG901", _unused_message(scope.directive, rule_id), scope.directive.location, settings
        )
        for scope in scopes
        for rule_id in scope.directive.rules
        if rule_id in settings.enabled and (id(scope), rule_id) not in used
    ]
    wanted = [p for p in (*problems, *unused) if p.rule_id in settings.enabled]
    return kept + wanted, tuple(suppressed)


_NO_TARGET = (
    "this ignore comment covers no element: put it on the line before the element, or right "
    "after the element on the same line (use file-ignore[...] for the whole document)"
)


def _match(
    findings: list[Finding], scopes: list[Scope]
) -> tuple[list[Finding], list[Suppressed], set[tuple[int, str]]]:
    by_path: dict[str | None, list[Scope]] = {}
    for scope in scopes:
        by_path.setdefault(scope.path, []).append(scope)
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    used: set[tuple[int, str]] = set()
    for finding in findings:
        covering = [
            scope
            for path in _enclosing(finding.location.xpath)
            for scope in by_path.get(path, ())
            if finding.rule_id in scope.directive.rules
        ]
        if not covering:
            kept.append(finding)
            continue
        used.update((id(scope), finding.rule_id) for scope in covering)
        suppressed.append(Suppressed(finding, covering[0].directive.reason))
    return kept, suppressed, used


def _enclosing(xpath: str) -> list[str | None]:
    """The paths of the element at `xpath` and of its ancestors, innermost first, then None (the
    document). Findings are located with `SourceDocument.locate`, whose readable paths nest like
    the elements: the subtree of `/A/B[2]` is `/A/B[2]` and every path below it. A path that is
    not an XPath is a JMESPath (a CloudFormation template's
    `Resources.Site.Properties.DistributionConfig.Origins[0].DomainName`), whose ancestors end
    before each `.` and `[`."""
    if xpath.startswith("/"):
        parts = xpath.split("/")[1:]
        paths: list[str | None] = ["/" + "/".join(parts[:n]) for n in range(len(parts), 0, -1)]
        return [*paths, None]
    ends = [index for index, char in enumerate(xpath) if char in ".[" and index]
    dotted: list[str | None] = [xpath] if xpath else []
    dotted.extend(xpath[:end] for end in reversed(ends))
    return [*dotted, None]


def _scope(directive: Directive, comment: Comment) -> Scope | None:
    if directive.verb == FILE_IGNORE:
        return Scope(directive, None)
    covers = comment.covers()
    return None if covers is None else Scope(directive, covers)


def _unused_message(directive: Directive, rule_id: str) -> str:
    file_wide = directive.verb == FILE_IGNORE
    scope = "in this document" if file_wide else "on the element it covers"
    if len(directive.rules) > 1:
        fix = f"remove {rule_id} from the comment"
    elif file_wide:
        fix = "delete the comment"
    else:
        fix = "move the comment to the element the finding is on, or delete it"
    return (
        f"{directive.verb}[{rule_id}] suppresses nothing: {rule_id} ({get_rule(rule_id).name}) "
        f"reports nothing {scope}; {fix}"
    )


def _report(rule_id: str, message: str, location: Location, settings: Settings) -> Finding:
    rule = get_rule(rule_id)
    severity = settings.severities.get(rule_id) or rule.severity
    return Finding(rule.id, rule.name, severity, message, location)

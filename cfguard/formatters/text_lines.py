"""The lines of the text format, shared by its plain (`text`) and terminal (`text_rich`) forms:
a finding's line, its source excerpt, the summary."""

from __future__ import annotations

from cfguard.core.findings import Finding, Severity
from cfguard.core.naming import live_label
from cfguard.core.results import FileResult
from cfguard.core.sanitize import printable
from cfguard.core.tally import Tally

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_EXCERPT_WIDTH = 100
#: Problems with a file cfguard would have written (`--fix`, `--save`), not with one it read.
_NOT_WRITTEN = ("not fixed:", "not saved:", "not overwritten:")


def location_prefix(path: str, finding: Finding) -> str:
    """`path:line:col`; for a live distribution, which has no file to count lines in,
    `cloudfront:ID:document.path` (`cfguard check --aws` without `--save`)."""
    label = live_label(path)
    if label is not None:
        where = finding.location.path
        return f"{label}:{printable(where)}" if where else label
    column = f":{finding.location.column}" if finding.location.column else ""
    return f"{printable(path)}:{finding.location.line}{column}"


def finding_line(path: str, finding: Finding, fixable: bool = False) -> str:
    """`path:line:col: ID [severity] message (name)`, with ruff's `[*]` after the severity when
    `--fix` repairs it."""
    mark = " [*]" if fixable else ""
    return (
        f"{location_prefix(path, finding)}: {finding.rule_id} [{finding.severity}]{mark} "
        f"{printable(finding.message)} ({finding.name})"
    )


def in_line_order(result: FileResult, show_suppressed: bool) -> list[tuple[Finding, str | None]]:
    """The findings of `result` in line and column order, with the suppressed ones among them
    (with their reason) when they are shown: a reader looks for a finding where it is."""
    shown: list[tuple[Finding, str | None]] = [(finding, None) for finding in result.findings]
    if show_suppressed:
        shown += [(s.finding, s.reason or "no reason given") for s in result.suppressed]
    return sorted(shown, key=lambda pair: pair[0].sort_key)


def excerpt_rows(result: FileResult, finding: Finding) -> list[str]:
    """`  NN | source line` and the caret under the column, or nothing when the line is not
    kept (standard output is not a terminal, or the finding has no line)."""
    source = result.lines.get(finding.location.line)
    if source is None:
        return []
    shown, caret = excerpt(source, finding.location.column)
    gutter = f"{finding.location.line:>5} | "
    rows = [gutter + shown]
    if caret is not None:
        rows.append(" " * (len(gutter) + caret) + "^")
    return rows


def summary_line(tally: Tally) -> str:
    files = f"Checked {tally.checked} {tally.unit}{'s' if tally.checked != 1 else ''}"
    if tally.skipped:
        files += f" ({tally.skipped} skipped: not CloudFront documents)"
    counts = tally.by_severity
    if tally.findings:
        found = ", ".join(
            f"{counts[severity]} {severity}"
            + ("s" if counts[severity] != 1 and severity is not Severity.INFO else "")
            for severity in Severity
        )
    else:
        found = "no findings"
    extras = []
    if tally.fixed:
        extras.append(f"{tally.fixed} fixed")
    fixable = tally.fixable + (tally.unsafe_fixable if tally.unsafe_fixes else 0)
    if fixable:
        extras.append(f"{fixable} fixable with --fix" + (" --unsafe-fixes" * tally.unsafe_fixes))
    if tally.unsafe_fixable and not tally.unsafe_fixes:
        extras.append(f"{tally.unsafe_fixable} more with --unsafe-fixes")
    if tally.suppressed:
        extras.append(f"{tally.suppressed} suppressed")
    # A file --fix could not write back was read and checked: not "unreadable".
    unwritten = sum(problem.message.startswith(_NOT_WRITTEN) for problem in tally.problems)
    if len(tally.problems) > unwritten:
        unchecked = "unreadable" if tally.unit == "file" else "not checked"
        extras.append(f"{len(tally.problems) - unwritten} {unchecked}")
    if unwritten:
        extras.append(f"{unwritten} not written")
    return f"{files}: {found}" + (f" ({', '.join(extras)})" if extras else "") + "."


def excerpt(line: str, column: int | None) -> tuple[str, int | None]:
    """A window of at most ~100 characters of `line` around `column`, and the caret's offset in
    it. Real client documents are one long line, so the whole line would be useless."""
    line = line.rstrip("\r\n")
    if column is None or len(line) <= _EXCERPT_WIDTH:
        return printable(line), None if column is None else column - 1
    start = max(column - 1 - 30, 0)
    window = line[start : start + _EXCERPT_WIDTH]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + _EXCERPT_WIDTH < len(line) else ""
    return prefix + printable(window) + suffix, len(prefix) + (column - 1 - start)

"""`path:line:col: ID [severity] message (name)` — grep- and editor-friendly; with colour and a
source excerpt when writing to a terminal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from cfguard.engine import FileResult
from cfguard.findings import Finding, Severity
from cfguard.formatters import OutputOptions
from cfguard.formatters.sanitize import printable
from cfguard.runner import Tally

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_EXCERPT_WIDTH = 100


def location_prefix(path: str, finding: Finding) -> str:
    column = f":{finding.location.column}" if finding.location.column else ""
    return f"{printable(path)}:{finding.location.line}{column}"


def finding_line(path: str, finding: Finding) -> str:
    return (
        f"{location_prefix(path, finding)}: {finding.rule_id} [{finding.severity}] "
        f"{printable(finding.message)} ({finding.name})"
    )


def render(
    results: Iterable[FileResult], tally: Tally, out: TextIO, options: OutputOptions
) -> None:
    if options.color:
        from cfguard.formatters.text_rich import RichWriter

        RichWriter(out).write(results, tally, options)
        return
    for result in results:
        for finding in result.findings:
            out.write(finding_line(result.path, finding) + "\n")
        if options.show_suppressed:
            for item in result.suppressed:
                out.write(
                    f"{finding_line(result.path, item.finding)} "
                    f"[suppressed: {printable(item.reason) or 'no reason given'}]\n"
                )
    if not options.quiet:
        out.write(summary_line(tally) + "\n")


def summary_line(tally: Tally) -> str:
    files = f"Checked {tally.checked} file{'s' if tally.checked != 1 else ''}"
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
    if tally.suppressed:
        extras.append(f"{tally.suppressed} suppressed")
    if tally.problems:
        extras.append(f"{len(tally.problems)} unreadable")
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

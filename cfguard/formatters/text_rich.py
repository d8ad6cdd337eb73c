"""The terminal form of the text format: colour and a source excerpt under each finding."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from rich.console import Console
from rich.text import Text

from cfguard.core.findings import Finding
from cfguard.core.results import FileResult
from cfguard.core.sanitize import printable
from cfguard.core.tally import Tally
from cfguard.formatters import OutputOptions
from cfguard.formatters.text_lines import (
    STYLES,
    excerpt_rows,
    in_line_order,
    location_prefix,
    summary_line,
)


class RichWriter:
    def __init__(self, out: TextIO) -> None:
        self.console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True)

    def write(self, results: Iterable[FileResult], tally: Tally, options: OutputOptions) -> None:
        for result in results:
            for finding, suppressed in in_line_order(result, options.show_suppressed):
                self._finding(result, finding, suppressed, options.excerpt, tally.fixes(finding))
        if not options.quiet:
            style = "bold red" if tally.findings else "bold green"
            self.console.print(Text(summary_line(tally), style=style))

    def _finding(  # one finding's parts, as the plain form takes them
        self,
        result: FileResult,
        finding: Finding,
        suppressed: str | None,
        excerpt: bool,
        fixable: bool,
    ) -> None:
        line = Text.assemble(
            (location_prefix(result.path, finding), "bold"),
            ": ",
            (finding.rule_id, STYLES[finding.severity]),
            " ",
            (f"[{finding.severity}]", STYLES[finding.severity]),
            (" [*]" if fixable else "", "bold"),
            " ",
            printable(finding.message),
            " ",
            (f"({finding.name})", "dim"),
        )
        if suppressed is not None:
            line.append(f" [suppressed: {printable(suppressed)}]", style="dim italic")
        self.console.print(line)
        if not excerpt:
            return
        rows = excerpt_rows(result, finding)
        if rows:  # the same rows as without colour: gutter and source, then the caret
            gutter, _, shown = rows[0].partition(" | ")
            self.console.print(Text.assemble((gutter + " | ", "dim"), shown))
        if len(rows) > 1:
            self.console.print(Text(rows[1], style="bold magenta"))

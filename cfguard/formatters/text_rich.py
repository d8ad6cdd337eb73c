"""The terminal form of the text format: colour and a source excerpt under each finding."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from rich.console import Console
from rich.text import Text

from cfguard.engine import FileResult
from cfguard.findings import Finding
from cfguard.formatters import OutputOptions
from cfguard.formatters.sanitize import printable
from cfguard.formatters.text import _STYLES, excerpt, location_prefix, summary_line
from cfguard.runner import Tally


class RichWriter:
    def __init__(self, out: TextIO) -> None:
        self.console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True)

    def write(self, results: Iterable[FileResult], tally: Tally, options: OutputOptions) -> None:
        for result in results:
            for finding in result.findings:
                self._finding(result, finding, None)
            if options.show_suppressed:
                for item in result.suppressed:
                    self._finding(result, item.finding, item.reason or "no reason given")
        if not options.quiet:
            style = "bold red" if tally.findings else "bold green"
            self.console.print(Text(summary_line(tally), style=style))

    def _finding(self, result: FileResult, finding: Finding, suppressed: str | None) -> None:
        line = Text.assemble(
            (location_prefix(result.path, finding), "bold"),
            ": ",
            (finding.rule_id, _STYLES[finding.severity]),
            " ",
            (f"[{finding.severity}]", _STYLES[finding.severity]),
            " ",
            printable(finding.message),
            " ",
            (f"({finding.name})", "dim"),
        )
        if suppressed is not None:
            line.append(f" [suppressed: {printable(suppressed)}]", style="dim italic")
        self.console.print(line)
        source = result.lines.get(finding.location.line)
        if source is None:
            return
        shown, caret = excerpt(source, finding.location.column)
        gutter = f"{finding.location.line:>5} | "
        self.console.print(Text(gutter, style="dim") + Text(shown))
        if caret is not None:
            self.console.print(Text(" " * (len(gutter) + caret) + "^", style="bold magenta"))

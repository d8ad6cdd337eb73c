"""`path:line:col: ID [severity] message (name)` — grep- and editor-friendly; with colour and a
source excerpt when writing to a terminal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from cfguard.core.results import FileResult
from cfguard.core.sanitize import printable
from cfguard.core.tally import Tally
from cfguard.formatters import OutputOptions
from cfguard.formatters.text_lines import (
    excerpt_rows,
    finding_line,
    in_line_order,
    summary_line,
)


def render(
    results: Iterable[FileResult], tally: Tally, out: TextIO, options: OutputOptions
) -> None:
    if options.color:
        from cfguard.formatters.text_rich import RichWriter

        RichWriter(out).write(results, tally, options)
        return
    for result in results:
        for finding, suppressed in in_line_order(result, options.show_suppressed):
            line = finding_line(result.path, finding, tally.fixes(finding))
            if suppressed is not None:
                line += f" [suppressed: {printable(suppressed)}]"
            out.write(line + "\n")
            if options.excerpt:
                out.writelines(row + "\n" for row in excerpt_rows(result, finding))
    if not options.quiet:
        out.write(summary_line(tally) + "\n")

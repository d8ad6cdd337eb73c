"""GitHub Actions workflow commands: each finding becomes an annotation on its file and line.

`::error file=sub dir/dist.xml,line=27,col=5,title=CFG101 http-allowed::message` — `warning` for
warnings, `notice` for info. Escaping follows actions/toolkit `packages/core/src/command.ts`
(`escapeData`, `escapeProperty`): an unescaped newline in a message would end the command and let
document text start a workflow command of its own. Written line by line as results stream past.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from cfguard.core.findings import Finding, Severity
from cfguard.core.naming import is_live_name, live_label
from cfguard.core.results import FileResult
from cfguard.core.sanitize import printable
from cfguard.core.tally import Tally
from cfguard.formatters import OutputOptions
from cfguard.formatters.paths import RepoPaths, is_stdin
from cfguard.formatters.text_lines import summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_LINE_BREAK = re.compile(r"(\r|\n)")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _safe(text: str) -> str:
    # The log viewer renders ANSI sequences: other control characters (and bidi overrides) are
    # shown escaped as in the text format; line breaks are kept for escape_data to encode.
    return "".join(
        part if _LINE_BREAK.fullmatch(part) else printable(part) for part in _LINE_BREAK.split(text)
    )


def command(name: str, properties: dict[str, str | int | None], message: str) -> str:
    """One workflow command line; properties that are None are left out."""
    props = ",".join(
        f"{key}={escape_property(_safe(str(value)))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(_safe(message))}"


def annotation(file: str | None, finding: Finding) -> str:
    return command(
        COMMANDS[finding.severity],
        {
            "file": file,
            "line": finding.location.line,
            "col": finding.location.column,
            "title": f"{finding.rule_id} {finding.name}",
        },
        finding.message,
    )


def live_annotation(label: str, finding: Finding) -> str:
    where = f"{label}:{finding.location.path}" if finding.location.path else label
    title = f"{finding.rule_id} {finding.name}"
    return command(COMMANDS[finding.severity], {"title": title}, f"{where}: {finding.message}")


def render(
    results: Iterable[FileResult], tally: Tally, out: TextIO, options: OutputOptions
) -> None:
    write_annotations(results, tally, out, options, RepoPaths.discover())


def write_annotations(
    results: Iterable[FileResult],
    tally: Tally,
    out: TextIO,
    options: OutputOptions,
    paths: RepoPaths,
) -> None:
    for result in results:
        # GitHub matches `file` against the checkout: repository-relative, POSIX separators.
        label = live_label(result.path)
        if label is not None:  # a live distribution: no file, so no line; its name and path
            for finding in result.findings:
                out.write(live_annotation(label, finding) + "\n")
            continue
        file = None if is_stdin(result.path) else paths.display(result.path)
        for finding in result.findings:
            out.write(annotation(file, finding) + "\n")
    for problem in tally.problems:
        file = None if _no_file(problem.path) else paths.display(problem.path)
        properties: dict[str, str | int | None] = {"file": file, "title": "cfguard input error"}
        message = f"cfguard could not check {paths.display(problem.path)}: {problem.message}"
        out.write(command("error", properties, message) + "\n")
    if not options.quiet:
        out.write(summary_line(tally) + "\n")


def _no_file(path: str) -> bool:
    """Standard input and a live distribution (its ARN) have no file in the checkout."""
    return is_stdin(path) or is_live_name(path)

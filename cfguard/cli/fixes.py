"""What `--fix` and `--diff` change in how `cfguard check` reports: `--diff` prints the diffs
and how many findings they fix (ruff's "Would fix N"), and nothing else; `--fix` on standard
input prints the fixed document on standard output, so the report goes to standard error."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing

import click

from cfguard.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from cfguard.cli.output import tell
from cfguard.core.results import FileResult, InputProblem
from cfguard.core.tally import Tally
from cfguard.rules.settings import Settings
from cfguard.run.lint import RunOptions
from cfguard.run.parallel import WorkerError
from cfguard.run.runner import run


def show_diffs(paths: Sequence[str], settings: Settings, options: RunOptions, tally: Tally) -> int:
    """Write each file's diff to standard output; the exit status `--diff` gives: 1 when
    something would change (as ruff's `--diff`), 2 for an input that could not be read."""
    try:
        with closing(run(paths, settings, options, tally)) as results:
            for result in results:
                if result.diff:
                    sys.stdout.write(result.diff)
    except WorkerError as error:
        click.echo(f"cfguard: {error}", err=True)
        return EXIT_ERROR
    sys.stdout.flush()
    tell(tally)
    plural = "s" if tally.fixed != 1 else ""
    click.echo(
        f"Would fix {tally.fixed} finding{plural}." if tally.fixed else "Nothing to fix.", err=True
    )
    if tally.problems:
        return EXIT_ERROR
    return EXIT_FINDINGS if tally.fixed else EXIT_OK


def fix_first(
    paths: Sequence[str], settings: Settings, options: RunOptions, tally: Tally
) -> RunOptions:
    """Fix every input, reporting nothing: what was fixed, the notes and the files that could
    not be written go to `tally`; the options of the report that follows (no fixing)."""
    try:
        with closing(run(paths, settings, options, Tally())) as results:
            for result in results:
                tally.fixed += result.fixed
                tally.notes.extend(result.notes)
                tally.problems.extend(InputProblem(result.path, m) for m in result.problems)
    except WorkerError as error:
        click.echo(f"cfguard: {error}", err=True)
        sys.exit(EXIT_ERROR)
    from cfguard.change.evidence import forget_files

    forget_files()
    return options._replace(fix=None)


def refuse_report_on_stdout() -> int:
    click.echo(
        "cfguard: --fix on standard input writes the fixed document to standard output; give "
        "-o FILE for the report (or leave -o out: it goes to standard error)",
        err=True,
    )
    return EXIT_ERROR


class FixedDocuments:
    """Collects the fixed document of standard input as the results stream past, to print it
    once the report is written."""

    def __init__(self) -> None:
        self.documents: list[bytes] = []

    def keep(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        for result in results:
            if result.fixed_document is not None:
                self.documents.append(result.fixed_document)
            yield result

    def write(self) -> None:
        if not self.documents:  # standard output may be closed (`>&-`) when there is none
            return
        for document in self.documents:
            sys.stdout.buffer.write(document)
        sys.stdout.flush()

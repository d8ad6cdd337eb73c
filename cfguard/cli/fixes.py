"""What `--fix` and `--diff` change in how `cfguard check` reports: `--diff` prints the diffs
and how many findings they fix (ruff's "Would fix N"), and nothing else; `--fix` on standard
input prints the fixed document on standard output, so the report goes to standard error."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing

import click

from cfguard.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from cfguard.core.results import FileResult
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
    for note in tally.notes:
        click.echo(note, err=True)
    for problem in tally.problems:
        click.echo(str(problem), err=True)
    plural = "s" if tally.fixed != 1 else ""
    click.echo(
        f"Would fix {tally.fixed} finding{plural}." if tally.fixed else "Nothing to fix.", err=True
    )
    if tally.problems:
        return EXIT_ERROR
    return EXIT_FINDINGS if tally.fixed else EXIT_OK


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

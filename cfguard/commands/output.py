"""Where a report goes: standard output, or a file written whole (never a half-written report, and
never over one of the documents being checked)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO, cast

import click


@contextmanager
def open_output(output: str | None, inputs: Sequence[str]) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    for path in inputs:
        if _same_file(output, path):
            raise click.BadParameter(
                f"{output} is one of the files being checked; cfguard will not overwrite it",
                param_hint="-o/--output",
            )
    import tempfile  # only with -o: its imports cost ~5 ms of start-up

    directory = os.path.dirname(os.path.abspath(output))
    try:
        # Not a `with`: the file outlives this block until it replaces the output (or is removed).
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", encoding="utf-8", dir=directory, prefix=".cfguard-", suffix=".tmp", delete=False
        )
    except OSError as error:
        raise click.FileError(output, hint=error.strerror or str(error)) from None
    try:
        with handle:
            yield cast(TextIO, handle)
        os.replace(handle.name, output)
    except BaseException:
        os.unlink(handle.name)
        raise


def _same_file(output: str, path: str) -> bool:
    if path == "-" or not (os.path.exists(output) and os.path.exists(path)):
        return False
    return os.path.samefile(output, path)

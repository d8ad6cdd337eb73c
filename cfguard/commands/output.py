"""Where a report goes: standard output, or a file written whole (never a half-written report, and
never over one of the documents being checked)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

import click


@contextmanager
def open_output(output: str | None, inputs: Sequence[str]) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    for path in inputs:
        if path != "-" and os.path.exists(output) and os.path.exists(path) \
                and os.path.samefile(output, path):
            raise click.BadParameter(
                f"{output} is one of the files being checked; cfguard will not overwrite it",
                param_hint="-o/--output",
            )
    directory = os.path.dirname(os.path.abspath(output))
    try:
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=directory, prefix=".cfguard-", suffix=".tmp", delete=False
        )
    except OSError as error:
        raise click.FileError(output, hint=error.strerror or str(error)) from None
    try:
        with handle:
            yield handle
        os.replace(handle.name, output)
    except BaseException:
        os.unlink(handle.name)
        raise

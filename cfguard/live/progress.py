"""A progress bar on standard error for a person waiting at a terminal; nothing in CI, in a
pipe, or for a handful of distributions (they take a moment)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: Scans of more distributions than this show a bar.
HANDFUL = 5


def wanted(count: int) -> bool:
    stderr = sys.stderr
    interactive = stderr is not None and stderr.isatty()
    return interactive and count > HANDFUL and not os.environ.get("CI")


@contextmanager
def progress(count: int) -> Iterator[Callable[[], None]]:
    """A callable that moves the bar one distribution on (safe from any thread); the bar is
    gone when the scan ends, so the report is not pushed around by it."""
    if not wanted(count):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("fetching"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("fetching", total=count)
        yield lambda: bar.advance(task)

"""Where a report goes (`-o/--output`): standard output, a device or FIFO written through, or a
regular file replaced whole (never a half-written report), and never a file the run reads; and
the lines that go to standard error beside it (`tell`)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO, cast

import click

from cfguard.core.file_modes import same_mode_and_owner
from cfguard.core.sanitize import printable

if TYPE_CHECKING:
    from cfguard.change.baseline import ChangeOptions
    from cfguard.core.tally import Tally

STDOUT = "-"
_GIVEN = "(given with -o/--output)"


class OutputError(Exception):
    """The report cannot go where `-o` says (exit 2, one line on stderr)."""


def target(output: str | None) -> str | None:
    """The file `-o` names, or None for standard output (no `-o`, or `-o -`)."""
    if output is None or output == STDOUT:
        return None
    if not output:
        raise OutputError("-o/--output: the file name is empty (use -o - for standard output)")
    return output


def files_read(
    paths: Iterable[str],
    exclude: Iterable[str],
    config_files: Iterable[tuple[str, str]],
    change: ChangeOptions | None,
    *,
    respect_gitignore: bool = True,
) -> Iterator[tuple[str | int, str]]:
    """Every file the run will read, with what it is for: a path, or a file descriptor
    (standard input). Expanded the way the runner expands them, so a directory scan counts."""
    from cfguard.change.evidence import siblings
    from cfguard.core.naming import STDIN
    from cfguard.inputs import Input, expand

    yield from config_files  # (path, what it was read as)
    if change is not None:
        if change.baseline_file:
            yield change.baseline_file, "the baseline"
        for path in change.shared_invalidations:
            yield path, "an invalidation read as evidence"
    for item in expand(paths, exclude, respect_gitignore=respect_gitignore):
        if not isinstance(item, Input):
            continue  # not readable: it is reported, never read
        if item.path == STDIN:
            yield 0, "the file on standard input (being checked)"  # even if sys.stdin is None
            continue
        yield item.path, "one of the files being checked"
        if change is not None:
            for sibling in siblings(item.path):
                yield sibling, f"an invalidation read as evidence for {printable(item.path)}"


def refuse_inputs(output: str, read: Iterable[tuple[str | int, str]]) -> None:
    """Raise OutputError if `output` is, by identity (device and inode, through symlinks and
    hard links), one of the files `read`. Only an existing regular file can be one: a file
    that does not exist yet is no input, and a device or FIFO is written through, not replaced
    (`-o /dev/stdout` with a terminal on standard input is fine)."""
    mine = _stat(output)
    if mine is None or not stat.S_ISREG(mine.st_mode):
        return
    for source, role in read:
        theirs = _stat(source)
        if theirs is not None and (theirs.st_dev, theirs.st_ino) == (mine.st_dev, mine.st_ino):
            raise OutputError(
                f"{printable(output)} is {role}; cfguard will not overwrite it {_GIVEN}"
            )


@contextmanager
def open_output(output: str | None) -> Iterator[TextIO]:
    """`output` (from `target`) open for writing. A regular file is written to a temporary file
    beside it that replaces it at the end, so a failed run leaves the old file as it was."""
    if output is None:
        if sys.stdout is None:  # started with `>&-`
            raise OutputError("standard output is closed; give -o FILE")
        try:
            yield sys.stdout
            sys.stdout.flush()  # a write error shows up here, while it can still be reported
        except BrokenPipeError:
            raise  # the reader went away: cfguard.cli exits quietly
        except OSError as error:
            raise OutputError(f"standard output: {_reason(error)}") from None
        return
    try:
        current: os.stat_result | None = os.stat(output)
    except FileNotFoundError:
        current = None  # a new file (or a dangling symlink: its target is created)
    except OSError as error:  # a symlink loop, a file used as a directory: as open() would
        raise OutputError(f"{printable(output)}: {_reason(error)} {_GIVEN}") from None
    if current is not None and stat.S_ISDIR(current.st_mode):
        raise OutputError(f"{printable(output)}: is a directory {_GIVEN}")
    if current is None and output.endswith(("/", os.sep)):
        raise OutputError(f"{printable(output)}: no such directory {_GIVEN}")
    if current is not None and not stat.S_ISREG(current.st_mode):
        with _write_through(output) as handle:
            yield handle
        return
    with _replace(output, current) as handle:
        yield handle


@contextmanager
def _write_through(output: str) -> Iterator[TextIO]:
    """A character device, FIFO or socket: opened and written like the shell's `>` would, so
    `-o /dev/stdout` or `-o /dev/null` stays what it is."""
    try:
        handle = open(output, "w", encoding="utf-8")  # noqa: SIM115 (errors told apart below)
    except OSError as error:
        raise OutputError(f"{printable(output)}: {_reason(error)} {_GIVEN}") from None
    try:
        with handle:
            yield handle
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"{printable(output)}: {_reason(error)} {_GIVEN}") from None


@contextmanager
def _replace(output: str, current: os.stat_result | None) -> Iterator[TextIO]:
    # Through symlinks to the file itself, so a link stays a link; a path that only looks like
    # a link to it (/proc/self/fd/N) resolves elsewhere and is written through instead.
    real = os.path.realpath(output)
    if current is not None and not _is(real, current):
        with _write_through(output) as through:
            yield through
        return
    import tempfile  # only with -o: its imports cost ~5 ms of start-up

    try:
        # Not a `with`: the file outlives this block until it replaces the output (or is removed).
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w",
            encoding="utf-8",
            dir=os.path.dirname(real),
            prefix=".cfguard-",
            suffix=".tmp",
            delete=False,
        )
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            raise OutputError(f"{printable(output)}: no such directory {_GIVEN}") from None
        raise OutputError(f"{printable(output)}: {_reason(error)} {_GIVEN}") from None
    try:
        if current is not None and not os.access(real, os.W_OK):
            # os.replace only needs the directory writable; a plain open() would be refused.
            # (Checked once the directory is known to be writable, for the right reason.)
            raise OutputError(f"{printable(output)}: permission denied {_GIVEN}")
        same_mode_and_owner(handle.fileno(), current)
        with handle:
            yield cast(TextIO, handle)
        os.replace(handle.name, real)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        if isinstance(error, OSError):
            raise OutputError(f"{printable(output)}: {_reason(error)} {_GIVEN}") from None
        raise


def _stat(path: str | int) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _is(path: str, expected: os.stat_result) -> bool:
    found = _stat(path)
    return found is not None and (found.st_dev, found.st_ino) == (expected.st_dev, expected.st_ino)


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno == errno.EISDIR:
        return "is a directory"
    return (error.strerror or str(error)).lower()


def tell(tally: Tally) -> None:
    """The run's notes (a baseline that could not be used, a file --fix left alone: no exit 2),
    each once, and its problems, one line each on standard error."""
    for note in dict.fromkeys(tally.notes):
        click.echo(note, err=True)
    for problem in tally.problems:
        click.echo(str(problem), err=True)

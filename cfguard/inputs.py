"""Finding and reading the files to check, safely: no FIFOs, no symlink loops, bounded reads."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import sys
from collections.abc import Iterable, Iterator

from cfguard.formatters.sanitize import printable
from cfguard.records import record
from cfguard.source import MAX_DOCUMENT_BYTES

STDIN = "-"


@record
class InputProblem:
    """A path that cannot be checked at all (exit 2); printed as one line on stderr."""

    path: str
    message: str

    def __str__(self) -> str:
        # A file name may hold a newline or an escape sequence: one line, nothing raw.
        return f"cfguard: {printable(self.path)}: {printable(self.message)}"


@record
class Input:
    """A file to check. `data` is read lazily so a large scan holds one document at a time."""

    path: str  # as shown to the user


def expand(paths: Iterable[str], exclude: Iterable[str] = ()) -> Iterator[Input | InputProblem]:
    """Each path argument; directories are searched recursively for *.xml (sorted, symlinked
    directories not followed, so a symlink loop cannot trap the scan)."""
    patterns = tuple(exclude)
    for raw in paths:
        if raw == STDIN:
            yield Input(STDIN)
            continue
        try:
            mode = os.stat(raw).st_mode
        except OSError as error:
            yield InputProblem(raw, _reason(error, raw))
            continue
        if stat.S_ISDIR(mode):
            yield from _scan(raw, patterns)
        else:
            yield Input(raw)


def _scan(directory: str, patterns: tuple[str, ...]) -> Iterator[Input | InputProblem]:
    problems: list[InputProblem] = []

    def on_error(error: OSError) -> None:
        problems.append(InputProblem(error.filename or directory, _reason(error, None)))

    for root, dirs, files in os.walk(directory, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not _excluded(os.path.join(root, d), patterns))
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.lower().endswith(".xml") and not _excluded(path, patterns):
                yield Input(path)
        yield from problems
        problems.clear()


def _excluded(path: str, patterns: tuple[str, ...]) -> bool:
    if not patterns:  # the usual case: no paths to build for each file of a large scan
        return False
    normal = os.path.normpath(path)
    posix = normal.replace(os.sep, "/")
    # Configuration patterns are anchored at the configuration's directory (absolute).
    absolute = os.path.abspath(path).replace(os.sep, "/")
    name = os.path.basename(normal)
    return any(
        fnmatch.fnmatch(posix, pattern)
        or fnmatch.fnmatch(name, pattern)
        or (os.path.isabs(pattern) and fnmatch.fnmatch(absolute, pattern))
        for pattern in patterns
    )


def read(item: Input, limit: int = MAX_DOCUMENT_BYTES) -> bytes | InputProblem:
    """The file's bytes (at most `limit` + 1, so an oversized file is detected without reading it
    all), or the reason it cannot be read."""
    if item.path == STDIN:
        if sys.stdin is None or sys.stdin.isatty():
            return InputProblem("<stdin>", "no input: pipe a document into `cfguard check -`")
        data = sys.stdin.buffer.read(limit + 1)
        return data if data else InputProblem("<stdin>", "standard input is empty")
    try:
        # Looked at before opening: opening a device can have effects (a tape rewinds).
        problem = _not_regular(os.stat(item.path).st_mode)
        if problem:
            return InputProblem(item.path, problem)
        # O_NONBLOCK: if the file was swapped for a FIFO since, opening it must not wait for a
        # writer; regular files ignore the flag.
        fd = os.open(item.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return InputProblem(item.path, _reason(error, item.path))
    with os.fdopen(fd, "rb") as handle:
        try:
            problem = _not_regular(os.fstat(handle.fileno()).st_mode)
            return InputProblem(item.path, problem) if problem else handle.read(limit + 1)
        except OSError as error:
            return InputProblem(item.path, _reason(error, item.path))


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    return "not a regular file (a FIFO, socket or device); cfguard reads only files"


def _reason(error: OSError, path: str | None) -> str:
    if isinstance(error, FileNotFoundError):
        if path is not None and os.path.islink(path):
            return "broken symbolic link: the file it points to does not exist"
        return "no such file or directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if error.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    return (error.strerror or str(error)).lower()

"""Finding and reading the files to check, safely: no FIFOs, no symlink loops, bounded reads."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from functools import partial
from typing import NamedTuple

from cfguard.core.limits import MAX_DOCUMENT_BYTES
from cfguard.core.naming import STDIN
from cfguard.core.results import InputProblem
from cfguard.scan_filters import Scan
from cfguard.syntaxes import HEAD_BYTES, claiming


class Input(NamedTuple):
    """A file to check. `data` is read lazily so a large scan holds one document at a time."""

    path: str  # as shown to the user


def expand(
    paths: Iterable[str], exclude: Iterable[str] = (), *, respect_gitignore: bool = True
) -> Iterator[Input | InputProblem]:
    """Each input once, in the order given; directories are searched for the files a syntax
    claims, `*.xml` (sorted, symlinked directories not followed, so a symlink loop cannot trap
    the scan), passing over what `scan_filters` says a repository does not own or ignores.

    "Once" is by identity, not by spelling: `a.xml ./a.xml`, `dir dir/a.xml`, a hard link or a
    symbolic link to a file already listed are checked and reported once, under the first name
    met, so no finding is counted twice; `- -` reads standard input once (a second read would
    only find it empty). A directory met twice (`dir dir/sub`, a bind mount inside the tree) is
    searched once, so its problems are reported once too."""
    patterns = tuple(exclude)
    seen = _Seen()
    for raw in paths:
        if raw == STDIN:
            if seen.first_name(STDIN):
                yield Input(STDIN)
            continue
        try:
            info = os.stat(raw)
        except OSError as error:
            if seen.first_name(raw):
                yield InputProblem(raw, _reason(error, raw))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(raw, info, patterns, seen, Scan(raw, respect_gitignore))
        elif seen.first(info):
            yield Input(raw)


class _Seen:
    """The inputs already yielded: (device, inode) of what could be stat-ed, else the normalised
    name. One int per file (~60 bytes), so a scan of 10,000 files holds well under 1 MB."""

    __slots__ = ("identities", "names")

    def __init__(self) -> None:
        self.identities: set[int] = set()
        self.names: set[str] = set()

    def first(self, info: os.stat_result) -> bool:
        key = info.st_dev << 64 | info.st_ino
        if key in self.identities:
            return False
        self.identities.add(key)
        return True

    def first_name(self, path: str) -> bool:
        # Only for what cannot be stat-ed (missing, a broken link, standard input): the
        # spelling is all there is; the same missing file named twice is one problem.
        key = path if path == STDIN else os.path.normpath(os.path.abspath(path))
        if key in self.names:
            return False
        self.names.add(key)
        return True


def _walk(
    top: str, info: os.stat_result, patterns: tuple[str, ...], seen: _Seen, scan: Scan
) -> Iterator[Input | InputProblem]:
    """Pre-order, like `os.walk` top-down: a directory's files (sorted), then each of its
    subdirectories (sorted) in turn. An explicit stack, not recursion: a tree deeper than the
    interpreter's recursion limit is just a long list. Every error reading a directory, the top
    one and the last one included, is yielded at that directory's place in the order (with
    `os.walk(onerror=...)` an error met after the last yield was never reported)."""
    stack: list[tuple[str, os.stat_result | None]] = [(top, info)]
    while stack:
        directory, known = stack.pop()
        if known is None:
            try:
                # lstat: the entry was a real directory when listed; if it has been swapped for
                # a symbolic link since, it is not followed.
                known = os.lstat(directory)
            except OSError as error:
                yield InputProblem(directory, _reason(error, None))
                continue
            if not stat.S_ISDIR(known.st_mode):
                continue
        if not seen.first(known):
            continue
        entries, problem = _list(directory)
        if problem is not None:
            yield problem
        passes, problems = scan.enter(directory, entries)
        yield from problems
        subdirectories: list[str] = []
        for entry in sorted(entries, key=lambda e: e.name):
            kind = _kind(entry)
            # An entry of unknown type is tested as a directory: reported only if searched.
            if kind is _SKIP or _excluded(entry.path, patterns) or not passes(entry, kind != _FILE):
                continue
            if kind is _DIRECTORY:
                subdirectories.append(entry.path)
            elif isinstance(kind, OSError):
                reason = _reason(kind, None)
                yield InputProblem(entry.path, f"cannot tell whether to search it: {reason}")
            elif _first_file(entry, seen):
                yield Input(entry.path)
        stack.extend((path, None) for path in reversed(subdirectories))


def _list(directory: str) -> tuple[list[os.DirEntry[str]], InputProblem | None]:
    """The directory's entries, and the error that stopped the listing, if any: the entries read
    before a failure (an I/O error part-way) are still checked."""
    entries: list[os.DirEntry[str]] = []
    try:
        with os.scandir(directory) as iterator:
            for entry in iterator:
                entries.append(entry)
    except OSError as error:
        return entries, InputProblem(directory, _reason(error, None))
    return entries, None


_DIRECTORY, _FILE, _SKIP = "directory", "file", "skip"


def _kind(entry: os.DirEntry[str]) -> str | OSError:
    """What the walk does with an entry: search it (a real directory), read it (a file a syntax
    claims, `*.xml`, that is not a directory: `read` reports whatever is wrong with it), skip it
    (other files, symbolic links to directories), or report it: an entry whose type cannot be
    learnt (a directory that may be listed but not entered, on a file system that gives no type
    in the listing) might be a directory full of documents, and skipping it in silence would
    hide them."""
    try:
        if entry.is_dir():  # follows a link, so a link to a directory is never a file to read
            return _SKIP if entry.is_symlink() else _DIRECTORY
    except OSError as error:
        # A link loop is a link, never followed anyway; a claimed file is left to `read`.
        if error.errno != errno.ELOOP and not _claimed(entry.path):
            return error
    return _FILE if _claimed(entry.path) else _SKIP


def _claimed(path: str) -> bool:
    """Whether a syntax claims the file: by name, and by its first bytes only if the syntax
    needs them (XML does not, so a scan opens each file once, to read it)."""
    return claiming(path, partial(_head, path)) is not None


def _head(path: str) -> bytes:
    """The first bytes of a regular file for a syntax's sniff; b"" when there are none to read
    (never blocking on a FIFO: `read` reports what is wrong with the file)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read(HEAD_BYTES) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
        except OSError:
            return b""


def _first_file(entry: os.DirEntry[str], seen: _Seen) -> bool:
    try:
        return seen.first(entry.stat())  # through a symbolic link: the file it names
    except OSError:  # a broken link or a loop: `read` reports it, once per name
        return seen.first_name(entry.path)


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
        try:
            data = sys.stdin.buffer.read(limit + 1)
        except OSError as error:  # a socket reset, EIO: one line and exit 2, not a traceback
            return InputProblem("<stdin>", _reason(error, None))
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

"""Paths as CI systems want them: relative to the repository root, POSIX separators, and for
SARIF percent-encoded URIs.

Code scanning, GitHub annotations and GitLab Code Quality all match a report's paths against the
files of the checked-out commit, so `cfguard check .` run from a subdirectory must still say
`sub dir/configs/dist.xml`, not `configs/dist.xml`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import quote

from cfguard.core.naming import STDIN, is_live_name

#: What a report calls standard input (`cfguard check -`); a file has no better name.
STDIN_NAME = "stdin"
#: The `problems` list names standard input this way (see `cfguard.inputs.read`).
_STDIN_ALIASES = frozenset({STDIN, "<stdin>"})


def is_stdin(path: str) -> bool:
    return path in _STDIN_ALIASES


def find_root(start: str) -> str:
    """The nearest directory at or above `start` holding `.git` (a directory, or a file in a
    worktree or submodule); `start` itself when there is none."""
    directory = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return os.path.abspath(start)
        directory = parent


def encode(path: str) -> str:
    """Percent-encode a POSIX path for a URI: everything but unreserved characters and `/`, so
    spaces, `%`, `#`, `?`, `:` and non-ASCII (as UTF-8) can never be misread."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


@dataclass(frozen=True, slots=True)
class RepoPaths:
    """Maps the paths a user typed (relative to `cwd`, or absolute) to repository paths."""

    root: str  # absolute
    cwd: str  # absolute

    @classmethod
    def discover(cls) -> RepoPaths:
        cwd = os.getcwd()
        return cls(root=find_root(cwd), cwd=cwd)

    @property
    def root_uri(self) -> str:
        """The root as a `file:` URI ending in `/`, for SARIF `originalUriBaseIds`."""
        uri = Path(self.root).as_uri()
        return uri if uri.endswith("/") else uri + "/"

    def relative(self, path: str) -> str | None:
        """`path` relative to the root with POSIX separators, or None when outside it (or
        standard input)."""
        if is_stdin(path):
            return None
        absolute = os.path.normpath(os.path.join(self.cwd, path))
        inside = self._inside(absolute, self.root)
        if inside is None:
            # /tmp vs /private/tmp and friends: the same file under another spelling.
            inside = self._inside(os.path.realpath(absolute), os.path.realpath(self.root))
        return inside

    @staticmethod
    def _inside(absolute: str, root: str) -> str | None:
        try:
            relative = os.path.relpath(absolute, root)
        except ValueError:  # another drive on Windows
            return None
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return None
        return PurePath(relative).as_posix()

    def display(self, path: str) -> str:
        """The path to show and fingerprint: repository-relative when inside the root, absolute
        POSIX when outside, `stdin` for standard input."""
        if is_stdin(path):
            return STDIN_NAME
        if is_live_name(path):  # a live distribution: its ARN
            return path
        relative = self.relative(path)
        if relative is None:
            relative = PurePath(os.path.normpath(os.path.join(self.cwd, path))).as_posix()
        # A file name that is not UTF-8 (undecodable bytes arrive as lone surrogates) cannot be
        # written to a UTF-8 report as is; U+FFFD marks each bad byte.
        return relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")

    def uri(self, path: str) -> tuple[str, bool]:
        """A SARIF artifact URI for `path` and whether it is relative to the root
        (`%SRCROOT%`). Outside the root: an absolute `file:` URI."""
        if is_stdin(path):
            return STDIN_NAME, False
        if is_live_name(path):  # an ARN (`cloudfront:...`) is an absolute URI already
            return path, False
        relative = self.relative(path)
        if relative is not None:
            return encode(relative), True
        return Path(os.path.normpath(os.path.join(self.cwd, path))).as_uri(), False

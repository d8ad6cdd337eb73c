"""What a directory scan passes over: directories a repository does not own (by name, and a
virtualenv under any name by its `pyvenv.cfg`) and, inside a git work tree, what the `.gitignore`
files and `.git/info/exclude` ignore, read as git reads them and matched by `pathspec`.

`inputs._walk` asks `Scan.enter` about each directory it lists and gets back a test for each of
its entries. The directory the user named is searched whatever its name, and a file named on the
command line never gets here: both are always checked."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from cfguard.core.results import InputProblem

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

#: Directories no repository owns: other tools' metadata, dependencies, caches, virtualenvs.
#: Never `build`, `dist` or `cdk.out`: generated CloudFront configurations are worth checking.
NOT_OWNED = frozenset(
    {
        ".bzr",
        ".direnv",
        ".eggs",
        ".git",
        ".hg",
        ".mypy_cache",
        ".nox",
        ".pytest_cache",
        ".ruff_cache",
        ".svn",
        ".terraform",
        ".tox",
        ".venv",
        "__pycache__",
        "node_modules",
        "venv",
    }
)
VIRTUALENV_MARKER = "pyvenv.cfg"
GITIGNORE = ".gitignore"
#: Past this an ignore file is not used (exit 2): matching costs grow with its patterns.
MAX_IGNORE_BYTES = 1024 * 1024
#: Python's regular expressions backtrack: each `*` can multiply the work by a path's length, so a
#: pattern with more is not used (exit 2) rather than let a hostile .gitignore hang the scan.
MAX_WILDCARDS = 3

Passes = Callable[[os.DirEntry[str], bool], bool]
#: The ignore files in force, shallowest first: (rules, this directory's path below theirs).
Chain = tuple[tuple["GitIgnoreSpec", str], ...]


def _owned(entry: os.DirEntry[str], is_directory: bool) -> bool:
    return not (is_directory and entry.name in NOT_OWNED)


def _nothing(entry: os.DirEntry[str], is_directory: bool) -> bool:
    return False


class Scan:
    """The filters of one directory scan. `enter` is called once per directory listed, top
    first; the rules each subdirectory inherits are kept until it is entered."""

    __slots__ = ("_chains", "_gitignore", "_started", "_top")

    def __init__(self, top: str, respect_gitignore: bool) -> None:
        self._top = top
        self._gitignore = respect_gitignore
        self._started = False
        self._chains: dict[str, Chain] = {}

    def enter(
        self, directory: str, entries: Sequence[os.DirEntry[str]]
    ) -> tuple[Passes, list[InputProblem]]:
        """Whether each entry of `directory` is searched (`passes(entry, is_directory)`), and
        the ignore files that could not be used."""
        problems: list[InputProblem] = []
        top = not self._started
        self._started = True
        names = {entry.name for entry in entries if entry.name in _SPECIAL}
        if VIRTUALENV_MARKER in names and not top:
            return _nothing, problems  # a virtualenv under a name of its own
        if not self._gitignore:
            return _owned, problems
        chain: Chain | None
        if top:
            root = _work_tree(directory)
            chain = None if root is None else _top_chain(root, directory, problems)
            if root is not None and chain is None:  # the directory named is ignored itself:
                self._gitignore = False  # searched whole, like a file named
                return _owned, problems
        elif ".git" in names:  # a repository inside the scan: its own rules only
            chain = _exclude_file(directory, problems)
        else:
            chain = self._chains.pop(directory, None)
        if chain is None:  # outside any git work tree: no .gitignore is read
            return _owned, problems
        if GITIGNORE in names:
            chain = _add(chain, _rules(os.path.join(directory, GITIGNORE), problems))
        chains = self._chains

        def passes(entry: os.DirEntry[str], is_directory: bool) -> bool:
            if is_directory and entry.name in NOT_OWNED:
                return False
            if _ignored(chain, entry.name, is_directory):
                return False
            if is_directory:
                chains[entry.path] = tuple((spec, f"{below}{entry.name}/") for spec, below in chain)
            return True

        return passes, problems


_SPECIAL = frozenset({VIRTUALENV_MARKER, GITIGNORE, ".git"})


def _ignored(chain: Chain, name: str, is_directory: bool) -> bool:
    """Git's order: the deepest ignore file that has a say decides; in one file the last pattern
    that matches does. A directory matched by `dir/**` is searched: git does, since only what is
    inside it is ignored (and `!dir/keep.xml` brings a file back)."""
    for spec, below in reversed(chain):
        result = spec.check_file(f"{below}{name}/" if is_directory else f"{below}{name}")
        if result.include is None:
            continue
        if result.include and is_directory and result.index is not None:
            pattern = spec.patterns[result.index].pattern
            return not (isinstance(pattern, str) and pattern.rstrip().endswith("/**"))
        return result.include
    return False


def _add(chain: Chain, spec: GitIgnoreSpec | None) -> Chain:
    return chain if spec is None else (*chain, (spec, ""))


def _work_tree(top: str) -> str | None:
    """The root of the git work tree holding `top`: the nearest directory, `top` or above,
    with a `.git` directory or file; None outside any."""
    root = os.path.realpath(top)
    while not os.path.exists(os.path.join(root, ".git")):
        parent = os.path.dirname(root)
        if parent == root:
            return None
        root = parent
    return root


def _top_chain(root: str, top: str, problems: list[InputProblem]) -> Chain | None:
    """The rules in force at the directory named: `.git/info/exclude` and the .gitignore of each
    directory from the work tree's `root` down to the top's parent (the top's own is read when
    it is listed); None when the top is ignored itself."""
    real = os.path.realpath(top)
    chain = _exclude_file(root, problems)
    directory = root
    for part in os.path.relpath(real, root).split(os.sep) if real != root else ():
        chain = _add(chain, _rules(os.path.join(directory, GITIGNORE), problems))
        if _ignored(chain, part, True):
            return None
        chain = tuple((spec, f"{below}{part}/") for spec, below in chain)
        directory = os.path.join(directory, part)
    return chain


def _exclude_file(root: str, problems: list[InputProblem]) -> Chain:
    """`info/exclude` of the repository whose work tree is `root`: in `.git/`, or where a `.git`
    file (a linked worktree, a submodule) points, in the common directory of a worktree."""
    dot_git = os.path.join(root, ".git")
    git_dir = dot_git
    if not os.path.isdir(dot_git):
        text = _read(dot_git, 4096)
        if not isinstance(text, str) or not text.startswith("gitdir:"):
            return ()
        git_dir = os.path.join(root, text[len("gitdir:") :].strip())
        common = _read(os.path.join(git_dir, "commondir"), 4096)
        if isinstance(common, str) and common.strip():
            git_dir = os.path.join(git_dir, common.strip())
    return _add((), _rules(os.path.join(git_dir, "info", "exclude"), problems))


def _rules(path: str, problems: list[InputProblem]) -> GitIgnoreSpec | None:
    """The patterns of one ignore file, or None when it has none (pathspec is imported only for
    a file with patterns; `git init` writes an exclude file of comments)."""
    text = _read(path, MAX_IGNORE_BYTES)
    if text is None:
        return None
    if isinstance(text, InputProblem):
        problems.append(text)
        return None
    lines = [line.removesuffix("\r") for line in text.removeprefix("\ufeff").split("\n")]
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#") and _wildcards(line.removeprefix("!")) > MAX_WILDCARDS:
            lines[number - 1] = ""
            problems.append(
                InputProblem(
                    f"{_shown(path)}:{number}",
                    f"a pattern with more than {MAX_WILDCARDS} `*` wildcards is not used: "
                    "matching it could take very long (--no-respect-gitignore reads no "
                    ".gitignore)",
                )
            )
    if not any(line.strip() and not line.startswith("#") for line in lines):
        return None
    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(lines)
    except ValueError:  # "!" or a trailing backslash: git matches nothing with such a line
        return GitIgnoreSpec.from_lines(line for line in lines if _valid(line))


def _valid(line: str) -> bool:
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


_STARS = re.compile(r"\\.|(?:^|(?<=/))\*\*(?=/|$)|\*")


def _wildcards(line: str) -> int:
    """The pattern's `*` wildcards: a `**` that is a whole path segment counts once, any other
    star (`***` included: three) once each, an escaped `\\*` not at all."""
    return sum(1 for match in _STARS.finditer(line) if not match.group().startswith("\\"))


def _read(path: str, limit: int) -> str | InputProblem | None:
    """A small text file of git's, as git reads it: None when absent, a symbolic link (git does
    not follow those for a .gitignore) or not a regular file; an InputProblem if unreadable or
    over `limit` bytes."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
    except OSError as error:
        if isinstance(error, (FileNotFoundError, NotADirectoryError)) or os.path.islink(path):
            return None
        return InputProblem(_shown(path), f"cannot read: {_reason(error)}")
    with os.fdopen(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            data = handle.read(limit + 1)
        except OSError as error:
            return InputProblem(_shown(path), f"cannot read: {_reason(error)}")
    if len(data) > limit:
        return InputProblem(
            _shown(path),
            f"larger than {limit // 1024} KiB: not used (--no-respect-gitignore reads none)",
        )
    return data.decode("utf-8", "surrogateescape")


def _shown(path: str) -> str:
    """`path` as messages show it: relative to the current directory when that is shorter (the
    ignore files above the directory named are found by their real, absolute path)."""
    relative = os.path.relpath(path)
    return relative if len(relative) < len(path) else path


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()

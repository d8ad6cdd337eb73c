"""A file's committed version, read with git for `--baseline-ref REV`.

git runs as a plain child process (never through a shell), with a time limit, from the directory
of the file it is asked about, so every file is read from the repository that contains it
(submodules and nested repositories included). Lookups are cached per directory and revision:
a scan of a hundred files in one repository asks git for its root and the revision once.
"""

from __future__ import annotations

import os
import subprocess
from functools import cache

GIT_TIMEOUT_SECONDS = 30
#: Set by a caller (a hook, a CI step), these would make git ignore `-C <dir>` discovery and read
#: every file from one repository; cfguard wants the repository that contains each file.
_DISCOVERY_OVERRIDES = ("GIT_DIR", "GIT_WORK_TREE")


class GitError(Exception):
    """git cannot say what a file was at a revision (exit 2, one line)."""


def _git(args: list[str], directory: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in _DISCOVERY_OVERRIDES}
    try:
        return subprocess.run(
            ["git", "-C", directory, *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=env,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH; --baseline-ref needs it") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git did not answer within {GIT_TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise GitError(f"cannot run git: {(error.strerror or str(error)).lower()}") from None


@cache
def repository_root(directory: str) -> str:
    """The top of the work tree containing `directory` (an absolute, symlink-free path)."""
    proc = _git(["rev-parse", "--show-toplevel"], directory)
    if proc.returncode != 0:
        raise GitError(
            f"{directory} is not inside a git repository, so --baseline-ref has no history to "
            "read; compare with a saved copy instead: --baseline FILE"
        )
    return os.path.realpath(os.fsdecode(proc.stdout.rstrip(b"\r\n")))


@cache
def resolve(root: str, revision: str) -> str:
    """The commit id `revision` names in the repository at `root`."""
    # A revision starting with "-" would be read by git as an option.
    args = ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"]
    proc = None if revision.startswith("-") else _git(args, root)
    if proc is None or proc.returncode != 0:
        if revision == "HEAD" and _git(["symbolic-ref", "--quiet", "HEAD"], root).returncode == 0:
            # An unborn branch (no commit yet, as in a pre-commit hook on the first commit):
            # there is no previous version, so every file is new.
            return ""
        raise GitError(
            f'unknown revision "{revision}" in the git repository {root}: give a branch, tag '
            "or commit that exists there (HEAD in a pre-commit hook; the merge base or "
            "origin/main in CI, where a shallow clone may need a deeper fetch)"
        )
    return proc.stdout.decode("ascii", "replace").strip()


def check_revision(directory: str, revision: str) -> None:
    """Fail early (GitError) when `directory` is not in a repository or `revision` is unknown."""
    resolve(repository_root(os.path.realpath(directory)), revision)


def file_at(path: str, revision: str) -> bytes | None:
    """The content of `path` at `revision`, or None when the file did not exist there (a new
    file). Equivalent to `git show REV:<path from the repository root>`; a directory (or a
    submodule) that had the same name counts as "not there". A symbolic link is followed: the
    file compared is the one whose content is checked. GitError when git cannot read a file that
    was there (a missing object in a partial or damaged clone): that is not a new file, and
    taking it for one would silently drop the comparison."""
    real = os.path.realpath(path)
    root = repository_root(os.path.dirname(real))
    commit = resolve(root, revision)
    if not commit:
        return None
    relative = os.path.relpath(real, root)
    if relative.startswith(os.pardir):
        raise GitError(f"{path} is outside the git repository {root}")
    relative = relative.replace(os.sep, "/")
    proc = _git(["cat-file", "blob", f"{commit}:{relative}"], root)
    if proc.returncode == 0:
        return proc.stdout
    if not _is_file_at(root, commit, relative):
        return None
    said = os.fsdecode(proc.stderr).strip().splitlines()
    raise GitError(f"git cannot read {path} at {revision}" + (f": {said[-1]}" if said else ""))


def _is_file_at(root: str, commit: str, relative: str) -> bool:
    """Whether `relative` was a file (a blob) in `commit`. Asked only when reading it failed, so
    a new file costs one git call more and an ordinary one none."""
    # --literal-pathspecs: a file name with "*" or "?" names that file, not a pattern.
    proc = _git(["--literal-pathspecs", "ls-tree", "-z", commit, "--", relative], root)
    if proc.returncode != 0:
        said = os.fsdecode(proc.stderr).strip().splitlines()
        raise GitError(
            f"git cannot list {relative} in {commit[:12]}" + (f": {said[-1]}" if said else "")
        )
    entry = proc.stdout.split(b"\0", 1)[0]
    fields = entry.partition(b"\t")[0].split()
    return len(fields) == 3 and fields[1] == b"blob"

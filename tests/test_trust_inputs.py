"""Issue 12, the inputs: every directory that cannot be read is reported wherever it is in the
walk, a tree of any depth is walked, and each input is checked (and reported) once, whatever
names it is given by."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cfguard.core.results import InputProblem
from cfguard.inputs import Input, expand
from tests.hostile.conftest import MODERN_VALID, finding_lines, run_real

INSECURE = MODERN_VALID[0]  # cli-create-distribution-1.xml: CFG101, allow-all

#: `cfguard check` with `os.scandir` refusing the directory `$CFGUARD_TEST_LOCKED` the way a
#: chmod 000 directory refuses a non-root user (the tests run as root, who may read it).
_LOCKED_PROBE = (
    "import os, sys\n"
    "real, locked = os.scandir, os.path.abspath(os.environ['CFGUARD_TEST_LOCKED'])\n"
    "def scandir(path='.'):\n"
    "    if os.path.abspath(os.fspath(path)) == locked:\n"
    "        raise PermissionError(13, 'Permission denied', os.fspath(path))\n"
    "    return real(path)\n"
    "os.scandir = scandir\n"
    "from cfguard.cli import main\n"
    "sys.argv[0] = 'cfguard'\n"
    "main()\n"
)


def _good(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(INSECURE, path)
    return path


def _check_with_locked(cwd: Path, locked: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _LOCKED_PROBE, "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "CFGUARD_TEST_LOCKED": locked},
        check=False,
        timeout=120,
    )


def _paths(out: str) -> list[str]:
    """The checked files, in report order, each once."""
    return list(dict.fromkeys(m["path"] for m in finding_lines(out)))


# --- every unreadable directory is one line and exit 2 ----------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """d/a/x.xml, d/m/x.xml, d/z/x.xml and d/top.xml: z is the directory walked last."""
    for name in ("a/x.xml", "m/x.xml", "z/x.xml", "top.xml"):
        _good(tmp_path / "d" / name)
    return tmp_path


@pytest.mark.parametrize(
    ("arg", "locked", "checked"),
    [
        # The one the issue names: the directory given is the one that cannot be read.
        ("d/z/", "d/z", []),
        # The last directory of the walk: its error came after the last file and was dropped.
        ("d", "d/z", ["d/top.xml", "d/a/x.xml", "d/m/x.xml"]),
        ("d", "d/m", ["d/top.xml", "d/a/x.xml", "d/z/x.xml"]),
    ],
)
def test_an_unreadable_directory_is_one_line_and_exit_2(
    tree: Path, arg: str, locked: str, checked: list[str]
) -> None:
    result = _check_with_locked(tree, locked, arg)
    assert result.stderr == f"cfguard: {arg if arg.endswith('/') else locked}: permission denied\n"
    assert result.returncode == 2
    *_, summary = result.stdout.splitlines()
    # Each document checked has one finding --fix repairs.
    fixable = f"{len(checked)} fixable with --fix, " if checked else ""
    assert summary.endswith(f"({fixable}1 unreadable).")
    assert summary.startswith(f"Checked {len(checked)} file")
    if checked:
        assert _paths(result.stdout) == checked


def test_an_unreadable_directory_named_twice_is_one_line(tree: Path) -> None:
    result = _check_with_locked(tree, "d/z", "--format", "json", "d", "d/z", "d/z/")
    report = json.loads(result.stdout)
    assert report["errors"] == [{"path": "d/z", "message": "permission denied"}]
    assert result.returncode == 2


def test_the_problem_is_in_its_place_in_the_walk(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The order the JSON `errors` and the text stderr lines follow: the walk's."""
    monkeypatch.chdir(tree)
    real = os.scandir

    def scandir(path: str) -> object:
        if os.path.normpath(path) == os.path.join("d", "m"):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert list(expand(["d"])) == [
        Input("d/top.xml"),
        Input("d/a/x.xml"),
        InputProblem("d/m", "permission denied"),
        Input("d/z/x.xml"),
    ]


def test_an_unreadable_directory_for_real(tree: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads a chmod 000 directory; the tests above simulate it")
    (tree / "d" / "z").chmod(0)
    try:
        result = run_real("check", "d/z/", cwd=tree)
    finally:
        (tree / "d" / "z").chmod(0o755)
    assert result.err == "cfguard: d/z/: permission denied\n"
    assert result.code == 2


# --- a tree deeper than the recursion limit ---------------------------------------------------


def test_a_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    """os.walk recursed once per level (Python 3.10/3.11): `internal error (RecursionError)`.
    1,100 one-letter levels are ~2,200 characters, within PATH_MAX (4,096)."""
    depth = 1100
    assert depth > sys.getrecursionlimit()
    levels = [tmp_path / "t"]
    for _ in range(depth):
        levels.append(levels[-1] / "d")
    for level in levels:  # not makedirs, which recurses too
        level.mkdir()
    try:
        _good(levels[-1] / "deep.xml")
        _good(levels[500] / "half.xml")
        result = run_real("check", "t", cwd=tmp_path)
        assert result.err == ""
        assert result.code == 1
        deep = "t" + "/d" * depth + "/deep.xml"
        half = "t" + "/d" * 500 + "/half.xml"
        assert _paths(result.out) == [half, deep]
        # The findings, lines and columns of the same document named directly (no walk).
        direct = run_real("check", levels[-1] / "deep.xml", cwd=tmp_path)
        lines = direct.out.replace(str(levels[-1] / "deep.xml"), deep).splitlines()[:-1]
        assert lines
        assert [line for line in result.out.splitlines() if line.startswith(deep)] == lines
    finally:
        (levels[-1] / "deep.xml").unlink(missing_ok=True)
        (levels[500] / "half.xml").unlink(missing_ok=True)
        for level in reversed(levels):  # shutil.rmtree recurses as well
            level.rmdir()


# --- each input once --------------------------------------------------------------------------


def test_the_same_file_by_several_names_is_checked_once(tmp_path: Path) -> None:
    good = _good(tmp_path / "a.xml")
    (tmp_path / "link.xml").symlink_to("a.xml")
    os.link(good, tmp_path / "hard.xml")
    alone = run_real("check", "--format", "json", "a.xml", cwd=tmp_path)
    names = ("a.xml", "./a.xml", "a.xml", str(good), "link.xml", "hard.xml", ".")
    again = run_real("check", "--format", "json", *names, cwd=tmp_path)
    assert (again.code, again.out, again.err) == (alone.code, alone.out, alone.err)
    [entry] = json.loads(again.out)["files"]
    assert entry["path"] == "a.xml"  # the first name given


def test_a_file_inside_a_directory_given_is_checked_once_in_order(tmp_path: Path) -> None:
    for name in ("d/a.xml", "d/sub/b.xml", "d/z.xml"):
        _good(tmp_path / name)
    listed = run_real("check", "d", "d/a.xml", "d/sub", cwd=tmp_path)
    assert _paths(listed.out) == ["d/a.xml", "d/z.xml", "d/sub/b.xml"]
    assert listed.out.splitlines()[-1].startswith("Checked 3 files")
    # A file (or subdirectory) named first keeps its place and its name; the walk skips it.
    first = run_real("check", "d/sub/b.xml", "./d/z.xml", "d", cwd=tmp_path)
    assert _paths(first.out) == ["d/sub/b.xml", "./d/z.xml", "d/a.xml"]
    assert first.out.splitlines()[-1].startswith("Checked 3 files")
    assert first.code == 1
    assert first.err == ""


def test_standard_input_named_twice_is_read_once(tmp_path: Path) -> None:
    """A second read would find standard input empty (`standard input is empty`, exit 2)."""
    document = INSECURE.read_bytes()
    once = run_real("check", "-", stdin=document, cwd=tmp_path)
    twice = run_real("check", "-", "-", stdin=document, cwd=tmp_path)
    assert (twice.code, twice.out, twice.err) == (once.code, once.out, once.err)
    assert twice.code == 1


def test_a_missing_file_named_twice_is_one_problem(tmp_path: Path) -> None:
    result = run_real("check", "missing.xml", "./missing.xml", cwd=tmp_path)
    assert result.err == "cfguard: missing.xml: no such file or directory\n"
    assert result.code == 2


def test_standard_input_that_fails_part_way_is_one_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read error on standard input (a peer resetting a socket) was an internal error."""
    import io

    from cfguard.core.tally import Tally
    from cfguard.rules.registry import resolve_selection
    from cfguard.rules.settings import Settings
    from cfguard.run import runner
    from cfguard.run.lint import RunOptions

    class Resetting(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: object) -> int:
            raise ConnectionResetError(104, "Connection reset by peer")

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Resetting())))
    good = _good(tmp_path / "a.xml")
    tally = Tally()
    settings = Settings(enabled=resolve_selection(["CFG101"], []))
    results = list(runner.run(["-", str(good)], settings, RunOptions(), tally))
    assert [result.path for result in results] == [str(good)]
    assert [str(problem) for problem in tally.problems] == [
        "cfguard: <stdin>: connection reset by peer"
    ]


def test_an_entry_whose_type_cannot_be_learnt_is_reported(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A directory listed but not entered (r without x), on a file system whose listing gives no
    type: telling whether `m` is a directory needs a stat, which fails. `m` may hold documents,
    so it is a problem line, not a silent skip; a *.xml is left to `read` to report."""
    monkeypatch.chdir(tree)
    real = os.scandir

    class Untyped:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self.entry, self.name, self.path = entry, entry.name, entry.path

        def is_dir(self) -> bool:
            if self.name == "m":
                raise PermissionError(13, "Permission denied", self.path)
            return self.entry.is_dir()

        def is_symlink(self) -> bool:
            return self.entry.is_symlink()

        def stat(self) -> os.stat_result:
            return self.entry.stat()

    class Listing:
        def __init__(self, path: str) -> None:
            self.entries = [Untyped(entry) for entry in real(path)]

        def __enter__(self) -> list[Untyped]:
            return self.entries

        def __exit__(self, *_: object) -> None:
            return None

    monkeypatch.setattr(os, "scandir", Listing)
    assert list(expand(["d"])) == [
        InputProblem("d/m", "cannot tell whether to search it: permission denied"),
        Input("d/top.xml"),
        Input("d/a/x.xml"),
        Input("d/z/x.xml"),
    ]

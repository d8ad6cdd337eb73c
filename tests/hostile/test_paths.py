"""Paths: whatever is wrong with one path, the other files are still checked, and each problem
is exactly one line on stderr naming the path (exit 2), never a traceback or a hang."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cfguard import inputs
from cfguard.core.results import InputProblem
from cfguard.core.tally import Tally
from cfguard.inputs import Input
from cfguard.rules.registry import resolve_selection
from cfguard.rules.settings import Settings
from cfguard.run import runner
from cfguard.run.lint import RunOptions
from tests.hostile.conftest import MODERN_VALID, file_states, finding_lines, run_real

INSECURE = MODERN_VALID[0]  # cli-create-distribution-1.xml: CFG101, allow-all


def _good(directory: Path, name: str = "good.xml") -> Path:
    path = directory / name
    shutil.copy(INSECURE, path)
    return path


def _problem_lines(err: str) -> list[str]:
    lines = err.splitlines()
    assert all(line.startswith("cfguard: ") for line in lines), lines
    return lines


def _checked_paths(out: str) -> set[str]:
    return {m["path"] for m in finding_lines(out)}


def test_missing_file_beside_a_good_one(tmp_path: Path, check: Any) -> None:
    good = _good(tmp_path)
    result = check(good, tmp_path / "missing.xml")
    assert result.code == 2
    assert _checked_paths(result.out) == {str(good)}
    assert _problem_lines(result.err) == [
        f"cfguard: {tmp_path / 'missing.xml'}: no such file or directory"
    ]


def test_directory_named_like_a_document_is_searched(tmp_path: Path, check: Any) -> None:
    directory = tmp_path / "x.xml"
    directory.mkdir()
    inner = _good(directory, "inner.xml")
    explicit = check(directory)
    assert _checked_paths(explicit.out) == {str(inner)}
    assert explicit.code == 1
    assert explicit.err == ""
    scanned = check(tmp_path)  # inside a scan: a directory, not a file to read
    assert _checked_paths(scanned.out) == {str(inner)}
    assert scanned.err == ""


def test_unreadable_file(tmp_path: Path, check: Any) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads a chmod 000 file; test_unreadable_file_simulated covers this")
    good = _good(tmp_path)
    locked = _good(tmp_path, "locked.xml")
    locked.chmod(0)
    try:
        result = check(tmp_path)
    finally:
        locked.chmod(0o644)
    assert result.code == 2
    assert _checked_paths(result.out) == {str(good)}
    assert _problem_lines(result.err) == [f"cfguard: {locked}: permission denied"]


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same case in-process, for root: opening the file raises PermissionError."""
    good = _good(tmp_path)
    locked = _good(tmp_path, "locked.xml")
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any) -> int:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(inputs.os, "open", refusing_open)
    before = file_states(tmp_path)
    results, tally = _run_in_process([str(tmp_path)])
    assert file_states(tmp_path) == before
    assert [r.path for r in results] == [str(good)]
    assert [str(p) for p in tally.problems] == [f"cfguard: {locked}: permission denied"]


def test_symlink_loops_in_a_scanned_directory(tmp_path: Path, check: Any) -> None:
    good = _good(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    (tmp_path / "loop.xml").symlink_to(tmp_path / "loop.xml")
    (tmp_path / "a.xml").symlink_to(tmp_path / "b.xml")
    (tmp_path / "b.xml").symlink_to(tmp_path / "a.xml")
    result = check(tmp_path)
    assert result.code == 2
    assert _checked_paths(result.out) == {str(good)}
    assert sorted(_problem_lines(result.err)) == [
        f"cfguard: {tmp_path / name}: symbolic link loop (too many levels of symbolic links)"
        for name in ("a.xml", "b.xml", "loop.xml")
    ]


def test_dangling_symlink(tmp_path: Path, check: Any) -> None:
    good = _good(tmp_path)
    (tmp_path / "dangling.xml").symlink_to(tmp_path / "nowhere.xml")
    for args in ((tmp_path,), (good, tmp_path / "dangling.xml")):
        result = check(*args)
        assert result.code == 2
        assert _checked_paths(result.out) == {str(good)}
        assert _problem_lines(result.err) == [
            f"cfguard: {tmp_path / 'dangling.xml'}: broken symbolic link: the file it points to "
            "does not exist"
        ]


def test_symlink_to_a_document_is_followed(tmp_path: Path, check: Any) -> None:
    (tmp_path / "real").mkdir()
    target = _good(tmp_path / "real")
    (tmp_path / "link.xml").symlink_to(target)
    result = check(tmp_path / "link.xml")
    assert _checked_paths(result.out) == {str(tmp_path / "link.xml")}
    assert result.code == 1


def test_fifo_does_not_block(tmp_path: Path, check: Any) -> None:
    good = _good(tmp_path)
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    for args in ((tmp_path,), (fifo, good)):
        result = check(*args)  # a blocked read would hit the subprocess timeout
        assert result.code == 2
        assert _checked_paths(result.out) == {str(good)}
        assert _problem_lines(result.err) == [
            f"cfguard: {fifo}: not a regular file (a FIFO, socket or device); cfguard reads "
            "only files"
        ]


def test_device_is_refused_without_reading(check: Any) -> None:
    result = check(Path("/dev/zero"))  # reading it would never end
    assert result.code == 2
    assert _problem_lines(result.err) == [
        "cfguard: /dev/zero: not a regular file (a FIFO, socket or device); cfguard reads only "
        "files"
    ]


def _run_in_process(paths: list[str]) -> tuple[list[Any], Tally]:
    settings = Settings(enabled=resolve_selection(["CFG101"], []))
    tally = Tally()
    results = list(runner.run(paths, settings, RunOptions(), tally))
    return results, tally


def test_file_disappearing_during_the_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file deleted between finding it (expand) and reading it: one problem, the rest checked."""
    first, doomed, last = (_good(tmp_path, f"{n}.xml") for n in ("a", "b", "c"))
    real_expand = runner.expand

    def expand_then_delete(
        paths: Iterable[str], exclude: Iterable[str] = (), *, respect_gitignore: bool = True
    ) -> Iterator[Input | InputProblem]:
        for item in real_expand(paths, exclude, respect_gitignore=respect_gitignore):
            if isinstance(item, Input) and item.path == str(doomed):
                doomed.unlink()
            yield item

    monkeypatch.setattr(runner, "expand", expand_then_delete)
    results, tally = _run_in_process([str(tmp_path)])
    assert [r.path for r in results] == [str(first), str(last)]
    assert all(r.findings for r in results)
    assert [str(p) for p in tally.problems] == [f"cfguard: {doomed}: no such file or directory"]


NAMES = ("dist ü 配置.xml", "with space.xml", "ملف.xml", "emoji 🚀.xml", "-leading-dash.xml")


def test_non_ascii_and_space_names_in_text_and_json(tmp_path: Path, check: Any) -> None:
    paths = [_good(tmp_path, name) for name in NAMES]
    text = check(tmp_path)
    assert _checked_paths(text.out) == {str(p) for p in paths}
    report = json.loads(check(tmp_path, args=("--format", "json")).out)
    assert {entry["path"] for entry in report["files"]} == {str(p) for p in paths}
    assert text.err == ""


def test_name_with_control_characters_stays_one_line(tmp_path: Path, check: Any) -> None:
    """A file name can hold a newline or an escape sequence; neither reaches the terminal."""
    good = _good(tmp_path)
    hostile = tmp_path / "evil\x1b[2J\x1b]0;title\x07\nname\u202e.xml"
    hostile.symlink_to(tmp_path / "nowhere")
    result = check(good, hostile)
    assert result.code == 2
    [line] = _problem_lines(result.err)
    assert "\x1b" not in result.err
    assert "\u202e" not in result.err
    assert "\x07" not in result.err
    assert "evil\\x1b[2J\\x1b]0;title\\x07\\x0aname\\u202e.xml" in line
    readable = _good(tmp_path, "ok\x1b[31m\u202e.xml")
    out = check(readable).out
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "ok\\x1b[31m\\u202e.xml:" in out


def test_name_that_is_not_utf8(tmp_path: Path) -> None:
    good = _good(tmp_path)
    raw = os.fsencode(tmp_path) + b"/bad\xff\xfe.xml"
    with open(raw, "wb") as handle:
        handle.write(INSECURE.read_bytes())
    before = file_states(tmp_path)
    text = run_real("check", tmp_path)
    assert file_states(tmp_path) == before
    assert text.code == 1
    assert len(_checked_paths(text.out)) == 2
    assert f"{tmp_path}/bad\\xff\\xfe.xml:" in text.out
    report = json.loads(run_real("check", "--format", "json", tmp_path).out)
    assert len(report["files"]) == 2
    assert str(good) in {entry["path"] for entry in report["files"]}


def test_empty_stdin(check: Any) -> None:
    result = run_real("check", "-", stdin=b"")
    assert result.code == 2
    assert result.out.splitlines()[-1].startswith("Checked 0 files")
    assert _problem_lines(result.err) == ["cfguard: <stdin>: standard input is empty"]


def test_stdin_with_hostile_bytes_is_read_bounded(check: Any) -> None:
    result = run_real("check", "-", stdin=b"\x00" * 11 * 1024 * 1024)
    assert result.code == 1
    assert "size limit" in result.out


def test_every_problem_at_once(tmp_path: Path, check: Any) -> None:
    """A directory with one of each problem: each is one line, the good file is checked."""
    good = _good(tmp_path)
    os.mkfifo(tmp_path / "fifo.xml")
    (tmp_path / "dangling.xml").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop.xml").symlink_to(tmp_path / "loop.xml")
    (tmp_path / "dir.xml").mkdir()
    (tmp_path / "empty.xml").write_bytes(b"")
    result = check(tmp_path, tmp_path / "missing.xml")
    assert result.code == 2
    problems = _problem_lines(result.err)
    assert len(problems) == 4
    for name in ("fifo.xml", "dangling.xml", "loop.xml", "missing.xml"):
        assert sum(f"{tmp_path / name}: " in line for line in problems) == 1, name
    findings = finding_lines(result.out)
    assert {m["path"] for m in findings} == {str(good), str(tmp_path / "empty.xml")}
    assert result.out.splitlines()[-1].endswith("(1 fixable with --fix, 4 unreadable).")

"""Directory scans pass over what a repository does not own (other tools' directories, virtualenvs)
and what its .gitignore files ignore, as git reads them; files and directories named on the
command line are always checked. Real trees, real `git`, the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from cfguard.scan_filters import MAX_IGNORE_BYTES, _wildcards
from tests.conftest import REPO, assert_no_traceback, run_cfguard
from tests.git_repos import new_repo
from tests.test_startup import modules_imported

INSECURE = REPO / "examples" / "insecure-distribution.xml"
REFUSED = "cfguard will not overwrite it"


def place(root: Path, *paths: str) -> None:
    """An insecure document (findings) at each path below `root`."""
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(INSECURE, root / path)


def checked(*args: str | Path, cwd: Path, code: int = 1) -> list[str]:
    """The files a `--format json` run reports, as paths relative to `cwd` with `/`."""
    result = run_cfguard("check", "--format", "json", *args, cwd=cwd)
    assert result.code == code, result.err
    assert_no_traceback(result.err)
    files = json.loads(result.out)["files"]
    return sorted(os.path.normpath(f["path"]).replace(os.sep, "/") for f in files)


def test_directories_a_repository_does_not_own_are_skipped(tmp_path: Path) -> None:
    place(
        tmp_path,
        ".git/x.xml",
        "node_modules/a/x.xml",
        ".terraform/x.xml",
        "venv2/x.xml",
        "build/x.xml",
        "src/x.xml",
        "src/.venv/x.xml",
        "src/deep/__pycache__/x.xml",
        "cdk.out/x.xml",
        "dist/x.xml",
    )
    (tmp_path / "venv2" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    result = run_cfguard("check", ".", cwd=tmp_path)
    assert result.code == 1
    lines = result.out.splitlines()
    reported = {os.path.normpath(line.split(":")[0]) for line in lines if ": CFG" in line}
    assert reported == {"build/x.xml", "cdk.out/x.xml", "dist/x.xml", "src/x.xml"}
    assert result.out.splitlines()[-1].startswith("Checked 4 files: ")


def test_the_directory_named_is_searched_whatever_its_name(tmp_path: Path) -> None:
    place(tmp_path, "node_modules/x.xml", "node_modules/node_modules/x.xml", "env/x.xml")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    assert checked("node_modules", cwd=tmp_path) == ["node_modules/x.xml"]
    assert checked("env", cwd=tmp_path) == ["env/x.xml"]
    assert checked("node_modules/node_modules/x.xml", cwd=tmp_path) == [
        "node_modules/node_modules/x.xml"
    ]


def gitignored_tree(root: Path) -> Path:
    repo = new_repo(root)
    place(
        repo,
        "generated/x.xml",
        "configs/generated/x.xml",
        "a.tmp.xml",
        "configs/b.tmp.xml",
        "configs/keep.tmp.xml",
        "top.xml",
        "configs/top.xml",
        "configs/x.xml",
        "configs/local/x.xml",
        "configs/local/kept.xml",
        "logs/x.xml",
        "logs/keep.xml",
        "x.xml",
    )
    (repo / ".gitignore").write_text(
        "# generated output\ngenerated/\n*.tmp.xml\n!keep.tmp.xml\n/top.xml\nlogs/**\n"
        "!logs/keep.xml\n"
    )
    (repo / "configs" / "local" / ".gitignore").write_text("*.xml\n!kept.xml\n")
    return repo


KEPT = [
    "configs/keep.tmp.xml",
    "configs/local/kept.xml",
    "configs/top.xml",
    "configs/x.xml",
    "logs/keep.xml",
    "x.xml",
]


def test_gitignore_is_honoured_as_git_reads_it(tmp_path: Path) -> None:
    repo = gitignored_tree(tmp_path / "repo")
    assert checked(".", cwd=repo) == KEPT
    # The same files git itself lists as untracked and not ignored.
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "--", "*.xml"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(listed) == KEPT


def test_a_subdirectory_scan_uses_the_gitignore_files_above_it(tmp_path: Path) -> None:
    repo = gitignored_tree(tmp_path / "repo")
    assert checked("configs", cwd=repo) == [p for p in KEPT if p.startswith("configs/")]
    configs = repo / "configs"
    assert checked(".", cwd=configs) == ["keep.tmp.xml", "local/kept.xml", "top.xml", "x.xml"]


def test_info_exclude_and_a_nested_repository(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    place(repo, "x.xml", "private.xml", "inner/x.xml", "inner/private.xml", "inner/own.xml")
    (repo / ".git" / "info" / "exclude").write_text("# mine\nprivate.xml\n")
    new_repo(repo / "inner" / "sub")  # a repository inside: only its own rules apply there
    place(repo, "inner/sub/private.xml", "inner/sub/own.xml")
    (repo / "inner" / "sub" / ".gitignore").write_text("own.xml\n")
    assert checked(".", cwd=repo) == [
        "inner/own.xml",
        "inner/sub/private.xml",
        "inner/x.xml",
        "x.xml",
    ]


def test_outside_a_git_work_tree_nothing_is_ignored(tmp_path: Path) -> None:
    place(tmp_path, "generated/x.xml", "x.xml")
    (tmp_path / ".gitignore").write_text("generated/\n")
    assert checked(".", cwd=tmp_path) == ["generated/x.xml", "x.xml"]


def test_the_flag_and_the_setting_turn_it_off(tmp_path: Path) -> None:
    repo = gitignored_tree(tmp_path / "repo")
    everything = sorted(
        p.relative_to(repo).as_posix() for p in repo.rglob("*.xml") if ".git" not in p.parts
    )
    assert len(everything) == 13
    assert checked("--no-respect-gitignore", ".", cwd=repo) == everything
    (repo / ".cfguard.toml").write_text("respect-gitignore = false\n")
    assert checked(".", cwd=repo) == everything
    (repo / ".cfguard.toml").write_text("respect-gitignore = true\n")
    assert checked(".", cwd=repo) == KEPT
    (repo / ".cfguard.toml").write_text('respect-gitignore = "no"\n')
    result = run_cfguard("check", ".", cwd=repo)
    assert result.code == 2
    assert result.err == (
        "cfguard: .cfguard.toml: 'respect-gitignore' must be true or false (got \"no\")\n"
    )


def test_what_the_user_names_is_checked_ignored_or_not(tmp_path: Path) -> None:
    repo = gitignored_tree(tmp_path / "repo")
    assert checked("generated/x.xml", "a.tmp.xml", cwd=repo) == ["a.tmp.xml", "generated/x.xml"]
    # A directory named that .gitignore ignores is searched whole, like a file named.
    assert checked("generated", cwd=repo) == ["generated/x.xml"]
    assert checked("configs/generated", cwd=repo) == ["configs/generated/x.xml"]


def test_output_may_replace_an_ignored_file_but_not_a_checked_one(tmp_path: Path) -> None:
    repo = gitignored_tree(tmp_path / "repo")
    result = run_cfguard("check", "--format", "json", "-o", "a.tmp.xml", ".", cwd=repo)
    assert result.code == 1, result.err
    assert len(json.loads((repo / "a.tmp.xml").read_text())["files"]) == len(KEPT)
    refused = run_cfguard("check", "-o", "configs/x.xml", ".", cwd=repo)
    assert refused.code == 2
    assert f"configs/x.xml is one of the files being checked; {REFUSED}" in refused.err
    # Without .gitignore the ignored file is read, so it is refused too.
    place(repo, "b.tmp.xml")
    off = run_cfguard("check", "--no-respect-gitignore", "-o", "b.tmp.xml", ".", cwd=repo)
    assert off.code == 2
    assert REFUSED in off.err


def test_pathspec_is_imported_only_for_a_gitignore_with_patterns(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")  # git init writes an info/exclude of comments only
    place(repo, "configs/x.xml")
    (repo / ".gitignore").write_text("# nothing yet\n\n")
    code, modules = modules_imported("check", "configs", cwd=repo)
    assert code == 1
    assert "pathspec" not in modules
    (repo / ".gitignore").write_text("*.tmp.xml\n")
    code, modules = modules_imported("check", "configs", cwd=repo)
    assert code == 1
    assert "pathspec" in modules


@pytest.mark.parametrize(
    ("pattern", "count"),
    [
        ("*.xml", 1),
        ("**/generated/**", 2),
        ("**/a/**/*.tmp.xml", 3),
        ("***", 3),
        ("a**b", 2),
        (r"\*literal\*", 0),
        ("*a*a*a*b", 4),
    ],
)
def test_wildcards_are_counted_as_the_regex_backtracks(pattern: str, count: int) -> None:
    assert _wildcards(pattern) == count


def test_a_hostile_gitignore_cannot_hang_the_scan(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    name = "a" * 200
    place(repo, f"{name}/{name}.xml", "x.xml")
    (repo / ".gitignore").write_text("*.tmp.xml\n" + "*a" * 30 + "*b\n")
    started = time.monotonic()
    result = run_cfguard("check", "--format", "json", ".", cwd=repo)
    assert time.monotonic() - started < 20
    assert result.code == 2  # the pattern is reported, and everything else still checked
    assert result.err.startswith(".gitignore:2: a pattern with more than 3 `*` wildcards", 9)
    assert len(json.loads(result.out)["files"]) == 2
    (repo / ".gitignore").write_bytes(b"#" * (MAX_IGNORE_BYTES + 1))
    result = run_cfguard("check", ".", cwd=repo)
    assert result.code == 2
    assert "cfguard: .gitignore: larger than 1024 KiB: not used" in result.err


def test_help_names_the_flag() -> None:
    result = run_cfguard("check", "--help")
    assert "--no-respect-gitignore" in result.out
    assert "Also search what .gitignore files ignore" in result.out

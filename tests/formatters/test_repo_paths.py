"""What a new user does: SARIF from inside a git repository, run from its root or a subdirectory,
points code scanning at the real file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import pytest

from cfguard.formatters.paths import RepoPaths, encode, find_root
from tests.conftest import REPO, assert_no_traceback, run_cfguard
from tests.test_sarif_schema import schema_errors

INSECURE = REPO / "examples" / "insecure-distribution.xml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "my repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
    (root / "sub dir" / "configs").mkdir(parents=True)
    shutil.copy(INSECURE, root / "sub dir" / "configs" / "dist.xml")
    return root


def sarif_from(cwd: Path, *paths: str) -> dict[str, Any]:
    result = run_cfguard("check", "--format", "sarif", "-o", "out.sarif", *paths, cwd=cwd)
    assert_no_traceback(result.err)
    assert result.code == 1, result.err  # the document has errors; the format does not matter
    assert result.out == ""  # the report went to the file
    log: dict[str, Any] = json.loads((cwd / "out.sarif").read_text(encoding="utf-8"))
    assert schema_errors(log) == []
    return log


def resolved_files(log: dict[str, Any]) -> set[Path]:
    run = log["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///")
    assert base.endswith("/")
    files = set()
    for result in run["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert artifact["uri"] == "sub%20dir/configs/dist.xml"
        files.add(Path(url2pathname(urlsplit(urljoin(base, artifact["uri"])).path)))
    return files


def test_from_the_repository_root(repo: Path) -> None:
    log = sarif_from(repo, ".")
    assert log["runs"][0]["results"]
    assert resolved_files(log) == {repo / "sub dir" / "configs" / "dist.xml"}


def test_from_a_subdirectory(repo: Path) -> None:
    log = sarif_from(repo / "sub dir", ".")
    assert log["runs"][0]["results"]
    assert resolved_files(log) == {repo / "sub dir" / "configs" / "dist.xml"}


def test_github_and_gitlab_paths_from_a_subdirectory(repo: Path) -> None:
    cwd = repo / "sub dir" / "configs"
    github = run_cfguard("check", "--format", "github", "dist.xml", cwd=cwd)
    assert github.code == 1
    assert github.out.startswith("::error file=sub dir/configs/dist.xml,line=")
    gitlab = run_cfguard("check", "--format", "gitlab", "dist.xml", cwd=cwd)
    assert gitlab.code == 1
    assert {i["location"]["path"] for i in json.loads(gitlab.out)} == {"sub dir/configs/dist.xml"}


def test_without_git_the_working_directory_is_the_root(tmp_path: Path) -> None:
    if any((parent / ".git").exists() for parent in [tmp_path, *tmp_path.parents]):
        pytest.skip("the temporary directory is inside a git checkout")
    assert find_root(str(tmp_path)) == str(tmp_path)
    shutil.copy(INSECURE, tmp_path / "dist.xml")
    log = sarif_from(tmp_path, "dist.xml")
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "dist.xml", "uriBaseId": "%SRCROOT%"}


def test_a_git_file_marks_a_worktree_root(tmp_path: Path) -> None:
    (tmp_path / "wt" / "a" / "b").mkdir(parents=True)
    (tmp_path / "wt" / ".git").write_text("gitdir: /elsewhere/.git/worktrees/wt\n")
    assert find_root(str(tmp_path / "wt" / "a" / "b")) == str(tmp_path / "wt")


def test_files_outside_the_root_get_absolute_file_uris(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere #1"
    outside.mkdir()
    shutil.copy(INSECURE, outside / "dist.xml")
    log = sarif_from(repo, str(outside / "dist.xml"))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (outside / "dist.xml").as_uri()}
    assert "%231" in artifact["uri"]
    assert Path(url2pathname(urlsplit(artifact["uri"]).path)) == outside / "dist.xml"


def test_paths_mapping() -> None:
    paths = RepoPaths(root="/r", cwd="/r/a")
    assert paths.relative("b/c.xml") == "a/b/c.xml"
    assert paths.relative("../x.xml") == "x.xml"
    assert paths.relative("/r/a/../y.xml") == "y.xml"
    assert paths.relative("../../etc/z.xml") is None
    assert paths.relative("/rr/z.xml") is None  # a sibling that shares the prefix
    assert paths.display("-") == "stdin"
    assert paths.uri("../100% ü?#.xml") == ("100%25%20%C3%BC%3F%23.xml", True)
    assert encode("a b/ü") == "a%20b/%C3%BC"
    # A file name that is not UTF-8: its bytes in the URI, U+FFFD where a report shows text.
    assert paths.uri("b\udcffc.xml") == ("a/b%FFc.xml", True)
    assert paths.display("b\udcffc.xml") == "a/b\ufffdc.xml"

"""Issue 12, change awareness: a baseline or an invalidation beside a document never hides the
document's findings, every batch read as evidence is checked itself, and which batch counts for
which document does not depend on how the files are split between runs (a pre-commit hook with
`require_serial: false`, a file list, a directory scan)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.change_docs import (
    PINNED_DATE,
    SUGGESTED,
    batch,
    cfg201_lines,
    current,
    legacy_batch,
    policy_at,
    where,
    write,
)
from tests.conftest import REPO, Run, assert_no_traceback, run_cfguard
from tests.git_repos import commit, git, new_repo

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
HOOK_ARGS: list[str] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]["args"]


def check(*args: str | Path, cwd: Path, stdin: bytes | None = None) -> Run:
    return run_cfguard("check", *args, cwd=cwd, stdin=stdin, env=PINNED_DATE)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repo(tmp_path / "repo")


def findings(out: str) -> set[str]:
    """`path:line:column: RULE` of every finding line."""
    lines = [line.split(" ")[:2] for line in out.splitlines() if ": CFG" in line]
    return {f"{os.path.normpath(where)} {rule}" for where, rule in lines}


# -- a side file's problem is its own line; the document is always linted ---------------------


def test_a_broken_sibling_batch_is_its_own_finding_and_the_document_is_still_checked(
    tmp_path: Path,
) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    after = write(tmp_path / "www.xml", current("https-only")).read_text()
    write(tmp_path / "www.invalidation-old.xml", "<InvalidationBatch>\n  <Paths>\n")
    result = check("--baseline", "before.xml", "www.xml", cwd=tmp_path)
    assert result.code == 1, result.out + result.err
    assert result.err == ""
    assert f"www.xml:{policy_at(after)}: CFG201 [warning]" in result.out
    assert "www.invalidation-old.xml is not well-formed XML (line 3)" in result.out
    assert "www.invalidation-old.xml:3:1: CFG001 [error] not well-formed XML" in result.out
    assert "unreadable" not in result.out
    # the same in a machine format: both documents, no input problem
    report = json.loads(
        check("--baseline", "before.xml", "www.xml", "--format", "json", cwd=tmp_path).out
    )
    assert report["errors"] == []
    rules = {(entry["path"], f["rule"]) for entry in report["files"] for f in entry["findings"]}
    assert {("www.xml", "CFG201"), ("www.invalidation-old.xml", "CFG001")} <= rules


def test_a_sibling_that_is_a_distribution_does_not_count_and_is_checked(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    write(tmp_path / "after.xml", current("https-only"))
    write(tmp_path / "after.invalidation.xml", current("https-only"))
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert result.code == 1
    assert result.err == ""
    # one CFG201, on after.xml: --baseline is the previous version of after.xml only
    (line,) = cfg201_lines(result.out)
    assert line.startswith("after.xml:")
    assert (
        "no new invalidation clears them (after.invalidation.xml is a <DistributionConfig>, not "
        "an <InvalidationBatch>, so it does not count)"
    ) in line
    assert "after.invalidation.xml:2:1: CFG" in result.out  # linted as the distribution it is


def test_a_sibling_cfguard_cannot_check_is_named_for_what_it_is(tmp_path: Path) -> None:
    # A misspelt root in the CloudFront namespace is CFG002, but not "an API version cfguard
    # does not support": the CFG201 message points at the sibling's own finding instead.
    write(tmp_path / "before.xml", current("allow-all"))
    write(tmp_path / "after.xml", current("https-only"))
    write(
        tmp_path / "after.invalidation.xml",
        '<InvalidationBatc xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">\n'
        "  <CallerReference>x</CallerReference>\n</InvalidationBatc>\n",
    )
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    (line,) = cfg201_lines(result.out)
    assert (
        "after.invalidation.xml is not a document cfguard can check (see its own line 1), so it "
        "does not count"
    ) in line
    assert "after.invalidation.xml:1:1: CFG002" in result.out


@needs_git
@pytest.mark.parametrize(
    ("committed", "why"),
    [
        ("<DistributionConfig>\n  <Comment>", "not well-formed XML"),
        (batch("/*"), "it is an <InvalidationBatch>, not a distribution"),
        ('<?xml version="1.0"?>\n<project/>\n', "not a CloudFront"),
    ],
    ids=["broken", "a batch", "not CloudFront"],
)
def test_the_hook_lets_a_user_commit_the_fix_for_a_file_committed_broken(
    repo: Path, committed: str, why: str
) -> None:
    write(repo / "www.xml", committed)
    commit(repo)
    write(repo / "www.xml", current("https-only"))
    result = check(*HOOK_ARGS, "www.xml", cwd=repo)
    assert result.code == 0, result.out + result.err
    assert "Checked 1 file" in result.out
    (note,) = result.err.splitlines()
    assert note.startswith(
        "cfguard: www.xml: note: its version at HEAD cannot be used as the baseline: "
    )
    assert why in note
    assert note.endswith("; checked without a baseline, so CFG201 has nothing to compare")
    # and its own findings are still reported: break the new version's schema
    write(repo / "www.xml", current("sometimes"))
    broken = check(*HOOK_ARGS, "www.xml", cwd=repo)
    assert broken.code == 1
    assert "www.xml:18:5: CFG003 [error]" in broken.out


@needs_git
def test_git_failing_for_one_file_still_reports_its_findings(repo: Path, tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "www.xml", current("sometimes"))
    (repo / "www.xml").symlink_to(outside)
    write(repo / "other.xml", current("https-only"))
    commit(repo)
    env = {**PINNED_DATE, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = run_cfguard("check", *HOOK_ARGS, "www.xml", "other.xml", cwd=repo, env=env)
    assert result.code == 2
    assert "www.xml:18:5: CFG003 [error]" in result.out
    (line,) = result.err.splitlines()
    assert line.startswith("cfguard: www.xml: ")
    assert line.endswith("; checked without a baseline")
    assert_no_traceback(result.err)


# -- a batch counts only if CloudFront would accept it, and is reported itself ----------------


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        (batch("/*", "index.html"), "www.invalidation.xml:7:7: CFG202 [error]"),
        (
            batch("/*").replace("<Quantity>1<", "<Quantity>2<"),
            "www.invalidation.xml:3:3: CFG003 [error] <Paths> says Quantity 2",
        ),
    ],
    ids=["path without /", "Quantity disagrees"],
)
def test_an_invalid_batch_does_not_clear_cfg201_and_its_errors_are_shown(
    tmp_path: Path, text: str, finding: str
) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    write(tmp_path / "www.xml", current("https-only"))
    write(tmp_path / "www.invalidation.xml", text)
    for args in (["www.xml"], ["www.xml", "www.invalidation.xml"]):
        result = check("--baseline", "before.xml", *args, cwd=tmp_path)
        assert result.code == 1
        (line,) = cfg201_lines(result.out)
        assert "www.invalidation.xml would be refused by CloudFront (see its errors" in line
        assert [x for x in result.out.splitlines() if x.startswith(finding)], result.out
        assert "Checked 2 files" in result.out  # reported once, named or not


def test_a_legacy_batch_does_not_clear_cfg201_for_a_current_distribution(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    write(tmp_path / "www.xml", current("https-only"))
    write(tmp_path / "www.invalidation.xml", legacy_batch("/index.html", reference="old-api"))
    result = check("--baseline", "before.xml", "www.xml", cwd=tmp_path)
    (line,) = cfg201_lines(result.out)
    assert (
        'no new invalidation clears them (the legacy batch "old-api": /index.html cannot '
        "invalidate a current-format distribution, so it does not count)"
    ) in line


# -- one rule for which batch counts for which document, whatever the split ------------------


#: The CFG201 findings in `split_tree`: the five switched documents that no valid batch of theirs
#: clears.
SPLIT_TREE_CFG201 = {f"cdn/{name}.xml:18:5: CFG201" for name in "acdef"}


def split_tree(repo: Path, commit: Callable[[Path], None] = commit) -> list[str]:
    """12 files: six distributions switched to HTTPS since HEAD (a and f with no batch, b with a
    valid `/*` sibling, c and d with invalid ones, e with a legacy one), one unchanged, and a
    valid `/*` batch named after no document. Returns their paths, relative to `repo`."""
    names = "abcdef"
    for name in names:
        write(repo / "cdn" / f"{name}.xml", current("allow-all", comment=name))
    write(repo / "g.xml", current("allow-all", comment="g"))
    commit(repo)
    for name in names:
        write(repo / "cdn" / f"{name}.xml", current("https-only", comment=name))
    write(repo / "cdn" / "b.invalidation.xml", batch("/*", reference="b-1"))
    write(repo / "cdn" / "c.invalidation.xml", batch("/*", "index.html", reference="c-1"))
    write(repo / "cdn" / "d.invalidation.xml", batch("/*").replace("<Quantity>1<", "<Quantity>2<"))
    write(repo / "cdn" / "e.invalidation.xml", legacy_batch("/index.html", reference="e-1"))
    write(repo / "flush.xml", batch("/*", reference="flush-1"))
    files = [str(p.relative_to(repo)) for p in sorted(repo.rglob("*.xml"))]
    assert len(files) == 12
    return files


@needs_git
def test_the_same_cfg201_findings_for_a_scan_a_file_list_and_any_split(repo: Path) -> None:
    files = split_tree(repo)
    expected = SPLIT_TREE_CFG201
    assert policy_at(current("https-only")) == "18:5"

    def cfg201(*runs: list[str]) -> set[str]:
        found: set[str] = set()
        for paths in runs:
            result = check(*HOOK_ARGS, *paths, cwd=repo)
            assert result.code in (0, 1), result.out + result.err
            assert result.err == ""
            found |= {f for f in findings(result.out) if f.endswith(" CFG201")}
        return found

    assert cfg201(["."]) == expected  # CI: a directory scan
    assert cfg201(files) == expected  # one process given every file
    assert cfg201(files[:6], files[6:]) == expected
    assert cfg201(files[::2], files[1::2]) == expected
    assert cfg201(*([f] for f in files)) == expected
    assert cfg201([*files, "--jobs", "2"]) == expected
    # every batch is checked and reported wherever it was read from
    scan = check(*HOOK_ARGS, "cdn/c.xml", "cdn/d.xml", cwd=repo)
    assert {"cdn/c.invalidation.xml:7:7: CFG202", "cdn/d.invalidation.xml:3:3: CFG003"} <= (
        findings(scan.out)
    )


@needs_git
def test_invalidation_option_counts_for_every_document(repo: Path) -> None:
    files = split_tree(repo)
    runs = [files[:5], files[5:]]
    for paths in runs:
        result = check(*HOOK_ARGS, "--invalidation", "flush.xml", *paths, cwd=repo)
        assert cfg201_lines(result.out) == [], result.out


def test_with_one_baseline_file_a_batch_argument_counts(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    write(tmp_path / "after.xml", current("https-only"))
    write(tmp_path / "flush.xml", batch("/*"))
    result = check("after.xml", "--baseline", "before.xml", "flush.xml", cwd=tmp_path)
    assert result.code == 0, result.out + result.err


# -- the message names the file to save --------------------------------------------------------


def test_cfg201_names_the_batch_file_to_save(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    after = write(tmp_path / "sub" / "shop.XML", current("https-only")).read_text()
    result = check(os.path.join("sub", "shop.XML"), "--baseline", "before.xml", cwd=tmp_path)
    assert cfg201_lines(result.out) == [
        f"{os.path.join('sub', 'shop.XML')}:{policy_at(after)}: CFG201 [warning] the default "
        "cache behavior switched from allow-all (baseline) to https-only; objects cached over "
        "HTTP stay cached (the cache is protocol agnostic) and no new invalidation clears them: "
        f"save {SUGGESTED} beside this file as shop.invalidation.xml (see cfguard explain "
        "CFG201) (https-switch-without-invalidation)"
    ]
    piped = check("-", "--baseline", "before.xml", cwd=tmp_path, stdin=after.encode())
    (line,) = cfg201_lines(piped.out)
    assert line.startswith(f"-:{where(after, '<ViewerProtocolPolicy>')}: CFG201")
    assert (
        f"save {SUGGESTED} in a file and pass it with --invalidation FILE (standard input has no "
        "file name to save a batch beside)"
    ) in line


@needs_git
def test_a_committed_version_git_cannot_read_is_not_taken_for_a_new_file(repo: Path) -> None:
    write(repo / "www.xml", current("allow-all"))
    write(repo / "new*.xml", current("https-only"))  # a pattern character, and new since HEAD
    git(repo, "add", "www.xml")
    git(repo, "commit", "-q", "-m", "http")
    blob = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD:www.xml"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()  # a damaged or partial clone
    write(repo / "www.xml", current("https-only"))
    result = check(*HOOK_ARGS, "www.xml", "new*.xml", cwd=repo)
    assert result.code == 2
    assert "Checked 2 files" in result.out  # both still checked and reported
    (line,) = result.err.splitlines()
    assert line.startswith("cfguard: www.xml: git cannot read www.xml at HEAD")
    assert line.endswith("; checked without a baseline")

"""`cfguard check --baseline-ref REV`: each file compared with its own version in git, as in a
pre-commit hook (`HEAD`) or CI (`origin/main`), in a real temporary repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.change_docs import (
    PINNED_DATE,
    batch,
    cfg201_lines,
    current,
    legacy,
    no_invalidation,
    policy_at,
    write,
)
from tests.conftest import Run, assert_no_traceback, run_cfguard
from tests.git_repos import commit, git, new_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
RULE = "(https-switch-without-invalidation)"
DIST_REMEDY = no_invalidation("dist.invalidation.xml")
WWW_REMEDY = no_invalidation("www.invalidation.xml")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repo(tmp_path / "repo")


def check(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> Run:
    return run_cfguard("check", *args, cwd=cwd, env={**PINNED_DATE, **(env or {})})


def test_pre_commit_story(repo: Path) -> None:
    write(repo / "dist.xml", current("allow-all"))
    commit(repo, "distribution on HTTP")
    after = write(repo / "dist.xml", current("https-only")).read_text()

    switched = check("--baseline-ref", "HEAD", "dist.xml", cwd=repo)
    assert cfg201_lines(switched.out) == [
        f"dist.xml:{policy_at(after)}: CFG201 [warning] the default cache behavior switched from "
        f"allow-all (baseline) to https-only; {no_invalidation('dist.invalidation.xml')} {RULE}"
    ]
    assert switched.code == 1

    write(repo / "dist.invalidation.xml", batch("/*", reference="www-https-switch-1"))
    cleared = check("--baseline-ref", "HEAD", "dist.xml", cwd=repo)
    assert cfg201_lines(cleared.out) == []
    assert cleared.code == 0, cleared.out + cleared.err

    commit(repo, "HTTPS only, and clear the cache")
    write(repo / "dist.xml", current("https-only", comment="www, renamed"))
    unrelated = check("--baseline-ref", "HEAD", "dist.xml", cwd=repo)
    assert cfg201_lines(unrelated.out) == []
    assert unrelated.code == 0, unrelated.out + unrelated.err


def test_an_invalidation_unchanged_since_the_baseline_is_old(repo: Path) -> None:
    write(repo / "dist.xml", current("https-only", img="allow-all"))
    write(repo / "dist.invalidation.xml", batch("/*", reference="last-year"))
    commit(repo)
    after = write(repo / "dist.xml", current("https-only", img="https-only")).read_text()
    old = check("--baseline-ref", "HEAD", "dist.xml", cwd=repo)
    because = (
        " (dist.invalidation.xml has the CallerReference it had at HEAD (an old request; give it "
        "a new one), so it does not count)"
    )
    assert cfg201_lines(old.out) == [
        f'dist.xml:{policy_at(after, 2)}: CFG201 [warning] cache behavior "/img/*" switched from '
        f"allow-all (baseline) to https-only; {DIST_REMEDY.replace(': save', because + ': save')} "
        f"{RULE}"
    ]
    write(repo / "dist.invalidation.xml", batch("/*", reference="img-https-switch"))
    assert cfg201_lines(check("--baseline-ref", "HEAD", "dist.xml", cwd=repo).out) == []


def test_legacy_at_the_revision_current_now(repo: Path) -> None:
    write(repo / "dist.xml", legacy(https=False))
    commit(repo)
    after = write(repo / "dist.xml", current("redirect-to-https")).read_text()
    result = check("--baseline-ref", "HEAD", "dist.xml", cwd=repo)
    assert cfg201_lines(result.out) == [
        f"dist.xml:{policy_at(after)}: CFG201 [warning] the default cache behavior switched from "
        "HTTP and HTTPS (baseline: no RequiredProtocols) to redirect-to-https; "
        f"{no_invalidation('dist.invalidation.xml')} {RULE}"
    ]


def test_a_file_that_is_new_since_the_revision_has_no_transition(repo: Path) -> None:
    write(repo / "README.md", "distributions\n")
    commit(repo)
    write(repo / "dist.xml", current("https-only"))
    result = check("--baseline-ref", "HEAD", "dist.xml", cwd=repo)
    assert result.code == 0, result.out + result.err
    assert cfg201_lines(result.out) == []


def test_subdirectory_from_another_working_directory(repo: Path, tmp_path: Path) -> None:
    write(repo / "cdn" / "prod" / "www.xml", current("allow-all"))
    commit(repo)
    after = write(repo / "cdn" / "prod" / "www.xml", current("https-only")).read_text()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = repo / "cdn" / "prod" / "www.xml"
    result = check("--baseline-ref", "HEAD", target, cwd=elsewhere)
    assert cfg201_lines(result.out) == [
        f"{target}:{policy_at(after)}: CFG201 [warning] the default cache behavior switched "
        f"from allow-all (baseline) to https-only; {no_invalidation('www.invalidation.xml')} {RULE}"
    ]
    relative = check("--baseline-ref", "HEAD", os.path.join("prod", "www.xml"), cwd=repo / "cdn")
    assert [line.split(":")[0] for line in cfg201_lines(relative.out)] == ["prod/www.xml"]


def test_directory_scan_attaches_batches_to_their_own_document(repo: Path) -> None:
    for name in ("a", "b"):
        write(repo / "cdn" / f"{name}.xml", current("allow-all"))
    commit(repo)
    for name in ("a", "b"):
        write(repo / "cdn" / f"{name}.xml", current("https-only"))
    write(repo / "cdn" / "a.invalidation.xml", batch("/*"))
    result = check("--baseline-ref", "HEAD", "cdn", cwd=repo)
    assert [line.split(":")[0] for line in cfg201_lines(result.out)] == ["cdn/b.xml"]
    # pre-commit passes changed files: a's batch still belongs to a.xml only
    files = check(
        "--baseline-ref", "HEAD", "cdn/a.xml", "cdn/a.invalidation.xml", "cdn/b.xml", cwd=repo
    )
    assert [line.split(":")[0] for line in cfg201_lines(files.out)] == ["cdn/b.xml"]
    # a batch named after no document counts for nothing but itself as a file argument (or the
    # answer would depend on how a hook splits the files); with --invalidation, for both
    write(repo / "flush-all.xml", batch("/*", reference="both"))
    loose = check("--baseline-ref", "HEAD", "cdn", "flush-all.xml", cwd=repo)
    assert [line.split(":")[0] for line in cfg201_lines(loose.out)] == ["cdn/b.xml"]
    shared = check("--baseline-ref", "HEAD", "cdn", "--invalidation", "flush-all.xml", cwd=repo)
    assert cfg201_lines(shared.out) == []
    assert shared.code == 0, shared.out + shared.err


def test_unknown_revision_is_one_clear_line(repo: Path) -> None:
    write(repo / "dist.xml", current("https-only"))
    commit(repo)
    result = check("--baseline-ref", "no-such-branch", "dist.xml", cwd=repo)
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        f'cfguard: unknown revision "no-such-branch" in the git repository {repo.resolve()}: '
        "give a branch, tag or commit that exists there (HEAD in a pre-commit hook; the merge "
        "base or origin/main in CI, where a shallow clone may need a deeper fetch)"
    ]
    dash = check("--baseline-ref", "--output=x", "dist.xml", cwd=repo)
    assert dash.code == 2
    assert dash.err.startswith('cfguard: unknown revision "--output=x"')
    assert not (repo / "x").exists()


def test_before_the_first_commit_every_file_is_new(repo: Path) -> None:
    # A pre-commit hook on the first commit: HEAD names an unborn branch.
    write(repo / "dist.xml", current("https-only"))
    result = check("--baseline-ref", "HEAD", "dist.xml", cwd=repo)
    assert result.code == 0, result.out + result.err
    assert cfg201_lines(result.out) == []
    other = check("--baseline-ref", "main~1", "dist.xml", cwd=repo)
    assert other.code == 2
    assert other.err.startswith('cfguard: unknown revision "main~1"')


def test_not_a_git_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    write(plain / "dist.xml", current("https-only"))
    result = check(
        "--baseline-ref",
        "HEAD",
        "dist.xml",
        cwd=plain,
        env={"GIT_CEILING_DIRECTORIES": str(tmp_path)},
    )
    assert result.code == 2
    assert result.err.splitlines() == [
        f"cfguard: {plain.resolve()} is not inside a git repository, so --baseline-ref has no "
        "history to read; compare with a saved copy instead: --baseline FILE"
    ]
    assert_no_traceback(result.err)


def test_standard_input_has_no_path_in_git(repo: Path) -> None:
    result = run_cfguard(
        "check", "--baseline-ref", "HEAD", "-", cwd=repo, stdin=current("https-only").encode()
    )
    assert result.code == 2
    assert result.err.startswith("cfguard: --baseline-ref reads each file's previous version")


def test_git_missing_only_matters_with_baseline_ref(repo: Path, tmp_path: Path) -> None:
    write(repo / "dist.xml", current("https-only"))
    commit(repo)
    no_git = {"PATH": str(tmp_path / "empty-bin")}
    plain = check("dist.xml", cwd=repo, env=no_git)
    assert plain.code == 0, plain.out + plain.err
    with_ref = check("--baseline-ref", "HEAD", "dist.xml", cwd=repo, env=no_git)
    assert with_ref.code == 2
    assert with_ref.err == "cfguard: git is not installed or not on PATH; --baseline-ref needs it\n"


def test_git_dir_from_a_hook_does_not_redirect_the_lookup(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    write(repo / "dist.xml", current("allow-all"))
    commit(repo)
    write(repo / "dist.xml", current("https-only"))
    result = check(
        "--baseline-ref", "HEAD", "dist.xml", cwd=repo, env={"GIT_DIR": str(other / ".git")}
    )
    assert len(cfg201_lines(result.out)) == 1, result.out + result.err


def test_a_symlink_is_compared_through_its_target(repo: Path) -> None:
    write(repo / "real" / "www.xml", current("allow-all"))
    (repo / "www.xml").symlink_to(Path("real") / "www.xml")
    commit(repo)
    write(repo / "real" / "www.xml", current("https-only"))
    result = check("--baseline-ref", "HEAD", "www.xml", cwd=repo)
    assert [line.split(":")[0] for line in cfg201_lines(result.out)] == ["www.xml"]
    assert result.err == ""


def test_an_invalidation_outside_the_repository_counts(repo: Path, tmp_path: Path) -> None:
    write(repo / "dist.xml", current("allow-all"))
    commit(repo)
    write(repo / "dist.xml", current("https-only"))
    outside = write(tmp_path / "outside" / "flush.xml", batch("/*"))
    result = check(
        "--baseline-ref",
        "HEAD",
        "dist.xml",
        "--invalidation",
        outside,
        cwd=repo,
        env={"GIT_CEILING_DIRECTORIES": str(tmp_path)},
    )
    assert cfg201_lines(result.out) == []
    assert result.code == 0, result.out + result.err

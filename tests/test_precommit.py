"""The pre-commit hook as a user meets it.

The `precommit` tests run the real `pre-commit` against a snapshot of this working tree (committed
in a temporary repository, so uncommitted work is what gets tested): pre-commit installs the hook
from it with pip, which needs PyPI. One environment is built per test session and shared.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, REPO, TESTS, run_cfguard

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
IDENTITY = {
    "GIT_AUTHOR_NAME": "cfguard tests",
    "GIT_AUTHOR_EMAIL": "tests@cfguard.invalid",
    "GIT_COMMITTER_NAME": "cfguard tests",
    "GIT_COMMITTER_EMAIL": "tests@cfguard.invalid",
}
BAD = FIXTURES / "CFG101" / "fail_current.xml"  # CFG101 twice: lines 18 and 31
GOOD = REPO / "examples" / "secure-distribution.xml"
POM = (
    '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">'
    "<modelVersion>4.0.0</modelVersion></project>\n"
)


def git(*args: str, cwd: Path) -> str:
    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **IDENTITY},
        timeout=60,
    )
    return proc.stdout.strip()


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **IDENTITY, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [*PRE_COMMIT, *args, "--color", "never"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This working tree (tracked and new files, as they are now) committed in a new repository:
    pre-commit installs hooks from commits, never from a working tree."""
    target = tmp_path_factory.mktemp("cfguard-snapshot")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("commit", "-q", "--no-verify", "-m", "snapshot", cwd=target)
    return target, git("rev-parse", "HEAD", cwd=target)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A user's repository, without any commit yet."""
    git("init", "-q", cwd=tmp_path)
    return tmp_path


def test_manifest_is_valid_and_declares_the_hook() -> None:
    manifest = REPO / ".pre-commit-hooks.yaml"
    proc = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(manifest)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hook, fixing = yaml.safe_load(manifest.read_text())
    assert hook["id"] == hook["name"] == "cfguard"
    assert hook["entry"] == "cfguard check"
    assert hook["language"] == "python"
    assert hook["files"] == r"(?i)\.(xml|json|ya?ml|template|tf)$"
    assert hook["types"] == ["text"]
    assert "types_or" not in hook
    assert hook["require_serial"] is False
    assert hook["args"] == ["--baseline-ref", "HEAD"]
    assert "CloudFront" in hook["description"]
    # The fixing hook is the same check with --fix: the same files, the same arguments.
    assert fixing["id"] == "cfguard-fix"
    assert fixing["entry"] == "cfguard check --fix"
    assert {k: v for k, v in fixing.items() if k not in {"id", "name", "entry", "description"}} == {
        k: v for k, v in hook.items() if k not in {"id", "name", "entry", "description"}
    }


def test_own_config_is_valid() -> None:
    proc = subprocess.run(
        [*PRE_COMMIT, "validate-config", str(REPO / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hook_arguments_work_before_the_first_commit(work: Path) -> None:
    # pre-commit on a repository's first commit: HEAD names no commit yet, every file is new.
    shutil.copy(BAD, work / "dist.xml")
    result = run_cfguard("check", "--baseline-ref", "HEAD", "dist.xml", cwd=work)
    assert result.code == 1
    assert "dist.xml:18:5: CFG101 [error]" in result.out
    assert result.err == ""


@pytest.mark.precommit
def test_try_repo_fails_on_a_bad_document_and_skips_other_xml(
    snapshot: tuple[Path, str], home: Path, work: Path
) -> None:
    checkout, _ = snapshot
    shutil.copy(BAD, work / "bad.xml")
    shutil.copy(GOOD, work / "good.xml")
    (work / "pom.xml").write_text(POM)
    git("add", ".", cwd=work)
    failed = pre_commit(
        "try-repo", str(checkout), "cfguard", "--files", "bad.xml", "pom.xml", cwd=work, home=home
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"^cfguard\.+Failed$", failed.stdout, re.MULTILINE)
    assert (
        "bad.xml:18:5: CFG101 [error] [*] the default cache behavior accepts plain HTTP"
        in failed.stdout
    )
    passed = pre_commit(
        "try-repo", str(checkout), "cfguard", "--files", "good.xml", "pom.xml", cwd=work, home=home
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^cfguard\.+Passed$", passed.stdout, re.MULTILINE)
    only_pom = pre_commit(
        "try-repo", str(checkout), "cfguard", "--files", "pom.xml", cwd=work, home=home
    )
    assert only_pom.returncode == 0, only_pom.stdout + only_pom.stderr
    assert "CFG" not in only_pom.stdout


@pytest.mark.precommit
def test_try_repo_checks_cli_json_and_passes_unrelated_json(
    snapshot: tuple[Path, str], home: Path, work: Path
) -> None:
    checkout, _ = snapshot
    listing = TESTS / "syntaxes" / "json" / "data" / "aws-cli-examples-get-distribution-1.json"
    shutil.copy(listing, work / "dist.json")
    (work / "package.json").write_text('{"name": "site", "private": true}\n')
    git("add", ".", cwd=work)
    failed = pre_commit(
        "try-repo",
        str(checkout),
        "cfguard",
        "--files",
        "dist.json",
        "package.json",
        cwd=work,
        home=home,
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "dist.json:57:41: CFG101 [error] [*] the default cache behavior accepts plain HTTP" in (
        failed.stdout
    )
    only_package = pre_commit(
        "try-repo", str(checkout), "cfguard", "--files", "package.json", cwd=work, home=home
    )
    assert only_package.returncode == 0, only_package.stdout + only_package.stderr
    assert "CFG" not in only_package.stdout


TF_ALLOW_ALL = """\
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "web"
    domain_name = "origin.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "web"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
"""


@pytest.mark.precommit
def test_try_repo_checks_terraform_and_template_files_and_passes_other_modules(
    snapshot: tuple[Path, str], home: Path, work: Path
) -> None:
    checkout, _ = snapshot
    (work / "cdn").mkdir()
    (work / "cdn" / "main.tf").write_text(TF_ALLOW_ALL)
    (work / "vpc.tf").write_text('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n')
    template = (
        TESTS / "syntaxes" / "cloudformation" / "data" / "cfn_nag-cloudfront_with_tls_10.json"
    )
    (work / "stack.template").write_bytes(template.read_bytes())
    git("add", ".", cwd=work)
    failed = pre_commit(
        "try-repo",
        str(checkout),
        "cfguard",
        "--files",
        "cdn/main.tf",
        "vpc.tf",
        cwd=work,
        home=home,
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert (
        "cdn/main.tf:15:30: CFG101 [error] [*] the default cache behavior accepts plain HTTP"
        in (failed.stdout)
    )
    only_vpc = pre_commit(
        "try-repo", str(checkout), "cfguard", "--files", "vpc.tf", cwd=work, home=home
    )
    assert only_vpc.returncode == 0, only_vpc.stdout + only_vpc.stderr
    assert "CFG" not in only_vpc.stdout
    # A *.template has no pre-commit file type: the hook takes it by name.
    template_run = pre_commit(
        "try-repo", str(checkout), "cfguard", "--files", "stack.template", cwd=work, home=home
    )
    assert template_run.returncode == 1, template_run.stdout + template_run.stderr
    assert re.search(r"^stack\.template:\d+:\d+: CFG103 ", template_run.stdout, re.MULTILINE)


@pytest.mark.precommit
def test_configured_hook_fails_then_passes_once_fixed_or_suppressed(
    snapshot: tuple[Path, str], home: Path, work: Path
) -> None:
    checkout, sha = snapshot
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {checkout}\n    rev: {sha}\n    hooks:\n      - id: cfguard\n"
    )
    shutil.copy(BAD, work / "dist.xml")
    (work / "pom.xml").write_text(POM)
    git("add", ".", cwd=work)
    failed = pre_commit("run", "--all-files", cwd=work, home=home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "dist.xml:18:5: CFG101 [error]" in failed.stdout
    assert 'dist.xml:31:9: CFG101 [error] [*] cache behavior "/health"' in failed.stdout
    # Fix the default behavior; suppress "/health", with the reason.
    text = BAD.read_text()
    text = text.replace(
        "<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>\n  </DefaultCacheBehavior>",
        "<ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>\n  </DefaultCacheBehavior>",
    )
    text = text.replace(
        "      <CacheBehavior>\n        <PathPattern>/health",
        "      <!-- cfguard: ignore[CFG101] firmware 1.x fetches /health over HTTP -->\n"
        "      <CacheBehavior>\n        <PathPattern>/health",
    )
    (work / "dist.xml").write_text(text)
    git("add", ".", cwd=work)
    passed = pre_commit("run", "--all-files", cwd=work, home=home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^cfguard\.+Passed$", passed.stdout, re.MULTILINE)
    # A suppression without a reason does not pass when the project requires reasons.
    (work / ".cfguard.toml").write_text("require-reason = true\n")
    (work / "dist.xml").write_text(text.replace(" firmware 1.x fetches /health over HTTP", ""))
    git("add", ".", cwd=work)
    unexplained = pre_commit("run", "--all-files", cwd=work, home=home)
    assert unexplained.returncode == 1
    assert "CFG902 [error] the suppression of CFG101 gives no reason" in unexplained.stdout


@pytest.mark.precommit
def test_the_fix_hook_repairs_the_file_and_fails_until_the_fix_is_staged(
    snapshot: tuple[Path, str], home: Path, work: Path
) -> None:
    checkout, sha = snapshot
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {checkout}\n    rev: {sha}\n    hooks:\n      - id: cfguard-fix\n"
    )
    shutil.copy(BAD, work / "dist.xml")
    git("add", ".", cwd=work)
    fixed = pre_commit("run", "--all-files", cwd=work, home=home)
    # pre-commit fails a hook that changed files, and shows which.
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert re.search(r"^cfguard \(fix\)\.+Failed$", fixed.stdout, re.MULTILINE)
    assert "files were modified by this hook" in fixed.stdout
    assert "(2 fixed)." in fixed.stdout
    changed = git("diff", "--unified=0", "dist.xml", cwd=work)
    assert [
        line for line in changed.splitlines() if line[:1] in "+-" and line[:3] not in {"+++", "---"}
    ] == [
        "-    <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>",
        "+    <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>",
        "-        <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>",
        "+        <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>",
    ]
    git("add", ".", cwd=work)
    passed = pre_commit("run", "--all-files", cwd=work, home=home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^cfguard \(fix\)\.+Passed$", passed.stdout, re.MULTILINE)


def _configure(work: Path, snapshot: tuple[Path, str]) -> None:
    checkout, sha = snapshot
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {checkout}\n    rev: {sha}\n    hooks:\n      - id: cfguard\n"
    )


@pytest.mark.precommit
def test_the_hook_passes_the_commit_that_fixes_a_file_committed_broken(
    snapshot: tuple[Path, str], home: Path, work: Path
) -> None:
    # Issue 12: a committed version that is broken used to turn the fixed file into "unreadable"
    # (exit 2), so the fix could not be committed through the hook.
    (work / "dist.xml").write_text("<DistributionConfig>\n  <Comment>broken\n")
    git("add", ".", cwd=work)
    git("commit", "-q", "--no-verify", "-m", "broken", cwd=work)
    _configure(work, snapshot)
    shutil.copy(GOOD, work / "dist.xml")
    git("add", ".", cwd=work)
    fixed = pre_commit("run", "--verbose", "--files", "dist.xml", cwd=work, home=home)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert re.search(r"^cfguard\.+Passed$", fixed.stdout, re.MULTILINE)
    assert "cfguard: dist.xml: note: its version at HEAD cannot be used as the baseline" in (
        fixed.stdout
    )


@pytest.mark.precommit
def test_parallel_hook_batches_report_what_one_batch_and_a_scan_report(
    snapshot: tuple[Path, str], home: Path, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 12: with require_serial: false, pre-commit splits the files between processes; a
    # batch file argument used to count for every distribution in its process.
    from tests.test_trust_change import SPLIT_TREE_CFG201, split_tree

    def commit(repo: Path) -> None:
        git("add", ".", cwd=repo)
        git("commit", "-q", "--no-verify", "-m", "http", cwd=repo)

    split_tree(work, commit)
    _configure(work, snapshot)
    git("add", ".", cwd=work)
    found = []
    for serial in (False, True):  # pre-commit's own switch: one process for all the files
        if serial:
            monkeypatch.setenv("PRE_COMMIT_NO_CONCURRENCY", "1")
        run = pre_commit("run", "--all-files", cwd=work, home=home)
        assert run.returncode == 1, run.stdout + run.stderr
        found.append(
            {
                " ".join(line.split(" ")[:2])
                for line in run.stdout.splitlines()
                if ": CFG201 " in line
            }
        )
    assert found[0] == found[1] == SPLIT_TREE_CFG201

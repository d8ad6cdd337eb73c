"""The CI formats through the real CLI: same exit codes as text, and no surprise format switch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, assert_no_traceback, run_cfguard

INSECURE = "examples/insecure-distribution.xml"
SECURE = "examples/secure-distribution.xml"


@pytest.mark.parametrize(
    ("paths", "code"), [((INSECURE,), 1), ((SECURE,), 0), ((SECURE, "missing.xml"), 2)]
)
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab"])
def test_the_format_never_changes_the_exit_code(
    fmt: str, paths: tuple[str, ...], code: int
) -> None:
    result = run_cfguard("check", "--format", fmt, *paths, cwd=REPO)
    assert_no_traceback(result.err)
    assert result.code == code


def test_github_actions_environment_keeps_text_as_the_default() -> None:
    env = {**os.environ, "GITHUB_ACTIONS": "true", "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "cfguard", "check", INSECURE],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert first.startswith(f"{INSECURE}:")
    assert not first.startswith("::")


def test_report_file_for_each_ci_format(tmp_path: Path) -> None:
    for fmt, name in (("sarif", "r.sarif"), ("github", "r.txt"), ("gitlab", "r.json")):
        result = run_cfguard("check", "--format", fmt, "-o", tmp_path / name, INSECURE, cwd=REPO)
        assert result.code == 1
        assert result.out == ""
        assert "CFG101" in (tmp_path / name).read_text(encoding="utf-8")

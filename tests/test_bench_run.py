"""The benchmark runner (bench/run.py): its Terraform figures (issue 16) are in the CI smoke run,
and the anchor section that compares them with checkov runs end to end. The real checkov takes
seconds a file, so the anchor test gives the runner a stand-in that records its command lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

RUN = REPO / "bench" / "run.py"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the runner reads /proc"
)

#: A stand-in for checkov: prints a version, records each command line, exits 1 (findings).
FAKE_CHECKOV = """#!{python}
import os, sys
if sys.argv[1:] == ["--version"]:
    print("3.3.30")
    sys.exit(0)
with open(os.environ["FAKE_CHECKOV_LOG"], "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
sys.exit(1)
"""


def _bench(tmp_path: Path, *args: str, log: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CFGUARD_CACHE_DIR": str(tmp_path / "schema-cache")}
    if log is not None:
        env["FAKE_CHECKOV_LOG"] = str(log)
    return subprocess.run(
        [sys.executable, str(RUN), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
        check=False,
    )


def test_the_ci_smoke_run_has_the_tf_cold_check_and_no_anchors(tmp_path: Path) -> None:
    result = _bench(tmp_path, "--sizes", "1,20", "--repeat", "3")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    [tf] = [line for line in lines if line.startswith("cfguard check cdn.tf ")]
    assert tf.endswith("x")  # its "x XML" ratio to clean.xml's cold check
    assert "cdn.tf 31,258 B" in result.stdout
    assert "anchors (cfn-lint, checkov): not measured" in result.stdout
    assert "anchors, Terraform" not in result.stdout


def test_the_terraform_anchors_run_checkov_on_the_file_and_on_module_directories(
    tmp_path: Path,
) -> None:
    anchors = tmp_path / "bin"
    anchors.mkdir()
    checkov = anchors / "checkov"
    checkov.write_text(FAKE_CHECKOV.format(python=sys.executable))
    checkov.chmod(0o755)
    log, work = tmp_path / "checkov.log", tmp_path / "work"
    result = _bench(
        tmp_path,
        *("--sizes", "1", "--repeat", "1", "--anchor-repeat", "2", "--templates", "2"),
        *("--tf-files", "3", "--anchors-bin", str(anchors), "--corpus-dir", str(work), "--json"),
        log=log,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout)
    assert figures["sizes"]["cdn.tf"] == 31258
    assert figures["cold_start"]["cfguard check cdn.tf"]["exit_code"] in (0, 1)
    tf = figures["anchors"]["terraform"]
    assert tf["file"] == "cdn.tf"
    assert tf["files"] == 3
    assert set(tf["cold"]) == set(tf["throughput"]) == {"cfguard", "checkov"}
    assert tf["throughput_repeat"] == {"cfguard": 2, "checkov": 2}
    assert tf["throughput"]["cfguard"]["exit_code"] in (0, 1)
    # Each copy alone in its directory, as a repository's modules are.
    assert sorted(p.relative_to(work).as_posix() for p in (work / "tf-3").rglob("*.tf")) == [
        "tf-3/m00001/main.tf",
        "tf-3/m00002/main.tf",
        "tf-3/m00003/main.tf",
    ]
    calls = log.read_text().splitlines()
    quiet = "--compact --quiet --skip-download"
    # warmed once, then --anchor-repeat runs; the directory run is not warmed
    assert calls.count(f"-f cdn.tf --framework terraform {quiet}") == 3
    assert calls.count(f"-d tf-3 --framework terraform {quiet}") == 2
    assert calls.count(f"-f webapp.yaml {quiet}") == 3

    text = _bench(
        tmp_path,
        *("--sizes", "1", "--repeat", "1", "--anchor-repeat", "1", "--templates", "2"),
        *("--tf-files", "3", "--anchors-bin", str(anchors), "--corpus-dir", str(work)),
        log=log,
    )
    assert text.returncode == 0, text.stdout + text.stderr
    assert "anchors, Terraform: cold check of cdn.tf (31,258 B" in text.stdout
    assert "3 copies of cdn.tf, each in a directory of its own" in text.stdout
    assert "checkov 3.3.30 " in text.stdout
    assert "x faster" in text.stdout
    assert "1,000 .tf files (issue 16) not measured" in text.stdout


def test_the_fix_figure_fixes_a_fresh_copy_each_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    result = _bench(
        tmp_path,
        "--sizes",
        "1",
        "--repeat",
        "2",
        "--fix-documents",
        "30",
        "--corpus-dir",
        str(corpus),
        "--json",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    figure = json.loads(result.stdout)["fix"]
    assert figure["documents"] == 30
    # Every distribution had a viewer policy to fix; the invalidation batches had none.
    batches = sum(
        1 for path in (corpus / "fix-pristine").iterdir() if "InvalidationBatch" in path.read_text()
    )
    assert figure["changed"] == 30 - batches > 0
    assert figure["check"]["exit_code"] == figure["fix"]["exit_code"] == 1
    assert figure["x_check"] == figure["fix"]["wall"] / figure["check"]["wall"]
    # The pristine copy is what each run started from: still unfixed.
    assert all(
        b"allow-all" in path.read_bytes()
        for path in (corpus / "fix-pristine").iterdir()
        if b"<DistributionConfig" in path.read_bytes()
    )

"""Fingerprints follow a finding when lines move and tell different findings apart."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from cfguard.formatters.fingerprint import fingerprint, fingerprints
from tests.conftest import REPO, run_cfguard
from tests.formatters import cases

INSECURE = REPO / "examples" / "insecure-distribution.xml"


def findings_by_print(repo: Path, fmt: str) -> dict[str, tuple[str, int]]:
    """fingerprint -> (rule id, line), from the real CLI."""
    result = run_cfguard("check", "--format", fmt, "configs/dist.xml", cwd=repo)
    assert result.code == 1, result.err
    if fmt == "gitlab":
        return {
            i["fingerprint"]: (i["check_name"], i["location"]["lines"]["begin"])
            for i in json.loads(result.out)
        }
    return {
        r["partialFingerprints"]["cfguard/v2"]: (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in json.loads(result.out)["runs"][0]["results"]
    }


def test_fingerprints_survive_lines_moving(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, capture_output=True)
    (tmp_path / "configs").mkdir()
    dist = tmp_path / "configs" / "dist.xml"
    shutil.copy(INSECURE, dist)
    for fmt in ("sarif", "gitlab"):
        before = findings_by_print(tmp_path, fmt)
        assert len(before) >= 3
        assert len({rule for rule, _ in before.values()}) >= 3
        text = INSECURE.read_text(encoding="utf-8")
        moved = text.replace(
            "<DistributionConfig ", "\n\n<!-- reviewed 2024 -->\n<DistributionConfig ", 1
        ).replace("  <Aliases>", "  <!-- aliases: see DNS -->\n\n  <Aliases>", 1)
        dist.write_text(moved, encoding="utf-8")
        after = findings_by_print(tmp_path, fmt)
        assert set(after) == set(before)  # the same fingerprints...
        for key, (rule, line) in before.items():
            assert after[key][0] == rule
            assert after[key][1] > line  # ...for findings that did move
        dist.write_text(text, encoding="utf-8")


def test_findings_sharing_rule_and_element_are_counted_in_order() -> None:
    same = [f for f in cases.MAIN.findings if f.rule_id == "CFG106"]
    assert len(same) == 2
    assert same[0].location == same[1].location
    prints = [print_ for _, print_ in fingerprints("deploy/dist.xml", cases.MAIN.findings)]
    assert len(set(prints)) == len(prints)
    identity = same[0].location.identity
    counted = [print_ for f, print_ in fingerprints("deploy/dist.xml", same)]
    assert counted == [fingerprint("CFG106", "deploy/dist.xml", None, identity, n) for n in (0, 1)]

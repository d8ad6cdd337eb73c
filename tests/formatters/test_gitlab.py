"""The GitLab Code Quality formatter against the shared cases."""

from __future__ import annotations

import io
import json
from typing import Any

from cfguard.formatters import OutputOptions
from cfguard.formatters.gitlab import write_report
from cfguard.formatters.sarif import write_log
from tests.formatters import cases
from tests.snapshots import assert_snapshot

#: GitLab's allowed severities (Code Quality report format).
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def report(results: tuple[Any, ...] = cases.RESULTS) -> str:
    out = io.StringIO()
    write_report(iter(results), out, cases.RULES_BY_ID, cases.PATHS)
    return out.getvalue()


def test_golden() -> None:
    assert_snapshot(report(), cases.EXPECTED / "gitlab.json")


def test_layout_is_plain_indented_json() -> None:
    text = report()
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert report((cases.CLEAN, cases.SKIPPED)) == "[]\n"


def test_issues_have_what_gitlab_reads() -> None:
    issues = json.loads(report())
    assert len(issues) == 8  # suppressed findings and skipped files are not issues
    for issue in issues:
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["description"]
        assert issue["check_name"].startswith("CFG")
    assert [i["severity"] for i in issues[:5]] == ["major", "major", "major", "minor", "info"]
    paths = list(dict.fromkeys(i["location"]["path"] for i in issues))
    assert paths == [
        "deploy/dist.xml",
        "shared configs/über, #2 50%.xml",
        "/etc/cloudfront/outside.xml",
        "stdin",
    ]
    security = {i["check_name"] for i in issues if i.get("categories") == ["Security"]}
    assert security == {"CFG102", "CFG103", "CFG201"}


def test_fingerprints_are_unique_and_match_sarif() -> None:
    issues = json.loads(report())
    prints = [issue["fingerprint"] for issue in issues]
    assert len(set(prints)) == len(prints)
    out = io.StringIO()
    write_log(
        iter(cases.RESULTS),
        cases.tally(),
        out,
        OutputOptions(),
        rules=cases.RULES,
        version=cases.VERSION,
        paths=cases.PATHS,
    )
    sarif = json.loads(out.getvalue())["runs"][0]["results"]
    assert prints == [result["partialFingerprints"]["cfguard/v1"] for result in sarif]

"""The GitLab Code Quality formatter against the shared cases."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from cfguard.formatters import OutputOptions
from cfguard.formatters.gitlab import TAG_CATEGORIES, categories, write_report
from cfguard.formatters.sarif import write_log
from cfguard.rules.registry import all_rules
from tests.conftest import FIXTURES, run_cfguard
from tests.formatters import cases
from tests.snapshots import assert_snapshot

#: GitLab's allowed severities (Code Quality report format).
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
#: The Code Climate spec's issue categories, the only ones GitLab accepts.
CATEGORIES = {
    "Bug Risk",
    "Clarity",
    "Compatibility",
    "Complexity",
    "Duplication",
    "Performance",
    "Security",
    "Style",
}


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
    security = {i["check_name"] for i in issues if i["categories"] == ["Security"]}
    assert security == {"CFG102", "CFG103", "CFG201"}
    assert {
        i["check_name"]: i["categories"] for i in issues if i["check_name"] not in security
    } == {
        "CFG001": ["Bug Risk"],
        "CFG106": ["Bug Risk"],
        "CFG202": ["Bug Risk"],
        "CFG301": ["Bug Risk"],
    }


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.id)
def test_every_rule_has_gitlab_categories(rule: Any) -> None:
    # Every tag has a decided category, so a new tag cannot fall through unnoticed.
    assert set(rule.tags) <= set(TAG_CATEGORIES), f"{rule.id}: map its tags in TAG_CATEGORIES"
    found = categories(rule)
    assert found
    assert set(found) <= CATEGORIES
    assert (found == ["Security"]) == ("security" in rule.tags)


def test_cli_report_gives_a_non_security_issue_its_category(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "dist.xml").write_bytes((FIXTURES / "CFG106" / "fail_current.xml").read_bytes())
    result = run_cfguard(
        "check", "--format", "gitlab", "--select", "CFG106", "dist.xml", cwd=tmp_path
    )
    issues = json.loads(result.out)
    assert issues
    assert result.code == 1
    assert {(i["check_name"], tuple(i["categories"])) for i in issues} == {
        ("CFG106", ("Bug Risk",))
    }


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
    assert prints == [result["partialFingerprints"]["cfguard/v2"] for result in sarif]

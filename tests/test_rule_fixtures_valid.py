"""Every rule fixture outside CFG001–CFG003 is a document CloudFront would accept (issue 13).

A pass or fail fixture of CFG101 must show CFG101 and nothing else: a fixture that does not parse,
is in an unsupported version or breaks the schema tests the document checks, not the rule. So
every `*.xml` under `tests/fixtures/CFG1*`, `CFG2*`, `CFG3*`, `CFG4*` and `CFG9*` (the baselines
and invalidation batches beside them included) is checked by the real CLI with only CFG001,
CFG002 and CFG003 selected, and must give none of them, not even a suppressed one.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TypedDict, cast

import pytest

from tests.conftest import FIXTURES, REPO, assert_no_traceback, run_cfguard

DOCUMENT_RULES = ("CFG001", "CFG002", "CFG003")
GROUPS = ("CFG1", "CFG2", "CFG3", "CFG4", "CFG9")
RULE_FIXTURES = sorted(p for group in GROUPS for p in FIXTURES.glob(f"{group}*/*.xml"))

# fixture (relative to tests/fixtures) -> why it is not schema-valid today; each is a known
# defect to fix in the fixture, and xfail(strict=True) makes the test fail once it is fixed.
NOT_SCHEMA_VALID: dict[str, str] = {}


class JsonFinding(TypedDict):
    rule: str
    message: str
    line: int | None
    column: int | None


class JsonFile(TypedDict, total=False):
    path: str
    findings: list[JsonFinding]
    suppressed: list[JsonFinding]


class JsonReport(TypedDict):
    files: list[JsonFile]
    skipped: list[dict[str, str]]
    errors: list[dict[str, str]]


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def case_id(path: Path) -> str:
    return path.relative_to(FIXTURES).as_posix()


@cache
def document_rules_report() -> JsonReport:
    """One cfguard process over every fixture, with only the document rules selected."""
    run = run_cfguard(
        "check",
        "--format",
        "json",
        "--show-suppressed",
        "--select",
        ",".join(DOCUMENT_RULES),
        "--fail-on",
        "never",
        *map(relative, RULE_FIXTURES),
        cwd=REPO,
    )
    assert_no_traceback(run.err)
    assert run.code == 0, (run.code, run.err)
    return cast(JsonReport, json.loads(run.out))


def shown(finding: JsonFinding) -> str:
    return f"{finding['line']}:{finding['column']}: {finding['rule']} {finding['message']}"


def cases() -> list[object]:
    return [
        pytest.param(
            path,
            id=case_id(path),
            marks=[pytest.mark.xfail(strict=True, reason=NOT_SCHEMA_VALID[case_id(path)])]
            if case_id(path) in NOT_SCHEMA_VALID
            else [],
        )
        for path in RULE_FIXTURES
    ]


def test_the_fixtures_are_there() -> None:
    # An empty glob would make the parametrized test below pass by running nothing.
    assert {p.parent.name[:4] for p in RULE_FIXTURES} == set(GROUPS)
    assert not set(NOT_SCHEMA_VALID) - {case_id(p) for p in RULE_FIXTURES}


@pytest.mark.parametrize("fixture", cases())
def test_rule_fixture_is_schema_valid(fixture: Path) -> None:
    report = document_rules_report()
    path = relative(fixture)
    entries = [entry for entry in report["files"] if entry.get("path") == path]
    assert len(entries) == 1, (
        f"{path} was not checked as one CloudFront document: "
        f"skipped {[s for s in report['skipped'] if s['path'] == path]}, "
        f"errors {[e for e in report['errors'] if e['path'] == path]}"
    )
    entry = entries[0]
    found = [
        f"{path}:{shown(finding)}"
        for finding in entry.get("findings", []) + entry.get("suppressed", [])
        if finding["rule"] in DOCUMENT_RULES
    ]
    assert found == [], f"{path} is not a document CloudFront accepts:\n" + "\n".join(found)

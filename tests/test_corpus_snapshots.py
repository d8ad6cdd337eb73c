"""Whole-document, all-rules snapshots of the real fixture corpus (issue 13: tests that pin the
pipeline's seams).

Every document under `tests/data/cloudfront-fixtures/` (real API XML; provenance in its README)
is checked by the real CLI, `cfguard check --format json --select ALL`, run from the repository
root so the paths are stable. One process checks the whole corpus (the JSON report lists every
file); each document's entry — how it was detected, then every finding with its rule, name,
severity, line, column, xpath and message, or the reason it was skipped — is compared with
`tests/corpus_snapshots/<same relative path>.snap`. The snapshots are what cfguard says about
these documents, so a restructure of the pipeline that changes any stage's output fails here.

Set CFGUARD_UPDATE_SNAPSHOTS=1 to write `.snap.new` files; review each against its document like
code, then rename it over the `.snap`.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import TypedDict, cast

import pytest

from tests.conftest import REPO, SHARED_COPY, TESTS, assert_no_traceback, run_cfguard
from tests.snapshots import assert_snapshot

SNAPSHOTS = TESTS / "corpus_snapshots"
DOCUMENTS = sorted(SHARED_COPY.rglob("*.xml"))


class JsonFinding(TypedDict):
    rule: str
    name: str
    severity: str
    message: str
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    path: str | None
    resource: str | None
    xpath: str | None


class JsonFile(TypedDict, total=False):
    path: str
    format: str
    api_version: str
    findings: list[JsonFinding]
    suppressed: list[JsonFinding]


class JsonSkipped(TypedDict):
    path: str
    reason: str


class JsonError(TypedDict):
    path: str
    message: str


class JsonReport(TypedDict):
    files: list[JsonFile]
    skipped: list[JsonSkipped]
    errors: list[JsonError]


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def case_id(path: Path) -> str:
    return path.relative_to(SHARED_COPY).as_posix()


@cache
def corpus_report() -> JsonReport:
    """One cfguard process over the whole corpus; exit 1 because the corpus has findings."""
    run = run_cfguard(
        "check",
        "--format",
        "json",
        "--select",
        "ALL",
        *map(relative, DOCUMENTS),
        cwd=REPO,
        env={"SOURCE_DATE_EPOCH": "1735689600"},  # CFG201 dates a CallerReference
    )
    assert_no_traceback(run.err)
    assert run.code == 1, (run.code, run.err)
    return cast(JsonReport, json.loads(run.out))


def shown(text: str | None) -> str:
    """A value as one printable line: a control or invisible character is shown escaped."""
    if text is None:
        return "-"
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def where(finding: JsonFinding) -> str:
    """`line:column`, and `-end_line:end_column` when the span's end is known."""
    line, column = finding["line"], finding["column"]
    start = f"{'-' if line is None else line}:{'-' if column is None else column}"
    if finding["end_line"] is None:
        return start
    return f"{start}-{finding['end_line']}:{finding['end_column']}"


def render_findings(title: str, findings: list[JsonFinding]) -> list[str]:
    lines = [f"{title}: {len(findings)}"]
    for finding in findings:
        lines.append(
            f"{where(finding)} {finding['rule']} {finding['name']} [{finding['severity']}] "
            f"at {shown(finding['xpath'])}"
        )
        lines.append(f"    path {shown(finding['path'])}, resource {shown(finding['resource'])}")
        lines.append(f"    {shown(finding['message'])}")
    return lines


def render(report: JsonReport, path: str) -> str:
    """What cfguard said about one document: checked (format, version, findings), skipped (the
    reason) or an error (the message)."""
    lines = [f"$ cfguard check --format json --select ALL {path}"]
    files = [entry for entry in report["files"] if entry.get("path") == path]
    skipped = [entry for entry in report["skipped"] if entry["path"] == path]
    errors = [entry for entry in report["errors"] if entry["path"] == path]
    for entry in files:
        lines.append(
            f"checked: format {shown(entry.get('format'))}, API {shown(entry.get('api_version'))}"
        )
        lines.extend(render_findings("findings", entry.get("findings", [])))
        if "suppressed" in entry:
            lines.extend(render_findings("suppressed", entry["suppressed"]))
    lines.extend(f"skipped: {shown(entry['reason'])}" for entry in skipped)
    lines.extend(f"error: {shown(entry['message'])}" for entry in errors)
    assert len(lines) > 1, f"{path} is in none of files, skipped and errors"
    return "\n".join(lines) + "\n"


def snapshot_for(document: Path) -> Path:
    return SNAPSHOTS / document.relative_to(SHARED_COPY).with_suffix(".snap")


def test_the_corpus_is_there() -> None:
    # An empty glob would make the parametrized test below pass by running nothing.
    assert {p.parent.name for p in DOCUMENTS} == {
        "legacy",
        "modern",
        "modern-invalid",
        "recorded",
    }
    assert len(DOCUMENTS) >= 30


def test_each_document_is_reported_once() -> None:
    report = corpus_report()
    reported = sorted(
        [entry["path"] for entry in report["files"]]
        + [entry["path"] for entry in report["skipped"]]
        + [entry["path"] for entry in report["errors"]]
    )
    assert reported == sorted(map(relative, DOCUMENTS))


def test_every_snapshot_has_its_document() -> None:
    # A snapshot left behind by a renamed or removed document would pin nothing.
    expected = {snapshot_for(document) for document in DOCUMENTS}
    assert sorted(set(SNAPSHOTS.rglob("*.snap")) - expected) == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=case_id)
def test_document_matches_snapshot(document: Path) -> None:
    snapshot = snapshot_for(document)
    if os.environ.get("CFGUARD_UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
    assert_snapshot(render(corpus_report(), relative(document)), snapshot)

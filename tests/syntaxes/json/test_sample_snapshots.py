"""Whole-document, all-rules snapshots of the real AWS CLI and botocore JSON samples.

Every JSON document in `tests/syntaxes/json/data/` (the aws-cli example pages and botocore's
response fixtures; provenance in its PROVENANCE.md) is checked by the real CLI,
`cfguard check --format json --select ALL`, in one process from the repository root. None may
give CFG001, CFG002 or CFG003 (they are what the CLI and the service write), and what cfguard
says of each is compared with `snapshots/<name>.snap`, rendered as the XML corpus's snapshots
are. CFGUARD_UPDATE_SNAPSHOTS=1 writes `.snap.new` files to review and rename.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import cast

import pytest

from tests.conftest import REPO, assert_no_traceback, run_cfguard
from tests.snapshots import assert_snapshot
from tests.test_corpus_snapshots import JsonReport, render

HERE = Path(__file__).resolve().parent
SAMPLES = sorted((HERE / "data").glob("*.json"))
SNAPSHOTS = HERE / "snapshots"


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@cache
def report() -> JsonReport:
    run = run_cfguard(
        "check",
        "--format",
        "json",
        "--select",
        "ALL",
        *map(relative, SAMPLES),
        cwd=REPO,
        env={"SOURCE_DATE_EPOCH": "1735689600"},
    )
    assert_no_traceback(run.err)
    assert run.code == 1, (run.code, run.err)
    return cast(JsonReport, json.loads(run.out))


def test_the_samples_are_there() -> None:
    assert len(SAMPLES) == 26


def test_no_sample_is_refused_or_broken() -> None:
    refused = [
        (entry["path"], finding["rule"], finding["message"])
        for entry in report()["files"]
        for finding in entry.get("findings", [])
        if finding["rule"] in ("CFG001", "CFG002", "CFG003")
    ]
    assert refused == []
    assert report()["errors"] == []
    # The two list-invalidations outputs name no batch to check: skipped, not refused.
    assert sorted(Path(entry["path"]).name for entry in report()["skipped"]) == [
        "aws-cli-examples-list-invalidations-1.json",
        "botocore-response-parsing-cloudfront-list-invalidations.json",
    ]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_sample_matches_snapshot(sample: Path) -> None:
    assert_snapshot(render(report(), relative(sample)), SNAPSHOTS / f"{sample.stem}.snap")

"""The `json` formatter (version 1) against the shared cases (issue 13)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from cfguard.formatters import OutputOptions
from cfguard.formatters import json as json_format
from tests.formatters import cases
from tests.snapshots import assert_snapshot

DEFAULT = OutputOptions()
SHOW_SUPPRESSED = OutputOptions(show_suppressed=True)


@pytest.fixture(autouse=True)
def fixed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    # The report names cfguard's version; the goldens must not change with each release.
    monkeypatch.setattr(json_format, "__version__", cases.VERSION)


def report(options: OutputOptions = DEFAULT) -> str:
    out = io.StringIO()
    json_format.render(iter(cases.RESULTS), cases.tally(), out, options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("options", "golden"),
    [(DEFAULT, "json.json"), (SHOW_SUPPRESSED, "json-show-suppressed.json")],
    ids=["default", "show-suppressed"],
)
def test_golden(options: OutputOptions, golden: str) -> None:
    assert_snapshot(report(options), cases.EXPECTED / golden)


def test_layout_is_plain_indented_json() -> None:
    text = report()
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_what_tools_read() -> None:
    document: dict[str, Any] = json.loads(report())
    assert document["version"] == 1
    assert document["tool"] == {"name": "cfguard", "version": cases.VERSION}
    assert [entry["path"] for entry in document["files"]] == [
        "dist.xml",
        "clean.xml",
        "../shared configs/über, #2 50%.xml",
        "/etc/cloudfront/outside.xml",
        "-",
    ]
    assert document["skipped"] == [
        {"path": "pom.xml", "reason": "root element <project> is not a CloudFront document"}
    ]
    assert document["errors"] == [
        {"path": "missing, old.xml", "message": "no such file or directory"}
    ]
    assert document["summary"] == {
        "files": 5,
        "skipped": 1,
        "findings": 8,
        "error": 6,
        "warning": 1,
        "info": 1,
        "suppressed": 1,
        "fixed": 0,
        "fixable": 0,
    }
    # Message text is kept as it is (JSON escapes the CR LF), never shown escaped as in text.
    messages = [f["message"] for f in document["files"][0]["findings"]]
    assert "switched to HTTPS\nno invalidation since:\r\n  2024-05-01" in messages
    # A finding without a column or span has nulls, not missing keys.
    [no_column] = [f for f in document["files"][0]["findings"] if f["rule"] == "CFG201"]
    assert (no_column["column"], no_column["end_line"], no_column["end_column"]) == (
        None,
        None,
        None,
    )


def test_suppressed_findings_only_with_show_suppressed() -> None:
    hidden = json.loads(report())["files"][0]
    assert "suppressed" not in hidden
    shown = json.loads(report(SHOW_SUPPRESSED))["files"]
    [suppressed] = shown[0]["suppressed"]
    assert (suppressed["rule"], suppressed["reason"]) == (
        "CFG101",
        "health checks from firmware 1.x",
    )
    assert all(entry["suppressed"] == [] for entry in shown[1:])

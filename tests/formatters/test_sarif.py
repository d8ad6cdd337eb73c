"""The SARIF formatter against the shared cases: the exact log, and what code scanning relies on."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import unquote, urljoin

from cfguard.formatters import OutputOptions
from cfguard.formatters.sarif import write_log
from tests.formatters import cases
from tests.snapshots import assert_snapshot
from tests.test_sarif_schema import schema_errors

DEFAULT = OutputOptions()


def sarif(
    options: OutputOptions = DEFAULT,
    results: tuple[Any, ...] = cases.RESULTS,
    problems: tuple[Any, ...] = cases.PROBLEMS,
) -> str:
    out = io.StringIO()
    write_log(
        iter(results),
        cases.tally(results, problems),
        out,
        options,
        rules=cases.RULES,
        version=cases.VERSION,
        paths=cases.PATHS,
    )
    return out.getvalue()


def test_golden() -> None:
    assert_snapshot(sarif(), cases.EXPECTED / "sarif.json")


def test_streamed_layout_is_plain_indented_json() -> None:
    text = sarif()
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_golden_log_is_schema_valid() -> None:
    assert schema_errors(json.loads(sarif())) == []


def test_clean_run_has_empty_results() -> None:
    text = sarif(results=(cases.CLEAN, cases.SKIPPED), problems=())
    run = json.loads(text)["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert schema_errors(json.loads(text)) == []


def _uris(log: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [
        (location["uri"], location.get("uriBaseId"))
        for result in log["runs"][0]["results"]
        for location in [result["locations"][0]["physicalLocation"]["artifactLocation"]]
    ]


def test_uris_are_repository_relative_and_percent_encoded() -> None:
    log = json.loads(sarif())
    uris = dict.fromkeys(_uris(log))
    assert list(uris) == [
        ("deploy/dist.xml", "%SRCROOT%"),
        ("shared%20configs/%C3%BCber%2C%20%232%2050%25.xml", "%SRCROOT%"),
        ("file:///etc/cloudfront/outside.xml", None),
        ("stdin", None),
    ]
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == "file:///srv/checkout/"
    resolved = urljoin(base, "shared%20configs/%C3%BCber%2C%20%232%2050%25.xml")
    assert unquote(resolved) == "file:///srv/checkout/shared configs/über, #2 50%.xml"


def test_suppressed_findings_only_with_show_suppressed() -> None:
    hidden = json.loads(sarif())["runs"][0]["results"]
    assert "CFG101" not in {result["ruleId"] for result in hidden}
    shown = json.loads(sarif(OutputOptions(show_suppressed=True)))["runs"][0]["results"]
    [suppressed] = [result for result in shown if "suppressions" in result]
    assert suppressed["ruleId"] == "CFG101"
    assert suppressed["suppressions"] == [
        {"kind": "inSource", "justification": "health checks from firmware 1.x"}
    ]
    # Silencing a finding changes no fingerprint, its own included.
    key = "cfguard/v2"
    assert {r[key] for r in (x["partialFingerprints"] for x in hidden)} < {
        r[key] for r in (x["partialFingerprints"] for x in shown)
    }

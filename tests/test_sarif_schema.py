"""SARIF from the real CLI is valid against the official OASIS SARIF 2.1.0 schema (Errata 01),
with format checking on: GitHub's upload action rejects malformed URIs, so a schema check that
ignores `format` would pass logs code scanning refuses."""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker

from cfguard.rules.registry import all_rules
from tests.conftest import REPO, SHARED_COPY, TESTS, assert_no_traceback, run_cfguard

SCHEMA = TESTS / "data" / "sarif-schema-2.1.0.json"
#: The official schema (OASIS sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json), pinned by hash.
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
FIXTURE_DOCUMENTS = sorted(SHARED_COPY.rglob("*.xml"))


@cache
def validator() -> Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    # FormatChecker(), not Draft4Validator.FORMAT_CHECKER: draft 4 knows no `uri-reference`,
    # the format of every artifactLocation.uri.
    return Draft4Validator(schema, format_checker=FormatChecker())


def schema_errors(log: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator().iter_errors(log)
    ]


def sarif_of(*args: str | Path, cwd: Path = REPO) -> dict[str, Any]:
    result = run_cfguard("check", "--format", "sarif", *args, cwd=cwd)
    assert_no_traceback(result.err)
    assert result.code in (0, 1), result.err
    log: dict[str, Any] = json.loads(result.out)
    return log


def test_schema_is_the_official_file_byte_for_byte() -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_fixture_folder_is_not_empty() -> None:
    assert len(FIXTURE_DOCUMENTS) >= 20


@pytest.mark.parametrize(
    "document", FIXTURE_DOCUMENTS, ids=lambda p: p.relative_to(SHARED_COPY).as_posix()
)
def test_sarif_for_every_fixture_document_is_schema_valid(document: Path) -> None:
    log = sarif_of(document.relative_to(REPO))
    assert schema_errors(log) == []
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert uris <= {document.relative_to(REPO).as_posix()}


def test_document_without_findings_has_empty_results_and_is_valid() -> None:
    log = sarif_of("examples/secure-distribution.xml")
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    assert schema_errors(log) == []


def test_stdin_and_unreadable_inputs_stay_valid(tmp_path: Path) -> None:
    data = (REPO / "examples" / "insecure-distribution.xml").read_bytes()
    result = run_cfguard("check", "--format", "sarif", "-", "missing.xml", cwd=tmp_path, stdin=data)
    assert result.code == 2  # an unreadable input, whatever the format
    log = json.loads(result.out)
    assert schema_errors(log) == []
    run = log["runs"][0]
    assert {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    } == {"stdin"}
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == (
        "cfguard could not check missing.xml: no such file or directory"
    )


def test_validation_catches_a_broken_uri() -> None:
    """The check above is only worth something if a bad URI fails it."""
    log = sarif_of("examples/insecure-distribution.xml")
    assert schema_errors(log) == []
    broken = copy.deepcopy(log)
    location = broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    location["artifactLocation"]["uri"] = "sub dir/a b#c#d.xml"  # unencoded space, two '#'
    assert any("artifactLocation/uri" in error for error in schema_errors(broken))
    broken = copy.deepcopy(log)
    broken["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri"
    assert any("informationUri" in error for error in schema_errors(broken))


def test_driver_lists_every_rule_with_its_documentation() -> None:
    log = sarif_of("examples/secure-distribution.xml")
    driver = log["runs"][0]["tool"]["driver"]
    rules = {rule.id: rule for rule in all_rules()}
    assert [entry["id"] for entry in driver["rules"]] == sorted(rules)
    for entry in driver["rules"]:
        rule = rules[entry["id"]]
        assert entry["help"] == {"text": rule.documentation, "markdown": rule.documentation}
        assert entry["helpUri"] == rule.help_uri
        assert entry["shortDescription"]["text"] == rule.summary
        assert entry["fullDescription"]["text"]
        assert entry["fullDescription"]["text"] in " ".join(rule.documentation.split())
        level = {"error": "error", "warning": "warning", "info": "note"}[str(rule.severity)]
        assert entry["defaultConfiguration"]["level"] == level
        assert entry["properties"]["tags"] == list(rule.tags)
        if rule.security_severity is None:
            assert "security-severity" not in entry["properties"]
        else:
            assert float(entry["properties"]["security-severity"]) == float(rule.security_severity)


def test_results_index_their_rules() -> None:
    log = sarif_of("examples/insecure-distribution.xml")
    run = log["runs"][0]
    assert run["results"], "the insecure example must have findings"
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["cfguard/v2"]
    assert run["automationDetails"] == {"id": "cfguard/"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == REPO.as_uri() + "/"

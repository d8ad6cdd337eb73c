"""The same distribution gives the same model and the same findings in XML and in the AWS CLI's
JSON. Each current-API XML document of the test fixtures is converted to JSON with botocore's own
response parser (the code the AWS CLI runs to print `get-distribution-config`), then both are
checked with every rule: the models must be equal apart from locations, and the findings must
be the same rules about the same things (rule id, identity and path), in the same order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cfguard.engine import lint, load
from cfguard.model import Value
from cfguard.rules.registry import all_rules
from cfguard.rules.settings import Settings
from tests.conftest import FIXTURES, REPO

botocore_session = pytest.importorskip("botocore.session")
botocore_parsers = pytest.importorskip("botocore.parsers")

CURRENT = b"http://cloudfront.amazonaws.com/doc/2020-05-31/"
# Rules about the document itself (syntax, version, schema) and suppressions differ by syntax.
DOCUMENT_RULES = {"CFG001", "CFG002", "CFG003", "CFG901", "CFG902"}


def _documents() -> list[Path]:
    candidates = [
        *sorted(FIXTURES.glob("CFG*/*_current.xml")),
        *sorted((REPO / "tests" / "data" / "cloudfront-fixtures" / "modern").glob("*.xml")),
        *sorted((REPO / "examples").glob("*.xml")),
    ]
    picked = []
    for path in candidates:
        if path.parent.name in DOCUMENT_RULES:
            continue
        data = path.read_bytes()
        if CURRENT not in data or b"<DistributionConfig" not in data:
            continue
        loaded = load(data, Settings(enabled=frozenset({"CFG003"})), path.name)
        if loaded.findings or loaded.model is None or "WithTags" in loaded.model.document.kind:
            continue  # what CloudFront would refuse has no JSON rendering to compare
        picked.append(path)
    return picked


DOCUMENTS = _documents()


def to_cli_json(xml: bytes) -> str:
    """`xml` as `aws cloudfront get-distribution-config` prints it."""
    model = botocore_session.get_session().get_service_model("cloudfront")
    shape = model.operation_model("GetDistributionConfig").output_shape
    parser = botocore_parsers.RestXMLParser()
    response = {"body": xml, "headers": {"ETag": "E2QWRUHEXAMPLE"}, "status_code": 200}
    parsed = parser.parse(response, shape)
    parsed.pop("ResponseMetadata", None)
    return json.dumps(parsed, indent=4, default=str)


def without_locations(value: Any) -> Any:
    if isinstance(value, Value):
        return ("Value", value.literal, value.expression)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return (
            type(value).__name__,
            *(
                without_locations(getattr(value, name))
                for name in value._fields
                if "location" not in name and name != "required_protocols"
            ),
        )
    if isinstance(value, tuple):
        return tuple(without_locations(item) for item in value)
    return value


def test_there_are_documents_to_compare() -> None:
    assert len(DOCUMENTS) >= 20


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_xml_and_its_cli_json_give_the_same_model(path: Path) -> None:
    xml = path.read_bytes()
    cli_json = to_cli_json(xml).encode()
    from_xml = load(xml, Settings(enabled=frozenset()), "dist.xml").model
    from_json = load(cli_json, Settings(enabled=frozenset()), "dist.json").model
    assert from_json is not None
    assert without_locations(from_json) == without_locations(from_xml)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_xml_and_its_cli_json_give_the_same_findings(path: Path) -> None:
    xml = path.read_bytes()
    cli_json = to_cli_json(xml).encode()
    everything = Settings(enabled=frozenset(rule.id for rule in all_rules()))

    def findings(data: bytes, name: str) -> list[tuple[str, str, str | None]]:
        result = lint(data, name, everything)
        return [
            (f.rule_id, f.location.identity, f.location.path)
            for f in result.findings
            if f.rule_id not in DOCUMENT_RULES
        ]

    assert findings(cli_json, "dist.json") == findings(xml, "dist.xml")

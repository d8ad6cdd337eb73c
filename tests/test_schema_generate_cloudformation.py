"""schemas/generate_cloudformation.py and the resource schemas file it writes for CFG003 in
CloudFormation templates.

Regenerating needs the pinned cfn-lint (the `schemagen` extra); that test skips without it. The
rest hold the committed file to what it must say: the defaults CloudFormation fills in, the API's
enums and ranges it adds (equal to the shapes file the JSON syntax uses), what it leaves to the
rules, and that every reference resolves.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
DATA_FILE = SCHEMAS / "cloudformation-resources.schema.json"
SHAPES = json.loads((SCHEMAS / "cloudfront-2020-05-31.shapes.json").read_text())["shapes"]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cfguard_schema_generate_cloudformation", SCHEMAS / "generate_cloudformation.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _generator()
DATA: dict[str, Any] = json.loads(DATA_FILE.read_text())
DISTRIBUTION = DATA["resources"]["AWS::CloudFront::Distribution"]
DEFINITIONS = DISTRIBUTION["definitions"]


def _pinned_cfn_lint() -> None:
    try:
        version = importlib.metadata.version("cfn-lint")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("needs cfn-lint (pip install -e '.[schemagen]')")
    if version != generate.CFN_LINT_VERSION:
        pytest.skip(f"needs cfn-lint=={generate.CFN_LINT_VERSION}, not {version}")


def test_regenerating_gives_the_committed_file_byte_for_byte(tmp_path: Path) -> None:
    _pinned_cfn_lint()
    output = tmp_path / "out.json"
    assert generate.main(["--output", str(output)]) == 0
    assert output.read_bytes() == DATA_FILE.read_bytes()


def test_another_cfn_lint_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    json_spec = importlib.util.find_spec("json")
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "1.0.0")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: json_spec)
    with pytest.raises(SystemExit, match=r"pinned to cfn-lint==1\.58\.0 but 1\.0\.0"):
        generate.schemas_dir()


def test_the_file_is_small_ascii_deterministic_and_names_its_source() -> None:
    raw = DATA_FILE.read_bytes()
    assert len(raw) < 24_000
    raw.decode("ascii")
    assert DATA["cfn-lint"] == generate.CFN_LINT_VERSION == "1.58.0"
    assert DISTRIBUTION["hash"] == "14d24ae8a612f0ef"
    assert DATA["resources"]["AWS::CertificateManager::Certificate"]["hash"] == "7cfcf2c9acbd65d3"
    assert json.loads(raw) == json.loads(json.dumps(DATA, sort_keys=True))
    # one definition per line: a new cfn-lint shows as a reviewable diff
    resources = DATA["resources"].values()
    assert raw.count(b"\n") == 2 + sum(2 + len(r["definitions"]) for r in resources)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_every_reference_resolves_and_every_node_is_read() -> None:
    allowed = generate.KEPT | {"regex", "x-api-enum", "x-api-range", "x-quantity"}
    for name, record in DATA["resources"].items():
        for ref in _refs(record):
            assert ref.removeprefix("#/definitions/") in record["definitions"], (name, ref)

        def keys(node: Any) -> set[str]:
            if not isinstance(node, dict):
                return set()
            inner = [*node.get("properties", {}).values(), node.get("items")]
            return set(node) | {key for child in inner for key in keys(child)}

        nodes = [*record["definitions"].values(), *record["properties"].values()]
        assert set().union(*(keys(node) for node in nodes)) <= allowed, name


def test_what_cloudformation_fills_in_for_an_omitted_property() -> None:
    origin = DEFINITIONS["CustomOriginConfig"]["properties"]
    # The weak default the HTTPS rules must know about: SSLv3 and TLSv1 to the origin.
    assert origin["OriginSSLProtocols"]["default"] == ["TLSv1", "SSLv3"]
    assert "OriginSSLProtocols" not in DEFINITIONS["CustomOriginConfig"]["required"]
    assert (origin["HTTPPort"]["default"], origin["HTTPSPort"]["default"]) == (80, 443)
    config = DEFINITIONS["DistributionConfig"]["properties"]
    assert config["ViewerCertificate"]["default"] == {"CloudFrontDefaultCertificate": True}
    assert config["HttpVersion"]["default"] == "http1.1"
    assert config["PriceClass"]["default"] == "PriceClass_All"
    # The legacy CustomOrigin has no default: it must say.
    assert "OriginSSLProtocols" in DEFINITIONS["LegacyCustomOrigin"]["required"]


def test_the_api_enums_and_ranges_are_the_shapes_files() -> None:
    for (definition, prop, *rest), shape in generate.API_ENUMS.items():
        node = DEFINITIONS[definition]["properties"][prop]
        node = node[rest[0]] if rest else node
        assert node["enum"] == SHAPES[shape]["enum"], (definition, prop)
        assert node["x-api-enum"] == shape
    for (definition, prop), shape in generate.API_RANGES.items():
        node = DEFINITIONS[definition]["properties"][prop]
        assert (node["minimum"], node["maximum"]) == (SHAPES[shape]["min"], SHAPES[shape]["max"])
    behavior = DEFINITIONS["CacheBehavior"]["properties"]["ViewerProtocolPolicy"]
    default = DEFINITIONS["DefaultCacheBehavior"]["properties"]["ViewerProtocolPolicy"]
    assert behavior["enum"] == default["enum"] == ["allow-all", "https-only", "redirect-to-https"]


def test_quantity_pairs_read_only_properties_and_what_is_left_to_the_rules() -> None:
    marked = {name for name, node in DEFINITIONS.items() if node.get("x-quantity")}
    assert marked == {"OriginGroups", "OriginGroupMembers", "StatusCodes"}
    assert DISTRIBUTION["readOnly"] == ["DomainName", "Id"]
    assert set(DISTRIBUTION["properties"]) == {"DistributionConfig", "Tags"}
    certificate = DEFINITIONS["ViewerCertificate"]
    assert "dependentRequired" not in certificate  # CFG104: no SslSupportMethod
    assert "requiredXor" not in certificate
    assert "maxLength" not in certificate["properties"]["IamCertificateId"]  # CFG104
    assert "format" not in certificate["properties"]["AcmCertificateArn"]
    assert DEFINITIONS["CustomErrorResponse"]["dependentRequired"] == {
        "ResponseCode": ["ResponsePagePath"]
    }
    assert DEFINITIONS["Origin"]["dependentExcluded"] == {
        "CustomOriginConfig": ["S3OriginConfig"],
        "S3OriginConfig": ["CustomOriginConfig"],
    }


def test_patterns_become_whole_python_patterns() -> None:
    tag = DATA["resources"]["AWS::CertificateManager::Certificate"]["definitions"]["Tag"]
    regex = re.compile(tag["properties"]["Key"]["regex"])
    for good in ("Name", "cost-centre", "a:b/c=d+e@f_g.h", "Ünïcode 名前", ""):
        assert regex.fullmatch(good), good
    for bad in ("a;b", "line\nbreak", "tab\t", "quote'"):
        assert not regex.fullmatch(bad), bad
    name = DEFINITIONS["ParameterDefinition"]["properties"]["Name"]
    assert name["pattern"] == "^[a-zA-Z0-9-_]+$"
    assert re.fullmatch(name["regex"], "domain-name_1")
    assert not re.fullmatch(name["regex"], "domain name")
    assert not re.fullmatch(name["regex"], "name\n")  # `$` before a final line break is no end


@pytest.mark.parametrize(
    ("schema", "error"),
    [
        ({"type": "object", "oneOf": []}, "keyword oneOf has no mapping"),
        ({"type": "string", "pattern": "[a-z]+"}, "is not anchored"),
        ({"type": "string", "pattern": "^\\w+$"}, "has no mapping"),
        ({"type": "array", "uniqueItems": True}, "uniqueItems true"),
        ({"type": ["string", "integer"]}, "has no mapping"),
        ({"$ref": "#/definitions/Nowhere"}, "names no definition"),
        ({"type": "object", "additionalProperties": {"type": "string"}}, "has no mapping"),
    ],
)
def test_what_has_no_mapping_stops_the_generator(schema: dict[str, Any], error: str) -> None:
    resource = {"additionalProperties": False, "properties": {"Thing": schema}}
    with pytest.raises(SystemExit, match=re.escape(error)):
        generate.resource("AWS::Test::Thing", resource)

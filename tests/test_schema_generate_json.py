"""schemas/generate_json.py and the shapes file it writes for the JSON syntax's CFG003.

Regenerating needs the pinned botocore (the `schemagen` extra); those tests skip without it. The
rest hold the committed file to the XSD generated from the same model, so the two syntaxes never
disagree about a member, a required member or a facet.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
SHAPES = SCHEMAS / "cloudfront-2020-05-31.shapes.json"
XSD = SCHEMAS / "cloudfront-2020-05-31.xsd"
XS = {"xs": "http://www.w3.org/2001/XMLSchema"}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cfguard_schema_generate_json", SCHEMAS / "generate_json.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _generator()
DATA: dict[str, Any] = json.loads(SHAPES.read_text())
TABLE: dict[str, Any] = DATA["shapes"]


def _pinned_botocore() -> None:
    botocore = pytest.importorskip("botocore")
    if botocore.__version__ != generate.BOTOCORE_VERSION:
        pytest.skip(f"needs botocore=={generate.BOTOCORE_VERSION}, not {botocore.__version__}")


def test_regenerating_gives_the_committed_file_byte_for_byte(tmp_path: Path) -> None:
    _pinned_botocore()
    output = tmp_path / "out.json"
    assert generate.main(["--output", str(output)]) == 0
    assert output.read_bytes() == SHAPES.read_bytes()


def test_another_botocore_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    botocore = pytest.importorskip("botocore")
    monkeypatch.setattr(botocore, "__version__", "1.0.0")
    with pytest.raises(SystemExit, match=r"pinned to botocore==1\.44\.8 but 1\.0\.0"):
        generate.load_models()


def test_the_pin_and_the_skipped_facets_are_the_xsd_generators() -> None:
    spec = importlib.util.spec_from_file_location("xsd_generator_again", SCHEMAS / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    xsd = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(xsd)
    assert generate.SKIPPED_FACETS == xsd.SKIPPED_FACETS
    assert generate.PORT_MEMBERS == xsd.PORT_MEMBERS
    assert DATA["botocore"] == xsd.BOTOCORE_VERSION
    assert DATA["api"] == xsd.API_VERSION


def test_the_file_is_small_ascii_and_names_its_roots() -> None:
    raw = SHAPES.read_bytes()
    assert len(raw) < 32_000
    raw.decode("ascii")
    assert DATA["inputs"][:3] == [
        "DistributionConfig",
        "DistributionConfigWithTags",
        "InvalidationBatch",
    ]
    for root in DATA["inputs"] + DATA["outputs"]:
        assert TABLE[root]["type"] == "structure", root
    for name, shape in TABLE.items():  # every reference resolves
        refs = [*shape.get("members", {}).values(), shape.get("member"), shape.get("value")]
        assert all(ref in TABLE for ref in refs if ref is not None), name


def _xsd() -> etree._Element:
    return etree.parse(str(XSD)).getroot()


def test_every_xsd_structure_has_the_same_members_and_required_members() -> None:
    root = _xsd()
    compared = 0
    for complex_type in root.iterfind("xs:complexType", XS):
        name = complex_type.get("name")
        elements = complex_type.findall("xs:all/xs:element", XS)
        if not elements:
            continue  # a list wrapper
        shape = TABLE[name]
        assert set(shape["members"]) == {e.get("name") for e in elements}, name
        required = {e.get("name") for e in elements if e.get("minOccurs") != "0"}
        assert set(shape.get("required", ())) == required, name
        has_assert = complex_type.find("xs:assert", XS) is not None
        assert shape.get("quantity", False) == has_assert, name
        compared += 1
    assert compared > 50


def test_every_xsd_facet_is_in_the_shapes_and_no_other() -> None:
    root = _xsd()
    for simple in root.iterfind("xs:simpleType", XS):
        name = simple.get("name")
        if name in ("Boolean", "Integer", "Long"):
            continue  # the XSD's lexical forms: JSON has its own types
        restriction = simple.find("xs:restriction", XS)
        shape = TABLE[name]
        enum = [e.get("value") for e in restriction.iterfind("xs:enumeration", XS)]
        assert shape.get("enum", []) == enum, name
        facets = {"string": ("minLength", "maxLength"), "integer": ("minInclusive", "maxInclusive")}
        for facet, key in zip(facets[shape["type"]], ("min", "max"), strict=True):
            found = restriction.find(f"xs:{facet}", XS)
            assert shape.get(key) == (int(found.get("value")) if found is not None else None), name
        assert ("pattern" in shape) == (restriction.find("xs:pattern", XS) is not None), name


def test_skipped_facets_fall_back_on_the_plain_string() -> None:
    assert TABLE["LoggingConfig"]["members"]["Bucket"] == "string"
    assert TABLE["ViewerCertificate"]["members"]["ACMCertificateArn"] == "string"
    assert TABLE["ViewerCertificate"]["members"]["IAMCertificateId"] == "string"
    assert TABLE["FunctionAssociation"]["members"]["FunctionARN"] == "string"
    assert TABLE["AliasList"]["member"] == "string"
    assert TABLE["string"] == {"type": "string"}
    assert TABLE["CustomOriginConfig"]["members"]["HTTPPort"] == "Port"
    assert TABLE["Port"] == {"max": 65535, "min": 1, "type": "integer"}


def test_the_cli_view_of_results() -> None:
    # ETag and Location are header members the CLI prints at the top; requests keep their URI
    # and header members (the skeleton has them) without requiring them.
    assert set(TABLE["CreateDistributionResult"]["members"]) >= {"ETag", "Location"}
    assert TABLE["UpdateDistributionRequest"]["required"] == ["DistributionConfig"]
    assert set(TABLE["UpdateDistributionRequest"]["members"]) == {
        "DistributionConfig",
        "Id",
        "IfMatch",
    }
    assert TABLE["CreateInvalidationRequest"]["required"] == ["InvalidationBatch"]
    # the CLI merges a paginated list's pages into its result key alone
    for root, container in (
        ("ListDistributionsResult", "DistributionList"),
        ("ListInvalidationsResult", "InvalidationList"),
    ):
        assert "NextToken" in TABLE[root]["members"]
        assert "required" not in TABLE[container]
        assert "quantity" not in TABLE[container]
    for root in DATA["outputs"]:
        assert TABLE[root]["members"]["ResponseMetadata"] == "ResponseMetadata"
    assert "HTTP2and3" in TABLE["HttpVersionAsListed"]["enum"]
    assert TABLE["DistributionConfig"]["members"]["HttpVersion"] == "HttpVersion"


@pytest.mark.parametrize(
    ("model", "python", "good", "bad"),
    [
        ("[a-z]{2}-[a-z]+-\\d", "[a-z]{2}-[a-z]+-[0-9]", "us-east-1", "us-east-\u0661"),
        ("[a-zA-Z0-9-_]+", "[a-zA-Z0-9_\\-]+", "a-b_C9", "a b"),
        ("function\\/[a-z]", "function/[a-z]", "function/x", "function\\/x"),
    ],
)
def test_model_patterns_become_python_patterns(
    model: str, python: str, good: str, bad: str
) -> None:
    assert generate.python_pattern(model) == python
    assert re.fullmatch(python, good)
    assert not re.fullmatch(python, bad)


def test_unicode_categories_become_an_alternation() -> None:
    regex = re.compile(TABLE["TagKey"]["regex"])
    for good in ("Name", "cost-centre", "Ünïcode 名前 ٣", "a:b/c=d+e@f_g.h", "\u00a0\u3000"):
        assert regex.fullmatch(good), good
    for bad in ("a\tb", "line\nbreak", "semi;colon", "emoji\U0001f600", "quote'"):
        assert not regex.fullmatch(bad), bad

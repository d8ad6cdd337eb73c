"""The libxml2 path explains the common schema errors itself, word for word as xmlschema does,
and hands everything else to xmlschema.

Each case is a real fixture with one mistake people make. "Quick" cases must be explained
without xmlschema (its entry point is replaced by one that fails the test) and must equal what
xmlschema says; "handed over" cases must reach xmlschema. The differential tests compare the
two engines on many more documents; these pin which path a common mistake takes, because that
is what keeps a large run from loading xmlschema in every process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from cfguard.core.document import DocumentType
from cfguard.syntaxes.xml.detect import detect_type
from cfguard.syntaxes.xml.schema import validate as schema
from cfguard.syntaxes.xml.schema.files import schema_directory
from cfguard.syntaxes.xml.schema.model import schema_model
from cfguard.syntaxes.xml.schema.values import python_regex
from cfguard.syntaxes.xml.source import parse_document
from tests.conftest import run_cfguard

MODERN = Path(__file__).resolve().parent / "data" / "cloudfront-fixtures" / "modern"
HANDMADE = MODERN / "handmade-https-only-alias-acm-logging.xml"
CLI = MODERN / "cli-create-distribution-1.xml"
CF = "{http://cloudfront.amazonaws.com/doc/2020-05-31/}"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

Mutation = Callable[[etree._Element], None]


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CFGUARD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "schema-cache"))


def set_text(path: str, text: str) -> Mutation:
    def mutate(root: etree._Element) -> None:
        root.find(path.replace("cf:", CF)).text = text  # type: ignore[union-attr]

    return mutate


def remove(path: str) -> Mutation:
    def mutate(root: etree._Element) -> None:
        element = root.find(path.replace("cf:", CF))
        element.getparent().remove(element)  # type: ignore[union-attr]

    return mutate


def append(path: str, tag: str, text: str = "") -> Mutation:
    def mutate(root: etree._Element) -> None:
        parent = root.find(path.replace("cf:", CF)) if path != "." else root
        etree.SubElement(parent, tag.replace("cf:", CF)).text = text  # type: ignore[arg-type]

    return mutate


def mutated(path: Path, *mutations: Mutation) -> bytes:
    root = etree.fromstring(path.read_bytes())
    for mutate in mutations:
        mutate(root)
    return etree.tostring(root)


def hits(data: bytes, engine: str) -> list[tuple[int, int | None, str]]:
    document = parse_document(data)
    doc_type = detect_type(document.root)
    assert isinstance(doc_type, DocumentType)
    found = schema.validate(document, doc_type, engine=engine)  # type: ignore[arg-type]
    return [(h.location.line, h.location.column, h.message) for h in found]


QUICK = {
    "misspelt enum": (
        mutated(HANDMADE, set_text(".//cf:DefaultCacheBehavior/cf:ViewerProtocolPolicy", "https")),
        [
            '<ViewerProtocolPolicy> is "https"; expected one of: allow-all, https-only, '
            "redirect-to-https"
        ],
    ),
    "yes for a boolean": (
        mutated(CLI, set_text("cf:Enabled", "yes")),
        ['<Enabled> is "yes"; expected true or false'],
    ),
    "1 for a boolean, spaced": (
        mutated(CLI, set_text("cf:Enabled", " 1 ")),
        ['<Enabled> is "1"; expected true or false'],
    ),
    "port 0": (
        mutated(HANDMADE, set_text(".//cf:HTTPPort", "0")),
        ['<HTTPPort> is "0"; expected at least 1'],
    ),
    "port past int": (
        mutated(HANDMADE, set_text(".//cf:HTTPPort", "99999999999")),
        [
            '<HTTPPort> is "99999999999"; expected an integer from -2147483648 to 2147483647',
            '<HTTPPort> is "99999999999"; expected at most 65535',
        ],
    ),
    "a word for a TTL": (
        mutated(CLI, set_text(".//cf:DefaultTTL", "one day")),
        ['<DefaultTTL> is "one day"; expected an integer'],
    ),
    "missing required element": (
        mutated(CLI, remove("cf:Comment")),
        ["<DistributionConfig> is missing required element <Comment>"],
    ),
    "legacy element at the end": (
        mutated(CLI, append("cf:DefaultCacheBehavior", "cf:RequiredProtocols")),
        [
            "unexpected element <RequiredProtocols> in <DefaultCacheBehavior> "
            "(not part of the 2020-05-31 format)"
        ],
    ),
    "a second Enabled at the end": (
        mutated(CLI, append(".", "cf:Enabled", "maybe")),
        [
            "<DistributionConfig> has 2 <Enabled> elements; only one is allowed",
            '<Enabled> is "maybe"; expected true or false',
        ],
    ),
    "an element in no namespace": (
        CLI.read_bytes()
        .replace(b"<Comment />", b"")
        .replace(b"</DistributionConfig>", b'<Comment xmlns="" /></DistributionConfig>'),
        [
            "<Comment> in <DistributionConfig> is in no namespace; expected the CloudFront "
            "2020-05-31 namespace http://cloudfront.amazonaws.com/doc/2020-05-31/"
        ],
    ),
    "Quantity disagrees with Items": (
        mutated(HANDMADE, set_text("cf:Aliases/cf:Quantity", "3")),
        ["<Aliases> says Quantity 3 but Items holds 2 elements"],
    ),
    "a bad value and, elsewhere, a bad Quantity": (
        mutated(CLI, set_text("cf:Enabled", "yes"), set_text("cf:Aliases/cf:Quantity", "1")),
        [
            "<Aliases> says Quantity 1 but has no Items",
            '<Enabled> is "yes"; expected true or false',
        ],
    ),
    "a missing element and a bad Quantity inside": (
        mutated(CLI, remove("cf:Comment"), set_text("cf:Aliases/cf:Quantity", "1")),
        [
            "<DistributionConfig> is missing required element <Comment>",
            "<Aliases> says Quantity 1 but has no Items",
        ],
    ),
    "Quantity without Items": (
        mutated(CLI, set_text("cf:Aliases/cf:Quantity", "1")),
        ["<Aliases> says Quantity 1 but has no Items"],
    ),
}


def many_behaviors_with_bad_quantities(root: etree._Element) -> None:
    """101 cache behaviors, each with a TrustedSigners Quantity its Items do not hold."""
    default = root.find(f"{CF}DefaultCacheBehavior")
    behaviors = root.find(f"{CF}CacheBehaviors")
    assert default is not None
    assert behaviors is not None
    behaviors.find(f"{CF}Quantity").text = "101"  # type: ignore[union-attr]
    items = etree.SubElement(behaviors, f"{CF}Items")
    for number in range(101):
        behavior = etree.fromstring(etree.tostring(default))
        behavior.tag = f"{CF}CacheBehavior"
        etree.SubElement(behavior, f"{CF}PathPattern").text = f"/p{number}/*"
        behavior.find(f"{CF}TrustedSigners/{CF}Quantity").text = "1"  # type: ignore[union-attr]
        items.append(behavior)


HANDED_OVER = {
    "an xsi:type attribute": mutated(
        CLI,
        lambda root: root.find(f"{CF}Enabled").set(f"{{{XSI}}}type", "xs:string"),  # type: ignore[union-attr]
    ),
    "an unexpected element before others": mutated(
        CLI,
        lambda root: root.find(f"{CF}Comment").addprevious(etree.Element(f"{CF}Bogus")),  # type: ignore[union-attr]
    ),
    "a non-ASCII value": mutated(CLI, set_text("cf:Enabled", "ja\u00e9")),
    "text after an unexpected last element": CLI.read_bytes().replace(
        b"</DistributionConfig>", b"<Bogus/>stray</DistributionConfig>"
    ),
    "a comment inside a value, beside another error": mutated(
        CLI, set_text("cf:Enabled", "yes")
    ).replace(b"<CallerReference>cli-example", b"<CallerReference>cli<!-- -->-example"),
    "more bad Quantities than the quick path words": mutated(
        CLI, many_behaviors_with_bad_quantities
    ),
    "a bad Quantity around another error": mutated(
        HANDMADE, set_text("cf:Aliases/cf:Quantity", "5"), append("cf:Aliases/cf:Items", "cf:Bogus")
    ),
}


@pytest.mark.parametrize("case", sorted(QUICK))
def test_common_errors_are_explained_without_xmlschema(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, messages = QUICK[case]
    reference = hits(data, "xmlschema")
    assert [message for *_, message in reference] == messages

    def no_xmlschema(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("xmlschema was asked to explain a common error")

    monkeypatch.setattr(schema, "_explain", no_xmlschema)
    assert hits(data, "auto") == reference


@pytest.mark.parametrize("case", sorted(HANDED_OVER))
def test_anything_else_is_handed_to_xmlschema(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = HANDED_OVER[case]
    reference = hits(data, "xmlschema")
    assert reference
    calls: list[object] = []
    explain = schema._explain

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return explain(*args, **kwargs)

    monkeypatch.setattr(schema, "_explain", counting)
    assert hits(data, "auto") == reference
    assert len(calls) == 1


def test_a_value_split_by_a_comment_is_one_value(tmp_path: Path) -> None:
    # XML reads allow<!-- -->-all as allow-all: so do the schema and the rules. Reading only
    # the text before the comment would hide the plain-HTTP policy from CFG101.
    split = CLI.read_bytes().replace(
        b"<ViewerProtocolPolicy>allow-all<", b"<ViewerProtocolPolicy>allow<!-- x -->-all<"
    )
    assert split != CLI.read_bytes()
    (tmp_path / "dist.xml").write_bytes(split)
    result = run_cfguard("check", "--format", "json", tmp_path / "dist.xml")
    findings = json.loads(result.out)["files"][0]["findings"]
    assert result.code == 1
    assert [f["rule"] for f in findings if f["severity"] == "error"] == ["CFG101"]
    assert hits(split, "xmlschema") == hits(split, "auto") == []


def test_a_run_with_a_schema_error_does_not_load_xmlschema(tmp_path: Path) -> None:
    from tests.test_startup import modules_imported

    (tmp_path / "dist.xml").write_bytes(QUICK["misspelt enum"][0])
    code, modules = modules_imported("check", "dist.xml", cwd=tmp_path)
    assert code == 1
    assert "xmlschema" not in modules
    result = run_cfguard("check", tmp_path / "dist.xml")
    assert 'CFG003 [error] <ViewerProtocolPolicy> is "https"; expected one of' in result.out


@pytest.mark.parametrize(
    "xsd", sorted(Path(schema_directory()).glob("*.xsd")), ids=lambda p: p.name
)
def test_every_shipped_schema_is_modelled_and_its_patterns_translate(xsd: Path) -> None:
    model = schema_model(xsd.read_text(encoding="utf-8"))
    assert model.roots
    assert model.complex_types
    patterns = {v for t in model.simple_types.values() for v in t.values("pattern")}
    for pattern in patterns:
        python_regex(pattern)  # raises for an escape it does not translate


@pytest.mark.parametrize(
    "path", sorted((MODERN.parent / "modern-invalid").glob("*.xml")), ids=lambda p: p.name
)
def test_every_invalid_fixture_takes_the_quick_path(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = hits(path.read_bytes(), "xmlschema")
    monkeypatch.setattr(schema, "_explain", None)  # calling it would fail the test
    assert hits(path.read_bytes(), "auto") == reference


@pytest.mark.parametrize(
    "pattern", ["a.b", "^a", "a$", "[a-z-[aeiou]]", r"\i", r"\p{Lu}"], ids=repr
)
def test_xsd_regex_python_reads_otherwise_is_refused(pattern: str) -> None:
    # Translated as-is these would match other strings than XSD's (`.` takes \r in Python;
    # `^`/`$` are literals in XSD): refused, so such a value goes to xmlschema.
    with pytest.raises(ValueError, match="pattern"):
        python_regex(pattern)


def test_shipped_patterns_mean_what_xsd_says_on_plain_text() -> None:
    region = python_regex(r"[a-z]{2}-[a-z]+-\d")
    assert region.fullmatch("us-east-1")
    assert not region.fullmatch("us-east-x")
    tag = python_regex(r"([\p{L}\p{Z}\p{N}_.:/=+@\-]*)")
    assert tag.fullmatch("Team: web/prod = 1")
    assert not tag.fullmatch("a\tb")  # a tab is not a \p{Z} separator

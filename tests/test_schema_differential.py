"""The two engines agree: same verdict, same messages, on fixtures and on mutated documents.

`auto` answers "valid" on its own only when libxml2 (with the XSD 1.0 form derived from the 1.1
schema) and the Python Quantity/Items check both accept; everything else is explained by
xmlschema. So the engines can only disagree where the 1.0 form plus Python accepts something
the 1.1 schema rejects, which is what hypothesis looks for here by mutating valid documents the
way people and clients get them wrong.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cfguard.core.document import DocumentType
from cfguard.syntaxes.xml.detect import detect_type
from cfguard.syntaxes.xml.schema.validate import validate
from cfguard.syntaxes.xml.source import parse_document

FIXTURES = Path(__file__).resolve().parent / "data" / "cloudfront-fixtures"
DOCUMENTS = [
    path
    for folder in ("modern", "modern-invalid", "legacy")
    for path in sorted((FIXTURES / folder).glob("*.xml"))
    if isinstance(detect_type(parse_document(path.read_bytes()).root), DocumentType)
]
SEEDS = [path for path in DOCUMENTS if path.parent.name != "modern-invalid"]
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# Values that sit on the boundaries the two validators might treat differently: XSD boolean and
# integer lexical forms, whitespace, enum near-misses, numeric ranges, non-ASCII digits.
TRICKY = [
    *("", " ", "true", "false", "1", "0", " true ", "TRUE", "\ttrue\n", "\u00a0true"),
    *("-1", "+3", "007", " 2 ", "3.0", "1e2", "x", "٣", "1_0", "0x10"),
    *("allow-all", "allow-all ", "https-only", "redirect-to-https", "TLSv1.2_2021"),
    *("TLSv1.3_2025", "sni-only", "vip", "http2and3", "none", "PriceClass_All"),
    *("9223372036854775808", "-9223372036854775809", "99999999999999999999999", "2147483648"),
]
XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn"), blacklist_characters="\ufffe"),
    max_size=12,
)
NAMES = ["Quantity", "Items", "Comment", "Enabled", "Bogus", "CNAME", "Origin", "Method", "Path"]


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CFGUARD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "schema-cache"))


def verdicts(data: bytes) -> tuple[list[tuple[int, int | None, str, str]], ...]:
    document = parse_document(data)
    doc_type = detect_type(document.root)
    assert isinstance(doc_type, DocumentType)
    results = []
    for engine in ("auto", "xmlschema"):
        hits = validate(document, doc_type, engine=engine)  # type: ignore[arg-type]
        results.append(
            [(h.location.line, h.location.column, h.location.xpath, h.message) for h in hits]
        )
    return tuple(results)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_engines_agree_on_every_fixture(path: Path) -> None:
    auto, reference = verdicts(path.read_bytes())
    assert auto == reference


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    path = draw(st.sampled_from(SEEDS))
    root = etree.fromstring(path.read_bytes())
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        target = draw(st.sampled_from(elements))
        draw(st.sampled_from(MUTATIONS))(draw, root, target)
    return etree.tostring(root)


def _delete(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    parent = target.getparent()
    if parent is not None:
        parent.remove(target)


def _duplicate(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    if target is not root:
        target.addnext(copy.deepcopy(target))


def _reorder(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    target[:] = draw(st.permutations(list(target)))


def _set_text(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    if len(target) == 0 or draw(st.booleans()):
        target.text = draw(st.sampled_from(TRICKY) | XML_TEXT)


def _rename(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    if target is root:
        return
    namespace = draw(st.sampled_from([etree.QName(root).namespace, None, "urn:other"]))
    name = draw(st.sampled_from(NAMES))
    target.tag = etree.QName(namespace, name).text if namespace else name


def _quantity(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    for quantity in target.iter("{*}Quantity"):
        quantity.text = str(draw(st.integers(min_value=-1, max_value=4)))
        return


def _attribute(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    name = draw(st.sampled_from(["id", f"{{{XSI}}}nil", f"{{{XSI}}}type", "{urn:x}a"]))
    target.set(name, draw(st.sampled_from(["true", "xs:string", "1"])))


def _comment(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    # Between elements, where cfguard's suppression comments go.
    if target is not root:
        target.addprevious(etree.Comment(" cfguard: ignore[CFG101] reason "))


def _add_child(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    namespace = etree.QName(root).namespace
    child = etree.SubElement(target, etree.QName(namespace, draw(st.sampled_from(NAMES))).text)
    child.text = draw(st.sampled_from(TRICKY))


def _tail(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    # Text after an element, where only elements belong (or whitespace, which is fine).
    if target is not root:
        target.tail = draw(st.sampled_from([" ", "\n  ", "x", " stray "]))


def _split_value(draw: st.DrawFn, root: etree._Element, target: etree._Element) -> None:
    # A comment inside a value: XML joins the text around it. (Processing instructions are
    # refused before validation.)
    if len(target) == 0 and target.text:
        cut = draw(st.integers(min_value=0, max_value=len(target.text)))
        comment = etree.Comment(" c ")
        comment.tail, target.text = target.text[cut:], target.text[:cut]
        target.append(comment)


MUTATIONS = [
    _delete,
    _duplicate,
    _reorder,
    _set_text,
    _rename,
    _quantity,
    _attribute,
    _comment,
    _add_child,
    _tail,
    _split_value,
]


@settings(
    max_examples=int(os.environ.get("CFGUARD_DIFFERENTIAL_EXAMPLES", "300")),
    deadline=None,
    derandomize=os.environ.get("CFGUARD_DIFFERENTIAL_RANDOM") != "1",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutated())
def test_engines_agree_on_mutated_documents(data: bytes) -> None:
    auto, reference = verdicts(data)
    assert auto == reference
    assert all("\n" not in message and "Xsd" not in message for *_, message in reference)

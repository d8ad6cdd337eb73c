"""The words of every schema message (CFG003), whichever engine found the error.

`messages` (xmlschema's errors) and `quick` (libxml2's) both say what they found
through these functions, so a document gets the same message on either path; the differential
test holds them to it. Nothing here imports a validator.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from lxml import etree

from cfguard.core.findings import Hit
from cfguard.syntaxes.xml.source import SourceDocument

#: What a value of these built-ins must look like, said plainly (a pattern that only narrows one
#: of them to its canonical lexical form reads, to a person, as the type itself).
EXPECTED_BY_BUILTIN = {
    "boolean": "expected true or false",
    "integer": "expected an integer",
    "long": "expected an integer",
    "int": "expected an integer",
}
#: The value ranges of the bounded integer built-ins, and how a value outside one is reported.
INTEGER_RANGES = {"int": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_ATTRIBUTES = {f"{{{XSI}}}type", f"{{{XSI}}}nil"}


def local(node: etree._Element | str) -> str:
    tag = node if isinstance(node, str) else node.tag
    return str(tag).rpartition("}")[2]


def collect(
    found: Iterable[tuple[etree._Element | None, str]], document: SourceDocument
) -> list[Hit]:
    """One hit per distinct (place, message), in document order; None means the root."""
    hits: dict[tuple[int, int, str, str], Hit] = {}
    for element, message in found:
        location = document.locate(element if element is not None else document.root)
        key = (location.line, location.column or 0, location.xpath, message)
        hits.setdefault(key, Hit(location, message))
    return [hits[key] for key in sorted(hits)]


def value_message(element: etree._Element, shown: str, expected: str) -> str:
    return f"<{local(element)}> is {quote(shown)}; {expected}"


def range_expectation(builtin: str) -> str:
    low, high = INTEGER_RANGES[builtin]
    return f"expected an integer from {low} to {high}"


def enumeration_expectation(values: Iterable[str]) -> str:
    return "expected one of: " + ", ".join(values)


def pattern_expectation(builtin: str, regexps: Iterable[str]) -> str:
    if builtin in EXPECTED_BY_BUILTIN:
        return EXPECTED_BY_BUILTIN[builtin]
    return "expected a value matching " + " or ".join(regexps)


def bound_expectation(facet: str, limit: object) -> str:
    return f"expected at least {limit}" if facet == "minInclusive" else f"expected at most {limit}"


def length_expectation(value: str, facet: str, limit: object) -> str:
    size = len(value)
    chars = f"{size} character{'s' if size != 1 else ''}"
    if facet == "maxLength":
        return f"{chars} long; at most {limit} allowed"
    if facet == "minLength":
        return f"{chars} long; at least {limit} required"
    return f"{chars} long; exactly {limit} required"


def assertion_message(element: etree._Element, test: str) -> str:
    """The message for a failed `xs:assert` of the schema files, by what it tests."""
    name = local(element)
    children = element_children(element)
    if "Quantity" in test:
        items = [c for c in children if local(c) == "Items"]
        quantity = next((c.text or "" for c in children if local(c) == "Quantity"), "")
        if not items:
            return f"<{name}> says Quantity {quantity.strip()} but has no Items"
        count = sum(len(element_children(item)) for item in items)
        noun = "element" if count == 1 else "elements"
        return f"<{name}> says Quantity {quantity.strip()} but Items holds {count} {noun}"
    if "S3Origin" in test:
        kinds = {local(c) for c in children} & {"S3Origin", "CustomOrigin"}
        if not kinds:
            return f"<{name}> has no origin; expected <S3Origin> or <CustomOrigin>"
        if len(kinds) == 2:
            return f"<{name}> has both <S3Origin> and <CustomOrigin>; exactly one origin is allowed"
        return f"<{name}> has more than one <{kinds.pop()}>; exactly one origin is allowed"
    return f"<{name}> fails the schema assertion {test}"


def xsi_attributes(element: etree._Element) -> list[str]:
    return [str(key) for key in element.attrib if str(key) in _XSI_ATTRIBUTES]


def attributes_message(element: etree._Element, names: list[str]) -> str:
    shown = ", ".join(f"{_attribute_name(element, n)}={quote(element.get(n) or '')}" for n in names)
    noun = "attribute" if len(names) == 1 else "attributes"
    return f"unexpected {noun} {shown} on <{local(element)}>; CloudFront elements take none"


def _attribute_name(element: etree._Element, name: str) -> str:
    qname = etree.QName(name)
    if not qname.namespace:
        return qname.localname
    prefixes = [p for p, uri in element.nsmap.items() if uri == qname.namespace and p]
    return f"{prefixes[0]}:{qname.localname}" if prefixes else qname.localname


def element_children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def quote(text: str, limit: int = 60) -> str:
    if len(text) > limit:
        text = text[:limit] + "…"
    return json.dumps(text, ensure_ascii=False)

"""Turn xmlschema's validation errors into findings a person understands.

Every schema message cfguard prints is written here, from xmlschema's error objects, whichever
engine found the document invalid: one wording for every run. A message names the element,
says what was expected and what was found, and never repeats xmlschema's multi-line reprs or
`{namespace}Name` tags.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from lxml import etree
from xmlschema import XMLSchemaChildrenValidationError, XMLSchemaValidationError
from xmlschema.validators import (
    XsdAssert,
    XsdAtomicBuiltin,
    XsdAttributeGroup,
    XsdElement,
    XsdEnumerationFacets,
    XsdGroup,
    XsdLengthFacet,
    XsdMaxInclusiveFacet,
    XsdMaxLengthFacet,
    XsdMinInclusiveFacet,
    XsdMinLengthFacet,
    XsdPatternFacets,
)

from cfguard.findings import Hit
from cfguard.schema_layout import SchemaLayout, local
from cfguard.source import SourceDocument

_EXPECTED_BY_BUILTIN = {
    "boolean": "expected true or false",
    "integer": "expected an integer",
    "long": "expected an integer",
    "int": "expected an integer",
}
# xmlschema checks the value range of some built-ins with plain functions.
_EXPECTED_BY_FUNCTION = {
    "long_validator": "expected an integer from -9223372036854775808 to 9223372036854775807",
    "int_validator": "expected an integer from -2147483648 to 2147483647",
}
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_ATTRIBUTES = {f"{{{_XSI}}}type", f"{{{_XSI}}}nil"}
_QUALIFIED = re.compile(r"\{[^{}]*\}")


def explain(
    errors: Iterable[XMLSchemaValidationError], document: SourceDocument, layout: SchemaLayout
) -> list[Hit]:
    """One hit per distinct error, in document order."""
    hits: dict[tuple[int, int, str, str], Hit] = {}
    for error in errors:
        for element, message in describe(error, layout):
            target = element if isinstance(element, etree._Element) else document.root
            location = document.locate(target)
            key = (location.line, location.column or 0, location.xpath, message)
            hits.setdefault(key, Hit(location, message))
    return [hits[key] for key in sorted(hits)]


def describe(error: XMLSchemaValidationError, layout: SchemaLayout) -> list[tuple[object, str]]:
    """The elements findings should point at, and their messages (usually one)."""
    if isinstance(error, XMLSchemaChildrenValidationError) and isinstance(
        error.elem, etree._Element
    ):
        return _children(error, error.elem, layout)
    return [_describe_one(error)]


def _describe_one(error: XMLSchemaValidationError) -> tuple[object, str]:
    element = error.elem
    if not isinstance(element, etree._Element):
        return None, _fallback(error)
    if xsi_attributes(element):
        # xsi:type and xsi:nil change what the element is validated as, so whatever follows
        # from them would only confuse; CloudFront documents carry no attributes at all.
        return element, attributes_message(element, xsi_attributes(element))
    name = local(element)
    validator = error.validator
    if isinstance(validator, XsdAssert):
        return element, _assertion(element, validator.path)
    if isinstance(validator, XsdAttributeGroup):
        return element, _attribute(error, element)
    if isinstance(validator, (XsdGroup, XsdElement)):
        content = _content_message(element, validator)
        if content is not None:
            return element, content
    expected = _expected_value(error)
    if expected is None:
        return element, _fallback(error)
    return element, f"<{name}> is {_quote(_value(error))}; {expected}"


def _children(
    error: XMLSchemaChildrenValidationError, parent: etree._Element, layout: SchemaLayout
) -> list[tuple[object, str]]:
    group = error.validator
    if xsi_attributes(parent) or not isinstance(group, XsdGroup):
        return [_describe_one(error)]
    child = error.invalid_child
    if not isinstance(child, etree._Element):
        return [(parent, layout.incomplete(parent, group) or _fallback(error))]
    found: list[tuple[object, str]] = [(child, layout.unexpected(parent, child, group))]
    missing = layout.incomplete(parent, group, besides=local(child))
    # xmlschema stops checking the parent's content at an unexpected child, so a required
    # element missing from it would only show up on the next run: report it now.
    if missing:
        found.append((parent, missing))
    return found


def _assertion(element: etree._Element, test: str) -> str:
    name = local(element)
    children = _element_children(element)
    if "Quantity" in test:
        items = [c for c in children if local(c) == "Items"]
        quantity = next((c.text or "" for c in children if local(c) == "Quantity"), "")
        if not items:
            return f"<{name}> says Quantity {quantity.strip()} but has no Items"
        count = sum(len(_element_children(item)) for item in items)
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


def _attribute(error: XMLSchemaValidationError, element: etree._Element) -> str:
    match = re.match(r"'([^']+)' attribute not allowed", str(error.reason or ""))
    names = [match.group(1)] if match and match.group(1) in element.attrib else None
    return attributes_message(element, names or [str(key) for key in element.attrib])


def xsi_attributes(element: etree._Element) -> list[str]:
    return [str(key) for key in element.attrib if str(key) in _XSI_ATTRIBUTES]


def attributes_message(element: etree._Element, names: list[str]) -> str:
    shown = ", ".join(
        f"{_attribute_name(element, n)}={_quote(element.get(n) or '')}" for n in names
    )
    noun = "attribute" if len(names) == 1 else "attributes"
    return f"unexpected {noun} {shown} on <{local(element)}>; CloudFront elements take none"


def _attribute_name(element: etree._Element, name: str) -> str:
    qname = etree.QName(name)
    if not qname.namespace:
        return qname.localname
    prefixes = [p for p, uri in element.nsmap.items() if uri == qname.namespace and p]
    return f"{prefixes[0]}:{qname.localname}" if prefixes else qname.localname


def _content_message(element: etree._Element, validator: XsdGroup | XsdElement) -> str | None:
    """Text where only elements (or nothing) may be, or elements where only text may be."""
    name = local(element)
    text = _stray_text(element)
    if isinstance(validator, XsdGroup):
        empty = not any(True for _ in validator.iter_elements())
    else:
        xsd_type = validator.type
        children = _element_children(element)
        if xsd_type.has_simple_content() and children:
            return f"<{name}> must contain only text, but holds element <{local(children[0])}>"
        empty = xsd_type.is_empty()
    if empty:
        # Even whitespace makes an element of empty content invalid.
        raw = "".join([element.text or ""] + [child.tail or "" for child in element])
        return f"<{name}> must be empty, but contains text {_quote(text or raw)}" if raw else None
    if not text:
        return None
    return f"<{name}> contains text {_quote(text)}; only elements are allowed there"


def _expected_value(error: XMLSchemaValidationError) -> str | None:
    validator = error.validator
    if isinstance(validator, XsdEnumerationFacets):
        return "expected one of: " + ", ".join(str(v) for v in validator.enumeration)
    if isinstance(validator, XsdPatternFacets):
        # A pattern that only narrows a boolean or number to its plain lexical form is, to a
        # reader, the type itself: "expected true or false", not a regular expression.
        base = getattr(validator.parent, "base_type", None)
        builtin = local(base.name or "") if isinstance(base, XsdAtomicBuiltin) else ""
        if builtin in _EXPECTED_BY_BUILTIN:
            return _EXPECTED_BY_BUILTIN[builtin]
        return "expected a value matching " + " or ".join(validator.regexps)
    if isinstance(validator, (XsdMaxLengthFacet, XsdMinLengthFacet, XsdLengthFacet)):
        return _length(error, validator)
    if isinstance(validator, XsdMinInclusiveFacet):
        return f"expected at least {validator.value!s}"
    if isinstance(validator, XsdMaxInclusiveFacet):
        return f"expected at most {validator.value!s}"
    if isinstance(validator, XsdAtomicBuiltin):
        builtin = local(validator.name or "")
        return _EXPECTED_BY_BUILTIN.get(builtin, f"expected a valid xs:{builtin}")
    return _EXPECTED_BY_FUNCTION.get(getattr(validator, "__name__", ""))


def _length(
    error: XMLSchemaValidationError,
    facet: XsdMaxLengthFacet | XsdMinLengthFacet | XsdLengthFacet,
) -> str:
    size = len(_value(error))
    chars = f"{size} character{'s' if size != 1 else ''}"
    if isinstance(facet, XsdMaxLengthFacet):
        return f"{chars} long; at most {facet.value} allowed"
    if isinstance(facet, XsdMinLengthFacet):
        return f"{chars} long; at least {facet.value} required"
    return f"{chars} long; exactly {facet.value} required"


def _value(error: XMLSchemaValidationError) -> str:
    if isinstance(error.obj, str):
        return error.obj
    element = error.elem
    return (element.text or "") if isinstance(element, etree._Element) else ""


def _element_children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _stray_text(element: etree._Element) -> str:
    pieces = [element.text or ""] + [child.tail or "" for child in element]
    return next((piece.strip() for piece in pieces if piece.strip()), "")


def _quote(text: str, limit: int = 60) -> str:
    if len(text) > limit:
        text = text[:limit] + "…"
    return json.dumps(text, ensure_ascii=False)


def _fallback(error: XMLSchemaValidationError) -> str:
    lines = _QUALIFIED.sub("", str(error.reason or "")).strip().splitlines()
    reason = lines[0] if lines else "invalid"
    element = error.elem
    if isinstance(element, etree._Element):
        return f"<{local(element)}>: {reason}"
    return reason

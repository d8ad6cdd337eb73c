"""Turn xmlschema's validation errors into findings a person understands.

xmlschema explains every document the libxml2 path cannot (`quick` explains the common
errors without it). Both say what they found through `wording`, so a message never
depends on the engine. A message names the element, says what was expected and what was
found, and never repeats xmlschema's multi-line reprs or `{namespace}Name` tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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

from cfguard.core.findings import Hit
from cfguard.syntaxes.xml.schema.layout import SchemaLayout
from cfguard.syntaxes.xml.schema.model import ChildSpec
from cfguard.syntaxes.xml.schema.wording import (
    EXPECTED_BY_BUILTIN,
    assertion_message,
    attributes_message,
    bound_expectation,
    collect,
    element_children,
    enumeration_expectation,
    length_expectation,
    local,
    pattern_expectation,
    quote,
    range_expectation,
    value_message,
    xsi_attributes,
)
from cfguard.syntaxes.xml.source import SourceDocument

# xmlschema checks the value range of some built-ins with plain functions.
_EXPECTED_BY_FUNCTION = {
    "long_validator": range_expectation("long"),
    "int_validator": range_expectation("int"),
}
_QUALIFIED = re.compile(r"\{[^{}]*\}")


def explain(
    errors: Iterable[XMLSchemaValidationError],
    document: SourceDocument,
    layout: SchemaLayout,
    originals: Mapping[etree._Element, etree._Element] | None = None,
) -> list[Hit]:
    """One hit per distinct error, in document order. `originals` maps the elements of a copy
    xmlschema validated instead of `document.tree` back to the document's."""
    where = originals or {}
    return collect(
        (
            (where.get(element, element) if isinstance(element, etree._Element) else None, msg)
            for error in errors
            for element, msg in describe(error, layout)
        ),
        document,
    )


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
    validator = error.validator
    if isinstance(validator, XsdAssert):
        return element, assertion_message(element, validator.path)
    if isinstance(validator, XsdAttributeGroup):
        return element, _attribute(error, element)
    if isinstance(validator, (XsdGroup, XsdElement)):
        content = _content_message(element, validator)
        if content is not None:
            return element, content
    expected = _expected_value(error)
    if expected is None:
        return element, _fallback(error)
    return element, value_message(element, _value(error), expected)


def _children(
    error: XMLSchemaChildrenValidationError, parent: etree._Element, layout: SchemaLayout
) -> list[tuple[object, str]]:
    group = error.validator
    if xsi_attributes(parent) or not isinstance(group, XsdGroup):
        return [_describe_one(error)]
    child = error.invalid_child
    specs = _specs(group)
    if not isinstance(child, etree._Element):
        return [(parent, layout.incomplete(parent, specs) or _fallback(error))]
    found: list[tuple[object, str]] = [(child, layout.unexpected(parent, child, specs))]
    missing = layout.incomplete(parent, specs, besides=local(child))
    # xmlschema stops checking a sequence's content at an unexpected child, so a required
    # element missing from it would only show up on the next run: report it now.
    if missing:
        found.append((parent, missing))
    return found


def _attribute(error: XMLSchemaValidationError, element: etree._Element) -> str:
    match = re.match(r"'([^']+)' attribute not allowed", str(error.reason or ""))
    names = [match.group(1)] if match and match.group(1) in element.attrib else None
    return attributes_message(element, names or [str(key) for key in element.attrib])


def _specs(group: XsdGroup) -> list[ChildSpec]:
    return [
        ChildSpec(e.name or "", "", e.min_occurs, e.max_occurs)
        for e in group.iter_elements()
        if isinstance(e, XsdElement)
    ]


def _content_message(element: etree._Element, validator: XsdGroup | XsdElement) -> str | None:
    """Text where only elements (or nothing) may be, or elements where only text may be."""
    name = local(element)
    text = _stray_text(element)
    if isinstance(validator, XsdGroup):
        empty = not any(True for _ in validator.iter_elements())
    else:
        xsd_type = validator.type
        children = element_children(element)
        if xsd_type.has_simple_content() and children:
            return f"<{name}> must contain only text, but holds element <{local(children[0])}>"
        empty = xsd_type.is_empty()
    if empty:
        # Even whitespace makes an element of empty content invalid.
        raw = "".join([element.text or ""] + [child.tail or "" for child in element])
        return f"<{name}> must be empty, but contains text {quote(text or raw)}" if raw else None
    if not text:
        return None
    return f"<{name}> contains text {quote(text)}; only elements are allowed there"


def _expected_value(error: XMLSchemaValidationError) -> str | None:
    validator = error.validator
    if isinstance(validator, XsdEnumerationFacets):
        return enumeration_expectation(str(v) for v in validator.enumeration)
    if isinstance(validator, XsdPatternFacets):
        # A pattern that only narrows a boolean or number to its plain lexical form is, to a
        # reader, the type itself: "expected true or false", not a regular expression.
        base = getattr(validator.parent, "base_type", None)
        builtin = local(base.name or "") if isinstance(base, XsdAtomicBuiltin) else ""
        return pattern_expectation(builtin, validator.regexps)
    if isinstance(validator, (XsdMaxLengthFacet, XsdMinLengthFacet, XsdLengthFacet)):
        facet = {XsdMaxLengthFacet: "maxLength", XsdMinLengthFacet: "minLength"}
        return length_expectation(
            _value(error), facet.get(type(validator), "length"), validator.value
        )
    if isinstance(validator, XsdMinInclusiveFacet):
        return bound_expectation("minInclusive", validator.value)
    if isinstance(validator, XsdMaxInclusiveFacet):
        return bound_expectation("maxInclusive", validator.value)
    if isinstance(validator, XsdAtomicBuiltin):
        builtin = local(validator.name or "")
        return EXPECTED_BY_BUILTIN.get(builtin, f"expected a valid xs:{builtin}")
    return _EXPECTED_BY_FUNCTION.get(getattr(validator, "__name__", ""))


def _value(error: XMLSchemaValidationError) -> str:
    if isinstance(error.obj, str):
        return error.obj
    element = error.elem
    return (element.text or "") if isinstance(element, etree._Element) else ""


def _stray_text(element: etree._Element) -> str:
    pieces = [element.text or ""] + [child.tail or "" for child in element]
    return next((piece.strip() for piece in pieces if piece.strip()), "")


def _fallback(error: XMLSchemaValidationError) -> str:
    lines = _QUALIFIED.sub("", str(error.reason or "")).strip().splitlines()
    reason = lines[0] if lines else "invalid"
    element = error.elem
    if isinstance(element, etree._Element):
        return f"<{local(element)}>: {reason}"
    return reason

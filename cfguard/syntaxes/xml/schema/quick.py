"""Explain the common schema errors from libxml2's log, without importing xmlschema.

A document libxml2 rejects used to go to xmlschema for its messages, and loading xmlschema costs
~0.4 s a process, ~15 ms more a document: a third of the CPU of a typical large run, spent on
the 4% of documents with a schema error. Most of those errors are of a few plain kinds: a value
outside its type (a misspelt enum, `yes` for a boolean), an element where it does not belong, a
required element missing, a Quantity that disagrees with its Items. For those this module says
what xmlschema would have said, word for word, from libxml2's error log and the schema model.

It answers None, and xmlschema explains the document, whenever it cannot be sure: any error
kind it does not know, attributes anywhere (xsi:type changes what validates), a value that is
not plain ASCII, an unexpected element followed by anything, a Quantity error inside or
around another error, more than a hundred errors. The differential test
(tests/test_schema_differential.py) checks that both paths give the same hits on every fixture
and on thousands of mutated documents.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from cfguard.core.findings import Hit
from cfguard.syntaxes.xml.schema.layout import SchemaLayout
from cfguard.syntaxes.xml.schema.model import ChildSpec, SchemaModel
from cfguard.syntaxes.xml.schema.values import (
    INTEGER,
    LONGEST_NUMBER,
    PLAIN,
    Unsure,
    collapse,
    value_messages,
)
from cfguard.syntaxes.xml.schema.wording import (
    assertion_message,
    collect,
    local,
)
from cfguard.syntaxes.xml.source import SourceDocument, is_split_value

#: libxml2 errors about an element's content model; told apart by their message.
_CONTENT_ERROR = "SCHEMAV_ELEMENT_CONTENT"
_NOT_EXPECTED = "This element is not expected."
_MISSING = "Missing child element(s)."
#: libxml2 errors about an element's value: which facet failed does not matter, the value is
#: checked again here the way xmlschema checks it, to word the message as it would.
_VALUE_ERRORS = frozenset(
    {
        "SCHEMAV_CVC_DATATYPE_VALID_1_2_1",
        "SCHEMAV_CVC_ENUMERATION_VALID",
        "SCHEMAV_CVC_PATTERN_VALID",
        "SCHEMAV_CVC_LENGTH_VALID",
        "SCHEMAV_CVC_MINLENGTH_VALID",
        "SCHEMAV_CVC_MAXLENGTH_VALID",
        "SCHEMAV_CVC_MININCLUSIVE_VALID",
        "SCHEMAV_CVC_MAXINCLUSIVE_VALID",
    }
)
#: More errors (or hits) than this and the document is broken beyond the common kinds.
_MAX_ERRORS = 100
#: Longer than any bounded integer's digits (19 for xs:long), short of int()'s digit limit.
_XML_WHITESPACE = "\t\n\r "


def explain_quickly(
    document: SourceDocument,
    errors: Iterable[etree._LogEntry] | etree._ListErrorLog,
    quantities_agree: bool,
    model: SchemaModel,
    layout: SchemaLayout,
) -> list[Hit] | None:
    """The hits xmlschema would give a document libxml2 reported `errors` for (none: it
    accepted it but the Quantities disagree), or None if that is not certain."""
    entries = list(errors)
    if len(entries) > _MAX_ERRORS:
        return None
    try:
        _require_plain_nodes(document.root)
        found: list[tuple[etree._Element | None, str]] = []
        flagged: list[tuple[etree._Element, bool]] = []  # (element, only a missing child)
        for entry in entries:
            element = _element_at(document, entry.path)
            found.extend(_explain_entry(element, entry, model, layout))
            flagged.append((element, _MISSING in entry.message))
        if not quantities_agree:
            mismatched = _quantity_errors(document.root, model)
            for owner, _ in mismatched:
                _require_assertion_reached(owner, flagged)
            found.extend(mismatched)
        if len(found) > _MAX_ERRORS:
            raise Unsure  # xmlschema's path caps and summarises long lists its own way
    except Unsure:
        return None
    return collect(found, document)


def _require_assertion_reached(
    owner: etree._Element, flagged: list[tuple[etree._Element, bool]]
) -> None:
    """xmlschema evaluates `owner`'s Quantity assertion after validating its content: only
    certain when that content had no error and no error cut `owner` off from validation (an
    ancestor that merely lacks a required child does not)."""
    for element, missing_only in flagged:
        if element is owner or owner in element.iterancestors():
            raise Unsure  # an error inside the owner's content
        if not missing_only and element in owner.iterancestors():
            raise Unsure


def _require_plain_nodes(root: etree._Element) -> None:
    """Unsure of documents whose elements carry attributes (xsi:type changes what validates) or
    whose values hold comments (`tr<!-- -->ue`; xmlschema is given such values joined, and they
    are too rare to word here too)."""
    for element in root.iter(etree.Element):
        if element.attrib or is_split_value(element):
            raise Unsure


def _quantity_errors(root: etree._Element, model: SchemaModel) -> list[tuple[etree._Element, str]]:
    """The failed Quantity/Items assertions, evaluated as the schema writes them:
    `count(Quantity) != 1 or not(string(Quantity) castable as xs:integer) or
    count(Items/*) = xs:integer(string(Quantity))`, on every element whose type has them (every
    type with a Quantity child: a test keeps it so)."""
    quantity_tag, items_tag = f"{{{model.namespace}}}Quantity", f"{{{model.namespace}}}Items"
    owners = dict.fromkeys(q.getparent() for q in root.iter(quantity_tag))  # document order
    found: list[tuple[etree._Element, str]] = []
    for owner in owners:
        type_name = model.type_of(owner) if owner is not None else None
        if owner is None or type_name is None or model.child(type_name, quantity_tag) is None:
            continue  # not validated as a type with the assertion
        quantities = owner.findall(quantity_tag)
        if len(quantities) != 1:
            continue
        if len(quantities[0]) or not PLAIN.fullmatch(quantities[0].text or ""):
            raise Unsure  # string() would read child nodes; exotic text: xmlschema decides
        value = collapse(quantities[0].text or "")
        if len(value) > LONGEST_NUMBER:
            raise Unsure
        if not INTEGER.fullmatch(value):
            continue  # not castable as xs:integer: the assertion holds
        count = sum(
            1 for items in owner.findall(items_tag) for _ in items.iterchildren(etree.Element)
        )
        if int(value) != count:
            found.append((owner, assertion_message(owner, "Quantity")))
    return found


def _explain_entry(
    element: etree._Element, entry: etree._LogEntry, model: SchemaModel, layout: SchemaLayout
) -> list[tuple[etree._Element | None, str]]:
    if entry.type_name == _CONTENT_ERROR and _NOT_EXPECTED in entry.message:
        parent = element.getparent()
        if parent is None or _anything_after(element):
            # libxml2 stops checking a parent's children at the first unexpected one, while
            # xmlschema goes on through an xs:all (and reports stray text): only a last child,
            # followed by nothing but whitespace, leaves nothing unseen.
            raise Unsure
        allowed = _children_of(model, parent)
        found: list[tuple[etree._Element | None, str]] = [
            (element, layout.unexpected(parent, element, allowed))
        ]
        # One too many of an element the parent does take: xmlschema still validates it.
        declared = next((spec for spec in allowed if spec.tag == element.tag), None)
        if declared is not None:
            if declared.type_name in model.complex_types:
                raise Unsure
            found.extend(
                (element, message) for message in value_messages(model, element, declared.type_name)
            )
        # As xmlschema is explained: a required element missing from the same parent is
        # reported now rather than on the next run.
        missing = layout.incomplete(parent, allowed, besides=local(element))
        if missing:
            found.append((parent, missing))
        return found
    if entry.type_name == _CONTENT_ERROR and _MISSING in entry.message:
        missing = layout.incomplete(element, _children_of(model, element))
        if missing is None:
            raise Unsure
        return [(element, missing)]
    if entry.type_name in _VALUE_ERRORS:
        messages = value_messages(model, element, model.type_of(element))
        if not messages:
            raise Unsure
        return [(element, message) for message in messages]
    raise Unsure


def _anything_after(element: etree._Element) -> bool:
    """Whether an element or text other than whitespace follows `element` in its parent."""
    if (element.tail or "").strip(_XML_WHITESPACE):
        return True
    return any(
        isinstance(node.tag, str) or (node.tail or "").strip(_XML_WHITESPACE)
        for node in element.itersiblings()
    )


def _element_at(document: SourceDocument, path: str | None) -> etree._Element:
    try:
        found = document.tree.xpath(path) if path else None
    except etree.XPathError:  # a prefix of the document's own in the path, say
        raise Unsure from None
    if not isinstance(found, list) or len(found) != 1 or not isinstance(found[0], etree._Element):
        raise Unsure
    return found[0]


def _children_of(model: SchemaModel, element: etree._Element) -> tuple[ChildSpec, ...]:
    type_name = model.type_of(element)
    if type_name is None or type_name not in model.complex_types:
        raise Unsure
    return model.complex_types[type_name]

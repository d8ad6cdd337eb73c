"""Validate a CloudFront document against the XSD of its API version (CFG003 findings).

Two engines, one verdict, one set of messages:

* `xmlschema` (XSD 1.1): the reference. It understands the schema files as written (`xs:all`
  with repeated elements, `xs:assert`) and its error objects feed `messages`, which writes
  every schema message cfguard prints. Importing it costs ~0.3 s of CPU and building the
  2020-05-31 schema ~0.5 s (~0.1 s from the pickle cache): too slow for every clean document.
* `auto`: for the current format, libxml2 (lxml, XSD 1.0 only, ~0.2 ms a document) validates
  with a 1.0 form derived at load time from the same 1.1 file, and an XPath checks the
  Quantity/Items assertions the 1.0 form lacks. A document that passes both is valid. The
  common errors in any other document (a bad value, a misplaced or missing element, a wrong
  Quantity) are explained from libxml2's log by `quick`, word for word as xmlschema
  would; the rest go to xmlschema (when the Quantities all agree, without evaluating the
  assertions, which cannot fail then). Messages never depend on the engine: the differential
  test compares both on every fixture and on mutated documents.
  Legacy documents are rare and go to xmlschema directly.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from lxml import etree

from cfguard.core.document import Dialect, DocumentType
from cfguard.core.findings import Hit
from cfguard.core.message import render
from cfguard.syntaxes.xml.schema.checks import references, unqualified
from cfguard.syntaxes.xml.schema.files import schema_text, xsd10_document
from cfguard.syntaxes.xml.source import SourceDocument, is_split_value, text_content
from cfguard.syntaxes.xml.spelling import XML_SPELLING

if TYPE_CHECKING:
    from cfguard.syntaxes.xml.schema.layout import SchemaLayout

__all__ = ["MAX_HITS", "Engine", "validate"]

Engine = Literal["auto", "xmlschema"]
#: Schema findings per document; past this a document is broken beyond what a list can help.
MAX_HITS = 50
#: xmlschema errors read per document. A hostile document can hold millions of stray elements,
#: each an error costing ~0.5 ms to enumerate; the first thousand are plenty for MAX_HITS.
MAX_ERRORS_READ = 1000
#: Child elements of one element that xmlschema is given. Each error it reports about a child
#: costs time proportional to the number of siblings (lxml's len() and indexing walk them), so
#: a million stray children would take hours. No CloudFront list comes near: the longest, an
#: invalidation's paths, holds 3,000 (CloudFront quotas, "Invalidations":
#: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html).
MAX_CHILDREN = 20_000
#: Attributes of one element that xmlschema is given (CloudFront documents have none).
MAX_ATTRIBUTES = 100


def validate(
    document: SourceDocument, doc_type: DocumentType, *, engine: Engine = "auto"
) -> list[Hit]:
    """One hit per schema error, at the offending element; an empty list means valid."""
    if engine not in ("auto", "xmlschema"):
        raise ValueError(f"unknown schema engine {engine!r}: expected 'auto' or 'xmlschema'")
    stray = unqualified(document, doc_type)
    if stray is not None:
        return [stray]
    hits, truncated = _validate(document, doc_type, engine)
    # After the XSD: cross-references, which no schema language here can state. Both engines.
    found = references(document, doc_type)
    if found:
        hits = sorted([*hits, *found], key=_document_order)
    return _cap(hits, truncated)


def _document_order(hit: Hit) -> tuple[int, int, str, str]:
    where = hit.location
    return (where.line, where.column or 0, where.xpath, render(hit.message, XML_SPELLING))


def _validate(
    document: SourceDocument, doc_type: DocumentType, engine: Engine
) -> tuple[list[Hit], bool]:
    """The XSD's verdict: hits, and whether xmlschema had more errors than it was read for."""
    text = schema_text(doc_type)
    if engine == "auto" and doc_type.dialect is Dialect.CURRENT:
        libxml2 = _libxml2_schema(text)
        valid = libxml2.validate(document.tree)
        agree = _quantities_agree(document.root, doc_type.namespace)
        if valid and agree:
            return [], False
        crowded = _crowded(document)
        if crowded is not None:
            return [crowded], False
        errors = None if valid else libxml2.error_log
        quick = _explain_quickly(document, text, doc_type, errors, agree=agree)
        if quick is not None:
            return quick, False
        # When every Quantity agrees, every assertion of the schema holds (they are all
        # Quantity/Items assertions), so xmlschema can leave them out: half its time.
        return _explain(
            document, text, doc_type.api_version, assertions=not agree, crowding_checked=True
        )
    return _explain(document, text, doc_type.api_version)


def _explain_quickly(
    document: SourceDocument,
    xsd11_text: str,
    doc_type: DocumentType,
    errors: etree._ListErrorLog | None,
    *,
    agree: bool,
) -> list[Hit] | None:
    from cfguard.syntaxes.xml.schema.model import schema_model
    from cfguard.syntaxes.xml.schema.quick import explain_quickly

    layout = _layout(xsd11_text, doc_type.api_version)
    return explain_quickly(document, errors or [], agree, schema_model(xsd11_text), layout)


@functools.cache
def _libxml2_schema(xsd11_text: str) -> etree.XMLSchema:
    # Built once per process and schema; ~3 ms for the 2020-05-31 schema.
    return etree.XMLSchema(xsd10_document(xsd11_text))


def _quantities_agree(root: etree._Element, namespace: str) -> bool:
    """The schema's `count(Items/*) = Quantity` assertions, for a document libxml2 accepted.

    Every element with a `Quantity` child in the current schema has that assertion (a test
    keeps it so). One compiled XPath, evaluated in C: ~20 times faster than walking the
    Quantity elements in Python. It errs only towards "disagree": a Quantity XPath 1.0 cannot
    read as a number (`+3`) fails here and goes to xmlschema, whose verdict is the reference.
    """
    return not _quantity_mismatch(namespace)(root)


@functools.cache
def _quantity_mismatch(namespace: str) -> etree.XPath:
    return etree.XPath(
        # From each Quantity to its parent's Items (2.5x faster than testing every element for
        # a Quantity child). Two Quantity siblings, which the schema forbids, fail here too.
        "boolean(//q:Quantity[count(../q:Items/*) != number(.)])",
        namespaces={"q": namespace},
    )


def _explain(
    document: SourceDocument,
    xsd11_text: str,
    api_version: str,
    *,
    assertions: bool = True,
    crowding_checked: bool = False,
) -> tuple[list[Hit], bool]:
    """The hits, and whether xmlschema had more errors than MAX_ERRORS_READ."""
    from cfguard.syntaxes.xml.schema.messages import explain

    crowded = None if crowding_checked else _crowded(document)
    if crowded is not None:
        return [crowded], False
    schema, layout = _xmlschema(xsd11_text, api_version)
    tree, originals = _values_joined(document)
    try:
        with _assertions_off(schema, not assertions):
            errors = list(islice(schema.iter_errors(tree), MAX_ERRORS_READ + 1))
    except Exception as error:  # a document must never cause a traceback
        return _unfinished(document, error), False
    hits = explain(errors[:MAX_ERRORS_READ], document, layout, originals)
    return hits, len(errors) > MAX_ERRORS_READ


def _values_joined(
    document: SourceDocument,
) -> tuple[etree._ElementTree | etree._Element, dict[etree._Element, etree._Element]]:
    """The tree as xmlschema should see it, and its elements' originals in `document`.

    XML reads `tr<!-- -->ue` as the value `true`, and so do libxml2 and the adapters; xmlschema
    reads `.text`, the part before the comment, and calls the comment a child element. So a
    document with comments or processing instructions inside values is given to it as a copy
    with those values joined (and findings point back at the original elements).
    """
    if not any(is_split_value(e) for e in document.root.iter(etree.Element)):
        return document.tree, {}
    copied = copy.deepcopy(document.root)
    originals = dict(
        zip(copied.iter(etree.Element), document.root.iter(etree.Element), strict=True)
    )
    for element in copied.iter(etree.Element):
        if is_split_value(element):
            element.text = text_content(element)
            for child in list(element):
                element.remove(child)
    return copied, originals


def _crowded(document: SourceDocument) -> Hit | None:
    """A hit for the first element too crowded to hand to xmlschema, whose cost per error grows
    with the number of siblings or attributes (quadratic on hostile documents)."""
    for element in document.root.iter(etree.Element):
        name = etree.QName(element).localname
        if len(element) > MAX_CHILDREN:
            return Hit(
                document.locate(element),
                f"<{name}> has {len(element):,} children, more than cfguard checks against the "
                f"schema ({MAX_CHILDREN:,}); no CloudFront list is that long (the longest, an "
                "invalidation's paths, holds 3,000)",
            )
        if len(element.attrib) > MAX_ATTRIBUTES:
            return Hit(
                document.locate(element),
                f"<{name}> has {len(element.attrib):,} attributes, more than cfguard checks "
                f"against the schema ({MAX_ATTRIBUTES}); CloudFront elements have none: remove "
                "them",
            )
    return None


@contextmanager
def _assertions_off(schema: Any, off: bool) -> Iterator[None]:
    """xmlschema without the schema's `xs:assert`s for a while (it evaluates each with
    elementpath, ~0.5 ms an element). Types read their `assertions` when they validate."""
    types = _asserting_types(schema) if off else ()
    for xsd_type, _ in types:
        xsd_type.assertions = ()
    try:
        yield
    finally:
        for xsd_type, kept in types:
            xsd_type.assertions = kept


@functools.cache
def _asserting_types(schema: Any) -> tuple[tuple[Any, Any], ...]:
    from xmlschema.validators import XsdAssert

    parents = {id(a.parent): a.parent for a in schema.iter_components(XsdAssert)}
    return tuple((xsd_type, xsd_type.assertions) for xsd_type in parents.values())


def _unfinished(document: SourceDocument, error: Exception) -> list[Hit]:
    """Hits for a document xmlschema could not get through (seen: an `xsi:type` naming a type
    with an undeclared prefix)."""
    from cfguard.syntaxes.xml.schema.wording import attributes_message, xsi_attributes

    hits = [
        Hit(document.locate(element), attributes_message(element, xsi_attributes(element)))
        for element in document.root.iter()
        if isinstance(element.tag, str) and xsi_attributes(element)
    ]
    if hits:
        return hits
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return [Hit(document.locate(document.root), f"schema validation could not finish: {reason}")]


@functools.cache
def _xmlschema(xsd11_text: str, api_version: str) -> tuple[Any, SchemaLayout]:
    from cfguard.syntaxes.xml.schema.cache import load_xmlschema

    return load_xmlschema(xsd11_text), _layout(xsd11_text, api_version)


@functools.cache
def _layout(xsd11_text: str, api_version: str) -> SchemaLayout:
    from cfguard.syntaxes.xml.schema.layout import SchemaLayout
    from cfguard.syntaxes.xml.schema.model import schema_model

    return SchemaLayout(schema_model(xsd11_text), api_version)


def _cap(hits: list[Hit], truncated: bool = False) -> list[Hit]:
    if len(hits) <= MAX_HITS and not truncated:
        return hits
    rest = len(hits) - MAX_HITS
    summary = f"... and {rest} more schema error{'s' if rest != 1 else ''}"
    if truncated:
        summary = f"... and more schema errors (cfguard reads the first {MAX_ERRORS_READ:,})"
    return [*hits[:MAX_HITS], Hit(hits[min(MAX_HITS, len(hits) - 1)].location, summary)]

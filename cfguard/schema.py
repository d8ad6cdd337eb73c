"""Validate a CloudFront document against the XSD of its API version (CFG003 findings).

Two engines, one verdict, one set of messages:

* `xmlschema` (XSD 1.1): the reference. It understands the schema files as written (`xs:all`
  with repeated elements, `xs:assert`) and its error objects feed `schema_messages`, which writes
  every schema message cfguard prints. Importing it costs ~0.3 s of CPU and building the
  2020-05-31 schema ~0.5 s (~0.1 s from the pickle cache): too slow for every clean document.
* `auto`: for the current format, libxml2 (lxml, XSD 1.0 only, ~0.2 ms a document) validates
  with a 1.0 form derived at load time from the same 1.1 file, and Python checks the
  Quantity/Items assertions the 1.0 form lacks. A document that passes both is valid; any other
  document is handed to xmlschema to be explained, so messages never depend on the engine.
  Legacy documents are rare and go to xmlschema directly.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Literal

from lxml import etree

from cfguard.documents import DocumentFormat, DocumentType
from cfguard.findings import Hit
from cfguard.schema_files import schema_text, xsd10_document
from cfguard.source import SourceDocument

if TYPE_CHECKING:
    from cfguard.schema_layout import SchemaLayout

__all__ = ["MAX_HITS", "Engine", "validate"]

Engine = Literal["auto", "xmlschema"]
#: Schema findings per document; past this a document is broken beyond what a list can help.
MAX_HITS = 50


def validate(
    document: SourceDocument, doc_type: DocumentType, *, engine: Engine = "auto"
) -> list[Hit]:
    """One hit per schema error, at the offending element; an empty list means valid."""
    if engine not in ("auto", "xmlschema"):
        raise ValueError(f"unknown schema engine {engine!r}: expected 'auto' or 'xmlschema'")
    text = schema_text(doc_type)
    if (
        engine == "auto"
        and doc_type.format is DocumentFormat.CURRENT
        and _passes_fast_path(document, text, doc_type.namespace)
    ):
        return []
    return _cap(_explain(document, text, doc_type.api_version))


def _passes_fast_path(document: SourceDocument, xsd11_text: str, namespace: str) -> bool:
    schema = _libxml2_schema(xsd11_text)
    return schema.validate(document.tree) and _quantities_agree(document.root, namespace)


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
        "boolean(//*[q:Quantity][count(q:Items/*) != number(q:Quantity)])",
        namespaces={"q": namespace},
    )


def _explain(document: SourceDocument, xsd11_text: str, api_version: str) -> list[Hit]:
    from cfguard.schema_messages import explain

    schema, layout = _xmlschema(xsd11_text, api_version)
    try:
        errors = list(schema.iter_errors(document.tree))
    except Exception as error:  # a document must never cause a traceback
        return _unfinished(document, error)
    return explain(errors, document, layout)


def _unfinished(document: SourceDocument, error: Exception) -> list[Hit]:
    """Hits for a document xmlschema could not get through (seen: an `xsi:type` naming a type
    with an undeclared prefix)."""
    from cfguard.schema_messages import attributes_message, xsi_attributes

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
    from cfguard.schema_cache import load_xmlschema
    from cfguard.schema_layout import SchemaLayout

    schema = load_xmlschema(xsd11_text)
    return schema, SchemaLayout(schema, api_version)


def _cap(hits: list[Hit]) -> list[Hit]:
    if len(hits) <= MAX_HITS:
        return hits
    rest = len(hits) - MAX_HITS
    summary = f"... and {rest} more schema error{'s' if rest != 1 else ''}"
    return [*hits[:MAX_HITS], Hit(hits[MAX_HITS].location, summary)]

"""Hardened parsing of untrusted XML, and source locations for elements.

Documents come from pull requests, so parsing never resolves entities, never loads or fetches a
DTD or any other file, never touches the network and refuses inputs larger than
`MAX_DOCUMENT_BYTES`. CloudFront accepts no DOCTYPE, processing instruction or XInclude in a
request body, so any of them makes the document unusable (CFG001) rather than something to
interpret. Every step is linear in the size of the document: a hostile 10 MiB file costs about
as much as a large honest one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from lxml import etree

from cfguard.core.findings import Location
from cfguard.syntaxes.xml.element_paths import ElementPaths
from cfguard.syntaxes.xml.line_index import XmlLineIndex, doctype_position, libxml2_position
from cfguard.syntaxes.xml.parse_errors import explain
from cfguard.syntaxes.xml.spans import MAX_TAGS_FOR_COLUMNS, Spans, element_spans
from cfguard.syntaxes.xml.text_encoding import decode, sniff_head

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_TAGS_FOR_COLUMNS",
    "DocumentError",
    "SourceDocument",
    "is_split_value",
    "local_name",
    "parse_document",
    "text_content",
]

#: Largest document cfguard reads. CloudFront request bodies are a few KB; 10 MiB leaves room for
#: 10,000 cache behaviors while bounding memory and time on hostile input.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
XINCLUDE_NAMESPACES = frozenset(
    {"http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"}
)
_XINCLUDE_TAGS = tuple(f"{{{namespace}}}*" for namespace in sorted(XINCLUDE_NAMESPACES))

# A DOCTYPE before the root element, for documents libxml2 refused before telling us about it.
# Prolog markup before a DOCTYPE: (start, end) of each kind.
_DOCTYPE_REASON = (
    "the document has a DOCTYPE; CloudFront accepts none, and cfguard refuses DTDs without "
    "reading them (entity expansion and external entities arrive this way): remove it"
)


class DocumentError(Exception):
    """The bytes are not a usable XML document (CFG001)."""

    def __init__(self, message: str, line: int = 1, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(line, 1)
        self.column = column


class _RefuseExternal(etree.Resolver):
    """Answers every request for an external DTD, entity or parameter entity with nothing.

    `no_network` only stops http/ftp; without this, libxml2 opens `file:` and relative system
    ids named in a DOCTYPE (measured: it does with `collect_ids=False`), and a file's content
    could reach an error message. Requests are recorded so the document is refused afterwards.
    """

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    # lxml-stubs omit the `context` argument lxml passes.
    def resolve(  # type: ignore[override]
        self, system_url: str | None, public_id: str | None, context: Any
    ) -> Any:
        self.requested.append(system_url or public_id or "")
        return self.resolve_string("", context, base_url=None)


def _parse(data: bytes) -> tuple[etree._ElementTree, _RefuseExternal]:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # keeps libxml2's depth (256) and text node (10,000,000) limits
        remove_comments=False,  # suppression directives live in comments
        remove_pis=False,  # seen, so that they are refused
    )
    refuse = _RefuseExternal()
    parser.resolvers.add(refuse)
    return etree.ElementTree(etree.fromstring(data, parser)), refuse


@dataclass(slots=True)
class SourceDocument:
    """A parsed document with the position of every element (computed on first use)."""

    tree: etree._ElementTree
    text: str | None
    _spans: Spans | None = None
    _paths: ElementPaths = field(default_factory=ElementPaths)
    _lines: XmlLineIndex | None = None

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    @property
    def lines(self) -> XmlLineIndex:
        """The document's line index (of the empty text when it could not be decoded)."""
        if self._lines is None:
            self._lines = XmlLineIndex(self.text or "")
        return self._lines

    def locate(self, element: etree._Element, resource: str | None = None) -> Location:
        """Where `element` is: its span on the one line index, and its paths; `resource` names
        the distribution it belongs to, in a body that names one (a response's `Id`)."""
        if self._spans is None:
            self._spans = element_spans(self.root, self.text) if self.text else Spans()
        names = self._paths.of(element)
        spans = self._spans
        number = spans.index.get(element)
        if number is None:  # no columns for this document: libxml2's line, on our index
            sourceline = cast("int | None", element.sourceline) or 1  # lxml-stubs: `= ...`
            line, column = self.lines.from_libxml2(sourceline)
            return Location(
                line,
                column,
                names.xpath,
                path=names.path,
                identity=names.identity,
                resource=resource,
            )
        line, column = self.lines.position(spans.starts[number])
        # A value's element ends at its end tag; one holding elements, at its start tag.
        holds_elements = next(element.iterchildren(etree.Element), None) is not None
        end = spans.start_ends[number] if holds_elements else spans.ends[number]
        end_line, end_column = self.lines.position(end)
        return Location(
            line,
            column,
            names.xpath,
            end_line=end_line,
            end_column=end_column,
            path=names.path,
            identity=names.identity,
            resource=resource,
        )


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def text_content(element: etree._Element) -> str:
    """An element's own text as XML means it: `allow<!-- -->-all` is `allow-all`. `.text` stops
    at the first comment, which would let one hide a value from the rules (libxml2, which
    validates the document, reads the whole text)."""
    if not len(element):
        return element.text or ""
    return "".join([element.text or "", *(child.tail or "" for child in element)])


def is_split_value(element: etree._Element) -> bool:
    """Whether `element` holds text and comments but no elements: a value `.text` misreads."""
    return bool(len(element)) and not any(True for _ in element.iterchildren(etree.Element))


def parse_document(data: bytes) -> SourceDocument:
    """Parse untrusted bytes; raise `DocumentError` with the reason and line if unusable."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"the file is over cfguard's size limit of {MAX_DOCUMENT_BYTES:,} bytes (10 MiB); "
            "CloudFront request bodies are far smaller"
        )
    if not data.strip() or (len(data) <= 65536 and not sniff_head(data).strip(" \t\r\n")):
        raise DocumentError("the file is empty: expected a CloudFront XML document")
    try:
        tree, refuse = _parse(data)
    except etree.XMLSyntaxError as error:
        doctype = doctype_position(data)
        if doctype is not None:
            raise DocumentError(_DOCTYPE_REASON, *doctype) from None
        line, column = libxml2_position(data, *error.position)
        raise DocumentError(
            explain(error.msg or "not well-formed XML", data), line, column
        ) from None
    except ValueError as error:  # e.g. a str with an encoding declaration; defensive
        raise DocumentError(f"not well-formed XML: {error}") from None
    _refuse_unsafe_constructs(tree, refuse, data)
    return SourceDocument(tree=tree, text=decode(data, tree.docinfo.encoding))


def _refuse_unsafe_constructs(
    tree: etree._ElementTree, refuse: _RefuseExternal, data: bytes
) -> None:
    docinfo = tree.docinfo
    if (
        docinfo.doctype  # type: ignore[attr-defined]  # missing from lxml-stubs
        or docinfo.internalDTD is not None
        or docinfo.externalDTD is not None
        or refuse.requested
    ):
        raise DocumentError(_DOCTYPE_REASON, *doctype_position(data) or (1, None))
    root = tree.getroot()
    # Filtered iteration happens in C: no Python object per ordinary element.
    outside = [*root.itersiblings(etree.PI, preceding=True), *root.itersiblings(etree.PI)]
    for node in [*outside, *root.iter(etree.PI, etree.Entity)]:
        if isinstance(node, etree._ProcessingInstruction):
            raise DocumentError(
                f"processing instruction <?{node.target} ...?> is not allowed in a CloudFront "
                "document; remove it",
                *libxml2_position(data, node.sourceline or 1),
            )
        raise DocumentError(
            f"entity reference {node.text} is not allowed",
            *libxml2_position(data, node.sourceline or 1),
        )
    include = next(root.iter(*_XINCLUDE_TAGS), None)
    if include is not None:
        raise DocumentError(
            "XInclude is not allowed in a CloudFront document; cfguard never includes files: "
            "remove the xi: elements",
            *libxml2_position(data, include.sourceline or 1),
        )

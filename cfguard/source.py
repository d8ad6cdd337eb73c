"""Hardened parsing of untrusted XML, and source locations for elements.

Documents come from pull requests, so parsing never resolves entities, never loads a DTD, never
touches the network and refuses inputs larger than `MAX_DOCUMENT_BYTES`. CloudFront accepts no
DOCTYPE, processing instruction or XInclude in a request body, so any of them makes the document
unusable (CFG001) rather than something to interpret.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field

from lxml import etree

from cfguard.findings import Location

#: Largest document cfguard reads. CloudFront request bodies are a few KB; 10 MiB leaves room for
#: 10,000 cache behaviors while bounding memory and time on hostile input.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

XINCLUDE_NAMESPACES = frozenset(
    {"http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"}
)

# Start tags in document order. Comments, CDATA sections, processing instructions and end tags are
# matched first so that a `<` inside them is never taken for a start tag.
_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|</[^>]*>|<([^\s/>!?]+)",
    re.DOTALL,
)


class DocumentError(Exception):
    """The bytes are not a usable XML document (CFG001)."""

    def __init__(self, message: str, line: int = 1, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(line, 1)
        self.column = column


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
        remove_comments=False,
        remove_pis=False,
    )


@dataclass(slots=True)
class SourceDocument:
    """A parsed document with the position of every element."""

    tree: etree._ElementTree
    text: str | None
    _positions: dict[etree._Element, tuple[int, int | None]] = field(default_factory=dict)

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    def locate(self, element: etree._Element) -> Location:
        line, column = self._positions.get(element, (element.sourceline or 1, None))
        return Location(line=line, column=column, xpath=readable_path(element))


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def readable_path(element: etree._Element) -> str:
    """`/DistributionConfig/CacheBehaviors/Items/CacheBehavior[2]`: local names, 1-based indexes
    only where siblings share the name."""
    parts: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        name = local_name(node)
        parent = node.getparent()
        if parent is not None:
            same = [child for child in parent if child.tag == node.tag]
            if len(same) > 1:
                name = f"{name}[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))


def parse_document(data: bytes) -> SourceDocument:
    """Parse untrusted bytes; raise `DocumentError` with the reason and line if unusable."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"the file is over cfguard's size limit of {MAX_DOCUMENT_BYTES:,} bytes (10 MiB); "
            "CloudFront request bodies are far smaller"
        )
    if not data.strip():
        raise DocumentError("the file is empty: expected a CloudFront XML document")
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = (error.msg or "not well-formed XML").strip()
        raise DocumentError(f"not well-formed XML: {_clean_reason(message)}", line, column) from None
    except ValueError as error:  # e.g. a str with an encoding declaration; defensive
        raise DocumentError(f"not well-formed XML: {error}") from None
    _refuse_unsafe_constructs(tree)
    text = _decode(data, tree.docinfo.encoding)
    document = SourceDocument(tree=tree, text=text)
    if text is not None:
        document._positions = _element_positions(tree.getroot(), text)
    return document


def _clean_reason(message: str) -> str:
    # libxml2 appends ", line N, column M" which the finding already carries.
    return re.sub(r",? line \d+, column \d+$", "", message)


def _refuse_unsafe_constructs(tree: etree._ElementTree) -> None:
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise DocumentError(
            "the document has a DOCTYPE; CloudFront accepts none, and cfguard refuses DTDs "
            "(entity expansion and external entities arrive this way)",
            1,
        )
    root = tree.getroot()
    for node in _prolog_and_tree(root):
        if isinstance(node, etree._ProcessingInstruction):
            raise DocumentError(
                f"processing instruction <?{node.target} ...?> is not allowed in a CloudFront "
                "document; remove it",
                node.sourceline or 1,
            )
        if isinstance(node, etree._Entity):
            raise DocumentError(
                f"entity reference &{node.name}; is not allowed", node.sourceline or 1
            )
        if isinstance(node.tag, str) and etree.QName(node).namespace in XINCLUDE_NAMESPACES:
            raise DocumentError(
                "XInclude is not allowed in a CloudFront document; cfguard never includes files",
                node.sourceline or 1,
            )


def _prolog_and_tree(root: etree._Element) -> list[etree._Element]:
    nodes: list[etree._Element] = list(root.itersiblings(preceding=True))
    nodes.extend(root.itersiblings())
    nodes.extend(root.iter())
    return nodes


def _decode(data: bytes, declared: str | None) -> str | None:
    encoding = declared or "utf-8"
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            encoding = name
            break
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return None


def _element_positions(
    root: etree._Element, text: str
) -> dict[etree._Element, tuple[int, int | None]]:
    """Map each element to the 1-based line and column of its start tag.

    lxml gives lines but no columns, and the documents real clients send are one long line, so a
    column is what makes a finding point at its element. Start tags are matched by document order;
    if the count disagrees with the tree, fall back to lxml's lines.
    """
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    root_start = text.find("<" + (root.prefix + ":" if root.prefix else "") + local_name(root))
    offsets = [m.start() for m in _TOKEN.finditer(text, max(root_start, 0)) if m.group(1)]
    if root_start < 0 or len(offsets) != len(elements):
        return {el: (el.sourceline or 1, None) for el in elements}
    line_starts = [0]
    line_starts.extend(i + 1 for i, char in enumerate(text) if char == "\n")
    positions: dict[etree._Element, tuple[int, int | None]] = {}
    for element, offset in zip(elements, offsets):
        line_index = bisect.bisect_right(line_starts, offset) - 1
        positions[element] = (line_index + 1, offset - line_starts[line_index] + 1)
    return positions

"""Where the XML syntax's comments are and what each covers, for the suppression grammar
(`cfguard.suppressions.grammar`): `<!-- cfguard: ignore[CFG101] reason -->`.

XML comments, because the documents are XML: CloudFront ignores comments in a request body, so a
suppression costs nothing at deploy time. An element-wide directive covers the element it follows
on the same line (a trailing comment), else the next sibling element; scope is decided on the
tree, never by line arithmetic, so it holds for the one-line documents real clients send.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import cast

from lxml import etree

from cfguard.core.findings import Location
from cfguard.syntaxes import Comment
from cfguard.syntaxes.xml.source import SourceDocument

# Comments in document order; CDATA sections and processing instructions are matched first so
# that a `<!--` inside them is not taken for a comment.
_COMMENT = re.compile(r"<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!--(.*?)-->", re.DOTALL)


def read_comments(source: SourceDocument) -> list[Comment]:
    """Every comment of the document in document order, each with what it would cover."""
    return [
        Comment(node.text or "", location, partial(covered_path, source, node, location))
        for node, location in _comments(source)
    ]


def _comments(source: SourceDocument) -> Iterator[tuple[etree._Element, Location]]:
    """Each comment (before, inside and after the root element) and where it starts."""
    root = source.root
    nodes: list[etree._Element] = [
        *reversed(list(root.itersiblings(etree.Comment, preceding=True))),
        *root.iter(etree.Comment),
        *root.itersiblings(etree.Comment),
    ]
    starts = _comment_starts(source, len(nodes))
    for index, node in enumerate(nodes):
        parent = node.getparent()
        # A comment's place and identity are its element's (so CFG901 keeps its fingerprint).
        inside = source.locate(parent) if parent is not None else None
        # lxml's sourceline is where a comment *ends*; the text scan gives where it starts.
        fallback = cast("int | None", node.sourceline) or 1  # lxml-stubs: `sourceline = ...`
        line, column = starts[index] if starts is not None else (fallback, None)
        yield node, inside.at(line, column) if inside else Location(line, column, "/")


def _comment_starts(source: SourceDocument, expected: int) -> list[tuple[int, int]] | None:
    """1-based (line, column) of every comment in the text; None if the scan and the tree
    disagree (then lines come from lxml and columns are unknown)."""
    text = source.text
    if text is None:
        return None
    offsets = [m.start() for m in _COMMENT.finditer(text) if m.group(1) is not None]
    if len(offsets) != expected:
        return None
    # The document's one line index, which every other location uses too.
    return [source.lines.position(offset) for offset in offsets]


def comment_offset_trailing(source: SourceDocument, location: Location) -> bool:
    """Whether a comment outside the root element sits on the line the root element ends on
    (lxml keeps no whitespace between top-level nodes, so this one needs the text)."""
    if source.text is None or location.column is None:
        return False
    before = (source.lines.line(location.line) or "")[: location.column - 1]
    return before.rstrip().endswith(">")


def covered_path(source: SourceDocument, comment: etree._Element, location: Location) -> str | None:
    """The readable path of the element a (not file-wide) directive in `comment` covers: the
    element it follows on the same line, else the next element after it; None when there is
    none."""
    target = _trailing_element(source, comment, location)
    if target is None:  # never `or`: an lxml element without children is falsy
        target = _next_element(comment)
    return None if target is None else source.locate(target).xpath


def _trailing_element(
    source: SourceDocument, comment: etree._Element, location: Location
) -> etree._Element | None:
    """The element the comment follows on the same line: only spaces (and other comments on
    that line) between its end tag and the comment."""
    node: etree._Element = comment
    if node.getparent() is None:  # before or after the root: lxml keeps no whitespace there
        previous = node.getprevious()
        if previous is source.root and comment_offset_trailing(source, location):
            return source.root
        return None
    while (previous := node.getprevious()) is not None:
        if "\n" in (previous.tail or ""):
            return None
        if isinstance(previous.tag, str):
            return previous
        node = previous  # another comment on the same line: keep looking left
    return None


def _next_element(comment: etree._Element) -> etree._Element | None:
    return next((node for node in comment.itersiblings() if isinstance(node.tag, str)), None)

"""Where each element's start tag and end tag are in the document's text, in one linear scan.

libxml2 gives each element its start line and nothing more. The text gives the rest: start tags
in document order are matched to the elements in document order (as `lxml` iterates them), and
each end tag closes the innermost open start tag, so a stack pairs them in the same pass.
"""

from __future__ import annotations

import re

from lxml import etree

#: Past this many `<` in a document, findings carry lxml's line and no column: matching every
#: start tag to its element costs ~1 s and ~100 MB per million elements, and no CloudFront
#: document comes near (a 10,000-behavior one has ~200,000).
MAX_TAGS_FOR_COLUMNS = 1_000_000

# Markup in document order. Comments, CDATA sections and processing instructions are matched
# first so that a `<` inside them is never taken for a tag; group 1 is an end tag, group 2 the
# name of a start tag, group 3 its `>` when no quoted attribute value comes first.
_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|(</)[^>]*>|<([^\s/>!?]+)[^>\"']*(>)?",
    re.DOTALL,
)
_VALUE_OR_END = re.compile(r"\"[^\"]*\"|'[^']*'|>")


class Spans:
    """Offsets of every element's markup, by document order: its start tag is
    `[starts[i], start_ends[i])` and the whole element `[starts[i], ends[i])` (for `<A/>`, the
    same)."""

    __slots__ = ("ends", "index", "start_ends", "starts")

    def __init__(self) -> None:
        self.index: dict[etree._Element, int] = {}
        self.starts: list[int] = []
        self.start_ends: list[int] = []
        self.ends: list[int] = []


def element_spans(root: etree._Element, text: str) -> Spans:
    """Each element's spans; none when the text and the tree disagree, or the document is over
    `MAX_TAGS_FOR_COLUMNS` (then lxml's lines are all there is)."""
    try:
        return _scan(root, text)
    except _Disagree:
        return Spans()


class _Disagree(Exception):
    """The text's markup does not pair up with the tree's elements."""


def _scan(root: etree._Element, text: str) -> Spans:
    if text.count("<") > MAX_TAGS_FOR_COLUMNS:
        raise _Disagree
    prefix = root.prefix + ":" if root.prefix else ""
    root_start = text.find("<" + prefix + etree.QName(root).localname)
    if root_start < 0:
        raise _Disagree
    spans = Spans()
    starts, start_ends, ends = spans.starts, spans.start_ends, spans.ends
    open_: list[int] = []
    for match in _TOKEN.finditer(text, root_start):
        if match.group(2) is not None:
            # Group 3: the tag ended before any quoted attribute value (the usual case). A
            # value cannot hold `<`, so the scan goes on correctly from inside one.
            end = match.end() if match.group(3) else _tag_end(text, match.end())
            if end < 0:
                raise _Disagree
            open_.append(len(starts))
            starts.append(match.start())
            start_ends.append(end)
            ends.append(end)
            if text[end - 2] == "/":  # `<A/>`: closed by its own tag
                open_.pop()
        elif match.group(1) is not None:
            if not open_:
                raise _Disagree
            ends[open_.pop()] = match.end()
            if not open_:
                break  # the root's end tag: what follows is outside the document element
    elements = list(root.iter(etree.Element))
    if len(starts) != len(elements) or open_:
        raise _Disagree
    spans.index = {element: number for number, element in enumerate(elements)}
    return spans


def _tag_end(text: str, position: int) -> int:
    """The offset after the `>` that ends the start tag running at `position`, skipping quoted
    attribute values (which may hold `>`); -1 if there is none. The regex engine skips what lies
    between values, so a tag with 200,000 attributes costs one match per value and no memory."""
    for found in _VALUE_OR_END.finditer(text, position):
        if found.group() == ">":
            return found.end()
    return -1

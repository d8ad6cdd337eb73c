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
# first so that a `<` inside them is never taken for a tag. A start tag runs to the first `>`
# outside a quoted attribute value, written as "unrolled" runs (non-quotes, then one quoted
# value) so that no two ways of matching the same text exist: linear, even on 200,000
# attributes.
_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    r"|(</)[^>]*>"
    r"|<([^\s/>!?]+)(?:[^>\"']*(?:\"[^\"]*\"|'[^']*'))*[^>\"']*>",
    re.DOTALL,
)


class Spans:
    """Offsets of one element's markup: its start tag `[start, start_end)` and the whole
    element `[start, end)` (for `<A/>`, the same)."""

    __slots__ = ("end", "start", "start_end")

    def __init__(self, start: int, start_end: int, end: int) -> None:
        self.start, self.start_end, self.end = start, start_end, end


def element_spans(root: etree._Element, text: str) -> dict[etree._Element, Spans]:
    """Each element's spans ({} when the text and the tree disagree, or the document is over
    `MAX_TAGS_FOR_COLUMNS`: then lxml's lines are all there is)."""
    if text.count("<") > MAX_TAGS_FOR_COLUMNS:
        return {}
    root_start = text.find("<" + (root.prefix + ":" if root.prefix else "") + _local(root))
    if root_start < 0:
        return {}
    elements = list(root.iter(etree.Element))
    spans: list[Spans] = []
    open_: list[Spans] = []
    for match in _TOKEN.finditer(text, root_start):
        if match.group(2) is not None:
            start, start_end = match.span()
            span = Spans(start, start_end, start_end)
            spans.append(span)
            if text[start_end - 2] != "/":  # not `<A/>`: open until its end tag
                open_.append(span)
        elif match.group(1) is not None:
            if not open_:
                return {}
            open_.pop().end = match.end()
            if not open_:
                break  # the root's end tag: what follows is outside the document element
    if len(spans) != len(elements) or open_:
        return {}
    return dict(zip(elements, spans, strict=True))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname

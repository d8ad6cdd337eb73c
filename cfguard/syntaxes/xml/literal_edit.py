"""A value of an XML element rewritten in place: the element's text between its tags, escaped,
with the whitespace around it, the tags, the namespace prefix and everything else as written."""

from __future__ import annotations

from cfguard.core.fixes import Edit

# Not xml.sax.saxutils.escape: importing it pulls in urllib.request, http.client and ssl, tens
# of milliseconds on every check that reports a fixable finding.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(value: str) -> str:
    """`value` as element text."""
    return value.translate(_ESCAPES)


def literal_edit(text: str, start: int, end: int, value: str) -> Edit | None:
    """The edit that makes the element spanning `start`..`end` hold `value`; None for an
    element that holds anything but text (a child, a comment, CDATA) or is empty-tagged."""
    element = text[start:end]
    opened = _start_tag_end(element)
    closed = element.rfind("</")
    if opened is None or closed <= opened or element[opened - 1] == "/":
        return None
    content = element[opened + 1 : closed]
    if "<" in content:
        return None
    stripped = content.strip()
    inner_start = start + opened + 1 + (len(content) - len(content.lstrip()))
    return Edit(inner_start, inner_start + len(stripped), escape(value))


def _start_tag_end(element: str) -> int | None:
    """The offset of the `>` that ends the start tag: not one inside a quoted attribute value
    (`<ViewerProtocolPolicy a="x>y">`)."""
    quote = ""
    for index, char in enumerate(element):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ">":
            return index
    return None

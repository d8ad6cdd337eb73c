"""XML's side of the shared line index (`cfguard.core.line_index`): libxml2's positions, and
where a DOCTYPE starts."""

from __future__ import annotations

import re

from cfguard.core.line_index import LineIndex
from cfguard.syntaxes.xml.text_encoding import sniff_head

# XML ends a line at CR LF, a lone CR or LF (XML 1.0 §2.11), as the shared index does; libxml2
# normalises them to LF, so only a lone CR makes its line numbers differ.
_LONE_CR = re.compile(r"\r(?!\n)")
_LF = re.compile("\n")
_SPACE = re.compile(r"\s*")
_PROLOG_SKIPS = (("<?", "?>"), ("<!--", "-->"))


class XmlLineIndex(LineIndex):
    """The shared line index, plus the mapping of libxml2's positions onto it."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._lf_starts: list[int] | None = None

    def from_libxml2(self, line: int, column: int | None = None) -> tuple[int, int | None]:
        """A position libxml2 gave (a parse error, an element's `sourceline`) on this index.

        libxml2 ends lines at LF only, and counts a lone CR as a character of its line
        (columns are in characters): the same position unless the text has a lone CR.
        """
        text = self.text
        if self._lf_starts is None:
            lone_cr = _LONE_CR.search(text) is not None
            self._lf_starts = [0, *(m.end() for m in _LF.finditer(text))] if lone_cr else []
        if not 0 < line <= len(self._lf_starts):  # (always, without a lone CR)
            return line, column
        offset = min(self._lf_starts[line - 1] + (column or 1) - 1, len(text))
        mapped_line, mapped_column = self.position(offset)
        return mapped_line, mapped_column if column is not None else None


def libxml2_position(data: bytes, line: int, column: int | None = None) -> tuple[int, int | None]:
    """A position libxml2 gave for `data` on the line index of its text as CFG001's excerpt
    decodes it (UTF-8; `cfguard.engine`). Only a lone CR makes them differ."""
    if b"\r" not in data:
        return line, column
    return XmlLineIndex(data.decode("utf-8", errors="replace")).from_libxml2(line, column)


def doctype_position(data: bytes) -> tuple[int, int] | None:
    """Line and column of a DOCTYPE before the root element, if there is one."""
    head = sniff_head(data).replace("\r\n", "\n").replace("\r", "\n")
    # A scan, not one regular expression: `(?:<\?.*?\?>|...)*` backtracks exponentially on a
    # run of processing instructions followed by garbage (measured: 100 of them hang).
    start = 1 if head.startswith("\ufeff") else 0
    while True:
        start = _SPACE.match(head, start).end()  # type: ignore[union-attr]  # \s* always matches
        for opening, closing in _PROLOG_SKIPS:
            if head.startswith(opening, start):
                end = head.find(closing, start + len(opening))
                if end < 0:
                    return None
                start = end + len(closing)
                break
        else:
            break
    if not head.startswith("<!DOCTYPE", start):
        return None
    line_start = head.rfind("\n", 0, start) + 1
    return head.count("\n", 0, start) + 1, start - line_start + 1

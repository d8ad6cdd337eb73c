"""Offsets in a document's text <-> 1-based (line, column), and the text of each line."""

from __future__ import annotations

import bisect
import re

from cfguard.syntaxes.xml.text_encoding import sniff_head

#: Where XML ends a line: CR LF, a lone CR or LF (XML 1.0 §2.11, which a parser normalises to
#: LF). Not U+0085 or U+2028 (line ends in XML 1.1 only) or a form feed, which `str.splitlines`
#: also splits on: a document holding one would show an excerpt from the wrong line.
_LINE_END = re.compile(r"\r\n?|\n")
_LONE_CR = re.compile(r"\r(?!\n)")
_LF = re.compile("\n")
_SPACE = re.compile(r"\s*")
_PROLOG_SKIPS = (("<?", "?>"), ("<!--", "-->"))


class LineIndex:
    """The one mapping between offsets in a document's text and 1-based (line, column), and the
    text of each line: every location (elements, comments) and every excerpt goes through it."""

    def __init__(self, text: str) -> None:
        self._text = text
        # Line ends found by the regex engine, not a Python loop over every character.
        self._starts = [0, *(match.end() for match in _LINE_END.finditer(text))]
        self._lf_starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column (in characters) of the character at `offset`."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def from_libxml2(self, line: int, column: int | None = None) -> tuple[int, int | None]:
        """A position libxml2 gave (a parse error, an element's `sourceline`) on this index.

        libxml2 ends lines at LF only, and counts a lone CR as a character of its line
        (columns are in characters): the same position unless the text has a lone CR.
        """
        if self._lf_starts is None:
            lone_cr = _LONE_CR.search(self._text) is not None
            self._lf_starts = [0, *(m.end() for m in _LF.finditer(self._text))] if lone_cr else []
        if not 0 < line <= len(self._lf_starts):  # (always, without a lone CR)
            return line, column
        offset = min(self._lf_starts[line - 1] + (column or 1) - 1, len(self._text))
        mapped_line, mapped_column = self.position(offset)
        return mapped_line, mapped_column if column is not None else None

    def line(self, number: int) -> str | None:
        """The text of line `number` without its line end; None past the last line."""
        if not 0 < number <= len(self._starts):
            return None
        start = self._starts[number - 1]
        end = self._starts[number] if number < len(self._starts) else len(self._text)
        return self._text[start:end].rstrip("\r\n")


def libxml2_position(data: bytes, line: int, column: int | None = None) -> tuple[int, int | None]:
    """A position libxml2 gave for `data` on the line index of its text as CFG001's excerpt
    decodes it (UTF-8; `cfguard.engine`). Only a lone CR makes them differ."""
    if b"\r" not in data:
        return line, column
    return LineIndex(data.decode("utf-8", errors="replace")).from_libxml2(line, column)


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

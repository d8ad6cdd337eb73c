"""Offsets in a document's text <-> 1-based (line, column), and the text of each line.

One index serves every syntax, so a location means the same in all of them: lines end at CR LF,
a lone CR or LF, which is where XML, JSON, YAML and HCL all end them. Not at U+0085, U+2028 or a
form feed, which `str.splitlines` also splits on: a document holding one would show an excerpt
from the wrong line. Columns count characters (code points), from 1.
"""

from __future__ import annotations

import bisect
import re

_LINE_END = re.compile(r"\r\n?|\n")


class LineIndex:
    """The one mapping between offsets in a document's text and 1-based (line, column), and the
    text of each line: every location and every excerpt goes through it."""

    def __init__(self, text: str) -> None:
        self._text = text
        # Line ends found by the regex engine, not a Python loop over every character.
        self._starts = [0, *(match.end() for match in _LINE_END.finditer(text))]

    def __len__(self) -> int:
        return len(self._starts)

    @property
    def text(self) -> str:
        return self._text

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column (in characters) of the character at `offset`."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def offset(self, line: int, column: int) -> int | None:
        """The offset of 1-based `line`:`column` (the inverse of `position`); None outside the
        text (a column may be one past the line's last character: where a span ends)."""
        if not 0 < line <= len(self._starts) or column < 1:
            return None
        offset = self._starts[line - 1] + column - 1
        return offset if offset <= len(self._text) else None

    def line(self, number: int) -> str | None:
        """The text of line `number` without its line end; None past the last line."""
        if not 0 < number <= len(self._starts):
            return None
        start = self._starts[number - 1]
        end = self._starts[number] if number < len(self._starts) else len(self._text)
        return self._text[start:end].rstrip("\r\n")

"""Keep document text from driving the terminal: control characters, ANSI escape sequences and
bidirectional overrides in element text are shown escaped, never emitted raw."""

from __future__ import annotations

import re
from functools import cache

# Lone surrogates (\udc80-\udcff) are how Python carries the bytes of a file name that is not valid
# UTF-8; printed raw they crash the output stream, so they are shown as the byte they stand for.
# C0 (except none: even tab and newline would break the one-line-per-finding format), DEL, C1,
# the Unicode bidi controls that can make a line read differently than it is (CVE-2021-42574),
# the line and paragraph separators (a line break to some terminals and editors), and the
# invisible characters that make two different names look the same (zero-width space, joiners,
# word joiner and invisible operators, BOM, interlinear annotation marks).
_UNSAFE = (
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\ufff9-\ufffb\ud800-\udfff]"
)


@cache
def _unsafe() -> re.Pattern[str]:
    """`_UNSAFE` compiled when first needed (~0.4 ms): a clean run prints no document text."""
    return re.compile(_UNSAFE)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character that could drive the terminal or hide itself escaped as
    `\\xNN` / `\\uNNNN`; everything else (accents, CJK, emoji) is left as it is."""
    return _unsafe().sub(_escape, text)

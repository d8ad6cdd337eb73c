"""Keep document text from driving the terminal: control characters, ANSI escape sequences and
bidirectional overrides in element text are shown escaped, never emitted raw."""

from __future__ import annotations

import re

# Lone surrogates (\udc80-\udcff) are how Python carries the bytes of a file name that is not valid
# UTF-8; printed raw they crash the output stream, so they are shown as the byte they stand for.
# C0 (except none: even tab and newline would break the one-line-per-finding format), DEL, C1,
# and the Unicode bidi controls that can make a line read differently than it is (CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    return _UNSAFE.sub(_escape, text)

"""Why the JSON parser refused a document's bytes or one of its strings (the CFG001 message): the
size limit, a byte order mark, UTF-16, bytes that are not UTF-8, and strings that are cut short,
hold a control character or a bad escape, or escape half a surrogate pair.
"""

from __future__ import annotations

import codecs
import re

from cfguard.core.line_index import LineIndex
from cfguard.syntaxes.json.json_errors import Refusal, shown

_BAD_U_ESCAPE = r"\\u[0-9a-fA-F]{0,4}"
_ESCAPE = r"(?s)\\(?:u([0-9a-fA-F]{4})|.)"  # compiled when needed (re caches it)


def refuse_bytes(data: bytes, limit: int) -> tuple[int, int | None, str] | None:
    """What is wrong with the file before it is read as text: its size or its encoding."""
    if len(data) > limit:
        return (
            1,
            None,
            f"the file is over cfguard's size limit of {limit:,} bytes (10 MiB); CloudFront "
            "request bodies are far smaller",
        )
    if data.startswith(codecs.BOM_UTF8):
        return (
            1,
            1,
            "the file starts with a UTF-8 byte order mark (BOM), which the AWS CLI does not "
            'remove: it refuses the file as "Invalid JSON"; save it as UTF-8 without a BOM',
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        return (
            1,
            1,
            "the file is UTF-16 (what Windows PowerShell's > and Out-File write), not UTF-8: "
            "save it as UTF-8 (Out-File -Encoding utf8)",
        )
    return None


def _utf16_without_bom(data: bytes) -> bool:
    """Two ASCII characters in UTF-16: a NUL byte after each (LE) or before each (BE)."""
    if len(data) < 4:
        return False
    zeros = [byte == 0 for byte in data[:4]]
    return zeros in ([False, True, False, True], [True, False, True, False])


def invalid_utf8(data: bytes, start: int, reason: str) -> tuple[int, int, str]:
    """Where the first byte that is not UTF-8 is, in characters of the text before it."""
    before = data[:start].decode("utf-8")  # valid: the decoder stopped at `start`
    line, column = LineIndex(before).position(len(before))
    return (
        line,
        column,
        f"the file is not valid UTF-8 (byte 0x{data[start]:02X}: {reason}); it is binary, or "
        "text in another encoding such as Windows-1252: save it as UTF-8",
    )


def bad_string(text: str, start: int, error: ValueError, lines: LineIndex) -> Refusal:
    """Why the string opened at `start` is not a JSON string (`error` from scanstring)."""
    reason: str = getattr(error, "msg", str(error))
    pos: int = getattr(error, "pos", start)
    if reason.startswith("Unterminated string"):
        line, column = lines.position(start)
        return Refusal(
            len(text),
            f"the file ends inside a string that starts at line {line}, column {column}: it "
            "is cut short, or its closing '\"' is missing",
        )
    if reason.startswith("Invalid control character"):
        char = text[pos]
        if char in "\r\n":
            return Refusal(
                pos,
                "a line break inside a string: is its closing '\"' missing? A JSON string ends "
                "on the line it starts on; a line break in one is written \\n",
            )
        if char == "\t":
            return Refusal(pos, "a tab character inside a string: JSON writes it \\t")
        code = ord(char)
        return Refusal(
            pos, f"a control character (U+{code:04X}) inside a string: JSON writes it \\u{code:04x}"
        )
    if reason.startswith("Invalid \\uXXXX"):
        pos = text.rfind("\\", start, pos + 1)
        escape = re.compile(_BAD_U_ESCAPE).match(text, pos)
        quoted = shown(escape.group() if escape else "\\u")
        return Refusal(pos, f"the escape {quoted} is not \\u and four hexadecimal digits")
    if reason.startswith("Invalid \\escape"):
        return Refusal(
            pos,
            f"the escape {shown(text[pos : pos + 2])} is not JSON: a backslash starts only "
            '\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with four hexadecimal digits',
        )
    return Refusal(pos, f"not a valid JSON string: {reason}")  # pragma: no cover - defensive


def lone_surrogate(text: str, start: int, end: int) -> Refusal:
    """The first \\u escape in the string at `start`..`end` of half a UTF-16 surrogate pair."""
    high = high_end = -1
    for match in re.compile(_ESCAPE).finditer(text, start + 1, end - 1):
        code = int(match.group(1), 16) if match.group(1) else -1
        if high >= 0:
            if 0xDC00 <= code <= 0xDFFF and match.start() == high_end:
                high = -1
                continue
            break
        if 0xD800 <= code <= 0xDBFF:
            high, high_end = match.start(), match.end()
        elif 0xDC00 <= code <= 0xDFFF:
            high = match.start()
            break
    offset = high if high >= 0 else start
    return Refusal(
        offset,
        f"the escape {shown(text[offset : offset + 6])} is half of a UTF-16 surrogate pair "
        "without its other half: not valid Unicode text",
    )

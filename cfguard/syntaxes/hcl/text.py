"""What is wrong with the bytes of a `.tf` file before it is read as HCL (its size, its encoding,
binary content), and the mapping from tree-sitter's byte offsets to character offsets.

tree-sitter counts bytes of the UTF-8 input; cfguard's locations count characters of the decoded
text. An ASCII file needs no mapping at all (the usual case); otherwise the runs of non-ASCII
characters are found once with a regular expression and each offset is mapped with a bisection.
"""

from __future__ import annotations

import bisect
import codecs
import re
from typing import NamedTuple

from cfguard.core.limits import MAX_DOCUMENT_BYTES
from cfguard.core.line_index import LineIndex

#: Largest `.tf` file read. tree-sitter holds some 150 bytes per byte of whitespace or string
#: text, and up to ~800 on hostile input (see the parser's docstring), so the shared 10 MiB would
#: allow gigabytes. Terraform configurations are split across files of a few KB each; 2 MiB holds
#: some 400 CloudFront distributions in one file (a `terraformer` export of an account).
MAX_HCL_BYTES = min(2 * 1024 * 1024, MAX_DOCUMENT_BYTES)

# C0 controls but tab, LF, CR (and form feed, which some editors write): never in HCL source.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


class Problem(NamedTuple):
    """Where (1-based line, column or None) and why the bytes are refused."""

    line: int
    column: int | None
    message: str


def refuse_bytes(data: bytes) -> Problem | None:
    """What is wrong with the file before it is read as text: its size, UTF-16, binary bytes."""
    if len(data) > MAX_HCL_BYTES:
        return Problem(
            1,
            None,
            f"the file is over cfguard's size limit for HCL of {MAX_HCL_BYTES:,} bytes "
            f"({MAX_HCL_BYTES // (1024 * 1024)} MiB): split the configuration into several "
            ".tf files",
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        return Problem(
            1,
            1,
            "the file is UTF-16 (what Windows PowerShell's > and Out-File write), not UTF-8: "
            "save it as UTF-8 (Out-File -Encoding utf8); Terraform reads only UTF-8",
        )
    control = _CONTROL.search(data)
    if control is not None:
        line, column = _position_of_byte(data, control.start())
        byte = data[control.start()]
        kind = "a NUL byte" if byte == 0 else f"the control character 0x{byte:02X}"
        return Problem(
            line, column, f"{kind}: this is a binary file, not HCL text (Terraform refuses it)"
        )
    return None


def invalid_utf8(data: bytes, start: int, reason: str) -> Problem:
    """Where the first byte that is not UTF-8 is, in characters of the text before it."""
    line, column = _position_of_byte(data, start)
    return Problem(
        line,
        column,
        f"the file is not valid UTF-8 (byte 0x{data[start]:02X}: {reason}); it is binary, or "
        "text in another encoding such as Windows-1252: save it as UTF-8",
    )


def _position_of_byte(data: bytes, start: int) -> tuple[int, int]:
    """Line and column (in characters) of byte `start`, decoding what comes before it leniently
    (an earlier fault is located by its own check)."""
    before = data[:start].decode("utf-8", "replace").removeprefix("\ufeff")
    return LineIndex(before).position(len(before))


def _utf16_without_bom(data: bytes) -> bool:
    """Two ASCII characters in UTF-16: a NUL byte after each (LE) or before each (BE)."""
    if len(data) < 4:
        return False
    zeros = [byte == 0 for byte in data[:4]]
    return zeros in ([False, True, False, True], [True, False, True, False])


class Offsets:
    """Byte offsets of the UTF-8 text (as tree-sitter gives them) -> character offsets."""

    def __init__(self, text: str, ascii_only: bool) -> None:
        self._text = text
        # Per run of non-ASCII characters: its first byte, its byte end, and the bytes more than
        # characters before its end (cumulative).
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._extra: list[int] = []
        if ascii_only:
            return
        extra = 0
        for match in _NON_ASCII.finditer(text):
            byte_start = match.start() + extra
            width = len(match.group().encode("utf-8"))
            extra += width - (match.end() - match.start())
            self._starts.append(byte_start)
            self._ends.append(byte_start + width)
            self._extra.append(extra)

    def char(self, byte: int) -> int:
        """The character offset of byte offset `byte` (inside a character: that character)."""
        if not self._ends:
            return byte
        index = bisect.bisect_right(self._ends, byte)
        before = self._extra[index - 1] if index else 0
        if index < len(self._starts) and self._starts[index] < byte:
            # Inside a run: count the characters of the run up to `byte`.
            run_start = self._starts[index] - before
            chars = len(self._run_prefix(run_start, byte - self._starts[index]))
            return run_start + chars
        return byte - before

    def _run_prefix(self, char_start: int, byte_count: int) -> str:
        """The characters from `char_start` whose UTF-8 takes at most `byte_count` bytes."""
        chars: list[str] = []
        used = 0
        for character in self._text[char_start:]:
            used += len(character.encode("utf-8"))
            if used > byte_count:
                break
            chars.append(character)
        return "".join(chars)

"""An entry removed from a YAML sequence: in block style (`- SSLv3` on its line) the line,
in flow style (`[SSLv3, TLSv1.2]`) the entry and its comma. An entry with a comment beside it,
or anything but a plain or quoted scalar, is left alone."""

from __future__ import annotations

import re

from cfguard.core.fixes import Edit
from cfguard.syntaxes.separated_entries import separated_entry_removal

_BLOCK_ENTRY = re.compile(r"[ \t]*-[ \t]+\Z")


def entry_removal(text: str, start: int, end: int) -> tuple[Edit, ...] | None:
    token = text[start:end]
    if not token or "\n" in token or token[0] in "|>!&*#":
        return None
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end + 1
    if _BLOCK_ENTRY.match(text, line_start, start):
        if text[end:line_end].strip():
            return None  # a comment after the entry (maybe a suppression): not removed with it
        return (Edit(line_start, line_end, ""),)
    removal = separated_entry_removal(text, start, end)
    return None if removal is None else (removal,)

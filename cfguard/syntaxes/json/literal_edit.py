"""A JSON string rewritten in place: the quoted string token replaced by the new one, written
as the file writes strings (non-ASCII as itself, unless the old string escaped it)."""

from __future__ import annotations

import json

from cfguard.core.fixes import Edit


def literal_edit(text: str, start: int, end: int, value: str) -> Edit | None:
    """The edit that makes the string token spanning `start`..`end` read `value`; None if the
    span is not a string token (a number, an object: nothing a fix rewrites)."""
    token = text[start:end]
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        return None
    return Edit(start, end, json.dumps(value, ensure_ascii="\\u" in token))

"""A YAML scalar rewritten in place, in its own style: a plain scalar stays plain when the new
value reads back as the same string (else it is single-quoted), a quoted one keeps its quotes.
A block scalar (`|`, `>`) or a scalar with a tag is left alone: no fix is offered there."""

from __future__ import annotations

import json
import re

from cfguard.core.fixes import Edit

# A plain scalar that YAML 1.1 and 1.2 both read as this very string: no indicator first, no
# ": " or " #" inside, and not a word or number a loader would convert.
_PLAIN = re.compile(r"[A-Za-z0-9_/.][A-Za-z0-9_./*+=-]*\Z")
_CONVERTED = re.compile(
    r"(?i)(y|n|yes|no|on|off|true|false|null|~|[-+]?(\.inf|\.nan|[0-9][0-9_.:eE+-]*))\Z"
)


def literal_edit(text: str, start: int, end: int, value: str) -> Edit | None:
    """The edit that makes the scalar spanning `start`..`end` read `value`; None for one that
    cannot be rewritten on its own (a block scalar, a tagged or multi-line scalar)."""
    token = text[start:end]
    if not token or "\n" in token or "\r" in token or token[0] in "|>!&*":
        return None
    if token[0] == "'":
        return Edit(start, end, "'" + value.replace("'", "''") + "'")
    if token[0] == '"':
        return Edit(start, end, json.dumps(value, ensure_ascii=False))
    if _PLAIN.match(value) and not _CONVERTED.match(value):
        return Edit(start, end, value)
    return Edit(start, end, "'" + value.replace("'", "''") + "'")

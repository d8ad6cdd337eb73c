"""A string removed from a JSON array, with its comma; in the API's Quantity/Items shape (the
AWS CLI's JSON), the `Quantity` beside the `Items` is counted down in the same fix, so that the
document stays valid."""

from __future__ import annotations

import json
import re

from cfguard.core.fixes import Edit
from cfguard.syntaxes.separated_entries import separated_entry_removal

_QUANTITY = re.compile(r'"Quantity"\s*:\s*(\d+)')
_ITEMS_KEY = re.compile(r'"Items"\s*:\s*\Z')


def entry_removal(text: str, start: int, end: int) -> tuple[Edit, ...] | None:
    token = text[start:end]
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        return None
    removal = separated_entry_removal(text, start, end)
    if removal is None:
        return None
    array = _innermost(text, start, "[")
    if array is None:
        return None
    opened, closed = array
    if not _ITEMS_KEY.search(text, max(0, opened - 64), opened):
        return (removal,)  # a plain list (CloudFormation, Terraform JSON): nothing to count
    owner = _innermost(text, opened, "{")
    if owner is None:
        return None
    counts = list(_QUANTITY.finditer(text, owner[0], owner[1]))
    try:
        entries = json.loads(text[opened : closed + 1])
    except ValueError:
        return None
    if len(counts) != 1 or int(counts[0].group(1)) != len(entries):
        return None  # a Quantity out of step already (CFG003's to report): not rewritten
    count = counts[0]
    return removal, Edit(count.start(1), count.end(1), str(len(entries) - 1))


def _innermost(text: str, offset: int, bracket: str) -> tuple[int, int] | None:
    """The offsets of the innermost `bracket` (`[` or `{`) around `offset` and of its closing
    bracket, strings skipped: of the brackets around it, the innermost closes first."""
    stack: list[tuple[str, int]] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == '"':
            index += 1
            while index < length and text[index] != '"':
                index += 2 if text[index] == "\\" else 1
        elif char in "[{":
            stack.append((char, index))
        elif char in "]}":
            if not stack:
                return None
            kind, opened = stack.pop()
            if kind == bracket and opened < offset < index:
                return opened, index
        index += 1
    return None

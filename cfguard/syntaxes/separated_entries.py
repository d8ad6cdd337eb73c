"""A list entry removed from a bracketed, comma-separated list (JSON arrays, HCL tuples, YAML
flow sequences), with the one comma it owned: the entry and the comma after it (or, for the
last entry, the comma before it), and on a list written one entry a line, the entry's line. The
list's other entries, its brackets and its layout stay as written."""

from __future__ import annotations

from cfguard.core.fixes import Edit

_SPACE = " \t\r\n"


def separated_entry_removal(text: str, start: int, end: int) -> Edit | None:
    """The edit removing the entry spanning `start`..`end`; None for the only entry of its list
    (a list left empty means something else), or where a comment or anything but blanks and
    one comma lies beside it (that is not a list cfguard rewrites)."""
    before = start
    while before > 0 and text[before - 1] in _SPACE:
        before -= 1
    after = end
    while after < len(text) and text[after] in _SPACE:
        after += 1
    opener = text[before - 1] if before > 0 else ""
    closer = text[after] if after < len(text) else ""
    if closer == ",":
        following = after + 1
        while following < len(text) and text[following] in _SPACE:
            following += 1
        if opener not in "[,":
            return None
        if text[following : following + 1] == "]" and opener == "[":
            return None  # the only entry, with a trailing comma
        if "\n" in text[before:start]:  # one entry a line: the line goes, the layout stays
            return Edit(before, after + 1, "")
        return Edit(start, following, "")
    if closer == "]" and opener == ",":  # the last entry: the comma before it goes with it
        return Edit(before - 1, end, "")
    return None

"""Findings -> the edits of the text that repair them, through the file's syntax (`--fix`).

A fix names values by their location (line and column, start and end, as every finding does);
the text's line index turns those into character offsets, and the syntax turns the value's
span into the exact edit (`Syntax.literal_edit`). Edits that overlap are not applied together:
the first one in the file is, and the finding of the other is still there for the next round.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cfguard.core.findings import Finding
from cfguard.core.fixes import Edit, Fix, Replacement
from cfguard.core.line_index import LineIndex
from cfguard.syntaxes import AnySyntax

_BOM = "\ufeff"


def decoded(data: bytes) -> tuple[bytes, str] | None:
    """The byte order mark (if any) and the text after it, for a UTF-8 file; None for any
    other: only text that encodes back to the same bytes is edited."""
    bom = _BOM.encode("utf-8") if data.startswith(_BOM.encode("utf-8")) else b""
    try:
        return bom, data[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        return None


def applicable(finding: Finding, unsafe: bool) -> Fix | None:
    """The finding's fix if this run applies it: a safe one always, an unsafe one only with
    `--unsafe-fixes`."""
    fix = finding.fix
    if fix is None or not (fix.safe or unsafe):
        return None
    return fix


def edits_of(
    findings: Iterable[Finding], text: str, lines: LineIndex, syntax: AnySyntax, unsafe: bool
) -> list[tuple[Edit, ...]]:
    """Each applicable fix as its edits, in file order; a fix with a replacement the syntax
    cannot write is left out whole."""
    found: list[tuple[Edit, ...]] = []
    for finding in findings:
        fix = applicable(finding, unsafe)
        edits = None if fix is None else fix_edits(fix, text, lines, syntax)
        if edits:  # () for a fix that only writes a new file (CFG201's batch): no text to edit
            found.append(edits)
    return sorted(found, key=lambda edits: min(edit.start for edit in edits))


def fix_edits(fix: Fix, text: str, lines: LineIndex, syntax: AnySyntax) -> tuple[Edit, ...] | None:
    """The edits of one fix; None if the syntax cannot write one of its replacements (a value
    in a block scalar, a template, a parameter's default)."""
    edits: list[Edit] = []
    for replacement in fix.replacements:
        made = _edits(replacement, text, lines, syntax)
        if made is None:
            return None
        edits.extend(made)
    return tuple(edits) if edits or fix.creates else None


def _edits(
    replacement: Replacement, text: str, lines: LineIndex, syntax: AnySyntax
) -> tuple[Edit, ...] | None:
    location = replacement.location
    if location.column is None or location.end_line is None or location.end_column is None:
        return None
    start = lines.offset(location.line, location.column)
    end = lines.offset(location.end_line, location.end_column)
    if start is None or end is None or end < start:
        return None
    if replacement.value is None:
        return syntax.entry_removal(text, start, end)
    edit = syntax.literal_edit(text, start, end, replacement.value)
    if edit is None or text[edit.start : edit.end] == edit.text:
        return None
    return (edit,)


def compatible(fixes: Sequence[tuple[Edit, ...]]) -> list[tuple[Edit, ...]]:
    """The fixes that can be applied together: one whose edits overlap an earlier one's (or
    touch the same span twice) waits for the next round; the same edit twice (two findings on
    one value) is applied once."""
    taken: list[Edit] = []
    chosen: list[tuple[Edit, ...]] = []
    for edits in fixes:
        if all(edit in taken for edit in edits):
            continue
        if any(_overlaps(edit, other) for edit in edits for other in taken):
            continue
        taken.extend(edits)
        chosen.append(edits)
    return chosen


def _overlaps(edit: Edit, other: Edit) -> bool:
    return (edit.start < other.end and other.start < edit.end) or edit.start == other.start


def apply(text: str, fixes: Iterable[tuple[Edit, ...]]) -> str:
    """The text with every edit made (they do not overlap), from the end backwards so that
    each edit's offsets still hold."""
    result = text
    for edit in sorted((e for edits in fixes for e in edits), key=lambda e: e.start, reverse=True):
        result = result[: edit.start] + edit.text + result[edit.end :]
    return result

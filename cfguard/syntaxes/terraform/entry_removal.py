"""A quoted string removed from an HCL list (`["SSLv3", "TLSv1.2"]`), with its comma."""

from __future__ import annotations

from cfguard.core.fixes import Edit
from cfguard.syntaxes.separated_entries import separated_entry_removal


def entry_removal(text: str, start: int, end: int) -> tuple[Edit, ...] | None:
    token = text[start:end]
    if len(token) < 2 or token[0] != '"' or token[-1] != '"' or "${" in token:
        return None
    removal = separated_entry_removal(text, start, end)
    return None if removal is None else (removal,)

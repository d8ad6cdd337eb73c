"""The TOML front matter of a rules/*.md file, read without a TOML parser when it is simple.

Every rule file's front matter is a handful of `key = "text"` and `key = ["a", "b"]` lines, and
cfguard reads all of them at every start (rule ids, names, formats). Reading those lines with
one regular expression costs a tenth of importing and running `tomllib`; anything else — escapes,
numbers, tables, multi-line arrays, a repeated key — goes to `tomllib`, so the result is always
what TOML says (a test compares both readings on every rule file).
"""

from __future__ import annotations

import re
import sys
from typing import Any

_STRING = r'"[^"\\\x00-\x08\x0a-\x1f\x7f]*"'  # a basic string without escapes or control chars
_LINE = re.compile(
    rf"(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"
    rf"(?:(?P<string>{_STRING})|\[(?P<array>[ \t]*(?:{_STRING}[ \t]*(?:,[ \t]*{_STRING}[ \t]*)*"
    rf",?[ \t]*)?)\])"
    r"[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"
)
_ITEM = re.compile(_STRING)


def parse_front_matter(text: str) -> dict[str, Any]:
    """The TOML table in `text`. Raises ValueError (tomllib.TOMLDecodeError) if it is not TOML."""
    simple = _simple(text)
    if simple is not None:
        return simple
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    table: dict[str, Any] = tomllib.loads(text)
    return table


def _simple(text: str) -> dict[str, Any] | None:
    """The table when every line is blank, a comment, or a simple key; else None."""
    table: dict[str, Any] = {}
    lines = text.split("\n")
    for number, raw in enumerate(lines):
        crlf = raw.endswith("\r") and number < len(lines) - 1
        line = (raw[:-1] if crlf else raw).strip(" \t")
        if not line or line.startswith("#"):
            continue
        match = _LINE.fullmatch(line)
        if match is None or match["key"] in table:
            return None
        if match["string"] is not None:
            table[match["key"]] = match["string"][1:-1]
        else:
            table[match["key"]] = [item[1:-1] for item in _ITEM.findall(match["array"])]
    return table

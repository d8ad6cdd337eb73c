"""The TOML front matter of a rules/*.md file, read without a TOML parser when it is simple.

Every rule file's front matter is a handful of `key = "text"`, `key = ["a", "b"]`, `key = true`
and `key = 100` lines, perhaps under `[options.<name>]` headers, and cfguard reads all of them
at every start (rule ids, names, dialects). Reading those lines with regular expressions costs a
tenth of importing and running `tomllib`; anything else — escapes, floats, inline tables,
multi-line arrays, a repeated key or table — goes to `tomllib`, so the result is always what TOML
says (a test compares both readings on every rule file).
"""

from __future__ import annotations

import re
import sys
from typing import Any

_STRING = r'"[^"\\\x00-\x08\x0a-\x1f\x7f]*"'  # a basic string without escapes or control chars
_COMMENT = r"[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"
_LINE = re.compile(
    rf"(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"
    rf"(?:(?P<string>{_STRING})|\[(?P<array>[ \t]*(?:{_STRING}[ \t]*(?:,[ \t]*{_STRING}[ \t]*)*"
    rf",?[ \t]*)?)\]|(?P<boolean>true|false)|(?P<integer>-?(?:0|[1-9][0-9]*)))"
    rf"{_COMMENT}"
)
# A table header of bare keys: `[options.min-version]`.
_HEADER = re.compile(rf"\[(?P<path>[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]{_COMMENT}")
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
    """The table when every line is blank, a comment, a simple key or a new table; else None."""
    root: dict[str, Any] = {}
    table = root
    lines = text.split("\n")
    for number, raw in enumerate(lines):
        crlf = raw.endswith("\r") and number < len(lines) - 1
        line = (raw[:-1] if crlf else raw).strip(" \t")
        if not line or line.startswith("#"):
            continue
        header = _HEADER.fullmatch(line)
        if header is not None:
            opened = _open_table(root, header["path"].split("."))
            if opened is None:
                return None
            table = opened
            continue
        match = _LINE.fullmatch(line)
        if match is None or match["key"] in table:
            return None
        table[match["key"]] = _value(match)
    return root


def _open_table(root: dict[str, Any], path: list[str]) -> dict[str, Any] | None:
    """A new table at `path` (parents made as needed), or None when any part of it exists: TOML's
    rules for tables defined twice or out of order are left to tomllib."""
    table = root
    for key in path[:-1]:
        parent = table.setdefault(key, {})
        if not isinstance(parent, dict):
            return None
        table = parent
    if path[-1] in table:
        return None
    new: dict[str, Any] = {}
    table[path[-1]] = new
    return new


def _value(match: re.Match[str]) -> object:
    if match["string"] is not None:
        return match["string"][1:-1]
    if match["boolean"] is not None:
        return match["boolean"] == "true"
    if match["integer"] is not None:
        return int(match["integer"])
    return [item[1:-1] for item in _ITEM.findall(match["array"])]

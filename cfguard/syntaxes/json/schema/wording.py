"""The words of every JSON schema message (CFG003), in JSON's spelling.

A message names the value by its key as the file spells it (`"Enabled"`, `"Items"[0]`, or the
document itself), says what the shape wants and what the file has. Unknown and missing keys are
worded as the AWS CLI words them (`Unknown parameter in DistributionConfig: "Foo"`), kept short:
a close misspelling gets its correction, not the list of every key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from functools import cache

from cfguard.syntaxes.json.tree import Node

#: What a value of each shape type must be, as "must be ..." says it.
EXPECTED = {
    "structure": "an object",
    "map": "an object",
    "list": "a list",
    "string": "a string",
    "integer": "an integer",
    "long": "an integer",
    "boolean": "true or false",
    "timestamp": "a date and time as a string",
}
#: An integer shape whose bounds are these is bounded by its type alone.
TYPE_RANGES = {(-(2**31), 2**31 - 1), (-(2**63), 2**63 - 1)}
#: Keys listed in full when an unknown key is close to none of them.
LISTED_KEYS = 8
#: How alike (difflib's ratio) a misspelling must be to be corrected: a key strictly, since an
#: unrelated key ("ETag" in a DistributionConfigWithTags, 0.75 like "Tags") is common; an enum
#: value less ("https" for "https-only", 0.67).
KEY_CUTOFF = 0.8
VALUE_CUTOFF = 0.6
TIMESTAMP_EXAMPLE = "2019-12-04T23:35:41.433Z"


@cache
def _last_step() -> re.Pattern[str]:
    """The last step of a path: a key (plain or quoted), then any indexes. Compiled when a
    message first needs it: a clean document never does."""
    return re.compile(r'(?:^|\.)("(?:[^"\\]|\\.)*"|[^."\[\]]+)((?:\[\d+\])*)$')


def child_path(path: str, key: str) -> str:
    """`Parent.Child`, as JMESPath writes it (a key that is not an identifier quoted)."""
    plain = key.isascii() and key.isidentifier()  # JMESPath's [A-Za-z_][A-Za-z0-9_]*
    step = key if plain else json.dumps(key, ensure_ascii=False)
    return f"{path}.{step}" if path else step


def label(path: str) -> str:
    """How a message names the value at `path`: `"Enabled"`, `"Items"[0]`, `the document`."""
    match = _last_step().search(path)
    if match is None:
        return "the document"
    key, indexes = match.groups()
    return (key if key.startswith('"') else quote(key)) + indexes


def where(path: str, shape_name: str) -> str:
    """The object a CLI-style message is about: its path, or at the root its shape's name."""
    return path or shape_name


def quote(text: str, limit: int = 60) -> str:
    if len(text) > limit:
        text = text[:limit] + "…"
    return json.dumps(text, ensure_ascii=False)


def found(node: Node, text: str) -> str:
    """What a value is, for "must be X, not <found>": `the string "1"`, `the number 1.5`, `an
    object`; a number as the file writes it."""
    if node.kind == "string":
        return f"the string {quote(str(node.value))}"
    if node.kind == "number":
        source = text[node.start : node.end]
        return f"the number {source if len(source) <= 40 else source[:40] + '…'}"
    if node.kind == "bool":
        return "true" if node.value else "false"
    return {"object": "an object", "array": "a list"}.get(node.kind, "null")


def wrong_type(path: str, kind: str, node: Node, text: str) -> str:
    return f"{label(path)} must be {EXPECTED[kind]}, not {found(node, text)}"


def unknown_key(path: str, shape_name: str, key: str, keys: Collection[str]) -> str:
    head = f"Unknown parameter in {where(path, shape_name)}: {quote(key)}"
    near = nearest(key, keys, KEY_CUTOFF)
    if near is not None:
        return f"{head}; did you mean {quote(near)}?"
    if len(keys) <= LISTED_KEYS:
        return f"{head}, must be one of: {', '.join(sorted(keys))}"
    return f"{head}, not one of the {len(keys)} keys of {shape_name}"


def missing(path: str, shape_name: str, keys: Sequence[str]) -> str:
    noun = "parameter" if len(keys) == 1 else "parameters"
    names = ", ".join(quote(key) for key in keys)
    return f"Missing required {noun} in {where(path, shape_name)}: {names}"


def enum_value(path: str, value: str, allowed: Sequence[str]) -> str:
    message = f"{label(path)} is {quote(value)}; expected one of: {', '.join(allowed)}"
    near = nearest(value, allowed, VALUE_CUTOFF)
    return f"{message} (did you mean {quote(near)}?)" if near is not None else message


def length(path: str, value: str, low: int | None, high: int | None) -> str:
    size = len(value)
    chars = f"{size} character{'s' if size != 1 else ''} long"
    if high is not None and size > high:
        return f"{label(path)} is {quote(value)}; {chars}; at most {high} allowed"
    return f"{label(path)} is {quote(value)}; {chars}; at least {low} required"


def mismatch(path: str, value: str, pattern: str) -> str:
    return f"{label(path)} is {quote(value)}; expected a value matching {pattern}"


def timestamp(path: str, value: str) -> str:
    return (
        f"{label(path)} is {quote(value)}; expected an ISO 8601 date and time such as "
        f"{quote(TIMESTAMP_EXAMPLE)}"
    )


def out_of_range(path: str, value: int, low: int, high: int) -> str:
    shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "…"
    if (low, high) in TYPE_RANGES:
        expected = f"expected an integer from {low} to {high}"
    else:
        expected = f"expected at least {low}" if value < low else f"expected at most {high}"
    return f"{label(path)} is {shown}; {expected}"


def count(path: str, size: int, low: int | None, high: int | None) -> str:
    items = f"{size} item{'s' if size != 1 else ''}"
    if high is not None and size > high:
        return f"{label(path)} holds {items}; at most {high} allowed"
    return f"{label(path)} holds {items}; at least {low} required"


def quantity(path: str, value: int, size: int | None) -> str:
    """`Quantity` disagreeing with `Items` (size None: no `Items` at all)."""
    holds = (
        'there is no "Items"'
        if size is None
        else f'"Items" holds {size} item{"s" if size != 1 else ""}'
    )
    return (
        f"{label(path)} is {value} but {holds}; they must agree "
        "(CloudFront answers InconsistentQuantities otherwise)"
    )


def nearest(word: str, choices: Collection[str], cutoff: float) -> str | None:
    """The choice `word` most likely misspells: the same but for case, else difflib's closest
    if at least `cutoff` alike."""
    folded = {choice.casefold(): choice for choice in choices}
    if word.casefold() in folded:
        return folded[word.casefold()]
    import difflib  # only a document with a mistake needs it

    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return close[0] if close else None

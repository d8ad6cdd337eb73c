"""The located, hardened JSON parser: untrusted bytes -> `JsonTree` (every key and value with its
offsets) or `JsonError` (a line, a column and a reason a person understands; CFG001).

Why this and not a library: the standard `json` module is fast but gives no positions, and
neither do ujson or orjson. json-source-map gives positions but is pure Python, recursive
(RecursionError at a few thousand levels) and gives no values, so a second `json.loads` is
needed: on the 5 KB `aws cloudfront get-distribution-config` document of
`tests/syntaxes/json/parser_data/` (whose README has the timeit commands) it takes ~1.2 ms for
the positions alone, ~6x this parser's ~0.2 ms for positions and values (json.loads: ~17 us).
This is the smallest sound parser that keeps the offsets: strings go through the standard
library's C string decoder (`json.decoder.scanstring`, the one `json.loads` uses, so escapes and
control characters mean exactly what they mean there), whitespace and numbers through compiled
regular expressions, and the structure through one loop with an explicit stack, so that nesting
costs no Python recursion (100,000 nested arrays are a clean CFG001, never a RecursionError).

What it accepts is RFC 8259 JSON as `json.loads` reads the file as UTF-8 text, which is what the
AWS CLI does with `file://` (on a UTF-8 locale; it then calls `json.loads`), less what the CLI or
CloudFront would not take:

* `NaN`, `Infinity` and `-Infinity` (Python's json accepts them; JSON and CloudFront do not);
* a `\\u` escape of a lone UTF-16 surrogate (`"\\ud800"`; json.loads gives a str no UTF-8
  encoder can write: it is not Unicode text);
* a UTF-8 byte order mark. The AWS CLI (v1 and v2 source) reads `file://` in the locale's
  encoding without removing one (`awscli/paramfile.py` `get_file` -> `compat.compat_open`; v2's
  `AWS_CLI_FILE_ENCODING` can name another codec), and the text then fails its own check
  (`argprocess._unpack_complex_cli_arg`: `value.lstrip()[0] == '{'`, "Invalid JSON") or, for
  `--cli-input-json`, `json.loads` ("Unexpected UTF-8 BOM"): the CLI refuses the file, so
  cfguard does (CFG001 at 1:1, saying to save it without a BOM);
* more than `MAX_DEPTH` levels of nesting, or an integer of more than `MAX_INTEGER_DIGITS`
  digits (CPython's own limit on converting digits to an int: json.loads raises on it too).

A repeated key is kept (every member is in the tree, in file order) and reported in
`JsonTree.duplicates`. Numbers are an exact `int` for an integer, else a `float` (as json.loads
gives them, `1e400` included: `inf`). Every step is linear in the input.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from json import decoder
from operator import itemgetter
from typing import Any, NamedTuple

import cfguard.syntaxes.json.json_errors as errors
from cfguard.core.limits import MAX_DOCUMENT_BYTES
from cfguard.core.line_index import LineIndex
from cfguard.syntaxes.json.text_errors import (
    bad_string,
    invalid_utf8,
    lone_surrogate,
    refuse_bytes,
)
from cfguard.syntaxes.json.tree import JsonTree, Member, Node

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "MAX_INTEGER_DIGITS",
    "MAX_VALUES",
    "JsonError",
    "parse",
]

#: Deepest nesting of arrays and objects read. CloudFront documents nest fewer than 15 levels.
MAX_DEPTH = 512
#: Longest integer read, in digits: CPython's default limit on int(str) (`sys.int_info`), above
#: which json.loads raises too. CloudFront's largest numbers (TTLs, a long) have 19.
MAX_INTEGER_DIGITS = 4300
#: Most values (keys not counted) in one document. A CloudFront document holds about one per
#: 50 bytes in the CLI's layout, one per 25 minified: a few hundred, and at most ~420,000 in
#: 10 MiB. Each costs some 150 bytes of memory, so this bounds a hostile `[0,0,0,...]` of 10 MiB
#: at ~150 MiB instead of ~800.
MAX_VALUES = 1_000_000


class JsonError(NamedTuple):
    """Why the bytes are not a usable JSON document (CFG001): where, and a plain reason.
    `column` is None when the fault is the file as a whole (its size, no content)."""

    line: int
    column: int | None
    message: str


# Always matches (maybe nothing): typed so, for .end() without a None check.
_WHITESPACE: Callable[[str, int], re.Match[str]]
_WHITESPACE = re.compile(r"[ \t\n\r]*").match  # type: ignore[assignment]
# The C string decoder json.loads uses (typeshed's json.decoder does not declare it).
_SCANSTRING: Callable[[str, int, bool], tuple[str, int]]
_SCANSTRING = decoder.scanstring  # type: ignore[attr-defined]
# json.loads' own number grammar; group 2 or 3 makes it a float.
_NUMBER = re.compile(r"(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?").match
_AFTER_VALUE = re.compile(r"[ \t\n\r]*(?:(,)|(\})|(\]))[ \t\n\r]*").match
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*").match
_OPENERS = frozenset("{[")
_NUMBER_TAIL = frozenset("0123456789.eE+-")
# Compiled at the first non-ASCII string, not at import (re caches it).
_SURROGATE = r"[\ud800-\udfff]"
_KEY = itemgetter(0)
_NEW = tuple.__new__  # a NamedTuple without the call through its Python-level __new__


def parse(data: bytes) -> JsonTree | JsonError:
    """Parse untrusted bytes into a located tree, or say at which line and column, and why, they
    are not a JSON document cfguard reads. Never raises on any input."""
    refused = refuse_bytes(data, MAX_DOCUMENT_BYTES)
    if refused is not None:
        return JsonError(*refused)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return JsonError(*invalid_utf8(data, error.start, error.reason))
    lines = LineIndex(text)
    # The tree holds no reference cycle, so the cyclic collector has nothing to find in it, and
    # its passes over a million fresh tuples would cost a 10 MiB document a third of its time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        root, duplicates = _parse(text, lines)
    except errors.Refusal as refusal:
        if refusal.offset is None:
            return JsonError(1, None, refusal.message)
        return JsonError(*lines.position(refusal.offset), refusal.message)
    finally:
        if collecting:
            gc.enable()
    return JsonTree(text, root, lines, duplicates)


def _parse(  # noqa: PLR0915  # one loop is the design: no recursion, no call per value
    text: str, lines: LineIndex
) -> tuple[Node, tuple[tuple[Member, Member], ...]]:
    """The document's root value and its repeated keys.

    One loop, no recursion. Each turn reads a key first if one is due (after `{` or a comma in
    an object), then the value at `i`. A container pushes a frame `[start, items, is_object,
    (key, key_start, key_end)]` and goes on with its first value; after each value, the frames
    it completes are popped and their nodes made."""
    ws, after, colon, scan, new = _WHITESPACE, _AFTER_VALUE, _COLON, _SCANSTRING, _NEW
    n = len(text)
    stack: list[list[Any]] = []
    duplicates: list[tuple[Member, Member]] = []
    budget, repeated, key_due = MAX_VALUES, 0, False
    i = ws(text, 0).end()
    if i == n:
        raise errors.Refusal(None, "the file is empty: expected a JSON document")
    while True:
        if key_due:
            if not text.startswith('"', i):
                raise errors.expected_key(text, i, stack, lines)
            try:
                key, end = scan(text, i + 1, True)
            except ValueError as error:  # json.JSONDecodeError, with .msg and .pos
                raise bad_string(text, i, error, lines) from None
            # The text is strict UTF-8: a surrogate in a string can only come from an escape.
            if not key.isascii() and re.search(_SURROGATE, key):
                raise lone_surrogate(text, i, end)
            match = colon(text, end)
            if match is None:
                raise errors.expected_colon(text, ws(text, end).end(), key, stack, lines)
            stack[-1][3] = (key, i, end)
            i = match.end()
            key_due = False
        budget -= 1
        if budget < 0:
            raise errors.too_many_values(i, MAX_VALUES)
        c = text[i : i + 1]
        if c == '"':
            try:
                value, end = scan(text, i + 1, True)
            except ValueError as error:
                raise bad_string(text, i, error, lines) from None
            if not value.isascii() and re.search(_SURROGATE, value):
                raise lone_surrogate(text, i, end)
            node: Node = new(Node, ("string", value, i, end))
            i = end
        elif c in _OPENERS:
            if len(stack) >= MAX_DEPTH:
                raise errors.too_deep(i, MAX_DEPTH)
            j = ws(text, i + 1).end()
            if c == "{":
                if not text.startswith("}", j):
                    stack.append([i, [], True, None])
                    i, key_due = j, True
                    continue
                node = new(Node, ("object", (), i, j + 1))
            else:
                if not text.startswith("]", j):
                    stack.append([i, [], False, None])
                    i = j
                    continue
                node = new(Node, ("array", (), i, j + 1))
            i = j + 1
        elif c == "t" and text.startswith("true", i):
            node = new(Node, ("bool", True, i, i + 4))
            i += 4
        elif c == "f" and text.startswith("false", i):
            node = new(Node, ("bool", False, i, i + 5))
            i += 5
        elif c == "n" and text.startswith("null", i):
            node = new(Node, ("null", None, i, i + 4))
            i += 4
        else:
            node = _number(text, i, stack, lines)
            i = node.end
        # The value is complete: attach it, and close every container it completes. One match
        # reads the whitespace, the comma or bracket, and the whitespace after it.
        while stack:
            frame = stack[-1]
            match = after(text, i)
            if match is None:
                raise errors.after_value(text, ws(text, i).end(), stack, lines)
            separator = match.lastindex  # 1: a comma, 2: '}', 3: ']'
            i = match.end()
            if frame[2]:
                frame[1].append(new(Member, (*frame[3], node)))
                if separator == 1:
                    key_due = True
                    break
                if separator != 2:
                    raise errors.after_value(text, match.start(3), stack, lines)
                members = tuple(frame[1])
                node = new(Node, ("object", members, frame[0], match.start(2) + 1))
                if len(members) > 1 and len(set(map(_KEY, members))) != len(members):
                    repeated += bool(duplicates)  # a second object with repeats: sort at the end
                    duplicates.extend(_repeats(members))
            else:
                frame[1].append(node)
                if separator == 1:
                    if text.startswith("]", i):
                        raise errors.Refusal(
                            match.start(1), "a trailing comma before ']'; JSON allows none"
                        )
                    break
                if separator != 3:
                    raise errors.after_value(text, match.start(2), stack, lines)
                node = new(Node, ("array", tuple(frame[1]), frame[0], match.start(3) + 1))
            stack.pop()
        else:
            i = ws(text, i).end()
            if i < n:
                raise errors.extra_data(text, i, node.end, lines)
            if repeated:  # objects close inner first: put the pairs in file order
                duplicates.sort(key=lambda pair: pair[0].key_start)
            return node, tuple(duplicates)


def _number(text: str, i: int, stack: list[list[Any]], lines: LineIndex) -> Node:
    """The number at `i`, or why there is no value there."""
    match = _NUMBER(text, i)
    if match is None:
        raise errors.expected_value(text, i, stack, lines)
    end = match.end()
    if end < len(text) and text[end] in _NUMBER_TAIL:  # 012, 1.e5, 1e, 1.5.3
        raise errors.bad_number(text, i)
    token = match.group()
    if match.lastindex != 1:
        return _NEW(Node, ("number", float(token), i, end))
    digits = end - i - (token[0] == "-")
    if digits > MAX_INTEGER_DIGITS:
        raise errors.too_many_digits(i, digits, MAX_INTEGER_DIGITS)
    try:
        value = int(token)
    except ValueError:  # a lower limit set with PYTHONINTMAXSTRDIGITS
        raise errors.too_many_digits(i, digits, MAX_INTEGER_DIGITS) from None
    return _NEW(Node, ("number", value, i, end))


def _repeats(members: tuple[Member, ...]) -> list[tuple[Member, Member]]:
    """(earlier member, the member the CLI keeps: the last of its key) for each repeated key."""
    kept = {member.key: member for member in members}
    return [(member, kept[member.key]) for member in members if kept[member.key] is not member]

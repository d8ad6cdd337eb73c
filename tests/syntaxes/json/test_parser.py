"""The JSON parser (`cfguard.syntaxes.json.parser`): where every key and value is, what it is, and
for every way a file can fail to be JSON the AWS CLI reads, the line, column and message a user
sees (CFG001).

A round-trip property holds the tree to `json.loads` on any JSON value, and a differential fuzz
holds the parser's verdict on mutated real documents to `json.loads` reading the file as UTF-8,
as the CLI does. `CFGUARD_FUZZ_EXAMPLES` sets the fuzz's examples (default 300).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfguard.syntaxes.json.parser import MAX_DEPTH, MAX_DOCUMENT_BYTES, JsonError, parse
from cfguard.syntaxes.json.tree import JsonTree, Node, fields, items, locate, locate_key, to_python

DATA = Path(__file__).parent / "parser_data"
GET_DISTRIBUTION_CONFIG = (DATA / "get-distribution-config.json").read_bytes()
EXAMPLES = int(os.environ.get("CFGUARD_FUZZ_EXAMPLES", "300"))


def tree_of(data: bytes) -> JsonTree:
    parsed = parse(data)
    assert isinstance(parsed, JsonTree), parsed
    return parsed


def at(tree: JsonTree, *path: str | int) -> Node:
    node = tree.root
    for step in path:
        node = items(node)[step] if isinstance(step, int) else fields(node)[step].value
    return node


def span(tree: JsonTree, node: Node) -> tuple[int, int | None, int | None, int | None]:
    location = locate(tree, node, "")
    return location.line, location.column, location.end_line, location.end_column


# --- positions -----------------------------------------------------------------------------

POSITIONS_DOC = """{
  "DistributionConfig": {
    "Comment": "Café 😀", "Enabled": true,
    "Aliases": {
      "Quantity": 2,
      "Items": ["www.example.com",
                "*.static.example.com"]
    },
    "DefaultTTL": 86400, "Ratio": -1.5e2, "Nothing": null
  }
}
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_positions_of_keys_and_values(newline: str) -> None:
    tree = tree_of(POSITIONS_DOC.replace("\n", newline).encode("utf-8"))
    assert span(tree, tree.root) == (1, 1, 11, 2)
    config = fields(tree.root)["DistributionConfig"]
    key = locate_key(tree, config, "DistributionConfig")
    assert (key.line, key.column, key.end_line, key.end_column) == (2, 3, 2, 23)
    assert span(tree, config.value) == (2, 25, 10, 4)
    # Columns count characters: "Café 😀" is 8 of them with its quotes, whatever its bytes.
    assert span(tree, at(tree, "DistributionConfig", "Comment")) == (3, 16, 3, 24)
    enabled = fields(config.value)["Enabled"]
    key = locate_key(tree, enabled, "")
    assert (key.line, key.column, key.end_column) == (3, 26, 35)
    assert span(tree, enabled.value) == (3, 37, 3, 41)
    assert span(tree, at(tree, "DistributionConfig", "Aliases", "Items")) == (6, 16, 7, 40)
    assert span(tree, at(tree, "DistributionConfig", "Aliases", "Items", 1)) == (7, 17, 7, 39)
    assert span(tree, at(tree, "DistributionConfig", "Ratio")) == (9, 35, 9, 41)
    assert span(tree, at(tree, "DistributionConfig", "Nothing")) == (9, 54, 9, 58)


def test_node_text_is_the_source_text() -> None:
    tree = tree_of(POSITIONS_DOC.encode("utf-8"))
    comment = at(tree, "DistributionConfig", "Comment")
    assert tree.text[comment.start : comment.end] == '"Café 😀"'
    assert comment.value == "Café 😀"
    ratio = at(tree, "DistributionConfig", "Ratio")
    assert (tree.text[ratio.start : ratio.end], ratio.value) == ("-1.5e2", -150.0)
    member = fields(at(tree, "DistributionConfig"))["DefaultTTL"]
    assert tree.text[member.key_start : member.key_end] == '"DefaultTTL"'


def test_values_and_kinds() -> None:
    tree = tree_of(
        b'{"s": "a\\"\\u00e9\\ud83d\\ude00\\n", "i": 18446744073709551617, "neg": -0, '
        b'"f": 1.0, "e": 1E2, "big": 1e400, "t": true, "n": null, "o": {}, "a": []}'
    )
    got = {
        key: (member.value.kind, member.value.value) for key, member in fields(tree.root).items()
    }
    assert got == {
        "s": ("string", 'a"é😀\n'),
        "i": ("number", 2**64 + 1),
        "neg": ("number", 0),
        "f": ("number", 1.0),
        "e": ("number", 100.0),
        "big": ("number", float("inf")),  # as json.loads reads it
        "t": ("bool", True),
        "n": ("null", None),
        "o": ("object", ()),
        "a": ("array", ()),
    }
    assert isinstance(at(tree, "i").value, int)
    assert isinstance(at(tree, "f").value, float)


@pytest.mark.parametrize("text", [b"1", b'"x"', b"true", b"null", b"  -2.5  "])
def test_a_top_level_scalar_parses(text: bytes) -> None:
    assert tree_of(text).root.value == json.loads(text)


def test_the_cli_document_parses_to_what_json_loads_reads() -> None:
    tree = tree_of(GET_DISTRIBUTION_CONFIG)
    assert to_python(tree.root) == json.loads(GET_DISTRIBUTION_CONFIG)
    assert tree.duplicates == ()
    behavior = at(tree, "DistributionConfig", "CacheBehaviors", "Items", 0)
    lines = GET_DISTRIBUTION_CONFIG.decode("utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, 1) if '"PathPattern"' in line)
    location = locate(tree, behavior, "")
    assert (location.line, location.column) == (first - 1, lines[first - 2].index("{") + 1)


def test_the_deepest_nesting_allowed_parses() -> None:
    deepest = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert tree_of(deepest).root.kind == "array"


def test_integers_up_to_the_digit_limit_are_exact() -> None:
    digits = "7" * 4300
    assert tree_of(f"[-{digits}]".encode()).root.value[0].value == -int(digits)  # type: ignore[index, union-attr]


# --- duplicates ----------------------------------------------------------------------------


def test_duplicates_pair_each_dropped_member_with_the_kept_one_in_file_order() -> None:
    tree = tree_of(b'{"a": 1, "b": {"x": 1, "x": 2}, "a": 3,\n "a": 4}')
    pairs = [
        (earlier.key, earlier.value.value, kept.value.value, locate_key(tree, kept, "").line)
        for earlier, kept in tree.duplicates
    ]
    assert pairs == [("a", 1, 4, 2), ("x", 1, 2, 1), ("a", 3, 4, 2)]
    assert [member.key for member in tree.root.value] == ["a", "b", "a", "a"]  # type: ignore[union-attr]
    assert fields(tree.root)["a"].value.value == 4  # the CLI keeps the last
    assert to_python(tree.root) == json.loads(tree.text)


# --- errors --------------------------------------------------------------------------------

TRAILING_OBJECT = "a trailing comma before '}'; JSON allows none"
TRAILING_ARRAY = "a trailing comma before ']'; JSON allows none"
SLASHES = "a // comment: JSON has no comments; remove it"
BLOCK = "a /* */ comment: JSON has no comments; remove it"
NOT_UTF8 = (
    "the file is not valid UTF-8 (byte 0x{:02X}: {}); it is binary, or text in another encoding "
    "such as Windows-1252: save it as UTF-8"
)
BOM = (
    "the file starts with a UTF-8 byte order mark (BOM), which the AWS CLI does not remove: it "
    'refuses the file as "Invalid JSON"; save it as UTF-8 without a BOM'
)
NON_FINITE = "{} is not a JSON number: JSON has no NaN or Infinity, and CloudFront accepts neither"
SURROGATE = (
    "the escape {} is half of a UTF-16 surrogate pair without its other half: not valid "
    "Unicode text"
)
UTF16 = (
    "the file is UTF-16 (what Windows PowerShell's > and Out-File write), not UTF-8: save it as "
    "UTF-8 (Out-File -Encoding utf8)"
)
EMPTY = "the file is empty: expected a JSON document"
NUL = "a NUL byte: the file is binary, or text in UTF-16 or UTF-32; save it as UTF-8"

ERRORS = [
    (b'{\n  "a": 1,\n}', 2, 9, TRAILING_OBJECT),
    (b"[\n  1,\n  2,\n]", 3, 4, TRAILING_ARRAY),
    (b'{\n  // the origin\n  "a": 1\n}', 2, 3, SLASHES),
    (b'{"a": 1 /* one */}', 1, 9, BLOCK),
    (b'[1] // done', 1, 5, SLASHES),
    (b"{\n  \"a\": 'b'\n}", 2, 8, "a string in single quotes: JSON strings take double quotes"),
    (b"{'a': 1}", 1, 2, "a key in single quotes: JSON keys take double quotes"),
    (b"{\n  Enabled: true\n}", 2, 3, 'an unquoted key: JSON keys take double quotes ("Enabled")'),
    (b'{"a": yes}', 1, 7, 'unquoted text: a JSON string takes double quotes ("yes")'),
    (b'{"a": True}', 1, 7, "True is not JSON: write true (lowercase)"),
    (b'{"a": None}', 1, 7, "None is Python, not JSON: write null"),
    (
        b'{\n  "a": {\n    "b": 1\n\n',
        3,
        11,
        "the file ends inside an object opened at line 2, column 8: it is cut short, or its "
        "closing '}' is missing",
    ),
    (
        b'{"a": [1,\n 2',
        2,
        3,
        "the file ends inside an array opened at line 1, column 7: it is cut short, or its "
        "closing ']' is missing",
    ),
    (
        b'{"a": "abc',
        1,
        11,
        "the file ends inside a string that starts at line 1, column 7: it is cut short, or its "
        "closing '\"' is missing",
    ),
    (b'{\n  "Comment": "caf\xe9"\n}', 2, 18, NOT_UTF8.format(0xE9, "invalid continuation byte")),
    (b'["\xc3\xa9\xc3\xa9", "\xff"]', 1, 9, NOT_UTF8.format(0xFF, "invalid start byte")),
    (b'["\xe2\x82', 1, 3, NOT_UTF8.format(0xE2, "unexpected end of data")),
    (b"\xef\xbb\xbf{}", 1, 1, BOM),
    ('{"a": 1}'.encode("utf-16"), 1, 1, UTF16),
    ('{"a": 1}'.encode("utf-16-le"), 1, 1, UTF16),
    ('["b"]'.encode("utf-16-be"), 1, 1, UTF16),
    (b'{"a": NaN}', 1, 7, NON_FINITE.format("NaN")),
    (b'{"a":\n  Infinity}', 2, 3, NON_FINITE.format("Infinity")),
    (b"[1, -Infinity]", 1, 5, NON_FINITE.format("-Infinity")),
    (b'["\\ud800"]', 1, 3, SURROGATE.format("\\ud800")),
    (b'{"k": "ok \\ud83d\\ude00 \\udc00"}', 1, 24, SURROGATE.format("\\udc00")),
    (b'["\\ud83d\\u0041"]', 1, 3, SURROGATE.format("\\ud83d")),
    (b'{"\\udbff": 1}', 1, 3, SURROGATE.format("\\udbff")),
    (b'["a\tb"]', 1, 4, "a tab character inside a string: JSON writes it \\t"),
    (
        b'{"a": "one\n  two"}',
        1,
        11,
        "a line break inside a string: is its closing '\"' missing? A JSON string ends on the "
        "line it starts on; a line break in one is written \\n",
    ),
    (b'["\x01"]', 1, 3, "a control character (U+0001) inside a string: JSON writes it \\u0001"),
    (b'["\x00"]', 1, 3, "a control character (U+0000) inside a string: JSON writes it \\u0000"),
    (b"[007]", 1, 2, "a number with a leading zero (007): JSON allows none; write 7"),
    (b"[-01.5]", 1, 2, "a number with a leading zero (-01.5): JSON allows none; write -1.5"),
    (b"[+1]", 1, 2, "a number with a '+' sign (+1): JSON numbers have none; write 1"),
    (b"[.5]", 1, 2, "a number needs a digit before its decimal point (.5); write 0.5"),
    (b"[1.]", 1, 2, "a number needs a digit after its decimal point (1.); write 1.0"),
    (b"[1e]", 1, 2, "not a JSON number (1e)"),
    (b"[-]", 1, 2, "a '-' with no number after it"),
    (b"", 1, None, EMPTY),
    (b" \n\t\r\n ", 1, None, EMPTY),
    (
        b"{}\n{}",
        2,
        1,
        "more text after the end of the JSON document (it ends on line 1): found '{'; a file "
        "holds one JSON value",
    ),
    (
        b'{"a": 1 "b": 2}',
        1,
        9,
        "expected ',' or '}' after the value of \"a\", found '\"'; is a comma missing?",
    ),
    (b'{"a" 1}', 1, 6, "expected ':' after the key \"a\", found '1'"),
    (b'{"a": }', 1, 7, "expected a value for the key \"a\", found '}'"),
    (b"[1,,2]", 1, 4, "expected a value in the array opened at line 1, column 1, found ','"),
    (b"{,}", 1, 2, "expected a key in double quotes, found ','"),
    (
        b'{"a": [1}',
        1,
        9,
        "found '}' where the array opened at line 1, column 7 must be closed first, with ']'",
    ),
    (b"\x00\x00", 1, 1, NUL),
    (
        b'["\\x"]',
        1,
        3,
        'the escape \\x is not JSON: a backslash starts only \\" \\\\ \\/ \\b \\f \\n \\r \\t '
        "and \\u with four hexadecimal digits",
    ),
    (b'["\\u12g"]', 1, 3, "the escape \\u12 is not \\u and four hexadecimal digits"),
    (
        b"1" * 5000,
        1,
        1,
        "an integer of 5,000 digits, more than the 4,300 cfguard reads (CloudFront's largest "
        "numbers have 19)",
    ),
    (
        b"[" * (MAX_DEPTH + 1),
        1,
        MAX_DEPTH + 1,
        f"arrays and objects are nested more than {MAX_DEPTH} levels deep, cfguard's limit (a "
        "CloudFront document nests fewer than 15): this is not a CloudFront document",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("data", "line", "column", "message"), ERRORS)
def test_error_position_and_message(
    data: bytes, line: int, column: int | None, message: str
) -> None:
    assert parse(data) == JsonError(line, column, message)


def test_the_size_limit() -> None:
    over = b"[" + b" " * (MAX_DOCUMENT_BYTES - 1) + b"]"
    assert parse(over) == JsonError(
        1,
        None,
        "the file is over cfguard's size limit of 10,485,760 bytes (10 MiB); CloudFront request "
        "bodies are far smaller",
    )
    assert isinstance(parse(over[1:]), JsonError)  # ' ... ]': refused for what it holds


def test_document_text_in_a_message_is_clipped_and_escaped() -> None:
    [error] = [parse(b'{"\\u001b[31m' + b"k" * 10_000 + b'": 1 2}')]
    assert isinstance(error, JsonError)
    assert "\x1b" not in error.message
    assert "\\x1b[31mkkk" in error.message
    assert len(error.message) < 200


# --- round trip: any JSON value ------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=10), children, max_size=6)
    ),
    max_leaves=40,
)
LAYOUTS = [
    {},
    {"indent": 4, "ensure_ascii": False},  # the AWS CLI's
    {"indent": "\t"},
    {"separators": (",", ":"), "ensure_ascii": False},
]


def nodes(root: Node) -> Iterator[Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if node.kind == "object":
            stack.extend(member.value for member in node.value)  # type: ignore[union-attr]
        elif node.kind == "array":
            stack.extend(items(node))


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES, layout=st.sampled_from(LAYOUTS), crlf=st.booleans())
def test_round_trip(value: Any, layout: dict[str, Any], crlf: bool) -> None:
    text = json.dumps(value, **layout)
    if crlf:
        text = text.replace("\n", "\r\n")
    tree = tree_of(text.encode("utf-8"))
    assert to_python(tree.root) == json.loads(text)
    for node in nodes(tree.root):
        # Every node's own text is a JSON document of that node's value...
        assert to_python(tree_of(tree.text[node.start : node.end].encode()).root) == to_python(node)
        # ...and every key span is the key, quotes included.
        if node.kind == "object":
            for member in node.value:  # type: ignore[union-attr]
                assert json.loads(tree.text[member.key_start : member.key_end]) == member.key


# --- differential fuzz: mutated real documents against json.loads ---------------------------

SOURCES = [
    GET_DISTRIBUTION_CONFIG,
    POSITIONS_DOC.encode("utf-8"),
    b'{"a": [1, -2.5e-3, 0, true, false, null, "\\u00e9\\ud83d\\ude00\\"\\\\\\/\\b\\f\\n\\r\\t"], '
    b'"b": {"c": {}, "d": [], "e": [[["deep"]]]}, "a": "again"}',
]
INJECTIONS = [
    b",", b":", b"{", b"}", b"[", b"]", b'"', b"'", b"\\", b"//", b"/*", b"*/", b" ", b"\n",
    b"\r", b"\t", b"\x00", b"\x1f", b"\x7f", b"0", b"01", b"-", b"+", b".", b"e", b"E5", b"1e400",
    b"NaN", b"Infinity", b"-Infinity", b"true", b"tru", b"null", b"None", b"\\u", b"\\ud800",
    b"\\udc00", b"\\ud83d\\ude00", b"\\x41", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\xc3\xa9",
    b"\xed\xa0\x80", "😀".encode(), b"\xe2\x80\xa8", b"\xc2\xa0", b"1" * 4301, b"[" * 20,
]  # fmt: skip


# What breaks a string, or does not: escapes, control characters, bytes that are not UTF-8.
IN_STRINGS = [
    b"\\ud800", b"\\udc00", b"\\udbff\\udfff", b"\\ud83d\\ude00", b"\\ud800\\u0041", b"\\u00e9",
    b"\\u12", b"\\x41", b"\\", b"\\/", b"\t", b"\n", b"\x00", b"\x1f", b"\x7f", b'"', b"\xff",
    b"\xed\xa0\x80", b"\xf4\x90\x80\x80", "\u2028é😀".encode(),
]  # fmt: skip


@st.composite
def mutated(draw: Any) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return bytes(draw(st.binary(max_size=64)))
    data: bytes = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        at_ = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "in a string", "delete", "replace", "copy"]))
        if action == "in a string" and b'"' in data:  # just after an opening or closing quote
            quotes = [n + 1 for n, byte in enumerate(data) if byte == ord('"')]
            at_ = draw(st.sampled_from(quotes))
            data = data[:at_] + draw(st.sampled_from(IN_STRINGS)) + data[at_:]
        elif action == "insert":
            piece = draw(st.one_of(st.sampled_from(INJECTIONS), st.binary(min_size=1, max_size=3)))
            data = data[:at_] + piece + data[at_:]
        elif action == "delete":
            data = data[:at_] + data[at_ + draw(st.integers(1, 8)) :]
        elif action == "replace" and at_ < len(data):
            data = data[:at_] + bytes([draw(st.integers(0, 255))]) + data[at_ + 1 :]
        else:
            data = data[:at_] + data[at_ : at_ + draw(st.integers(1, 40))] + data[at_:]
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


class _Refused(Exception):
    pass


def _refuse(constant: str) -> Any:
    raise ValueError(constant)


def _json_loads(data: bytes) -> Any:
    """What the AWS CLI reads from `file://`: the text as UTF-8 (the BOM kept), json.loads less
    NaN/Infinity; objects as ("object", pairs) so that order and repeats count."""
    try:
        text = data.decode("utf-8")
        return json.loads(
            text, parse_constant=_refuse, object_pairs_hook=lambda pairs: ("object", pairs)
        )
    except (ValueError, RecursionError):
        raise _Refused from None


def _pairs(node: Node) -> Any:
    if node.kind == "object":
        return ("object", [(m.key, _pairs(m.value)) for m in node.value])  # type: ignore[union-attr]
    if node.kind == "array":
        return [_pairs(item) for item in items(node)]
    return node.value


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(char) <= 0xDFFF for char in value)
    if isinstance(value, tuple):  # ("object", pairs)
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value[1])
    return isinstance(value, list) and any(map(_has_surrogate, value))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=mutated())
def test_differential_against_json_loads(data: bytes) -> None:
    result = parse(data)  # never raises
    assert isinstance(result, JsonTree | JsonError)
    try:
        expected = _json_loads(data)
    except _Refused:
        assert isinstance(result, JsonError), "json.loads refuses what the parser accepted"
        assert result.line >= 1
        assert result.column is None or result.column >= 1
        return
    if _has_surrogate(expected):  # the one documented difference json.loads lets through
        assert isinstance(result, JsonError)
        assert "surrogate pair" in result.message
        return
    assert isinstance(result, JsonTree), result
    assert _pairs(result.root) == expected


def test_the_differential_oracle_refuses_what_the_cli_refuses() -> None:
    """The oracle is the CLI's reading: a BOM and NaN refused, repeats and order kept."""
    for refused in (b"\xef\xbb\xbf{}", b"[NaN]", b"[1,]", b"\xff"):
        with pytest.raises(_Refused):
            _json_loads(refused)
    assert _json_loads(b'{"a": 1, "a": 2}') == ("object", [("a", 1), ("a", 2)])

"""Property-based fuzzing of the HCL parser on real `.tf` files and on arbitrary bytes: whatever
is flipped, injected, deleted or cut off, `parse` returns a tree or an HclError at a line and
column inside the file, with a one-line message, never an exception; every located node of a
tree lies inside the text, its start before its end.

`CFGUARD_FUZZ_EXAMPLES` sets the number of examples (default 300), as for the other fuzzers.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfguard.core.line_index import LineIndex
from cfguard.syntaxes.hcl.nodes import Block, Body, Dynamic, Expr, Literal, Object, Tuple
from cfguard.syntaxes.hcl.parser import HclError, HclTree, parse
from tests.conftest import TESTS
from tests.hostile.test_fuzz import EXAMPLES

DATA = TESTS / "syntaxes" / "hcl" / "data"
SOURCES = [path.read_bytes() for path in sorted(DATA.glob("*.tf"))]
INJECTIONS = [
    b"{", b"}", b"[", b"]", b"(", b")", b"=", b" = ", b":", b",", b".", b"?", b"=>", b"...",
    b"*", b"[*]", b'"', b"\\", b"\\q", b"\\u00e9", b"\\ud800", b"${", b"$${", b"%{", b"%%{",
    b"${var.x}", b"%{ if x }", b"%{ endif }", b"<<EOT\n", b"<<-EOT\n", b"\nEOT\n", b"#", b"//",
    b"/*", b"*/", b"\n", b"\r", b"\r\n", b"\t", b"\x0c", b"-", b"-443", b"1e3", b"0x1F",
    b"9" * 5000, b"[" * 300, b"{" * 300, b"a {\n" * 120, b"for", b" for x in y : ", b"in",
    b"null", b"true", b"\x00", b"\x01", b"\x7f", b"\xff", b"\xc3", b"\xc3\xa9", b"\xe2\x98\x95",
    b"\xef\xbb\xbf", b"\xe2\x80\xa8", b"\xc2\x85", b"dynamic \"origin\" {\n", b"content {",
]  # fmt: skip


@st.composite
def mutated(draw: Any) -> bytes:
    data = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["inject", "inject", "flip", "delete", "cut"]))
        if action == "inject":
            data[where:where] = draw(st.sampled_from(INJECTIONS))
        elif action == "flip" and where < len(data):
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif action == "delete":
            data[where : where + draw(st.integers(1, 40))] = b""
        else:
            del data[where:]
    return bytes(data)


def spans(body: Body) -> list[tuple[str, int, int]]:
    """Every located node under `body`: (kind, start, end), by a stack (no recursion)."""
    found: list[tuple[str, int, int]] = []
    bodies: list[Body] = [body]
    values: list[Expr] = []
    while bodies or values:
        if values:
            expr = values.pop()
            found.append((type(expr).__name__, expr.start, expr.end))
            if isinstance(expr, Tuple):
                values.extend(expr.items)
            elif isinstance(expr, Object):
                for member in expr.members:
                    found.append(("key", member.key_start, member.key_end))
                    values.append(member.value)
            else:
                assert isinstance(expr, Literal | Dynamic)
            continue
        current = bodies.pop()
        found.append(("Body", current.start, current.end))
        for attribute in current.attributes:
            found.append(("Attribute", attribute.start, attribute.end))
            found.append(("name", attribute.name_start, attribute.name_end))
            values.append(attribute.value)
        for block in current.blocks:
            assert isinstance(block, Block)
            found.append(("Block", block.start, block.end))
            found.extend(("label", start, end) for start, end in block.label_spans)
            bodies.append(block.body)
    return found


def _check(data: bytes, result: HclTree | HclError) -> None:
    if isinstance(result, HclTree):
        assert result.text == data.decode("utf-8").removeprefix("\ufeff")
        length = len(result.text)
        for kind, start, end in spans(result.body):
            assert 0 <= start <= end <= length, (kind, start, end, length)
        for comment in result.comments:
            assert 0 <= comment.start <= comment.end <= length, comment
        return
    assert isinstance(result, HclError)
    assert result.message.isprintable(), result.message  # one line, no control character
    assert "Traceback" not in result.message
    assert result.line >= 1
    assert result.column is None or result.column >= 1
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = LineIndex(text)
    assert result.line <= len(lines) + 1, (result, len(lines))
    line = lines.line(result.line)
    if result.column is not None and line is not None and text.encode("utf-8") == data:
        assert result.column <= len(line) + 1, (result, line)


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ_SETTINGS
@given(mutated())
def test_mutated_tf_files_parse_or_are_refused_at_a_place_in_the_file(data: bytes) -> None:
    _check(data, parse(data))


@FUZZ_SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_parse_or_are_refused_at_a_place_in_the_file(data: bytes) -> None:
    _check(data, parse(data))


HCL_TEXT = st.lists(
    st.sampled_from(
        [
            "a", "b", " ", "\n", "=", "{", "}", "[", "]", "(", ")", '"', "${", "}", ",", ".",
            "#", "/*", "*/", "<<EOT\n", "EOT\n", "1", "-", "é", "☕", "\\", "for ", " in ", ":",
        ]
    ),
    max_size=60,
).map("".join)  # fmt: skip


@FUZZ_SETTINGS
@given(HCL_TEXT)
def test_hcl_punctuation_parses_or_is_refused_at_a_place_in_the_file(text: str) -> None:
    data = text.encode("utf-8")
    _check(data, parse(data))

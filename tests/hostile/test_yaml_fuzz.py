"""Property-based fuzzing of the YAML parser on real templates: whatever is injected, deleted or
cut off, `parse` returns a tree or a YamlError at a line and column inside the file, with a
one-line printable message, never an exception; and the two loaders agree on every tree they
both give.

The libyaml and pure-Python loaders differ on a few inputs that one of them refuses (a tab
between a key's ':' and its value, an unknown %DIRECTIVE): there only one gives a tree, and
that is allowed. `CFGUARD_FUZZ_EXAMPLES` sets the number of examples (default 300).
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfguard.core.line_index import LineIndex
from cfguard.syntaxes.yaml.parser import YamlError, YamlTree, parse
from tests.conftest import TESTS
from tests.hostile.test_fuzz import EXAMPLES

DATA = TESTS / "syntaxes" / "yaml" / "data"
SOURCES = [path.read_bytes() for path in sorted(DATA.glob("*.yaml"))]
LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])]
INJECTIONS = [
    b":", b": ", b"- ", b"? ", b"#", b" #", b"'", b'"', b"\\", b"[", b"]", b"{", b"}", b",",
    b"&a ", b"*a", b"*nope", b"!Ref ", b"!Foo ", b"!!python/object/apply:os.system ", b"!!int ",
    b"!!binary ", b"<<: ", b"|", b">-", b"\t", b"\r", b"\r\n", b"\n", b"---\n", b"...\n",
    b"%YAML 1.1\n", b"%TAG ! tag:x,2000:\n", b"\x00", b"\x01", b"\xff", b"\xef\xbb\xbf",
    b"\xc3\xa9", b"\xe2\x80\xa8", b"\xc2\x85", b"[" * 300, b"- " * 300, b"9" * 5000,
    b"0x" + b"f" * 4000, b"1:" * 3000, b" " * 3000, b"yes", b"2010-09-09", b".inf",
]  # fmt: skip


@st.composite
def mutated(draw: Any) -> bytes:
    data = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["inject", "inject", "delete", "cut"]))
        if action == "inject":
            data[where:where] = draw(st.sampled_from(INJECTIONS))
        elif action == "delete":
            data[where : where + draw(st.integers(1, 40))] = b""
        else:
            del data[where:]
    return bytes(data)


def _check(data: bytes, result: YamlTree | YamlError) -> None:
    if isinstance(result, YamlTree):
        assert result.tree.text in (data.decode("utf-8"), data.decode("utf-8")[1:])
        return
    assert isinstance(result, YamlError)
    assert result.message.isprintable(), result.message  # one line, no control character
    if result.column is None:
        assert result.line == 1
        return
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return  # located in the text before the bad byte
    lines = LineIndex(text)
    assert 1 <= result.line <= len(lines)
    line = lines.line(result.line)
    assert line is not None
    assert 1 <= result.column <= len(line) + 1, (result, line)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_templates_parse_or_are_refused_at_a_place_in_the_file(data: bytes) -> None:
    results = [parse(data, loader=loader) for loader in LOADERS]
    for result in results:
        _check(data, result)
    trees = [result for result in results if isinstance(result, YamlTree)]
    if len(trees) == len(LOADERS) > 1:
        first = trees[0]
        for tree in trees[1:]:
            assert (tree.tree.root, tree.tree.duplicates, tree.comments) == (
                first.tree.root,
                first.tree.duplicates,
                first.comments,
            )

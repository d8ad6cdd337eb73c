"""Hostile YAML: a billion laughs, nesting 100,000 deep, 10 MB scalars, a million aliases, Python
tags that would run a command. Each ends in bounded time and memory with a YamlError at the
right place or a tree, never an exception (a RecursionError, MemoryError, a crash in libyaml),
and nothing a tag names is ever run.

Each case is parsed by `cfguard.syntaxes.yaml.parser.parse` in a child process, with libyaml's
loader and with the pure-Python one, as the JSON cases run (a hang is killed at `TIMEOUT` and
fails the test; wall time and peak RSS go to the terminal summary). Only a generous memory
ceiling is asserted, never a time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from cfguard.syntaxes.yaml.parser import MAX_COMMENTS, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_VALUES
from tests.hostile.conftest import MEASUREMENTS, TIMEOUT, run_limited

MEMORY_CEILING_MIB = 768
MB = 1_000_000
LOADERS = [
    pytest.param("SafeLoader", id="pure"),
    pytest.param(
        "CSafeLoader",
        id="libyaml",
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml"),
    ),
]

# Parses the file named by argv[1] with the loader named by argv[2] and prints what a user would
# see: the error, or the root's kind and size. Any exception escapes as a traceback.
_CHILD = """
import json, sys, yaml
from cfguard.syntaxes.yaml.parser import YamlError, parse
with open(sys.argv[1], "rb") as handle:
    result = parse(handle.read(), loader=getattr(yaml, sys.argv[2]))
if isinstance(result, YamlError):
    print(json.dumps({"error": list(result)}))
else:
    root = result.tree.root
    size = len(root.value) if root.kind in ("object", "array", "string") else None
    print(json.dumps({"kind": root.kind, "size": size, "comments": len(result.comments)}))
"""


@pytest.fixture(params=LOADERS)
def loader(request: pytest.FixtureRequest) -> str:
    """Both loaders: for the cases where they could differ (nesting, aliases, tags)."""
    name: str = request.param
    return name


@pytest.fixture
def fast_loader() -> str:
    """libyaml's loader where PyYAML has it: for the 10 MB cases, where the pure-Python one
    reads the same events ~15 times slower (one 10 MB case runs with both)."""
    return "CSafeLoader" if yaml.__with_libyaml__ else "SafeLoader"


def parsed(name: str, path: Path, loader: str) -> dict[str, Any]:
    """What `parse` gives for the file, from a child process with a time limit."""
    command = [sys.executable, "-c", _CHILD, str(path), loader]
    proc, seconds, peak = run_limited(command, TIMEOUT)
    assert proc.returncode != 124, f"{name}: still parsing after {TIMEOUT} s (killed)"
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout)
    MEASUREMENTS.append((f"yaml ({loader}): {name}", seconds, peak, 1 if "error" in result else 0))
    assert peak < MEMORY_CEILING_MIB, f"{name}: peak RSS {peak:.0f} MiB"
    return result


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(data)
    return path


def deep(line: int, column: int) -> list[Any]:
    return [
        line,
        column,
        f"mappings and lists are nested more than {MAX_DEPTH} levels deep, cfguard's limit (a "
        "CloudFormation template nests fewer than 20): this is not a template",
    ]


def too_many(line: int, column: int) -> list[Any]:
    return [
        line,
        column,
        f"the template holds more than {MAX_VALUES:,} values once its aliases (*name) are "
        "expanded, cfguard's limit (a template holds a few thousand): a 'billion laughs' file, "
        "or not a template",
    ]


def test_billion_laughs(tmp_path: Path, loader: str) -> None:
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, 10):
        aliases = ", ".join([f"*lol{level - 1}"] * 10)
        lines.append(f"lol{level}: &lol{level} [{aliases}]")
    path = write(tmp_path, ("\n".join(lines) + "\n").encode())
    # 123,458 values before lol6's aliases, 111,111 in each *lol5: the 8th crosses a million.
    assert parsed("a billion laughs", path, loader) == {"error": too_many(7, 14 + 7 * 7)}


def test_a_million_aliases(tmp_path: Path, fast_loader: str) -> None:
    path = write(tmp_path, b"a: &a x\nb: [" + b"*a, " * (2 * MB) + b"*a]\n")
    [line, column, message] = parsed("two million aliases of a scalar", path, fast_loader)["error"]
    assert (line, column) == (2, 5 + 4 * (MAX_VALUES - 3))
    assert message.startswith(f"the template holds more than {MAX_VALUES:,} values")


def test_hundred_thousand_nested_flow_sequences(tmp_path: Path, loader: str) -> None:
    path = write(tmp_path, b"[" * 100_000 + b"]" * 100_000)
    assert parsed("100,000 nested [", path, loader) == {"error": deep(1, MAX_DEPTH + 1)}


def test_hundred_thousand_nested_flow_mappings(tmp_path: Path, loader: str) -> None:
    path = write(tmp_path, b"{a: " * 100_000 + b"1" + b"}" * 100_000)
    assert parsed("100,000 nested {a: ", path, loader) == {"error": deep(1, 1 + MAX_DEPTH * 4)}


def test_hundred_thousand_nested_block_sequences(tmp_path: Path, loader: str) -> None:
    path = write(tmp_path, b"- " * 100_000 + b"x\n")
    assert parsed("100,000 nested '- '", path, loader) == {"error": deep(1, 1 + MAX_DEPTH * 2)}


def test_ten_megabytes_of_opening_brackets(tmp_path: Path, fast_loader: str) -> None:
    path = write(tmp_path, b"[\n" * (5 * MB))
    assert parsed("5 million lines of '['", path, fast_loader) == {"error": deep(MAX_DEPTH + 1, 1)}


@pytest.mark.parametrize(
    ("style", "prefix", "suffix"),
    [("plain", b"", b""), ("quoted", b'"', b'"'), ("block", b"|\n  ", b"\n")],
)
def test_ten_megabyte_scalar(
    tmp_path: Path, fast_loader: str, style: str, prefix: bytes, suffix: bytes
) -> None:
    body = b"x" * (10 * MB - 20)
    path = write(tmp_path, b"Comment: " + prefix + body + suffix)
    assert parsed(f"a 10 MB {style} scalar", path, fast_loader) == {
        "kind": "object",
        "size": 1,
        "comments": 0,
    }


def test_ten_megabyte_scalar_with_either_loader(tmp_path: Path, loader: str) -> None:
    path = write(tmp_path, b"Comment: " + b"x" * (10 * MB - 20))
    assert parsed("a 10 MB scalar", path, loader)["kind"] == "object"


def test_ten_megabyte_quoted_scalar_never_closed(tmp_path: Path, fast_loader: str) -> None:
    path = write(tmp_path, b"Comment: '" + b"x #" * (3 * MB))
    [line, column, message] = parsed("a 10 MB quote never closed", path, fast_loader)["error"]
    assert (line, column) == (1, 10 + 9 * MB + 1)
    assert message == (
        "the file ends inside the quoted value that starts at line 1, column 10: its closing ' "
        "is missing"
    )


def test_ten_megabytes_of_comments(tmp_path: Path, fast_loader: str) -> None:
    path = write(tmp_path, b"a: 1  # first\n" + b"# x\n" * (2 * MB))
    assert parsed("10 MB of comments", path, fast_loader) == {
        "error": [
            MAX_COMMENTS + 1,
            1,
            f"the file holds more than {MAX_COMMENTS:,} comments, cfguard's limit (a template "
            "holds a few hundred): this is not a template",
        ]
    }
    path = write(tmp_path, b"# x\n" * (MAX_COMMENTS - 1) + b"a: 1  # last\n")
    assert parsed(f"{MAX_COMMENTS:,} comments (the limit)", path, fast_loader) == {
        "kind": "object",
        "size": 1,
        "comments": MAX_COMMENTS,
    }


def test_huge_numbers(tmp_path: Path, fast_loader: str) -> None:
    path = write(tmp_path, b"a: " + b"9" * (10 * MB - 10))
    [line, column, message] = parsed("a 10 MB integer", path, fast_loader)["error"]
    assert (line, column) == (1, 4)
    assert message.startswith(f"a number of {10 * MB - 10:,} digits, more than the 4,300")
    path = write(tmp_path, b"a: 0x" + b"f" * (10 * MB - 10))
    assert parsed("a 10 MB hexadecimal integer", path, fast_loader)["error"][:2] == [1, 4]
    path = write(tmp_path, b"a: " + b"59:" * (3 * MB) + b"1\n")
    assert parsed("a sexagesimal of 3 million parts", path, fast_loader)["error"][:2] == [1, 4]


def test_python_tags_run_nothing(tmp_path: Path, loader: str) -> None:
    marker = tmp_path / "ran"
    for number, payload in enumerate(
        [
            f"a: !!python/object/apply:os.system ['touch {marker}']\n",
            f"a: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n",
            f"a: !!python/object/new:os.system ['touch {marker}']\n",
            "a: !!python/name:os.system\n",
            f"a: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']\n",
        ]
    ):
        path = write(tmp_path, payload.encode())
        [line, column, message] = parsed(f"python tag {number}", path, loader)["error"]
        assert (line, column) == (1, 4)
        assert "cfguard never constructs Python objects from tags" in message
    assert not marker.exists()


def test_over_the_size_limit(tmp_path: Path, loader: str) -> None:
    path = write(tmp_path, b"a" * (MAX_DOCUMENT_BYTES + 1))
    [line, column, message] = parsed("10 MiB + 1 byte", path, loader)["error"]
    assert (line, column) == (1, None)
    assert message.startswith("the file is over cfguard's size limit")

"""Hostile JSON: nesting 100,000 deep, a 10 MB string, 10 MB of spaces, huge numbers, NUL bytes,
a million values, a million repeated keys. Each ends in bounded time and memory with a JsonError
at the right place or a tree, never an exception (a RecursionError, MemoryError or ValueError).

Each case is parsed by `cfguard.syntaxes.json.parser.parse` in a child process, as the XML size
cases run cfguard: a hang is killed at `TIMEOUT` and fails the test, and the child's wall time
and peak RSS are printed in the terminal summary (measured from a small launcher, so that
pytest's own memory is not the floor). Only a generous memory ceiling is asserted, never a time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from cfguard.syntaxes.json.parser import MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_VALUES
from tests.hostile.conftest import MEASUREMENTS, TIMEOUT, run_limited

#: Far above what any case needs (the worst, ten million line breaks and a million repeated
#: keys, peak near 400 MiB): a blow-up fails, ordinary variation does not.
MEMORY_CEILING_MIB = 768
#: What one copy too many of a 10 MB value would show: the string cases stay far below this.
STRING_CEILING_MIB = 160
MB = 1_000_000

# Parses the file named by argv[1] and prints what a user would see: the error, or the tree's
# root kind, size and duplicates. Any exception escapes as a traceback and fails the test.
_CHILD = """
import json, sys
from cfguard.syntaxes.json.parser import JsonError, parse
from cfguard.syntaxes.json.tree import items
with open(sys.argv[1], "rb") as handle:
    result = parse(handle.read())
if isinstance(result, JsonError):
    print(json.dumps({"error": list(result)}))
else:
    root = result.root
    size = len(root.value) if root.kind in ("object", "array", "string") else None
    first = items(root)[0].kind if root.kind == "array" and items(root) else None
    print(json.dumps({"kind": root.kind, "size": size, "first": first,
                      "value": root.value if root.kind == "number" else None,
                      "duplicates": len(result.duplicates)}))
"""


def parsed(name: str, path: Path, ceiling: float = MEMORY_CEILING_MIB) -> dict[str, Any]:
    """What `parse` gives for the file, from a child process with a time limit."""
    command = [sys.executable, "-c", _CHILD, str(path)]
    proc, seconds, peak = run_limited(command, TIMEOUT)
    assert proc.returncode != 124, f"{name}: still parsing after {TIMEOUT} s (killed)"
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout)
    MEASUREMENTS.append((f"json: {name}", seconds, peak, 1 if "error" in result else 0))
    assert peak < ceiling, f"{name}: peak RSS {peak:.0f} MiB"
    return result


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "hostile.json"
    path.write_bytes(data)
    return path


def depth_error(column: int) -> list[Any]:
    return [
        1,
        column,
        f"arrays and objects are nested more than {MAX_DEPTH} levels deep, cfguard's limit (a "
        "CloudFront document nests fewer than 15): this is not a CloudFront document",
    ]


def test_hundred_thousand_nested_arrays(tmp_path: Path) -> None:
    path = write(tmp_path, b"[" * 100_000 + b"]" * 100_000)
    assert parsed("100,000 nested arrays", path) == {"error": depth_error(MAX_DEPTH + 1)}


def test_hundred_thousand_nested_objects(tmp_path: Path) -> None:
    path = write(tmp_path, b'{"a":' * 100_000 + b"1" + b"}" * 100_000)
    # The 513th '{' is at 1 + 512 * len('{"a":').
    assert parsed("100,000 nested objects", path) == {"error": depth_error(1 + MAX_DEPTH * 5)}


def test_ten_megabytes_of_opening_brackets(tmp_path: Path) -> None:
    path = write(tmp_path, b"[" * (10 * MB))
    assert parsed("10 MB of '['", path) == {"error": depth_error(MAX_DEPTH + 1)}


def test_deep_objects_at_the_limit_parse(tmp_path: Path) -> None:
    path = write(tmp_path, b'{"a": ' * MAX_DEPTH + b"null" + b"}" * MAX_DEPTH)
    assert parsed(f"{MAX_DEPTH} nested objects (the limit)", path)["kind"] == "object"


def test_ten_megabyte_string(tmp_path: Path) -> None:
    path = write(tmp_path, b'{"Comment": "' + b"x" * (10 * MB) + b'"}')
    result = parsed("a 10 MB string", path, STRING_CEILING_MIB)
    assert result == {"kind": "object", "size": 1, "first": None, "value": None, "duplicates": 0}


def test_ten_megabyte_string_of_escapes_and_non_ascii(tmp_path: Path) -> None:
    path = write(tmp_path, b'["' + b"\\u00e9\xc3\xa9\\n" * (1_000_000) + b'"]')
    assert parsed("a 10 MB string of escapes", path, STRING_CEILING_MIB)["first"] == "string"


def test_ten_megabyte_string_never_closed(tmp_path: Path) -> None:
    path = write(tmp_path, b'{"Comment": "' + b"x" * (10 * MB))
    [line, column, message] = parsed("a 10 MB string never closed", path)["error"]
    assert (line, column) == (1, 10 * MB + 14)
    assert message.startswith("the file ends inside a string that starts at line 1, column 13")


def test_ten_megabytes_of_spaces(tmp_path: Path) -> None:
    path = write(tmp_path, b" " * (10 * MB))
    assert parsed("10 MB of spaces", path) == {
        "error": [1, None, "the file is empty: expected a JSON document"]
    }
    path = write(tmp_path, b" \n\t\r" * (2 * MB) + b"{}")
    assert parsed("8 MB of whitespace, then {}", path)["kind"] == "object"


def test_ten_megabytes_of_line_breaks(tmp_path: Path) -> None:
    """The line index holds one offset per line: ten million of them is the most a file has."""
    path = write(tmp_path, b"\n" * (MAX_DOCUMENT_BYTES - 3) + b"[,]")
    assert parsed("10 MiB of line breaks, then [,]", path)["error"] == [
        MAX_DOCUMENT_BYTES - 2,
        2,
        "expected a value in the array opened at line 10485758, column 1, found ','",
    ]


def test_huge_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, b"9" * (10 * MB))
    [line, column, message] = parsed("a 10 MB integer", path)["error"]
    assert (line, column) == (1, 1)
    assert message.startswith("an integer of 10,000,000 digits, more than the 4,300")
    path = write(tmp_path, b"[0." + b"1" * (10 * MB) + b"e-5]")
    assert parsed("a 10 MB fraction", path)["first"] == "number"
    path = write(tmp_path, b"1e" + b"9" * (10 * MB))
    assert parsed("a 10 MB exponent", path)["value"] == float("inf")  # as json.loads has it
    path = write(tmp_path, b"-" + b"1" * 4300)
    assert parsed("an integer of 4,300 digits", path)["kind"] == "number"


def test_nul_bytes(tmp_path: Path) -> None:
    nul = "a NUL byte: the file is binary, or text in UTF-16 or UTF-32; save it as UTF-8"
    path = write(tmp_path, b"\x00" * (10 * MB))
    assert parsed("10 MB of NUL bytes", path) == {"error": [1, 1, nul]}
    path = write(tmp_path, b'{"a": 1,\n "b": \x00}')
    assert parsed("a NUL byte for a value", path) == {"error": [2, 7, nul]}
    path = write(tmp_path, b'{"a": "' + b"\x00" * MB + b'"}')
    [line, column, message] = parsed("a string of NUL bytes", path)["error"]
    assert (line, column) == (1, 8)
    assert message.startswith("a control character (U+0000) inside a string")


def test_a_million_values(tmp_path: Path) -> None:
    path = write(tmp_path, b"[" + b"0," * (MAX_VALUES - 2) + b"0]")
    assert parsed(f"{MAX_VALUES:,} values (the limit)", path)["size"] == MAX_VALUES - 1
    path = write(tmp_path, b"[" + b"0," * (5 * MB - 1) + b"0]")
    [line, column, message] = parsed("5 million values", path)["error"]
    assert (line, column) == (1, 2 * MAX_VALUES)  # the millionth and first value
    assert message.startswith(f"the document holds more than {MAX_VALUES:,} values")


def test_a_million_repeated_keys(tmp_path: Path) -> None:
    count = MAX_VALUES - 1
    path = write(tmp_path, b"{" + b'"a":0,' * (count - 1) + b'"a":0}')
    result = parsed(f"{count:,} repeats of one key", path)
    assert (result["size"], result["duplicates"]) == (count, count - 1)


def test_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, b"[" + b" " * (MAX_DOCUMENT_BYTES - 2) + b"]")
    assert parsed("exactly 10 MiB", path)["kind"] == "array"
    path = write(tmp_path, b"[" + b" " * (MAX_DOCUMENT_BYTES - 1) + b"]")
    [line, column, message] = parsed("10 MiB + 1 byte", path)["error"]
    assert (line, column) == (1, None)
    assert "over cfguard's size limit of 10,485,760 bytes (10 MiB)" in message


def test_bad_utf8_at_the_end_of_ten_megabytes(tmp_path: Path) -> None:
    path = write(tmp_path, b'["' + "é".encode() * (5 * MB - 4) + b'\xff"]')
    [line, column, message] = parsed("bad UTF-8 after 10 MB", path)["error"]
    assert (line, column) == (1, 5 * MB - 4 + 3)  # in characters, not bytes
    assert message.startswith("the file is not valid UTF-8 (byte 0xFF: invalid start byte)")

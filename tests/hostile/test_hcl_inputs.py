"""Hostile HCL: nesting 100,000 deep, a million unclosed braces, 2 MiB of attributes, of one
heredoc, of comments, text far from HCL on which tree-sitter's error recovery is superlinear,
binary and mis-encoded bytes. Each ends in bounded time and memory with an HclError at the right
place or a tree, never an exception (a RecursionError, MemoryError, a crash in tree-sitter).

Each case is parsed by `cfguard.syntaxes.hcl.parser.parse` in a child process, as the YAML and
JSON cases run (a hang is killed at `TIMEOUT` and fails the test; wall time and peak RSS go to
the terminal summary). Only a generous memory ceiling is asserted, never a time: tree-sitter
holds some 150 bytes per input byte and the parser's own memory budget stops it at 640 MiB of
growth, so the ceiling is above that.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from cfguard.syntaxes.hcl.refusal import MAX_DEPTH
from cfguard.syntaxes.hcl.text import MAX_HCL_BYTES
from tests.hostile.conftest import MEASUREMENTS, TIMEOUT, run_limited

MEMORY_CEILING_MIB = 1024
MIB = 1024 * 1024

# Parses the file named by argv[1] and prints what a user would see: the error, or the size of
# the tree. Any exception escapes as a traceback.
_CHILD = """
import json, sys
from cfguard.syntaxes.hcl.parser import HclError, parse
with open(sys.argv[1], "rb") as handle:
    result = parse(handle.read())
if isinstance(result, HclError):
    print(json.dumps({"error": list(result)}))
else:
    body = result.body
    print(json.dumps({
        "attributes": len(body.attributes),
        "blocks": len(body.blocks),
        "comments": len(result.comments),
        "first": [body.attributes[0].name, repr(body.attributes[0].value)[:60]]
        if body.attributes else None,
    }))
"""


def parsed(name: str, tmp_path: Path, data: bytes) -> dict[str, Any]:
    """What `parse` gives for `data`, from a child process with a time limit."""
    path = tmp_path / "hostile.tf"
    path.write_bytes(data)
    proc, seconds, peak = run_limited([sys.executable, "-c", _CHILD, str(path)], TIMEOUT)
    assert proc.returncode != 124, f"{name}: still parsing after {TIMEOUT} s (killed)"
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout)
    MEASUREMENTS.append((f"hcl: {name}", seconds, peak, 1 if "error" in result else 0))
    assert peak < MEMORY_CEILING_MIB, f"{name}: peak RSS {peak:.0f} MiB"
    return result


DEEP = (
    f"blocks and expressions are nested more than {MAX_DEPTH} levels deep, cfguard's limit (a "
    "Terraform configuration nests fewer than 20): this is not a configuration"
)


def budget(reason: str, line: int) -> list[Any]:
    return [
        line,
        None,
        f"the HCL parser ran out of cfguard's {reason} budget near line {line}: the text is far "
        "from HCL (no Terraform configuration comes near the budget)",
    ]


def test_hundred_thousand_nested_lists(tmp_path: Path) -> None:
    data = b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    # the value is level 1: the 101st '[' (column 5 + 100) is the first past the limit
    assert parsed("100,000 nested [", tmp_path, data) == {"error": [1, 5 + MAX_DEPTH, DEEP]}


def test_fifty_thousand_nested_blocks(tmp_path: Path) -> None:
    data = b"b {\n" * 50_000 + b"}\n" * 50_000
    assert parsed("50,000 nested blocks", tmp_path, data) == {"error": [MAX_DEPTH + 1, 1, DEEP]}


def test_half_a_million_unclosed_brackets(tmp_path: Path) -> None:
    data = b"a = " + b"[" * 500_000
    [line, column, message] = parsed("500,000 unclosed [", tmp_path, data)["error"]
    assert (line, column) == (1, len(data) + 1)
    assert message == "expected ']' to close the list opened at line 1"


def test_a_million_unclosed_braces(tmp_path: Path) -> None:
    data = b"{" * 1_000_000
    [line, column, message] = parsed("1,000,000 unclosed {", tmp_path, data)["error"]
    assert (line, column) == (1, len(data) + 1)
    assert message == "expected '}' to close the block or object opened at line 1"


def attributes(count: int) -> bytes:
    return b"".join(f"a{number} = {number}\n".encode() for number in range(count))


def test_nearly_two_mebibytes_of_attributes(tmp_path: Path) -> None:
    # each attribute and its value count toward MAX_VALUES (250,000): 124,000 is under it
    data = attributes(124_000)
    assert len(data) > 1.75 * MIB
    assert parsed(f"{len(data) / MIB:.2f} MiB of attributes", tmp_path, data) == {
        "attributes": 124_000,
        "blocks": 0,
        "comments": 0,
        "first": ["a0", "Literal(value=0, start=5, end=6)"],
    }


def test_two_mebibytes_of_attributes(tmp_path: Path) -> None:
    data = attributes(140_000)
    data = data[: data.rindex(b"\n", 0, MAX_HCL_BYTES) + 1]
    count = data.count(b"\n")
    assert count > 130_000
    assert parsed(f"{len(data) / MIB:.2f} MiB of attributes", tmp_path, data)["attributes"] == (
        count
    )


def test_a_heredoc_of_nearly_two_mebibytes(tmp_path: Path) -> None:
    body = b"  line of text in a heredoc, ${not} interpolated: $${x}\n".replace(b"${not}", b"")
    content = body * (int(1.9 * MIB) // len(body))
    data = b"a = <<-EOT\n" + content + b"  EOT\n"
    result = parsed("a 1.9 MiB heredoc", tmp_path, data)
    assert result["attributes"] == 1
    assert result["first"][1].startswith("Literal(value='line of text in a heredoc,  interpol")


def test_hundred_thousand_comments(tmp_path: Path) -> None:
    data = b"a = 1 # first\n" + b"# a comment line\n" * 50_000 + b"/* block */\n" * 50_000
    assert parsed("100,000 comments", tmp_path, data) == {
        "attributes": 1,
        "blocks": 0,
        "comments": 100_001,
        "first": ["a", "Literal(value=1, start=4, end=5)"],
    }


def test_quoted_strings_far_from_hcl_stop_at_the_time_budget(tmp_path: Path) -> None:
    # tree-sitter's error recovery is superlinear on this: ~200 KB reaches the budget
    # (BASE_SECONDS + SECONDS_PER_MIB per MiB, ~4 s here; 2 MiB takes 15 s)
    data = b'"x" ' * 50_000
    assert parsed('200 KB of "x" "x" ...', tmp_path, data) == {"error": budget("time", 1)}


def test_printable_junk_stops_at_a_budget_or_is_an_error(tmp_path: Path) -> None:
    data = bytes(range(32, 127)) * (MAX_HCL_BYTES // 95)
    [line, column, message] = parsed("2 MiB of printable ASCII", tmp_path, data)["error"]
    # measured: the memory budget after 2 s; a slower machine may reach the time budget first
    assert [line, column, message] in (
        budget("memory", 1),
        budget("time", 1),
        [1, 2, "unexpected '!'"],
    )


def test_printable_junk_on_lines(tmp_path: Path) -> None:
    data = (bytes(range(32, 127)) + b"\n") * 20_000
    [line, column, message] = parsed("1.8 MiB of printable ASCII lines", tmp_path, data)["error"]
    # measured: the memory budget near line 8,809 of 20,000; a slower machine may reach the
    # time budget first, and short junk is "unexpected '!'" at 1:2
    if column is None:
        assert [line, column, message] in (budget("memory", line), budget("time", line))
        assert 1 <= line <= 20_000
    else:
        assert (line, column, message) == (1, 2, "unexpected '!'")


def test_invalid_utf8_deep_in_a_big_file(tmp_path: Path) -> None:
    data = b"a = 1\n" * 300_000 + b'b = "caf\xe9"\n'
    assert parsed("invalid UTF-8 at line 300,001", tmp_path, data)["error"][:2] == [300_001, 9]


def test_binary(tmp_path: Path) -> None:
    data = bytes(range(256)) * 4096
    assert parsed("1 MiB of binary", tmp_path, data) == {
        "error": [
            1,
            1,
            "a NUL byte: this is a binary file, not HCL text (Terraform refuses it)",
        ]
    }
    data = b"a = 1\n" * 100_000 + b"\x7fELF\x02\x01\x01\x00"
    assert parsed("an ELF header after 100,000 lines", tmp_path, data) == {
        "error": [
            100_001,
            5,
            "the control character 0x02: this is a binary file, not HCL text (Terraform "
            "refuses it)",
        ]
    }


def test_utf16(tmp_path: Path) -> None:
    text = 'resource "aws_cloudfront_distribution" "d" {\n  enabled = true\n}\n' * 5000
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):
        [line, column, message] = parsed(f"{codec}", tmp_path, text.encode(codec))["error"]
        assert (line, column) == (1, 1)
        assert message.startswith("the file is UTF-16")


def test_over_the_size_limit(tmp_path: Path) -> None:
    data = b"a = 1\n" + b"#" * MAX_HCL_BYTES
    [line, column, message] = parsed("2 MiB + 6 bytes", tmp_path, data)["error"]
    assert (line, column) == (1, None)
    assert message.startswith("the file is over cfguard's size limit for HCL")

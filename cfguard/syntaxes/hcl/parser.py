"""A `.tf` file's bytes -> the located HCL tree (`HclTree`), or why they are not HCL cfguard reads
(`HclError`, reported as CFG001 with its line and column).

The steps, each in its own module: the bytes are checked before anything else reads them
(`text`: the size limit, UTF-16, binary bytes, invalid UTF-8); tree-sitter's HCL grammar parses
them under a time and memory budget (`grammar`); a tree with an error is explained at its first
fault (`syntax_errors`); the references and the comments are found by queries run in C
(`references`, here); and the tree is read into `nodes` with character offsets (`build`).

Measured on this machine (CPython 3.11, tree-sitter 0.26.1, tree-sitter-hcl 1.2.0):
* a 31 KB module file (tests/syntaxes/hcl/data): ~10 ms to parse and build, once tree-sitter is
  imported (~16 ms, paid only when a `.tf` file is read);
* hostile input is bounded by the 2 MiB size limit and the budget (`grammar`). The worst cases
  found (`/usr/bin/time -f "%e s %M KB"` on `parse` of each): 2 MiB of `"x" "x" ...`, on which
  tree-sitter's error recovery is superlinear, stops at the 15 s time budget in 55 MiB; 2 MiB of
  printable ASCII junk stops at the memory budget after 2 s at 680 MiB; 1,000,000 unclosed `{`
  is read in 1.2 s and 370 MiB and reported at the end of the file; 100,000 nested lists are
  refused at the 101st level in 0.2 s. tests/hostile/test_hcl_inputs.py runs these.
"""

from __future__ import annotations

import codecs
from typing import Any, NamedTuple

from cfguard.core.line_index import LineIndex
from cfguard.syntaxes.hcl.build import Builder
from cfguard.syntaxes.hcl.grammar import OverBudget, queries, run
from cfguard.syntaxes.hcl.nodes import Body
from cfguard.syntaxes.hcl.references import find_references
from cfguard.syntaxes.hcl.refusal import Refusal
from cfguard.syntaxes.hcl.syntax_errors import first_problem
from cfguard.syntaxes.hcl.text import Offsets, Problem, invalid_utf8, refuse_bytes


class HclComment(NamedTuple):
    """A comment: its text without the markers (`#`, `//`, `/*` `*/`), where it is, and whether
    nothing but spaces comes before it on its line."""

    text: str
    start: int
    end: int
    own_line: bool


class HclTree(NamedTuple):
    """A parsed file: its decoded text (a byte order mark removed, not counted), the line index
    every location goes through, its top-level body and its comments in file order."""

    text: str
    lines: LineIndex
    body: Body
    comments: tuple[HclComment, ...]


class HclError(NamedTuple):
    """Why the bytes are not usable HCL, at a 1-based line and column (None: the whole file)."""

    line: int
    column: int | None
    message: str


def parse(data: bytes) -> HclTree | HclError:
    """The file's tree, or the first reason it cannot be read."""
    problem = refuse_bytes(data)
    if problem is not None:
        return HclError(*problem)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return HclError(*invalid_utf8(data, error.start, error.reason))
    lines = LineIndex(text)
    offsets = Offsets(text, data.isascii())
    try:
        tree = run(data)
    except OverBudget as stopped:
        return _over_budget(stopped, lines, offsets)
    root = tree.root_node
    if root.has_error:
        fault = first_problem(root, data, lambda byte: lines.position(offsets.char(byte))[0])
        line, column = lines.position(offsets.char(fault.offset))
        return HclError(line, column, fault.message)
    comment_query, variable_query, scope_query = queries()
    references = find_references(root, data, variable_query, scope_query)
    builder = Builder(data, text, offsets, references)
    try:
        body = _top_body(builder, root, len(text))
    except Refusal as refusal:
        line, column = lines.position(refusal.offset)
        return HclError(line, column, refusal.message)
    comments = tuple(
        _comment(text, offsets.char(node.start_byte), offsets.char(node.end_byte))
        for node in sorted(comment_query.captures(root).get("comment", []), key=_start_byte)
    )
    return HclTree(text, lines, body, comments)


def _top_body(builder: Builder, root: Any, length: int) -> Body:
    """The file's body (tree-sitter leaves it out of a file of comments only)."""
    for child in root.children:
        if child.type == "body":
            return builder.body(child, 0, length, 0)
    return Body((), (), 0, length)


def _over_budget(stopped: OverBudget, lines: LineIndex, offsets: Offsets) -> HclError:
    line, _ = lines.position(offsets.char(stopped.offset))
    what = "time" if stopped.reason == "time" else "memory"
    return HclError(
        line,
        None,
        f"the HCL parser ran out of cfguard's {what} budget near line {line}: the text is far "
        "from HCL (no Terraform configuration comes near the budget)",
    )


def _start_byte(node: Any) -> int:
    return int(node.start_byte)


def _comment(text: str, start: int, end: int) -> HclComment:
    raw = text[start:end]
    if raw.startswith("#"):
        inner = raw[1:]
    elif raw.startswith("//"):
        inner = raw[2:]
    else:
        inner = raw[2:-2] if raw.endswith("*/") and len(raw) >= 4 else raw[2:]
    inner = inner.rstrip("\r\n")
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    own_line = not text[line_start:start].strip(" \t")
    return HclComment(inner, start, end, own_line)


__all__ = ["HclComment", "HclError", "HclTree", "Problem", "parse"]

"""Where, and why in a person's words, a tree-sitter tree of broken HCL is broken.

tree-sitter marks what it could not read in two ways: a MISSING node (a zero-width token it
assumed, such as the `}` of a block that is never closed) and an ERROR node (text it skipped).
The first of them in the file is reported. A missing closer names what it would close and the
line where that was opened; an ERROR node that runs to the end of the file with an opener still
open inside it is reported the same way; any other ERROR names the text it starts with.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

#: What a closer closes, by the type of the node it belongs to.
_CLOSES = {
    "block": "the block",
    "object": "the object",
    "for_object_expr": "the for expression",
    "tuple": "the list",
    "for_tuple_expr": "the for expression",
    "function_call": "the call",
    "expression": "the parenthesis",
    "new_index": "the index",
    "template_interpolation": "the interpolation '${'",
    "template_if_intro": "the directive '%{'",
    "template_for_intro": "the directive '%{'",
    "template_else_intro": "the directive '%{'",
    "template_if_end": "the directive '%{'",
    "template_for_end": "the directive '%{'",
    "string_lit": "the string",
    "quoted_template": "the string",
}
_OPENERS = {"{": "}", "[": "]", "(": ")", "template_interpolation_start": "}"}
_CLOSERS = frozenset(("}", "]", ")", "template_interpolation_end"))
_WRAPPERS = frozenset(("block_end", "object_end", "tuple_end", "block_start"))
_TOKEN = re.compile(r"[\w.:-]{1,30}|\S")


class SyntaxProblem(NamedTuple):
    """At which byte offset, and why."""

    offset: int
    message: str


def first_problem(root: Any, data: bytes, line_of: Any) -> SyntaxProblem:
    """The first MISSING or ERROR node under `root` (which has an error), explained.
    `line_of(byte_offset)` gives a line number for "opened at line N"."""
    found = _first_bad_node(root)
    if found is None:  # pragma: no cover - has_error promises one
        return SyntaxProblem(0, "this is not HCL")
    if found.is_missing:
        return _missing(found, data, line_of)
    return _unexpected(found, data, line_of)


def _first_bad_node(root: Any) -> Any | None:
    """The first node, in file order, that is MISSING or an ERROR (by a cursor: trees of
    hostile input are 100,000 levels deep)."""
    cursor = root.walk()
    while True:
        node = cursor.node
        if node.is_missing or node.is_error:
            return node
        if node.has_error and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return None


def _missing(node: Any, data: bytes, line_of: Any) -> SyntaxProblem:
    kind = node.type
    parent = node.parent
    while parent is not None and parent.type in _WRAPPERS:
        parent = parent.parent
    where = node.start_byte
    if kind == "heredoc_identifier" and parent is not None:
        marker = parent.child_by_field_name("start_identifier")
        name = _text(data, marker) if marker is not None else "the marker"
        return SyntaxProblem(
            where,
            f"expected {name!r} on a line of its own to close the heredoc opened at line "
            f"{line_of(parent.start_byte)}",
        )
    closer = '"' if kind == "quoted_template_end" else _closer(kind)
    if closer is not None and parent is not None:
        what = _CLOSES.get(parent.type, f"the {parent.type.replace('_', ' ')}")
        return SyntaxProblem(
            where,
            f"expected {closer!r} to close {what} opened at line {line_of(parent.start_byte)}",
        )
    if kind == "identifier":
        return SyntaxProblem(where, _expected_value(data, where))
    return SyntaxProblem(where, f"expected {kind.replace('_', ' ')!r} here")


def _closer(kind: str) -> str | None:
    if kind in ("}", "]", ")"):
        return kind
    if kind in ("template_interpolation_end", "template_directive_end"):
        return "}"
    return None


def _expected_value(data: bytes, where: int) -> str:
    before = data[:where].rstrip()
    if before.endswith(b"="):
        return "expected a value after '='"
    return "expected a value here"


def _unexpected(node: Any, data: bytes, line_of: Any) -> SyntaxProblem:
    unclosed = _unclosed_opener(node)
    if unclosed is not None and not data[node.end_byte :].strip():
        opener, closer = unclosed
        what = "the string" if opener.type == "quoted_template_start" else _opened(opener)
        if opener.type == "quoted_template_start":
            closer = '"'
        return SyntaxProblem(
            len(data.rstrip()),
            f"expected {closer!r} to close {what} opened at line {line_of(opener.start_byte)}",
        )
    start = node.start_byte
    while True:  # the innermost ERROR that starts the node: where reading went wrong
        inner = next((c for c in node.children if c.is_error), None)
        if inner is None or inner.start_byte != start:
            break
        node = inner
    rest = data[start : start + 200].decode("utf-8", "replace")
    match = _TOKEN.match(rest)
    if match is None:
        return SyntaxProblem(start, "unexpected end of the file")
    token = match.group()
    if not token.isprintable():
        token = ascii(token)[1:-1]
    return SyntaxProblem(start, f"unexpected {token!r}")


def _opened(opener: Any) -> str:
    return {
        "{": "the block or object",
        "[": "the list",
        "(": "the parenthesis",
        "template_interpolation_start": "the interpolation '${'",
    }.get(opener.type, "what was")


def _unclosed_opener(error: Any) -> tuple[Any, str] | None:
    """The innermost opener ( `{ [ ( ${ "` ) that no closer under `error` closes."""
    stack: list[tuple[Any, str]] = []
    cursor = error.walk()
    depth = 0
    while True:
        node = cursor.node
        kind = node.type
        if kind in _OPENERS:
            stack.append((node, _OPENERS[kind]))
        elif kind in _CLOSERS and stack and not node.is_missing:
            stack.pop()
        elif kind == "quoted_template_start":
            if stack and stack[-1][1] == '"':
                stack.pop()
            else:
                stack.append((node, '"'))
        elif kind == "quoted_template_end" and stack and stack[-1][1] == '"':
            stack.pop()
        if cursor.goto_first_child():
            depth += 1
            continue
        while not cursor.goto_next_sibling():
            if depth == 0 or not cursor.goto_parent():
                return stack[-1] if stack else None
            depth -= 1
        if depth == 0:
            return stack[-1] if stack else None


def _text(data: bytes, node: Any) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", "replace")

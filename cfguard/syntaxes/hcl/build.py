"""tree-sitter's concrete tree (a valid one: the parser checked `has_error`) -> the located HCL
tree of `nodes`, with character offsets.

The recursion follows the file's own nesting (a block in a block, a list in a list) and stops at
`MAX_DEPTH`, so it never goes deeper than ~3 frames per level; what is inside an expression the
file does not decide is not walked at all unless it is big enough to hide deep nesting, and then
by a cursor (no recursion). Each node is read through `children` once and its text sliced from
the decoded text: no per-node query to tree-sitter beyond that.
"""

from __future__ import annotations

import re
from typing import Any

from cfguard.syntaxes.hcl.nodes import (
    Attribute,
    Block,
    Body,
    Dynamic,
    Expr,
    Literal,
    Object,
    ObjectMember,
    Tuple,
)
from cfguard.syntaxes.hcl.references import References
from cfguard.syntaxes.hcl.refusal import (
    MAX_DEPTH,
    MAX_INTEGER_DIGITS,
    MAX_VALUES,
    Refusal,
    nesting_too_deep,
    too_deep,
)
from cfguard.syntaxes.hcl.strings import StringProblem, heredoc, unquote
from cfguard.syntaxes.hcl.text import Offsets

_TEXT_LIMIT = 120
_TEMPLATE_PARTS = frozenset(("template_interpolation", "template_directive"))
_KEYWORDS = {"true": True, "false": False}


class Builder:
    """One file's tree: its text, the byte -> character mapping and its references."""

    def __init__(self, data: bytes, text: str, offsets: Offsets, references: References) -> None:
        self.data = data
        self.text = text
        self.char = offsets.char
        self.references = references
        self.budget = MAX_VALUES

    def _count(self, node: Any) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise Refusal(
                self.char(node.start_byte),
                f"the file holds more than {MAX_VALUES:,} attributes, blocks and values, "
                "cfguard's limit (a configuration holds a few thousand): this is not a "
                "configuration",
            )

    def body(self, node: Any | None, start: int, end: int, depth: int) -> Body:
        """The attributes and blocks of a `body` node (None: an empty body at start..end)."""
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        seen: dict[str, Attribute] = {}
        previous_end = -1
        for child in node.children if node is not None else ():
            kind = child.type
            if kind == "comment":
                continue
            if previous_end >= 0:
                self._on_its_own_line(previous_end, child)
            previous_end = child.end_byte
            if kind == "attribute":
                attribute = self.attribute(child, depth)
                first = seen.get(attribute.name)
                if first is not None:
                    line = len(_LINE_END.findall(self.text, 0, first.name_start)) + 1
                    raise Refusal(
                        attribute.name_start,
                        f"the attribute {attribute.name!r} is already set at line {line}; "
                        "Terraform refuses a body that sets an attribute twice",
                    )
                seen[attribute.name] = attribute
                attributes.append(attribute)
            elif kind == "block":
                blocks.append(self.block(child, depth + 1))
            else:  # pragma: no cover - the grammar puts nothing else in a body
                raise Refusal(self.char(child.start_byte), f"unexpected {kind}")
        return Body(tuple(attributes), tuple(blocks), start, end)

    def _on_its_own_line(self, previous_end: int, child: Any) -> None:
        """HCL ends an attribute or a block at a line break; tree-sitter's grammar does not."""
        between = self.data[previous_end : child.start_byte]
        if b"\n" not in between and b"\r" not in between:
            raise Refusal(
                self.char(child.start_byte),
                "expected a line break before this: HCL takes one attribute or block per line",
            )

    def attribute(self, node: Any, depth: int) -> Attribute:
        self._count(node)
        name, _, value = _code(node)[:3]
        name_start, name_end = self.char(name.start_byte), self.char(name.end_byte)
        return Attribute(
            self.text[name_start:name_end],
            name_start,
            name_end,
            self.expression(value, depth + 1),
            name_start,
            self.char(node.end_byte),
        )

    def block(self, node: Any, depth: int) -> Block:
        start = self.char(node.start_byte)
        if depth > MAX_DEPTH:
            raise too_deep(start)
        self._count(node)
        children = _code(node)
        labels: list[str] = []
        spans: list[tuple[int, int]] = []
        index = 1
        while children[index].type in ("string_lit", "identifier"):
            label = children[index]
            span = self.char(label.start_byte), self.char(label.end_byte)
            if label.type == "identifier":
                labels.append(self.text[span[0] : span[1]])
            else:
                labels.append(self._unquote(span[0] + 1, span[1] - 1))
            spans.append(span)
            index += 1
        opening, inner, closing = children[index], children[index + 1], children[-1]
        if inner.type == "body":
            body = self.body(inner, self.char(inner.start_byte), self.char(inner.end_byte), depth)
        else:
            body = self.body(None, self.char(opening.end_byte), self.char(closing.start_byte), 0)
        return Block(
            self.text[start : self.char(children[0].end_byte)],
            tuple(labels),
            tuple(spans),
            body,
            start,
            self.char(node.end_byte),
        )

    def expression(self, node: Any, depth: int) -> Expr:
        """An `expression` node (or what one wraps) as a value."""
        if depth > MAX_DEPTH:
            raise too_deep(self.char(node.start_byte))
        self._count(node)
        outer = node
        while node.child_count == 1 and node.type in _WRAPPERS:
            node = node.children[0]
        kind = node.type
        if kind == "string_lit":
            start, end = self.char(node.start_byte), self.char(node.end_byte)
            return Literal(self._unquote(start + 1, end - 1), start, end)
        if kind == "numeric_lit":
            return self._number(node, self.char(node.start_byte), self.char(node.end_byte))
        if kind in ("bool_lit", "null_lit"):
            start, end = self.char(node.start_byte), self.char(node.end_byte)
            return Literal(_KEYWORDS.get(self.text[start:end]), start, end)
        if kind == "tuple":
            items = [self.expression(c, depth + 1) for c in node.children if c.type == "expression"]
            return Tuple(tuple(items), self.char(node.start_byte), self.char(node.end_byte))
        if kind == "object":
            return self._object(node, depth)
        if kind == "heredoc_template":
            return self._heredoc(node, depth)
        if kind == "unary_operation":
            negated = self._negative_number(node)
            if negated is not None:
                return negated
        elif kind == "expression" and node.child_count == 3 and node.children[0].type == "(":
            inner = self.expression(node.children[1], depth + 1)
            if isinstance(inner, Literal):
                return inner._replace(
                    start=self.char(node.start_byte), end=self.char(node.end_byte)
                )
        elif kind == "quoted_template":
            self._no_line_breaks(node)
        return self.dynamic(outer, depth)

    def dynamic(self, node: Any, depth: int) -> Dynamic:
        """An expression the file does not decide: its text and references."""
        if depth + node.descendant_count > MAX_DEPTH:
            deep = nesting_too_deep(node, depth - 1)
            if deep is not None:
                raise too_deep(self.char(deep))
        start, end = self.char(node.start_byte), self.char(node.end_byte)
        text = " ".join(self.text[start:end].split())
        return Dynamic(
            text[:_TEXT_LIMIT],
            start,
            end,
            self.references.within(node.start_byte, node.end_byte),
        )

    def _object(self, node: Any, depth: int) -> Object:
        members: list[ObjectMember] = []
        for element in node.children:
            if element.type != "object_elem":
                continue
            key_node, _, value_node = _code(element)[:3]
            key_start, key_end = self.char(key_node.start_byte), self.char(key_node.end_byte)
            key = self._key(key_node, key_start, key_end)
            value = self.expression(value_node, depth + 1)
            members.append(ObjectMember(key, key_start, key_end, value))
        return Object(tuple(members), self.char(node.start_byte), self.char(node.end_byte))

    def _key(self, key: Any, start: int, end: int) -> str | None:
        """An object key's text: a bare identifier or a literal string, else None."""
        while key.child_count == 1 and key.type in _WRAPPERS:
            key = key.children[0]
        if key.type == "variable_expr":
            return self.text[start:end]
        if key.type == "string_lit":
            return self._unquote(start + 1, end - 1)
        return None

    def _unquote(self, start: int, end: int) -> str:
        try:
            return unquote(self.text[start:end])
        except StringProblem as problem:
            raise Refusal(start + problem.offset, problem.message) from None

    def _no_line_breaks(self, node: Any) -> None:
        """The literal parts of a quoted template stay on one line, as in a quoted string."""
        for part in node.children:
            if part.type == "template_literal":
                self._unquote(self.char(part.start_byte), self.char(part.end_byte))

    def _number(self, node: Any, start: int, end: int, sign: str = "") -> Expr:
        token = self.text[start:end]
        if token[:2] in ("0x", "0X"):  # the grammar reads hex; HCL has decimal numbers only
            return self.dynamic(node, 0)
        if not any(c in token for c in ".eE"):
            if len(token) > MAX_INTEGER_DIGITS:
                raise Refusal(start, f"a number of more than {MAX_INTEGER_DIGITS} digits")
            return Literal(int(sign + token), start, end)
        number = float(sign + token)
        if number.is_integer() and abs(number) < 2**53:
            return Literal(int(number), start, end)
        return Literal(number, start, end)

    def _negative_number(self, node: Any) -> Expr | None:
        """`-443`: HCL's unary minus on a number literal, a value the file decides."""
        operator, operand = _code(node)[:2]
        while operand.child_count == 1 and operand.type in _WRAPPERS:
            operand = operand.children[0]
        if operator.type != "-" or operand.type != "numeric_lit":
            return None
        token_start, end = self.char(operand.start_byte), self.char(operand.end_byte)
        if self.text[token_start : token_start + 2].lower() == "0x":
            return None
        value = self._number(operand, token_start, end, "-")
        return value._replace(start=self.char(node.start_byte))

    def _heredoc(self, node: Any, depth: int) -> Expr:
        children = node.children
        if any(child.type in _TEMPLATE_PARTS for child in children):
            return self.dynamic(node, depth)
        marker, opening, closing = children[0], children[1], children[-1]
        text = self.text
        after = self.char(opening.end_byte)
        line_end = min(
            i for i in (text.find("\n", after), text.find("\r", after), len(text)) if i >= 0
        )
        content_start = line_end + (2 if text.startswith("\r\n", line_end) else 1)
        close = self.char(closing.start_byte)
        line_start = max(text.rfind("\n", 0, close), text.rfind("\r", 0, close)) + 1
        content = text[content_start:line_start] if line_start > content_start else ""
        flush = self.text[self.char(marker.start_byte) : self.char(marker.end_byte)] == "<<-"
        return Literal(
            heredoc(content, flush), self.char(node.start_byte), self.char(node.end_byte)
        )


_WRAPPERS = frozenset(
    ("expression", "literal_value", "collection_value", "template_expr", "operation")
)
_LINE_END = re.compile(r"\r\n?|\n")


def _code(node: Any) -> list[Any]:
    """A node's children without its comments, which HCL allows between any two tokens
    (`a /* why */ = 1`, `resource /* c */ "x" "y" { # c`)."""
    children = node.children
    if any(child.type == "comment" for child in children):
        return [child for child in children if child.type != "comment"]
    return list(children)

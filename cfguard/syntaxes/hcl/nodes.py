"""The located HCL tree the parser builds: a body of attributes and blocks, and expressions that
are either decided by the file (literals, lists and objects of them) or not (`Dynamic`).

Every offset is a character offset into `HclTree.text` (the decoded text, without a byte order
mark), so `HclTree.lines.position(offset)` gives the line and column an editor shows. `end` is
just past the last character.

Only what a linter needs to read values is decided here: an expression the file does not decide
by itself (a variable, a function call, a template with `${...}`, a conditional, ...) is kept as
its text and the references it makes, so that the Terraform syntax can say "unknown" and follow
`aws_acm_certificate.cert.arn` without evaluating anything.
"""

from __future__ import annotations

from typing import NamedTuple


class Literal(NamedTuple):
    """A value the file decides: a string without interpolation (quoted, unescaped, or a heredoc),
    a number (int when integral), true, false or null."""

    value: str | int | float | bool | None
    start: int
    end: int


class Tuple(NamedTuple):
    """`[a, b, ...]`."""

    items: tuple[Expr, ...]
    start: int
    end: int


class ObjectMember(NamedTuple):
    """`key = value` (or `key : value`) in an object. `key` is the key's text when it is an
    identifier or a literal string, None otherwise (`(var.k) = 1`, `"${x}" = 1`)."""

    key: str | None
    key_start: int
    key_end: int
    value: Expr


class Object(NamedTuple):
    """`{ k = v, "k2" : v2 }`: members in file order."""

    members: tuple[ObjectMember, ...]
    start: int
    end: int


class Dynamic(NamedTuple):
    """An expression the file does not decide by itself. `text` is its source, whitespace
    collapsed and cut to 120 characters (for messages); `references` the traversals it names, as
    written and in file order (`("var.region", "aws_acm_certificate.cert.arn")`), without the
    names a `for` binds and without bare object keys."""

    text: str
    start: int
    end: int
    references: tuple[str, ...]


Expr = Literal | Tuple | Object | Dynamic


class Attribute(NamedTuple):
    """`name = value`; `start`/`end` span the whole of it."""

    name: str
    name_start: int
    name_end: int
    value: Expr
    start: int
    end: int


class Block(NamedTuple):
    """`type "label" ... { body }`, from the type identifier to the closing brace. Labels are
    their string values (quoted labels unescaped); `label_spans` include the quotes."""

    type: str
    labels: tuple[str, ...]
    label_spans: tuple[tuple[int, int], ...]
    body: Body
    start: int
    end: int


class Body(NamedTuple):
    """The attributes and the blocks of a file or of a block, each in file order. No attribute
    name appears twice (the parser refuses that, as Terraform does)."""

    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]
    start: int
    end: int

    def attribute(self, name: str) -> Attribute | None:
        """The attribute called `name`, or None."""
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None

    def blocks_of(self, type: str) -> tuple[Block, ...]:  # the HCL word
        """The blocks of one type (`origin`, `dynamic`, ...), in file order."""
        return tuple(block for block in self.blocks if block.type == type)

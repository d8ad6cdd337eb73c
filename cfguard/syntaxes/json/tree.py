"""The located JSON tree the parser builds (`parser`) and the JSON syntaxes read.

Every node knows where it is as offsets into the decoded text; `JsonTree.lines` turns offsets
into lines and columns, through the line index every syntax shares. Objects keep every member in
file order, duplicates included (the AWS CLI keeps the last one silently; cfguard reports the
others), and `fields` gives the members as the CLI reads them.

Plain tuples: a 5 KB document holds a few hundred nodes, built on every check.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from cfguard.core.findings import Location
from cfguard.core.line_index import LineIndex

Kind = Literal["object", "array", "string", "number", "bool", "null"]
#: A scalar's Python value: str, int, float, bool or None.
Scalar = str | int | float | bool | None


class Member(NamedTuple):
    """`"key": value` in an object; `key_start`/`key_end` span the key with its quotes."""

    key: str
    key_start: int
    key_end: int
    value: Node


class Node(NamedTuple):
    """One JSON value. `value` is a `tuple[Member, ...]` for an object, a `tuple[Node, ...]` for
    an array, else the scalar. `start` is the offset of its first character, `end` just past its
    last."""

    kind: Kind
    value: tuple[Member, ...] | tuple[Node, ...] | Scalar
    start: int
    end: int


class JsonTree(NamedTuple):
    """A parsed document: its text, root value and line index, and every member that repeats a
    key of its object (each with the member the CLI keeps, the last).

    `duplicates` holds one pair `(earlier, kept)` for each member the CLI drops: `earlier` is a
    member whose key a later member of the same object repeats, `kept` the last member with
    that key (a key given three times gives two pairs, both ending in the third). The pairs are
    in file order of `earlier`, whatever object it is in."""

    text: str
    root: Node
    lines: LineIndex
    duplicates: tuple[tuple[Member, Member], ...]


def fields(node: Node) -> dict[str, Member]:
    """An object's members by key, the last of a repeated key winning as in the AWS CLI; {} for
    anything but an object."""
    if node.kind != "object":
        return {}
    members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # kind says so
    return {member.key: member for member in members}


def to_python(node: Node) -> Any:
    """The value as `json.loads` gives it: dicts (the last of a repeated key winning, as in the
    AWS CLI), lists and scalars. Recursive: the parser's depth limit bounds the nesting."""
    if node.kind == "object":
        members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # kind says so
        return {member.key: to_python(member.value) for member in members}
    if node.kind == "array":
        values: tuple[Node, ...] = node.value  # type: ignore[assignment]  # kind says so
        return [to_python(value) for value in values]
    return node.value


def items(node: Node) -> tuple[Node, ...]:
    """An array's values; () for anything but an array."""
    return node.value if node.kind == "array" else ()  # type: ignore[return-value]


def span(
    tree: JsonTree,
    start: int,
    end: int,
    path: str,
    identity: str | None = None,
    *,
    resource: str | None = None,
) -> Location:
    """The location of the text from offset `start` to just before `end`, at document path
    `path` (JMESPath, as `aws ... --query` takes it: `DistributionConfig.Origins.Items[0]`).

    JSON has no XPath: `xpath` holds the same path, so what falls back on it (the identity of a
    finding without a name-based one) reads the same in every syntax."""
    line, column = tree.lines.position(start)
    end_line, end_column = tree.lines.position(end)
    return Location(
        line,
        column,
        path,
        end_line=end_line,
        end_column=end_column,
        path=path,
        identity=identity,
        resource=resource,
    )


def locate(tree: JsonTree, node: Node, path: str, identity: str | None = None) -> Location:
    """Where a value is: its whole text (a string with its quotes)."""
    return span(tree, node.start, node.end, path, identity)


def locate_key(tree: JsonTree, member: Member, path: str, identity: str | None = None) -> Location:
    """Where a member's key is (with its quotes): what a finding about the member as a whole, or
    about an object's missing member, points at."""
    return span(tree, member.key_start, member.key_end, path, identity)

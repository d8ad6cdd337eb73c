"""Walk a located JSON value against a botocore shape and report what the shape forbids.

One pass over the tree, no copy of it: each object is read through `fields` (the last of a
repeated key wins, as in the AWS CLI; repeated keys themselves are the syntax's to report), each
value checked against its shape's record as `schemas/generate_json.py` wrote it. A value of the
wrong type is reported once and not descended into, so one mistake gives one finding.

What is checked, as the CLI's parameter validation and CloudFront do: unknown keys, JSON types
(a number or boolean in quotes is a string, not the value), required keys, enum values, string
lengths and patterns (the XSD's facets, less the same `SKIPPED_FACETS`), integer ranges, list
sizes, and `Quantity` against `Items` (CloudFront's InconsistentQuantities). Timestamps are the
ISO 8601 strings the CLI prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from cfguard.core.findings import Hit, Location
from cfguard.syntaxes.json.schema.shapes import Shape, pattern, roots, shapes
from cfguard.syntaxes.json.schema.wording import (
    child_path,
    count,
    enum_value,
    length,
    mismatch,
    missing,
    out_of_range,
    quantity,
    timestamp,
    unknown_key,
    wrong_type,
)
from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, locate, locate_key, span


@cache
def _timestamp() -> re.Pattern[str]:
    """The date-times the CLI prints (`2019-12-04T23:35:41.433Z`,
    `2025-05-06T15:46:12.824000+00:00`) and a plain date: ISO 8601 with ASCII digits. Compiled
    when a result first needs it."""
    return re.compile(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
    )


@cache
def _sent() -> frozenset[str]:
    """The shapes a request can hold: what CloudFront is sent and refuses when wrong.

    The others appear only in what the CLI prints (a response's `Distribution` around its
    `DistributionConfig`, `ActiveTrustedSigners`, a list summary): CloudFront wrote them, has
    added members to them over the years, and never reads them back. Their keys and types are
    checked, but not which members they must have nor their `Quantity` (a 2014 response is not
    wrong for lacking the `ARN` added since); what is sent back, the configuration inside, is
    checked in full."""
    table = shapes()
    seen: set[str] = set()
    stack = list(roots()[0])
    while stack:
        name = stack.pop()
        if name in seen or name not in table:
            continue
        seen.add(name)
        shape = table[name]
        stack.extend(shape.get("members", {}).values())
        stack.extend(shape[key] for key in ("member", "value") if key in shape)
    return frozenset(seen)


def validate(tree: JsonTree, node: Node, shape: str, path: str) -> list[Hit]:
    """CFG003 hits for `node` (at JMESPath `path`, "" for the root) read as botocore shape
    `shape`, in document order. Raises KeyError for a shape the shapes file does not have."""
    table = shapes()
    if shape not in table:
        raise KeyError(f"no shape {shape!r} in the shapes file")
    walker = _Walker(tree, table)
    walker.value(node, shape, path, None)
    walker.hits.sort(key=lambda hit: (hit.location.line, hit.location.column or 0))
    return walker.hits


class _Walker:
    __slots__ = ("hits", "shapes", "tree")

    def __init__(self, tree: JsonTree, table: Mapping[str, Shape]) -> None:
        self.tree = tree
        self.shapes = table
        self.hits: list[Hit] = []

    def report(self, location: Location, message: str) -> None:
        self.hits.append(Hit(location, message))

    def value(self, node: Node, name: str, path: str, owner: Member | None) -> None:
        """Check `node` against shape `name`; `owner` is the member it is the value of."""
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            self.structure(node, name, shape, path, owner)
        elif kind == "list":
            self.list(node, shape, path, owner)
        elif kind == "string":
            if node.kind != "string":
                self.wrong_type(node, kind, path)
            elif len(shape) > 1:  # it has facets
                self.string(node, name, shape, path)
        elif kind == "boolean":
            if node.kind != "bool":
                self.wrong_type(node, kind, path)
        elif kind in ("integer", "long"):
            self.integer(node, kind, shape, path)
        elif kind == "map":
            self.map(node, shape, path)
        elif node.kind != "string":  # a timestamp
            self.wrong_type(node, kind, path)
        elif _timestamp().fullmatch(str(node.value)) is None:
            self.report(locate(self.tree, node, path), timestamp(path, str(node.value)))

    def wrong_type(self, node: Node, kind: str, path: str) -> None:
        message = wrong_type(path, kind, node, self.tree.text)
        self.report(locate(self.tree, node, path), message)

    def structure(
        self, node: Node, name: str, shape: Shape, path: str, owner: Member | None
    ) -> None:
        if node.kind != "object":
            self.wrong_type(node, "structure", path)
            return
        members: Mapping[str, str] = shape["members"]
        present = fields(node)
        for key, member in present.items():
            child = members.get(key)
            if child is None:
                message = unknown_key(path, name, key, members.keys())
                self.report(locate_key(self.tree, member, child_path(path, key)), message)
            else:
                self.value(member.value, child, f"{path}.{key}" if path else key, member)
        if name not in _sent():  # what CloudFront wrote, not what it is sent
            return
        absent = [key for key in shape.get("required", ()) if key not in present]
        if absent:
            self.report(self.opening(node, path, owner), missing(path, name, absent))
        if "quantity" in shape:
            self.quantity(present, path)

    def opening(self, node: Node, path: str, owner: Member | None) -> Location:
        """Where a finding about an object as a whole goes: its key, else its opening brace."""
        if owner is not None:
            return locate_key(self.tree, owner, path)
        return span(self.tree, node.start, node.start + 1, path)

    def quantity(self, present: Mapping[str, Member], path: str) -> None:
        """`Quantity` must count `Items`; silent when either has the wrong type (reported)."""
        stated_by = present.get("Quantity")
        if stated_by is None or not _is_integer(stated_by.value):
            return
        stated: int = stated_by.value.value  # type: ignore[assignment]  # an integer, just checked
        items = present.get("Items")
        if items is None:
            size = None
        elif items.value.kind == "array":
            size = len(items.value.value)  # type: ignore[arg-type]  # an array's tuple
        else:
            return
        if size != stated and (size is not None or stated != 0):
            quantity_path = f"{path}.Quantity" if path else "Quantity"
            self.report(
                locate(self.tree, stated_by.value, quantity_path),
                quantity(quantity_path, stated, size),
            )

    def list(self, node: Node, shape: Shape, path: str, owner: Member | None) -> None:
        if node.kind != "array":
            self.wrong_type(node, "list", path)
            return
        values: tuple[Node, ...] = node.value  # type: ignore[assignment]  # kind says so
        low, high = shape.get("min"), shape.get("max")
        if high is not None and len(values) > high:
            where = locate(self.tree, values[high], f"{path}[{high}]")
            self.report(where, count(path, len(values), low, high))
        elif low is not None and len(values) < low:
            self.report(self.opening(node, path, owner), count(path, len(values), low, high))
        item = shape["member"]
        for index, value in enumerate(values):
            self.value(value, item, f"{path}[{index}]", None)

    def map(self, node: Node, shape: Shape, path: str) -> None:
        if node.kind != "object":
            self.wrong_type(node, "map", path)
            return
        for key, member in fields(node).items():
            self.value(member.value, shape["value"], child_path(path, key), member)

    def string(self, node: Node, name: str, shape: Shape, path: str) -> None:
        text: str = node.value  # type: ignore[assignment]  # kind says so
        if "enum" in shape:
            if text not in shape["enum"]:
                message = enum_value(path, text, shape["enum"])
                self.report(locate(self.tree, node, path), message)
            return
        low, high = shape.get("min"), shape.get("max")
        if (low is not None and len(text) < low) or (high is not None and len(text) > high):
            self.report(locate(self.tree, node, path), length(path, text, low, high))
        elif "regex" in shape and pattern(name, shape).fullmatch(text) is None:
            message = mismatch(path, text, shape["pattern"])
            self.report(locate(self.tree, node, path), message)

    def integer(self, node: Node, kind: str, shape: Shape, path: str) -> None:
        if not _is_integer(node):
            self.wrong_type(node, kind, path)
            return
        number: int = node.value  # type: ignore[assignment]  # an integer, just checked
        low, high = shape["min"], shape["max"]
        if not low <= number <= high:
            message = out_of_range(path, number, low, high)
            self.report(locate(self.tree, node, path), message)


def _is_integer(node: Node) -> bool:
    # bool is an int subclass in Python; a JSON true is never a number.
    return (
        node.kind == "number" and isinstance(node.value, int) and not isinstance(node.value, bool)
    )

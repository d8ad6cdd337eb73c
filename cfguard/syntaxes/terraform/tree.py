"""The one located tree the Terraform adapter reads, whichever file it came from.

Terraform configuration reaches cfguard three ways: HCL (`.tf`), Terraform's JSON syntax
(`.tf.json`, CDKTF output) and the JSON of `terraform show -json` (a plan's `planned_values`, a
state's `values`). Each is turned into this tree (`from_hcl`, `from_json`, `plan`), so one
adapter maps all three onto the model and a rule's finding reads the same in each.

A resource's body is an `object`: its members are its arguments and its nested blocks, in file
order. A block that repeats (`origin`, `ordered_cache_behavior`) is one member per block in HCL,
and a list of objects in JSON; `cursor.At` reads both. A value the file does not decide (a
variable, a reference, a function call, a template with interpolation, a `dynamic` block, a
plan's `after_unknown`) is `unknown`: its `value` is the expression as written, and `references`
the traversals it names (`aws_acm_certificate.site.arn`), so the module-wide checks can follow a
reference to the certificate it names.

Offsets are characters of `Source.text`, as every syntax's are (`cfguard.core.line_index`).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from cfguard.core.line_index import LineIndex

Kind = Literal["string", "number", "bool", "null", "list", "object", "unknown"]
Scalar = str | int | float | bool | None


class TfMember(NamedTuple):
    """`name = value` or a nested block `name { ... }` (then `value` is its body); the key's
    span is the argument's name or the block's type."""

    key: str
    key_start: int
    key_end: int
    value: TfNode


class TfNode(NamedTuple):
    kind: Kind
    #: The scalar; a `tuple[TfNode, ...]` for a list; a `tuple[TfMember, ...]` for an object; the
    #: expression's text for an unknown.
    value: Scalar | tuple[TfNode, ...] | tuple[TfMember, ...]
    start: int
    end: int
    references: tuple[str, ...] = ()


class Source(NamedTuple):
    """The text the offsets are into, and its line index."""

    text: str
    lines: LineIndex


def members(node: TfNode) -> tuple[TfMember, ...]:
    return node.value if node.kind == "object" else ()  # type: ignore[return-value]


def entries(node: TfNode) -> tuple[TfNode, ...]:
    return node.value if node.kind == "list" else ()  # type: ignore[return-value]


def named(node: TfNode, key: str) -> list[TfMember]:
    """Every member called `key`, in file order (a repeated block gives several)."""
    return [member for member in members(node) if member.key == key]


def first(node: TfNode, key: str) -> TfMember | None:
    return next((member for member in members(node) if member.key == key), None)


def unknown(text: str, start: int, end: int, references: tuple[str, ...] = ()) -> TfNode:
    return TfNode("unknown", text, start, end, references)


class TfBlock(NamedTuple):
    """A top-level block of a file: `resource "aws_cloudfront_distribution" "site" { ... }` is
    type "resource", labels ("aws_cloudfront_distribution", "site")."""

    type: str
    labels: tuple[str, ...]
    body: TfNode
    #: The span a finding about the block as a whole points at (its labels).
    key: tuple[int, int]


class TfFile(NamedTuple):
    """A file's top-level blocks in file order, over its text."""

    source: Source
    blocks: tuple[TfBlock, ...]

    def resources(self, resource_type: str) -> list[TfBlock]:
        return [
            block
            for block in self.blocks
            if block.type == "resource" and len(block.labels) == 2
            if block.labels[0] == resource_type
        ]

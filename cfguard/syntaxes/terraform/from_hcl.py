"""HCL's located tree (`cfguard.syntaxes.hcl`) as the Terraform tree.

A body's arguments and nested blocks become one object's members in file order, a block's key
spanning its type. A `dynamic "origin" { ... }` block is an unknown `origin` (its blocks are made
at plan time from a collection the file does not hold). An expression cfguard does not evaluate
is unknown, with the references it makes. Top-level blocks keep their labels, a finding about
the whole resource pointing at them.
"""

from __future__ import annotations

from cfguard.syntaxes.hcl.nodes import Block, Body, Dynamic, Expr, Literal, Object, Tuple
from cfguard.syntaxes.terraform.tree import Source, TfBlock, TfFile, TfMember, TfNode, unknown


def read_hcl(source: Source, body: Body) -> TfFile:
    blocks = tuple(
        TfBlock(block.type, block.labels, _block_body(block), _label_span(block))
        for block in body.blocks
    )
    return TfFile(source, blocks)


def _label_span(block: Block) -> tuple[int, int]:
    if block.label_spans:
        return block.label_spans[0][0], block.label_spans[-1][1]
    return block.start, block.start + len(block.type)


def _block_body(block: Block) -> TfNode:
    return _body(block.body, block.start, block.end)


def _body(body: Body, start: int, end: int) -> TfNode:
    found: list[tuple[int, TfMember]] = []
    for attribute in body.attributes:
        value = _expression(attribute.value)
        member = TfMember(attribute.name, attribute.name_start, attribute.name_end, value)
        found.append((attribute.start, member))
    for block in body.blocks:
        key_end = block.start + len(block.type)
        if block.type == "dynamic" and block.labels:
            name = block.labels[0]
            value = unknown(f'dynamic "{name}"', block.start, block.end)
            found.append((block.start, TfMember(name, block.start, key_end, value)))
            continue
        value = _block_body(block)
        found.append((block.start, TfMember(block.type, block.start, key_end, value)))
    found.sort(key=lambda pair: pair[0])
    return TfNode("object", tuple(member for _, member in found), start, end)


def _expression(expression: Expr) -> TfNode:
    if isinstance(expression, Literal):
        value = expression.value
        if isinstance(value, bool):
            kind = "bool"
        elif isinstance(value, (int, float)):
            kind = "number"
        elif value is None:
            kind = "null"
        else:
            kind = "string"
        return TfNode(kind, value, expression.start, expression.end)  # type: ignore[arg-type]
    if isinstance(expression, Tuple):
        listed = tuple(_expression(item) for item in expression.items)
        return TfNode("list", listed, expression.start, expression.end)
    if isinstance(expression, Object):
        members = tuple(
            TfMember(member.key, member.key_start, member.key_end, _expression(member.value))
            for member in expression.members
            if member.key is not None
        )
        return TfNode("object", members, expression.start, expression.end)
    assert isinstance(expression, Dynamic)
    return unknown(expression.text, expression.start, expression.end, expression.references)

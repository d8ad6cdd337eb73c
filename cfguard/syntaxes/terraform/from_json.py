"""Terraform's JSON syntax (`*.tf.json`, what CDKTF synthesizes) as the Terraform tree.

The file is one object whose `resource`, `provider`, `data`... members hold what HCL writes as
blocks (https://developer.hashicorp.com/terraform/language/syntax/json): `"resource":
{"aws_cloudfront_distribution": {"site": {...}}}`, each level also allowed as a list of such
objects. Inside a resource a nested block is an object or a list of objects, and `"dynamic"`
holds dynamic blocks by name. A string is a template: with `${` or `%{` in it, it is an
expression the file does not decide (unknown), naming the references inside; `$${` is a literal
`${`. A `"//"` member is a comment, which Terraform ignores, and so does cfguard.
"""

from __future__ import annotations

import re

from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, items
from cfguard.syntaxes.terraform.tree import Source, TfBlock, TfFile, TfMember, TfNode, unknown

#: A traversal inside `${...}`: `aws_acm_certificate.site.arn`, `var.region`, `aws.us_east_1`.
REFERENCE = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])+")
_INTERPOLATION = re.compile(r"(?<!\$)\$\{|(?<!%)%\{")
#: The top-level members whose contents are labelled blocks, and how many labels each has.
_LABELS = {"resource": 2, "data": 2, "provider": 1, "module": 1, "variable": 1, "output": 1}
_MAX_SHOWN = 120


def read_tf_json(tree: JsonTree) -> TfFile:
    source = Source(tree.text, tree.lines)
    blocks: list[TfBlock] = []
    for member in _members(tree.root):
        depth = _LABELS.get(member.key)
        if depth is not None:
            _labelled(member.key, member.value, depth, (), blocks)
    return TfFile(source, tuple(blocks))


def _labelled(
    kind: str, node: Node, depth: int, labels: tuple[str, ...], out: list[TfBlock]
) -> None:
    for value in _objects(node):
        if depth == 0:
            span = (value.start, value.start + 1)
            out.append(TfBlock(kind, labels, body(value), span))
            continue
        for member in _members(value):
            if depth == 1:
                for entry in _objects(member.value):
                    span = (member.key_start, member.key_end)
                    out.append(TfBlock(kind, (*labels, member.key), body(entry), span))
            else:
                _labelled(kind, member.value, depth - 1, (*labels, member.key), out)


def body(node: Node) -> TfNode:
    """A block's body: arguments and nested blocks, `dynamic` blocks as unknown entries."""
    converted: list[TfMember] = []
    for member in _members(node):
        if member.key == "//":
            continue
        if member.key == "dynamic":
            for name in _members(member.value):
                shown = f'dynamic "{name.key}"'
                value = unknown(shown, name.key_start, name.value.end)
                converted.append(TfMember(name.key, name.key_start, name.key_end, value))
            continue
        converted.append(TfMember(member.key, member.key_start, member.key_end, value_of(member)))
    return TfNode("object", tuple(converted), node.start, node.end)


def value_of(member: Member) -> TfNode:
    return _value(member.value)


def _value(node: Node) -> TfNode:
    kind = node.kind
    if kind == "string":
        return _string(node)
    if kind == "array":
        return TfNode("list", tuple(_value(entry) for entry in items(node)), node.start, node.end)
    if kind == "object":
        return body(node)
    return TfNode(kind, node.value, node.start, node.end)  # type: ignore[arg-type]


def _string(node: Node) -> TfNode:
    text = str(node.value)
    if _INTERPOLATION.search(text) is None:
        return TfNode(
            "string", text.replace("$${", "${").replace("%%{", "%{"), node.start, node.end
        )
    references = tuple(REFERENCE.findall(text))
    shown = " ".join(text.split())
    shown = shown if len(shown) <= _MAX_SHOWN else shown[: _MAX_SHOWN - 1] + "…"
    return unknown(shown, node.start, node.end, references)


def _members(node: Node) -> tuple[Member, ...]:
    return tuple(fields(node).values()) if node.kind == "object" else ()


def _objects(node: Node) -> list[Node]:
    if node.kind == "object":
        return [node]
    return [entry for entry in items(node) if entry.kind == "object"]

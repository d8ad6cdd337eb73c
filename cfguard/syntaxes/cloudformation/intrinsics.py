"""The intrinsic functions a template's values are written with, settled where the template
decides them and left as they are (unknown to the rules) where it does not.

`settle` turns a value node into the node the adapter reads, or None when the value is absent:

* `Fn::If` is the branch of the condition's value in the variant being modelled (`assumes`, see
  `detect`); a condition the variant does not assume leaves the `Fn::If` unknown;
* `Ref AWS::NoValue` is a value left out;
* `Ref` to a parameter with a `Default` is that default (split on commas for a list type),
  located at the `Ref` and noted (`via`), so a finding points at the `Ref` and names both;
* `Fn::GetAtt Bucket.DomainName` (or `RegionalDomainName`, `DualStackDomainName`) of an
  `AWS::S3::Bucket` of the template is a bucket address (the bucket's `BucketName` if the
  template gives one, else its logical id in lowercase standing for the name CloudFormation
  generates, which is a valid one);
* `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split` and `Fn::FindInMap` whose every part is
  decided are the text they make; `${AWS::Partition}` and `${AWS::URLSuffix}` are the
  commercial partition's (China's where the template pins a China Region), `${AWS::Region}` the
  region the template pins, and `${AWS::AccountId}` and `${AWS::StackName}` stand-ins (noted);
* anything else stays as the file writes it: the adapter makes it an unknown value.

A settled value not written where it applies is a new node spanning the function it comes
from (plain tuples: nothing for a literal template).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cfguard.syntaxes.cloudformation.buckets import bucket_attribute, bucket_domain, bucket_name
from cfguard.syntaxes.cloudformation.template import (
    BUCKET_TYPE,
    Template,
    intrinsic,
    ref_target,
    text,
)
from cfguard.syntaxes.json.tree import Node, fields, items

#: The conditions a variant assumes and their values, and the parameters it gives another of
#: their `AllowedValues` than their `Default` (name, value).
Assumes = tuple[tuple[str, bool | str], ...]
_ACCOUNT, _STACK = "123456789012", "stack"
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_DEPTH = 24


class Settled(NamedTuple):
    """The node a value settles to (None: absent), what messages add about where it came from
    (`Location.via`), and the path of the `Fn::If` branch it is written in (`.Fn::If[2]`)."""

    node: Node | None
    via: str | None = None
    branch: str = ""


def settle(template: Template, node: Node, assumes: Assumes, depth: int = 0) -> Settled:
    function = intrinsic(node)
    if function is None or depth > _DEPTH:
        return Settled(node)
    key, argument = function.key, function.value
    if key == "Fn::If":
        parts = items(argument)
        condition = text(parts[0]) if len(parts) == 3 else None
        value = dict(assumes).get(condition or "")
        if not isinstance(value, bool):
            return Settled(node)
        index = 1 if value else 2
        taken = settle(template, parts[index], assumes, depth + 1)
        return taken._replace(branch=f".Fn::If[{index}]{taken.branch}")
    if key == "Ref":
        name = str(argument.value) if argument.kind == "string" else ""
        return _ref(template, node, name, assumes)
    made = _made(template, node, assumes, depth)
    return made if made is not None else Settled(node)


def _ref(template: Template, node: Node, name: str, assumes: Assumes = ()) -> Settled:
    if name == "AWS::NoValue":
        return Settled(None)
    found = _parameter(template, name)
    if found is None:
        return Settled(node)
    default, parameter_type = found
    given = dict(assumes).get(name)
    if isinstance(given, str):  # another of its AllowedValues, which the variant says
        default, via = Node("string", given, default.start, default.end), None
    else:
        via = f"parameter {name}'s Default, {_shown(default)}"
    if default.kind == "string" and _is_list_type(parameter_type):
        parts = [part.strip() for part in str(default.value).split(",")] if default.value else []
        entries = tuple(_at(node, part) for part in parts)
        return Settled(_at(node, entries, "array"), via)
    return Settled(_at(node, default.value, default.kind), via)


def allowed_values(template: Template, name: str) -> list[str]:
    """The `AllowedValues` of a parameter with a scalar `Default` that are not that default."""
    found = _parameter(template, name)
    parameter = template.parameters.get(name)
    listed = fields(parameter.value).get("AllowedValues") if parameter is not None else None
    if found is None or listed is None:
        return []
    default = _scalar_text(found[0])
    values = [_scalar_text(v) for v in items(listed.value) if v.kind in ("string", "number")]
    return [value for value in dict.fromkeys(values) if value != default]


def _parameter(template: Template, name: str) -> tuple[Node, str | None] | None:
    """A parameter's scalar `Default` and its `Type`, or None (no such parameter, or no default
    to take)."""
    parameter = template.parameters.get(name)
    if parameter is None or parameter.value.kind != "object":
        return None
    body = fields(parameter.value)
    default, kind = body.get("Default"), body.get("Type")
    if default is None or kind is None or default.value.kind in ("object", "array", "null"):
        return None
    return default.value, text(kind.value)


def _scalar_text(node: Node) -> str:
    if node.kind == "bool":
        return "true" if node.value else "false"
    return str(node.value)


def _shown(node: Node) -> str:
    return _scalar_text(node) if node.value != "" else '""'


def _is_list_type(kind: str | None) -> bool:
    return kind is not None and (kind == "CommaDelimitedList" or kind.startswith("List<"))


def _made(template: Template, node: Node, assumes: Assumes, depth: int) -> Settled | None:
    """A value an intrinsic function makes from decided parts, or None."""
    function = intrinsic(node)
    assert function is not None
    key, argument = function.key, function.value
    notes: list[str] = []
    if key == "Fn::GetAtt":
        domain = bucket_domain(template, node)
        return None if domain is None else Settled(_at(node, domain))
    if key == "Fn::Sub":
        made = _sub(template, argument, assumes, depth, notes)
        return None if made is None else Settled(_at(node, made), _joined(notes))
    if key == "Fn::Join":
        parts = items(argument)
        if len(parts) != 2 or text(parts[0]) is None:
            return None
        listed = _strings(template, parts[1], assumes, depth, notes)
        if listed is None:
            return None
        return Settled(_at(node, str(text(parts[0])).join(listed)), _joined(notes))
    if key == "Fn::Split":
        parts = items(argument)
        separator = text(parts[0]) if len(parts) == 2 else None
        whole = _string(template, parts[1], assumes, depth, notes) if separator else None
        if separator is None or whole is None:
            return None
        entries = tuple(_at(node, part) for part in whole.split(separator))
        return Settled(_at(node, entries, "array"), _joined(notes))
    if key == "Fn::Select":
        parts = items(argument)
        index = _index(parts[0]) if len(parts) == 2 else None
        source = settle(template, parts[1], assumes, depth + 1) if index is not None else None
        if index is None or source is None or source.node is None:
            return None
        entries = items(source.node)
        if not 0 <= index < len(entries):
            return None
        chosen = settle(template, entries[index], assumes, depth + 1)
        if chosen.node is None or intrinsic(chosen.node) is not None:
            return None
        return Settled(_at(node, chosen.node.value, chosen.node.kind), source.via or chosen.via)
    if key == "Fn::FindInMap":
        keys = [_string(template, part, assumes, depth, notes) for part in items(argument)]
        if len(keys) != 3 or None in keys:
            return None
        mapping = template.mappings.get(str(keys[0]))
        top = fields(mapping.value).get(str(keys[1])) if mapping is not None else None
        found = fields(top.value).get(str(keys[2])) if top is not None else None
        if found is None or found.value.kind in ("object", "null"):
            return None
        return Settled(_at(node, found.value.value, found.value.kind), _joined(notes))
    return None


def _at(node: Node, value: object, kind: str = "string") -> Node:
    """A made value, located at the function that makes it (from its name: a YAML tag, or the
    key of JSON's one-member object, to the end of its argument)."""
    return Node(kind, value, start_of(node), node.end)  # type: ignore[arg-type]  # kinds agree


def start_of(node: Node) -> int:
    """Where a value starts: an intrinsic function at its name."""
    function = intrinsic(node)
    return function.key_start if function is not None else node.start


def _joined(notes: list[str]) -> str | None:
    return "; ".join(dict.fromkeys(notes)) if notes else None


def _index(node: Node) -> int | None:
    if node.kind == "number" and isinstance(node.value, int):
        return node.value
    if node.kind == "string" and str(node.value).isdigit():
        return int(str(node.value))
    return None


def _string(
    template: Template, node: Node, assumes: Assumes, depth: int, notes: list[str]
) -> str | None:
    settled = settle(template, node, assumes, depth + 1)
    found = settled.node
    if found is None or found.kind not in ("string", "number", "bool"):
        return None
    if settled.via:
        notes.append(settled.via)
    return _scalar_text(found)


def _strings(
    template: Template, node: Node, assumes: Assumes, depth: int, notes: list[str]
) -> list[str] | None:
    settled = settle(template, node, assumes, depth + 1)
    if settled.node is None or settled.node.kind != "array":
        return None
    if settled.via:
        notes.append(settled.via)
    found: list[str] = []
    for entry in items(settled.node):
        if ref_target(entry) == "AWS::NoValue":
            continue
        value = _string(template, entry, assumes, depth, notes)
        if value is None:
            return None
        found.append(value)
    return found


def _sub(
    template: Template, argument: Node, assumes: Assumes, depth: int, notes: list[str]
) -> str | None:
    if argument.kind == "string":
        pattern, variables = str(argument.value), {}
    else:
        parts = items(argument)
        if len(parts) != 2 or parts[0].kind != "string":
            return None
        pattern, variables = str(parts[0].value), fields(parts[1])
    written: list[str] = []
    last = 0
    for match in _SUB_VARIABLE.finditer(pattern):
        written.append(pattern[last : match.start()])
        last = match.end()
        name = match[1]
        if name.startswith("!"):  # ${!Literal} is the text ${Literal}
            written.append("${" + name[1:] + "}")
            continue
        given = dict(assumes).get(name)
        if name in variables:
            value = _string(template, variables[name].value, assumes, depth, notes)
        elif isinstance(given, str) and name in template.parameters:
            value = given
        else:
            value = _variable(template, name, notes)
        if value is None:
            return None
        written.append(value)
    written.append(pattern[last:])
    return "".join(written)


def _variable(template: Template, name: str, notes: list[str]) -> str | None:
    """What `${name}` in an `Fn::Sub` stands for, where the template decides it."""
    china = (template.region or "").startswith("cn-")
    if name == "AWS::Partition":
        return "aws-cn" if china else "aws"
    if name == "AWS::URLSuffix":
        return "amazonaws.com.cn" if china else "amazonaws.com"
    if name == "AWS::Region":
        return template.region
    if name in ("AWS::AccountId", "AWS::StackName"):
        stand_in = _ACCOUNT if name == "AWS::AccountId" else _STACK
        notes.append(f"with {stand_in} standing for {name}")
        return stand_in
    if "." in name:
        logical_id, _, attribute = name.partition(".")
        return bucket_attribute(template, logical_id, attribute)
    found = _parameter(template, name)
    if found is not None:
        notes.append(f"parameter {name}'s Default, {_shown(found[0])}")
        return _scalar_text(found[0])
    if template.resource_type(name) == BUCKET_TYPE:
        return bucket_name(template, name)
    return None

"""What a template's value is to the schema: an intrinsic function, nothing (`AWS::NoValue`), or a
scalar as CloudFormation converts it.

CloudFormation hands every property value to the resource's handler as a string and converts it
back to the schema's type, so a template may write `"443"` for an integer, `"true"` for a boolean
and `80` or `true` for a string (cfn-lint's non-strict types, its default, agree). What converts:

* to a boolean: `true`/`false`, and the strings `true`, `True`, `TRUE`, `false`, `False`, `FALSE`
  (the Java handlers' JSON library, Jackson, reads exactly these; cfn-lint's `BOOLEAN_STRINGS`);
* to an integer: an integer, a number with no fraction (`443.0`), a string of ASCII digits with an
  optional sign (`"443"`, not `"4_43"`, `" 443"` or `"1.5"`);
* to a number: any number, a string that is a decimal number (`"86400"`, `"0.5"`, `"1e3"`);
* to a string: a string, a number (as the file writes it) or a boolean (`true`); never an
  object, a list or null (CloudFormation refuses a null anywhere in a template).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import NamedTuple

from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields

BOOLEAN_STRINGS = {"true": True, "True": True, "TRUE": True, "false": False}
BOOLEAN_STRINGS.update({"False": False, "FALSE": False})
NO_VALUE = "AWS::NoValue"
#: A dynamic reference (`{{resolve:ssm:name}}`, `{{resolve:secretsmanager:...}}`): resolved by
#: CloudFormation when it deploys, so its value is unknown here.
DYNAMIC_REFERENCE = "{{resolve:"


@cache
def _integer() -> re.Pattern[str]:
    return re.compile(r"[+-]?[0-9]+")


@cache
def _decimal() -> re.Pattern[str]:
    return re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def intrinsic(node: Node) -> str | None:
    """The function an object is a call of (`Ref`, `Condition`, `Fn::If`, ...): an object with
    exactly one member whose key is one of those. None for any other value."""
    if node.kind != "object":
        return None
    members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # kind says so
    if len(members) != 1:
        return None
    key = members[0].key
    return key if key in ("Ref", "Condition") or key.startswith("Fn::") else None


def is_no_value(node: Node) -> bool:
    """`{"Ref": "AWS::NoValue"}` (`!Ref AWS::NoValue`): the property is not there at all."""
    if intrinsic(node) != "Ref":
        return False
    members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # an object
    target = members[0].value
    return target.kind == "string" and target.value == NO_VALUE


def if_branches(node: Node) -> tuple[str, Node, Node] | None:
    """`Fn::If [Condition, WhenTrue, WhenFalse]` as (condition, when true, when false); None for
    any other value, or an `Fn::If` that is not so written (the template's to explain)."""
    if intrinsic(node) != "Fn::If":
        return None
    members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # an object
    arguments = members[0].value
    if arguments.kind != "array":
        return None
    values: tuple[Node, ...] = arguments.value  # type: ignore[assignment]  # kind says so
    if len(values) != 3 or values[0].kind != "string":
        return None
    return str(values[0].value), values[1], values[2]


def is_dynamic_reference(node: Node) -> bool:
    return node.kind == "string" and DYNAMIC_REFERENCE in str(node.value)


def has_transform(node: Node) -> bool:
    """An object spliced by `Fn::Transform` (AWS::Include): what it holds is unknown here."""
    members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # an object
    return any(member.key == "Fn::Transform" for member in members)


def as_boolean(node: Node) -> bool | None:
    """The boolean CloudFormation reads, None if it reads none."""
    if node.kind == "bool":
        return bool(node.value)
    if node.kind == "string":
        return BOOLEAN_STRINGS.get(str(node.value))
    return None


def as_integer(node: Node) -> int | None:
    """The integer CloudFormation reads, None if it reads none."""
    value = node.value
    if node.kind == "number":
        if isinstance(value, float):
            return int(value) if value.is_integer() else None
        return value if isinstance(value, int) else None
    if node.kind == "string" and _integer().fullmatch(str(value)):
        return int(str(value))
    return None


def is_number(node: Node) -> bool:
    if node.kind == "number":
        return True
    return node.kind == "string" and _decimal().fullmatch(str(node.value)) is not None


def as_text(node: Node, text: str) -> str | None:
    """The string CloudFormation reads from a scalar: a number as the file writes it, a boolean
    as `true`/`false`; None for an object, a list or null."""
    if node.kind == "string":
        return str(node.value)
    if node.kind == "number":
        return text[node.start : node.end]
    if node.kind == "bool":
        return "true" if node.value else "false"
    return None


def name(key: str) -> str:
    """A property name as a message or a path writes it: bare when it is an identifier (every
    CloudFormation property is), else quoted."""
    return key if key.isascii() and key.isidentifier() else json.dumps(key, ensure_ascii=False)


def child(path: str, key: str) -> str:
    return f"{path}.{name(key)}" if path else name(key)


class Place(NamedTuple):
    """Where a value is below `Properties`: `rel` names it in messages
    (`DistributionConfig.Origins[0]`), `jp` is its JMESPath (the same, with every `Fn::If` step:
    `DistributionConfig."Fn::If"[1]`), `when` the `Fn::If` branches it is inside."""

    rel: str = ""
    jp: str = ""
    when: tuple[tuple[str, bool], ...] = ()

    def key(self, key: str) -> Place:
        return Place(child(self.rel, key), child(self.jp, key), self.when)

    def item(self, index: int) -> Place:
        return Place(f"{self.rel}[{index}]", f"{self.jp}[{index}]", self.when)

    def branch(self, index: int, condition: str, taken: bool) -> Place:
        """The `index`th argument of the `Fn::If` at this place (1: when true, 2: when false)."""
        jp = f'{self.jp}."Fn::If"[{index}]' if self.jp else f'"Fn::If"[{index}]'
        said = (condition, taken)
        return Place(self.rel, jp, self.when if said in self.when else (*self.when, said))


def member_at(tree: JsonTree, path: str) -> Member | None:
    """The member a plain dotted path (`Resources.MyDist.Properties`) ends at, if it does."""
    node = tree.root
    member = None
    for step in path.split(".") if path else ():
        member = fields(node).get(step)
        if member is None:
            return None
        node = member.value
    return member


def may_vanish(node: Node) -> bool:
    """An `Fn::If` one of whose branches is `AWS::NoValue`: there or not, by the condition."""
    branches = if_branches(node)
    return branches is not None and any(is_no_value(b) for b in branches[1:])


def kept_items(node: Node) -> list[tuple[int, Node]]:
    """A list's items with their indexes in the file, less the `AWS::NoValue` ones."""
    items: tuple[Node, ...] = node.value  # type: ignore[assignment]  # an array
    return [(index, item) for index, item in enumerate(items) if not is_no_value(item)]

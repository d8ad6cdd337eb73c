"""What a template's `Conditions` say without the stack's parameters: the little cfguard can
tell of a condition's value, and nothing where it cannot.

* A condition that compares two literals (`Fn::Equals [a, a]`) is decided.
* A condition that is `Fn::Not [{Condition: Y}]` is the opposite of Y.
* A resource's own `Condition: C` is true wherever the resource exists, so every variant of it
  assumes C true, and what that implies: Y false for `C = Fn::Not [{Condition: Y}]`, each of
  A and B true for `C = Fn::And [{Condition: A}, {Condition: B}]`, each false for a false
  `Fn::Or`. A condition written inline (`Fn::And [{Fn::Equals: ...}, ...]`) implies nothing
  cfguard can name, and one that contradicts itself or a decided condition implies nothing at
  all: a variant is only dropped when the template says it cannot happen.
"""

from __future__ import annotations

from cfguard.syntaxes.cloudformation.template import Template, intrinsic, text
from cfguard.syntaxes.json.tree import Member, Node, fields, items

#: The most conditions followed from a resource's `Condition` (templates nest a handful).
_IMPLIED_MAX = 32
_DEPTH = 16


def definition(template: Template, name: str) -> Member | None:
    """The function a condition is defined as (`Fn::Equals`, `Fn::Not`, ...), or None."""
    condition = template.conditions.get(name)
    return intrinsic(condition.value) if condition is not None else None


def negation_of(template: Template, name: str) -> str | None:
    """Y when the template defines condition `name` as `Fn::Not [{Condition: Y}]`."""
    function = definition(template, name)
    if function is None or function.key != "Fn::Not":
        return None
    arguments = items(function.value)
    return _named(arguments[0]) if len(arguments) == 1 else None


def decided(template: Template, name: str) -> bool | None:
    """The value of a condition that compares two literals, or None."""
    function = definition(template, name)
    if function is None or function.key != "Fn::Equals":
        return None
    arguments = items(function.value)
    if len(arguments) != 2 or any(a.kind in ("object", "array") for a in arguments):
        return None
    return bool(str(arguments[0].value) == str(arguments[1].value))


def resource_condition(resource: Node) -> str | None:
    """The condition a resource is created under (its `Condition` attribute), or None."""
    member = fields(resource).get("Condition")
    return text(member.value) if member is not None else None


def implied(template: Template, name: str) -> dict[str, bool]:
    """The condition values that condition `name` being true implies (itself included), or
    nothing when they contradict one another or a decided condition."""
    found: dict[str, bool] = {}
    pending = [(name, True)]
    while pending and len(found) < _IMPLIED_MAX:
        condition, value = pending.pop()
        if condition in found:
            if found[condition] != value:
                return {}
            continue
        found[condition] = value
        function = definition(template, condition)
        if function is None:
            continue
        names = [_named(argument) for argument in items(function.value)]
        if function.key == "Fn::Not" and len(names) == 1 and names[0]:
            pending.append((names[0], not value))
        elif (function.key, value) in (("Fn::And", True), ("Fn::Or", False)):
            pending.extend((one, value) for one in names if one)
    if any(decided(template, one) not in (None, value) for one, value in found.items()):
        return {}
    return found


def value(template: Template, name: str, assumes: dict[str, bool], depth: int = 0) -> bool | None:
    """A condition's value in a variant that assumes `assumes`, or None when it is not known."""
    if name in assumes:
        return assumes[name]
    known = decided(template, name)
    function = definition(template, name)
    if known is not None or function is None or depth > _DEPTH:
        return known
    values = [_value(template, argument, assumes, depth) for argument in items(function.value)]
    if function.key == "Fn::Not" and len(values) == 1 and values[0] is not None:
        return not values[0]
    if function.key == "Fn::And":
        return False if False in values else (True if values and None not in values else None)
    if function.key == "Fn::Or":
        return True if True in values else (False if values and None not in values else None)
    return None


def _value(template: Template, node: Node, assumes: dict[str, bool], depth: int) -> bool | None:
    name = _named(node)
    return value(template, name, assumes, depth + 1) if name is not None else None


def _named(node: Node) -> str | None:
    """Y of `{Condition: Y}`, or None."""
    function = intrinsic(node)
    return text(function.value) if function is not None and function.key == "Condition" else None

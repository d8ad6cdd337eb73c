"""The distributions of a template: each `AWS::CloudFront::Distribution` in its `Resources`,
named by its logical id, in file order; a template without one is skipped.

A distribution whose properties use `Fn::If` is modelled once for each combination of the
conditions it names (each is checked both ways: `Fn::If` has two branches and the stack may be
deployed with either), up to `MAX_CONDITIONS` conditions; an `Fn::If` on a condition past those
is unknown. A condition the template defines as `Fn::Not` of another one in the combination
follows it, and one that compares two literals (`Fn::Equals [a, a]`) is decided
(`conditions`). A distribution with a `Condition` of its own exists only where that condition
is true: its variants assume it, and what it implies, so none is modelled in which the
distribution would not be created (and its findings do not name it). A distribution
whose properties refer to a parameter with `AllowedValues` is modelled again with each allowed
value other than the `Default` (up to `MAX_ALTERNATIVES`): a value the stack may be deployed
with, whose findings are info notes. Each variant is one `Detected` with the same address; the
engine reports what every combination finds once, and what only some find with what leads to it
(`cfguard.core.variants`).
"""

from __future__ import annotations

from itertools import product
from typing import TYPE_CHECKING, NamedTuple

from cfguard.core.document import CURRENT_VERSION, Dialect, DocumentKind, DocumentType
from cfguard.syntaxes import Detected, Skipped
from cfguard.syntaxes.cloudformation.conditions import (
    decided,
    implied,
    negation_of,
    resource_condition,
)
from cfguard.syntaxes.cloudformation.intrinsics import Assumes, allowed_values
from cfguard.syntaxes.cloudformation.template import (
    DISTRIBUTION_TYPE,
    Template,
    intrinsic,
    read_template,
    resource_type,
    text,
)
from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, items

if TYPE_CHECKING:
    from cfguard.core.findings import Hit
    from cfguard.core.message import Spelling

DISTRIBUTION = DocumentType(DocumentKind.DISTRIBUTION, Dialect.CURRENT, CURRENT_VERSION)
#: At most 2 ** MAX_CONDITIONS models of one distribution, and MAX_ALTERNATIVES more.
MAX_CONDITIONS = 3
MAX_ALTERNATIVES = 8
NO_DISTRIBUTION = "a CloudFormation template without an AWS::CloudFront::Distribution"


class Resource(NamedTuple):
    """One distribution resource of a template, as one combination of conditions sees it."""

    template: Template
    logical_id: str
    #: The resource's mapping (`Type`, `Properties`, `Metadata`, ...).
    node: Node
    #: The condition values every `Fn::If` is read with (those decided or derived included),
    #: and the ones chosen for this variant, which its findings may be named by.
    assumes: Assumes
    chosen: Assumes
    #: The first variant: the one CFG003 validates (the schema checks both branches itself).
    first: bool

    @property
    def path(self) -> str:
        return f"Resources.{self.logical_id}"


def detect(
    tree: JsonTree, spelling: Spelling, *, yaml: bool, file_hits: tuple[Hit, ...] = ()
) -> list[Detected[Resource] | Skipped]:
    template = read_template(tree, yaml=yaml, file_hits=file_hits)
    if template is None:
        return [Skipped("not a CloudFormation template: it has no Resources mapping")]
    found: list[Detected[Resource] | Skipped] = []
    for logical_id, member in template.resources.items():
        if member.value.kind != "object" or resource_type(member.value) != DISTRIBUTION_TYPE:
            continue
        for number, (assumes, chosen) in enumerate(variants(template, member)):
            resource = Resource(template, logical_id, member.value, assumes, chosen, number == 0)
            found.append(Detected(logical_id, DISTRIBUTION, resource, spelling, chosen))
    return found or [Skipped(NO_DISTRIBUTION)]


def variants(template: Template, resource: Member) -> list[tuple[Assumes, Assumes]]:
    """The variants to model the resource with: (every condition value the `Fn::If`s are read
    with, the ones chosen), all true first; then, on the first, each parameter it refers to
    given another of its `AllowedValues` (up to `MAX_ALTERNATIVES`)."""
    properties = fields(resource.value).get("Properties")
    named, referred = _named(properties.value) if properties is not None else ([], [])
    condition = resource_condition(resource.value)
    forced = implied(template, condition) if condition is not None else {}
    combinations = _combinations(template, named, forced)
    first, chosen = combinations[0]
    alternatives = [
        (parameter, value)
        for parameter in referred
        if parameter in template.parameters
        for value in allowed_values(template, parameter)
    ]
    for pair in alternatives[:MAX_ALTERNATIVES]:
        combinations.append(((*first, pair), (*chosen, pair)))
    return combinations


def _combinations(
    template: Template, named: list[str], forced: dict[str, bool]
) -> list[tuple[Assumes, Assumes]]:
    """Every combination of the free conditions among `named`, with the values of the others:
    decided, following a free one, or `forced` by the resource's own `Condition`."""
    fixed = dict(forced)
    if not named:
        return [(tuple(fixed.items()), ())]
    follows: dict[str, str] = {}
    free: list[str] = []
    for name in named:
        known = decided(template, name)
        negated = negation_of(template, name)
        if name in fixed:
            continue
        if known is not None:
            fixed[name] = known
        elif negated is not None and negated in forced:
            fixed[name] = not forced[negated]
        elif negated is not None and negated in named:
            follows[name] = negated
        elif len(free) < MAX_CONDITIONS:
            free.append(name)
    combinations: list[tuple[Assumes, Assumes]] = []
    for values in product((True, False), repeat=len(free)):
        chosen = dict(zip(free, values, strict=True))
        every = {**fixed, **chosen}
        every.update({name: not every[other] for name, other in follows.items() if other in every})
        combinations.append((tuple(every.items()), tuple(chosen.items())))
    return combinations


def _named(node: Node) -> tuple[list[str], list[str]]:
    """The conditions the `Fn::If`s under `node` name, and what its `Ref`s name, in file
    order."""
    named: dict[str, None] = {}
    referred: dict[str, None] = {}
    stack = [node]
    while stack:
        current = stack.pop()
        function = intrinsic(current)
        if function is not None and function.key == "Fn::If":
            arguments = items(function.value)
            condition = text(arguments[0]) if arguments else None
            if condition:
                named[condition] = None
        elif function is not None and function.key == "Ref" and text(function.value):
            referred[str(text(function.value))] = None
        if current.kind == "object":
            members: tuple[Member, ...] = current.value  # type: ignore[assignment]
            stack.extend(member.value for member in reversed(members))
        elif current.kind == "array":
            stack.extend(reversed(items(current)))
    return list(named), list(referred)

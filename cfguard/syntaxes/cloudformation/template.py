"""A CloudFormation template over the located tree either parser gives (`json.tree.JsonTree`):
its sections, read once per file, and the intrinsic functions as the adapter meets them.

Both parsers give the same tree: the YAML parser writes a short tag (`!Ref X`) as the long form
(`{"Ref": "X"}`), a one-member object whose key is located at the tag. So an intrinsic function
is an object with exactly one member, `Ref`, `Condition` or `Fn::...`, whatever the syntax.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from cfguard.core.findings import Hit
from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, items

DISTRIBUTION_TYPE = "AWS::CloudFront::Distribution"
CERTIFICATE_TYPE = "AWS::CertificateManager::Certificate"
BUCKET_TYPE = "AWS::S3::Bucket"
#: The longest expression a model keeps (`!Join [...]` over a page of YAML reads as nothing).
_EXPRESSION_MAX = 80


class Template(NamedTuple):
    """The sections of a template that the distributions in it refer to.

    `yaml` says how the file writes intrinsic functions (short tags, or JSON's long form), which
    is how a model's expressions are written (`!GetAtt Cert.Arn`, `{"Fn::GetAtt": ...}`)."""

    tree: JsonTree
    resources: dict[str, Member]
    parameters: dict[str, Member]
    conditions: dict[str, Member]
    mappings: dict[str, Member]
    #: The region the template pins with a `Rules` assertion on `AWS::Region`, if one.
    region: str | None
    yaml: bool
    #: CFG003 hits about the file as a whole that its parser found (a YAML alias), reported
    #: with its first distribution.
    file_hits: tuple[Hit, ...] = ()

    def resource_type(self, logical_id: str) -> str | None:
        resource = self.resources.get(logical_id)
        return None if resource is None else resource_type(resource.value)

    def properties(self, logical_id: str) -> Member | None:
        resource = self.resources.get(logical_id)
        return None if resource is None else fields(resource.value).get("Properties")


def read_template(
    tree: JsonTree, *, yaml: bool, file_hits: tuple[Hit, ...] = ()
) -> Template | None:
    """The template the tree holds, or None when its root is not a mapping with `Resources`."""
    top = fields(tree.root)
    resources = top.get("Resources")
    if resources is None or resources.value.kind != "object":
        return None
    return Template(
        tree,
        fields(resources.value),
        _section(top, "Parameters"),
        _section(top, "Conditions"),
        _section(top, "Mappings"),
        _pinned_region(top.get("Rules")),
        yaml,
        file_hits,
    )


def _section(top: dict[str, Member], name: str) -> dict[str, Member]:
    member = top.get(name)
    return fields(member.value) if member is not None else {}


def resource_type(resource: Node) -> str | None:
    """A resource's `Type`, when it is a plain string."""
    member = fields(resource).get("Type")
    if member is None or member.value.kind != "string":
        return None
    return str(member.value.value)


def intrinsic(node: Node) -> Member | None:
    """The member of an intrinsic function (`{"Fn::GetAtt": [...]}`), or None for a value."""
    if node.kind != "object":
        return None
    members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # kind says so
    if len(members) != 1:
        return None
    key = members[0].key
    return members[0] if key in ("Ref", "Condition") or key.startswith("Fn::") else None


def text(node: Node | None) -> str | None:
    """A plain string's value, or None."""
    return str(node.value) if node is not None and node.kind == "string" else None


def ref_target(node: Node) -> str | None:
    """The name a `Ref` names, or None."""
    function = intrinsic(node)
    return text(function.value) if function is not None and function.key == "Ref" else None


def get_att(node: Node) -> tuple[str, str] | None:
    """(logical id, attribute) of a `Fn::GetAtt` in either form (`A.B` or `[A, B]`)."""
    function = intrinsic(node)
    if function is None or function.key != "Fn::GetAtt":
        return None
    value = function.value
    if value.kind == "string":
        name, _, attribute = str(value.value).partition(".")
        return (name, attribute) if name and attribute else None
    parts = [text(part) for part in items(value)]
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0], parts[1]
    return None


def expression(template: Template, node: Node) -> str:
    """The text of a value the file does not decide, as the file writes it: a short tag in YAML
    (`!GetAtt Cert.Arn`), the long form in JSON; shortened past `_EXPRESSION_MAX` characters."""
    written = _short(node) if template.yaml else _long(node)
    return written if len(written) <= _EXPRESSION_MAX else written[: _EXPRESSION_MAX - 1] + "…"


def _short(node: Node) -> str:
    function = intrinsic(node)
    if function is None:
        if node.kind == "array":
            return "[" + ", ".join(_short(item) for item in items(node)) + "]"
        if node.kind == "object":
            members: tuple[Member, ...] = node.value  # type: ignore[assignment]
            return "{" + ", ".join(f"{m.key}: {_short(m.value)}" for m in members) + "}"
        return _scalar(node)
    name = function.key.removeprefix("Fn::")
    attribute = get_att(node)
    if attribute is not None:
        return f"!GetAtt {attribute[0]}.{attribute[1]}"
    return f"!{name} {_short(function.value)}"


def _scalar(node: Node) -> str:
    if node.kind == "string":
        value = str(node.value)
        plain = value and value.replace("-", "").replace(".", "").replace(":", "").isalnum()
        return value if plain else json.dumps(value, ensure_ascii=False)
    return json.dumps(node.value)


def _long(node: Node) -> str:
    from cfguard.syntaxes.json.tree import to_python

    return json.dumps(to_python(node), ensure_ascii=False, separators=(", ", ": "))


def _pinned_region(rules: Member | None) -> str | None:
    """The region a `Rules` assertion holds the stack to: an unconditional rule (no
    `RuleCondition`) asserting `Fn::Equals` of `Ref AWS::Region` and a region, or
    `Fn::Contains` of a one-region list and it."""
    if rules is None:
        return None
    for rule in fields(rules.value).values():
        body = fields(rule.value)
        if "RuleCondition" in body or "Assertions" not in body:
            continue
        for assertion in items(body["Assertions"].value):
            asserted = fields(assertion).get("Assert")
            region = _asserted_region(asserted.value) if asserted is not None else None
            if region is not None:
                return region
    return None


def _asserted_region(node: Node) -> str | None:
    function = intrinsic(node)
    if function is None or function.key not in ("Fn::Equals", "Fn::Contains"):
        return None
    arguments = items(function.value)
    if len(arguments) != 2:
        return None
    if function.key == "Fn::Equals":
        for one, other in (arguments, arguments[::-1]):
            if ref_target(one) == "AWS::Region" and text(other):
                return text(other)
        return None
    listed, needle = arguments
    regions = [text(item) for item in items(listed)]
    if ref_target(needle) == "AWS::Region" and len(regions) == 1 and regions[0]:
        return regions[0]
    return None

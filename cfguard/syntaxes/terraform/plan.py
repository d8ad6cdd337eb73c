"""The distributions of `terraform show -json` output: a plan's `planned_values`, a state's
`values`, root module and child modules, each named by its address
(`module.cdn.aws_cloudfront_distribution.this[0]`)
(https://developer.hashicorp.com/terraform/internals/json-format).

* Located at the plan file's own lines, in the `values` of each resource.
* The provider fills in what nobody wrote (`minimum_protocol_version = "TLSv1"` beside the
  default certificate): where the plan's `configuration` has the resource, an argument it has
  no expression for is taken as not written (a block the configuration does not list, a
  `dynamic` one, is taken whole).
* What the plan does not know yet (`after_unknown`: an ARN of a certificate created in the same
  apply) is unknown, named by the references its expression makes, so CFG102/CFG104 can follow
  `acm_certificate_arn = aws_acm_certificate.site.arn` to the certificate.
* `resource_changes[].change.before` of an update is what `apply` replaces: its model is the
  distribution's baseline (CFG201), and its `id` the distribution's CloudFront Id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from cfguard.model import Value
from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, items
from cfguard.syntaxes.terraform.adapter import TfResource
from cfguard.syntaxes.terraform.cursor import At
from cfguard.syntaxes.terraform.module import (
    CERTIFICATE,
    DEFAULT_PROVIDER,
    VALIDATION,
    CertificateFacts,
    ModuleFacts,
    certificate_named,
)
from cfguard.syntaxes.terraform.plan_configuration import (
    configured_expressions,
    provider_regions,
    text_of,
)
from cfguard.syntaxes.terraform.tree import Source, TfFile, TfMember, TfNode, unknown

DISTRIBUTION_TYPE = "aws_cloudfront_distribution"
_INDEX = re.compile(r"\[[^\]]*\]")

#: What writes a plan or a state as JSON: its values are fixed in the configuration, not here.
GENERATED_BY = "terraform show -json"


class Planned(NamedTuple):
    address: str
    resource_type: str
    values: Node
    #: The resource's address without instance keys, within its module path (how the
    #: configuration names it): `module.cdn.aws_cloudfront_distribution.this`.
    config_address: str


def is_plan(top: dict[str, Member]) -> bool:
    return "format_version" in top and any(
        key in top for key in ("planned_values", "values", "resource_changes")
    )


def plan_resources(tree: JsonTree) -> list[TfResource]:
    top = fields(tree.root)
    source = Source(tree.text, tree.lines)
    file = TfFile(source, ())
    root = top.get("planned_values") or top.get("values")
    planned = list(_planned(fields(root.value).get("root_module"))) if root is not None else []
    changes = _changes(top.get("resource_changes"))
    configured = configured_expressions(top.get("configuration"))
    module = _module_facts(file, planned, configured, provider_regions(top.get("configuration")))
    found: list[TfResource] = []
    for resource in planned:
        if resource.resource_type != DISTRIBUTION_TYPE or resource.values.kind != "object":
            continue
        change = changes.get(resource.address)
        after_unknown = fields(change).get("after_unknown") if change is not None else None
        expressions = configured.get(resource.config_address)
        body = _convert(
            resource.values,
            after_unknown.value if after_unknown else None,
            expressions,
            _module_prefix(resource.config_address),
        )
        before = _before(file, resource, change, module)
        distribution_id = text_of(fields(resource.values).get("id")) or (
            before.distribution_id if before is not None else None
        )
        key = (resource.values.start, resource.values.start + 1)
        found.append(
            TfResource(
                file, resource.address, body, key, module, distribution_id, before, GENERATED_BY
            )
        )
    return found


def _planned(module: Member | None, depth: int = 0) -> Iterator[Planned]:
    if module is None or module.value.kind != "object" or depth > 64:
        return
    members = fields(module.value)
    for entry in items(members["resources"].value) if "resources" in members else ():
        entry_fields = fields(entry)
        if text_of(entry_fields.get("mode")) not in (None, "managed"):
            continue
        address = text_of(entry_fields.get("address"))
        kind = text_of(entry_fields.get("type"))
        values = entry_fields.get("values")
        if address and kind and values is not None:
            yield Planned(address, kind, values.value, _INDEX.sub("", address))
    for child in items(members["child_modules"].value) if "child_modules" in members else ():
        yield from _planned(Member("", 0, 0, child), depth + 1)


def _changes(listed: Member | None) -> dict[str, Node]:
    found: dict[str, Node] = {}
    for entry in items(listed.value) if listed is not None else ():
        entry_fields = fields(entry)
        address = text_of(entry_fields.get("address"))
        change = entry_fields.get("change")
        if address and change is not None and change.value.kind == "object":
            found[address] = change.value
    return found


def _module_facts(
    file: TfFile,
    planned: list[Planned],
    configured: dict[str, Node],
    providers: dict[str, Value[str] | None],
) -> ModuleFacts:
    certificates: dict[str, CertificateFacts] = {}
    validations: dict[str, str] = {}
    for resource in planned:
        if resource.resource_type == VALIDATION:
            expressions = configured.get(resource.config_address)
            arn = fields(expressions).get("certificate_arn") if expressions is not None else None
            prefix = _module_prefix(resource.config_address)
            target = certificate_named(prefix + name for name in _references(arn))
            if target is not None:
                validations[resource.config_address] = target
        if resource.resource_type != CERTIFICATE:
            continue
        at = At(
            file.source,
            _convert(resource.values, None, None),
            resource.address,
            resource.address,
            None,
            resource.address,
        )
        names = [name for name in [at.text("domain_name")] if name is not None]
        names.extend(at.texts("subject_alternative_names") or ())
        key = configured.get(f"{resource.config_address}#provider")
        provider = str(key.value) if key is not None else DEFAULT_PROVIDER
        certificates[resource.config_address] = CertificateFacts(
            resource.address, tuple(names), provider, at.location(), None
        )
    return ModuleFacts(certificates, validations, providers)


def _convert(
    values: Node, after_unknown: Node | None, expressions: Node | None, prefix: str = ""
) -> TfNode:
    """A resource's values as its body: unknowns where the plan says so, and (with the
    configuration's expressions) only what the configuration writes."""
    converted: list[TfMember] = []
    known = fields(values)
    marks = fields(after_unknown) if after_unknown is not None else {}
    written = fields(expressions) if expressions is not None else None
    for key, member in known.items():
        mark = marks.get(key)
        expression = written.get(key) if written is not None else None
        value = member.value
        if value.kind == "array" and (not items(value) or items(value)[0].kind == "object"):
            inner = expression.value if expression is not None else None
            blocks = [
                _convert(entry, _nth(mark, index), _nth_node(inner, index), prefix)
                for index, entry in enumerate(items(value))
            ]
            node = TfNode("list", tuple(blocks), value.start, value.end)
        elif written is not None and expression is None and value.kind != "null":
            continue  # filled in by the provider, not written
        elif written is None and value.kind == "string" and value.value == "":
            # A state (or a plan without its configuration) cannot say what was written, and
            # the provider stores "" for every optional string left out: read it as left out.
            continue
        else:
            node = _scalar(value, mark)
        converted.append(TfMember(key, member.key_start, member.key_end, node))
    for key, mark in marks.items():
        if key not in known and mark.value.kind == "bool" and mark.value.value is True:
            expression = written.get(key) if written is not None else None
            references = tuple(prefix + name for name in _references(expression))
            shown = " ".join(references[:1]) or "a value known after apply"
            start = values.start
            converted.append(
                TfMember(key, start, start + 1, unknown(shown, start, start + 1, references))
            )
    return TfNode("object", tuple(converted), values.start, values.end)


def _scalar(value: Node, mark: Member | None) -> TfNode:
    if mark is not None and mark.value.kind == "bool" and mark.value.value is True:
        return unknown("a value known after apply", value.start, value.end)
    if value.kind == "array":
        return TfNode(
            "list", tuple(_scalar(entry, None) for entry in items(value)), value.start, value.end
        )
    if value.kind == "object":
        return _convert(value, None, None)
    return TfNode(value.kind, value.value, value.start, value.end)  # type: ignore[arg-type]


def _before(
    file: TfFile, resource: Planned, change: Node | None, module: ModuleFacts
) -> TfResource | None:
    """What an update replaces; None for a resource the plan creates (or recreates)."""
    if change is None:
        return None
    change_fields = fields(change)
    actions = (
        [a.value for a in items(change_fields["actions"].value)]
        if "actions" in change_fields
        else []
    )
    before = change_fields.get("before")
    if "update" not in actions or before is None or before.value.kind != "object":
        return None
    body = _convert(before.value, None, None)
    distribution_id = text_of(fields(before.value).get("id"))
    key = (before.value.start, before.value.start + 1)
    return TfResource(
        file, resource.address, body, key, module, distribution_id, None, GENERATED_BY
    )


def _module_prefix(config_address: str) -> str:
    """`module.cdn.` for `module.cdn.aws_cloudfront_distribution.this`; "" in the root module."""
    parts = config_address.split(".")
    return ".".join(parts[:-2]) + "." if len(parts) > 2 else ""


def _references(expression: Member | None) -> tuple[str, ...]:
    listed = fields(expression.value).get("references") if expression is not None else None
    return tuple(str(n.value) for n in items(listed.value) if n.kind == "string") if listed else ()


def _nth(mark: Member | None, index: int) -> Node | None:
    listed = items(mark.value) if mark is not None else ()
    return listed[index] if index < len(listed) else None


def _nth_node(node: Node | None, index: int) -> Node | None:
    listed = items(node) if node is not None else ()
    return listed[index] if index < len(listed) else None

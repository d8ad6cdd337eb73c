"""CFG003 for a distribution of a template: its `Properties` against the resource schema of
`AWS::CloudFront::Distribution` (`schema`), the `AWS::CertificateManager::Certificate` its
`AcmCertificateArn` names (where the template creates it), and keys given twice anywhere in the
template, which CloudFormation rejects. Once per resource, however many variants it is modelled
in (the schema checks both branches of every `Fn::If` itself), and the repeated keys and what
the parser found about the whole file (a YAML alias, `Template.file_hits`) once per file, with
its first distribution."""

from __future__ import annotations

from cfguard.core.findings import Hit
from cfguard.syntaxes.cloudformation.detect import Resource
from cfguard.syntaxes.cloudformation.template import (
    CERTIFICATE_TYPE,
    DISTRIBUTION_TYPE,
    intrinsic,
    ref_target,
    resource_type,
)
from cfguard.syntaxes.json.tree import Member, Node, fields, items


def validate(resource: Resource) -> list[Hit]:
    if not resource.first:
        return []
    from cfguard.syntaxes.cloudformation.schema import validate as against_schema

    template = resource.template
    properties = fields(resource.node).get("Properties")
    path = f"{resource.path}.Properties"
    hits = list(
        against_schema(
            template.tree, properties.value if properties else None, DISTRIBUTION_TYPE, path
        )
    )
    for logical_id in _certificates(resource):
        certificate = template.properties(logical_id)
        hits.extend(
            against_schema(
                template.tree,
                certificate.value if certificate is not None else None,
                CERTIFICATE_TYPE,
                f"Resources.{logical_id}.Properties",
            )
        )
    if (template.tree.duplicates or template.file_hits) and _is_first_distribution(resource):
        hits.extend(template.file_hits)
        hits.extend(_duplicates(resource))
    return hits


def _certificates(resource: Resource) -> list[str]:
    """The certificates of the template that the distribution's `AcmCertificateArn` names, in
    any branch, each once: checked with the first distribution that names them."""
    template = resource.template
    named = _named_certificates(template.resources[resource.logical_id].value)
    earlier = []
    for logical_id, member in template.resources.items():
        if logical_id == resource.logical_id:
            break
        if _is_distribution(member):
            earlier.extend(_named_certificates(member.value))
    return [
        name
        for name in named
        if name not in earlier and template.resource_type(name) == CERTIFICATE_TYPE
    ]


def _named_certificates(resource: Node) -> list[str]:
    properties = fields(resource).get("Properties")
    config = fields(properties.value).get("DistributionConfig") if properties else None
    viewer = fields(config.value).get("ViewerCertificate") if config else None
    arn = fields(viewer.value).get("AcmCertificateArn") if viewer else None
    if arn is None:
        return []
    found: list[str] = []
    stack = [arn.value]
    while stack:
        node = stack.pop()
        target = ref_target(node)
        if target is not None and target not in found:
            found.append(target)
        function = intrinsic(node)
        if function is not None and function.key == "Fn::If":
            stack.extend(items(function.value)[1:])
    return found


def _is_first_distribution(resource: Resource) -> bool:
    for logical_id, member in resource.template.resources.items():
        if _is_distribution(member):
            return logical_id == resource.logical_id
    return False


def _is_distribution(member: Member) -> bool:
    return resource_type(member.value) == DISTRIBUTION_TYPE


def _duplicates(resource: Resource) -> list[Hit]:
    from cfguard.syntaxes.json.tree import locate_key

    tree = resource.template.tree
    paths = _member_paths(tree.root)
    hits = []
    for earlier, kept in tree.duplicates:
        line, _ = tree.lines.position(kept.key_start)
        where = locate_key(tree, earlier, paths.get(earlier.key_start, ""))
        hits.append(
            Hit(
                where,
                f"{earlier.key} is given again at line {line} of this mapping; CloudFormation "
                "rejects a template with a repeated key: remove one of them",
            )
        )
    return hits


def _member_paths(root: Node) -> dict[int, str]:
    """The JMESPath of every member of the template, by where its key starts."""
    paths: dict[int, str] = {}
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if node.kind == "object":
            members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # kind says so
            for member in members:
                child = f"{path}.{member.key}" if path else member.key
                paths[member.key_start] = child
                stack.append((member.value, child))
        elif node.kind == "array":
            stack.extend((entry, f"{path}[{i}]") for i, entry in enumerate(items(node)))
    return paths

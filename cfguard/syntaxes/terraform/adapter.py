"""The model of an `aws_cloudfront_distribution`: the same model the API's XML and JSON give,
from the hashicorp/aws provider's arguments and blocks
(https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution).

The provider writes `Quantity`/`Items` lists as repeated blocks (`origin`,
`ordered_cache_behavior`, `origin_group`, `member`) and plain lists (`aliases`,
`origin_ssl_protocols`), names the certificate's members its own way, and has no
`logging_config.enabled`: the block's presence turns logging on (`Logging.enabled` is None, as in
the legacy API and CloudFormation). `caller_reference` is the provider's to make. Values are
located at the value, blocks at their type, with paths from the resource's address.

A value the file does not decide is unknown, so the rules say nothing about it; a `dynamic`
block is left out of its list (an unknown viewer policy for a `dynamic "default_cache_behavior"`).
"""

from __future__ import annotations

from typing import NamedTuple

from cfguard.core.document import CURRENT_VERSION, Dialect, DocumentKind, DocumentType
from cfguard.model import (
    Behavior,
    Certificate,
    Distribution,
    IssuedCertificate,
    Logging,
    Origin,
    OriginGroup,
    OriginKind,
    Unknown,
    Value,
    ViewerProtocol,
)
from cfguard.syntaxes import Detected
from cfguard.syntaxes.terraform.cursor import At
from cfguard.syntaxes.terraform.module import (
    DEFAULT_PROVIDER,
    ModuleFacts,
    certificate_named,
)
from cfguard.syntaxes.terraform.tree import TfFile, TfNode

DISTRIBUTION = DocumentType(DocumentKind.DISTRIBUTION, Dialect.CURRENT, CURRENT_VERSION)
_POLICIES = {policy.value: policy for policy in ViewerProtocol}
#: What a Terraform deployment is called in messages (CFG201's "after terraform apply").
DEPLOYED_BY = "terraform apply"


class TfResource(NamedTuple):
    """One `aws_cloudfront_distribution`, as a file or a plan gives it."""

    file: TfFile
    address: str
    body: TfNode
    #: The span a finding about the resource as a whole points at (its labels).
    key: tuple[int, int]
    module: ModuleFacts
    #: Its CloudFront Id, where a plan or a state knows it.
    distribution_id: str | None = None
    #: What the plan replaces (`resource_changes[].change.before`): CFG201's baseline.
    before: TfResource | None = None
    #: The command that wrote the file, when it is a tool's output rather than configuration.
    generated_by: str | None = None


def to_model(document: Detected[TfResource]) -> Distribution:
    return model_of(document.node)


def model_of(resource: TfResource) -> Distribution:
    top = At(
        resource.file.source,
        resource.body,
        resource.address,
        resource.address,
        resource.key,
        resource.address,
    )
    aliases = top.child("aliases")
    before = resource.before
    return Distribution(
        document=DISTRIBUTION,
        location=top.location(),
        caller_reference=None,  # the provider makes one
        behaviors=tuple(_behaviors(top)),
        origins=tuple(_origin(entry) for entry in top.blocks("origin") if _readable(entry)),
        aliases=top.texts("aliases") or (),
        aliases_location=aliases.location() if aliases is not None else None,
        certificate=_certificate(top.child("viewer_certificate"), resource.module),
        logging=_logging(top.child("logging_config")),
        origin_groups=tuple(_origin_groups(top)),
        address=resource.address,
        distribution_id=resource.distribution_id,
        deployed_by=DEPLOYED_BY,
        before=model_of(before) if before is not None else None,
        generated_by=resource.generated_by,
    )


def _readable(at: At) -> bool:
    return at.node.kind == "object"


def _behaviors(top: At) -> list[Behavior]:
    behaviors: list[Behavior] = []
    default = top.child("default_cache_behavior")
    if default is not None:
        behaviors.append(_behavior(default, None))
    for entry in top.blocks("ordered_cache_behavior"):
        if not _readable(entry):
            continue  # a dynamic block: its behaviors are not known
        pattern = entry.text("path_pattern")
        text = (pattern.expression or "") if pattern is not None and pattern.is_unknown else None
        behaviors.append(_behavior(entry, text or (pattern.value if pattern is not None else "")))
    return behaviors


def _behavior(at: At, pattern: str | None) -> Behavior:
    viewer: ViewerProtocol | Unknown | None = None
    policy = at.child("viewer_protocol_policy") if _readable(at) else None
    if not _readable(at):
        viewer = Unknown(at.expression)
    elif policy is not None:
        raw = policy.string()
        if raw is not None:
            viewer = Unknown(raw.expression or "") if raw.is_unknown else _POLICIES.get(raw.value)
    return Behavior(
        key="default" if pattern is None else pattern,
        label="the default cache behavior" if pattern is None else f'cache behavior "{pattern}"',
        path_pattern=pattern,
        viewer_protocol=viewer,
        location=(policy if policy is not None else at).location(),
        target_origin_id=at.name("target_origin_id") if _readable(at) else None,
    )


def _origin(at: At) -> Origin:
    custom = at.child("custom_origin_config")
    if custom is not None:
        kind = OriginKind.CUSTOM
    elif at.child("s3_origin_config") is not None or at.child("origin_access_control_id"):
        kind = OriginKind.S3
    elif at.child("vpc_origin_config") is not None:
        kind = OriginKind.VPC
    else:
        kind = OriginKind.UNKNOWN
    readable = custom is not None and _readable(custom)
    return Origin(
        id=at.name("origin_id"),
        kind=kind,
        domain_name=at.text("domain_name"),
        protocol_policy=custom.text("origin_protocol_policy") if readable and custom else None,
        ssl_protocols=(custom.texts("origin_ssl_protocols") or ()) if readable and custom else (),
        location=at.location(),
    )


def _origin_groups(top: At) -> list[OriginGroup]:
    groups: list[OriginGroup] = []
    for entry in top.blocks("origin_group"):
        group_id = entry.name("origin_id") if _readable(entry) else None
        if group_id is None:
            continue
        members = (member.name("origin_id") for member in entry.blocks("member"))
        groups.append(OriginGroup(group_id, tuple(m for m in members if m)))
    return groups


def _certificate(at: At | None, module: ModuleFacts) -> Certificate | None:
    if at is None:
        return None
    if not _readable(at):  # a dynamic viewer_certificate: nothing about it is decided
        unknown = Value.unknown(at.location(), at.expression)
        return Certificate(at.location(), unknown, unknown, None, unknown, unknown)
    arn = at.child("acm_certificate_arn")
    return Certificate(
        location=at.location(),
        cloudfront_default=at.flag("cloudfront_default_certificate"),
        acm_arn=arn.string() if arn is not None else None,
        iam_certificate_id=at.text("iam_certificate_id"),
        ssl_support_method=at.text("ssl_support_method"),
        minimum_protocol_version=at.text("minimum_protocol_version"),
        issued=_issued(arn, module) if arn is not None else None,
    )


def _issued(arn: At, module: ModuleFacts) -> IssuedCertificate | None:
    """The `aws_acm_certificate` of the module that `acm_certificate_arn` refers to, directly
    or through an `aws_acm_certificate_validation`, and the region its provider gives."""
    address = certificate_named(arn.node.references) if arn.is_unknown else None
    address = module.validations.get(address, address) if address is not None else None
    found = module.certificates.get(address) if address is not None else None
    if found is None:
        return None
    provider = found.provider
    region = module.providers.get(provider) if provider is not None else None
    shown = found.address if found.file is None else f"{found.address} (in {found.file})"
    where = provider if provider != DEFAULT_PROVIDER else "the default aws provider"
    return IssuedCertificate(shown, found.location, found.names, region, where)


def _logging(at: At | None) -> Logging | None:
    if at is None:
        return None
    if not _readable(at):
        return Logging(at.location(), Value.unknown(at.location(), at.expression), None, None)
    return Logging(
        location=at.location(),
        enabled=None,  # the block's presence turns logging on
        bucket=at.text("bucket"),
        prefix=at.text("prefix"),
    )

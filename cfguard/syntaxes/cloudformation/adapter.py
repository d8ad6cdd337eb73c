"""The model of an `AWS::CloudFront::Distribution` resource: the same model the API's XML and
JSON give, from CloudFormation's shape of `DistributionConfig`.

CloudFormation writes plain lists where the API has `Quantity`/`Items` (except in
`OriginGroups`), names some members its own way (`AcmCertificateArn`, `IamCertificateId`,
`SslSupportMethod`, `OriginSSLProtocols`), has no `Logging.Enabled` (the `Logging` property's
presence turns logging on: `Logging.enabled` is None, as in the legacy API) and no
`CallerReference`, and still takes the legacy `CNAMEs`, `S3Origin` and `CustomOrigin`
properties. Values are located at the value, mappings at their key, list entries at their
first character, with JMESPath paths from the file's root and `resource` the logical id.

A value the template does not decide is unknown (`Value.unknown`, `Unknown` for a viewer
policy), so the rules say nothing about it; a list the template does not decide is left out
(aliases: one unknown entry, so no rule counts them).
"""

from __future__ import annotations

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
from cfguard.syntaxes.cloudformation.buckets import bucket_name
from cfguard.syntaxes.cloudformation.conditions import resource_condition
from cfguard.syntaxes.cloudformation.conditions import value as condition_value
from cfguard.syntaxes.cloudformation.cursor import At
from cfguard.syntaxes.cloudformation.detect import Resource
from cfguard.syntaxes.cloudformation.template import (
    BUCKET_TYPE,
    CERTIFICATE_TYPE,
    expression,
    ref_target,
)
from cfguard.syntaxes.json.tree import Member, Node

_POLICIES = {policy.value: policy for policy in ViewerProtocol}
#: What CloudFormation gives an origin whose `CustomOriginConfig` has no `OriginSSLProtocols`.
DEFAULT_ORIGIN_PROTOCOLS = ("TLSv1", "SSLv3")
_DEFAULT_PROTOCOLS_NOTE = (
    "OriginSSLProtocols is left out, so CloudFormation sets its default, TLSv1 and SSLv3: "
    "give OriginSSLProtocols with TLSv1.2 alone"
)


def to_model(document: Detected[Resource]) -> Distribution | None:
    resource = document.node
    top = At(resource, resource.node, resource.path, resource.path, None)
    properties = top.child("Properties")
    config = properties.child("DistributionConfig") if properties is not None else None
    if config is None or config.is_unknown or config.node.kind != "object":
        return None  # CFG003 says what is missing
    aliases = config.child("Aliases") or config.child("CNAMEs")
    return Distribution(
        document=document.type,
        location=config.location(),
        caller_reference=None,  # CloudFormation makes one
        behaviors=tuple(_behaviors(config)),
        origins=tuple(_origins(config)),
        aliases=_aliases(aliases),
        aliases_location=aliases.location() if aliases is not None else None,
        certificate=_certificate(config.child("ViewerCertificate")),
        logging=_logging(config.child("Logging")),
        origin_groups=tuple(_origin_groups(config)),
        address=resource.logical_id,
        is_stack=True,
        stack_region=resource.template.region,
    )


def _entries(parent: At | None, key: str) -> list[At]:
    listed = parent.child(key) if parent is not None else None
    return (listed.entries() or []) if listed is not None else []


def _aliases(listed: At | None) -> tuple[Value[str], ...]:
    if listed is None:
        return ()
    entries = listed.entries()
    if entries is None:  # the whole list is a function: one unknown, so nothing is counted
        return (Value.unknown(listed.location(), listed.expression),)
    return tuple(value for entry in entries if (value := entry.string()) is not None)


def _behaviors(config: At) -> list[Behavior]:
    behaviors: list[Behavior] = []
    default = config.child("DefaultCacheBehavior")
    if default is not None and default.node.kind == "object" and not default.is_unknown:
        behaviors.append(_behavior(default, None))
    for entry in _entries(config, "CacheBehaviors"):
        if entry.is_unknown or entry.node.kind != "object":
            continue
        pattern = entry.text("PathPattern")
        shown = pattern.expression if pattern is not None and pattern.is_unknown else None
        text = shown or (pattern.value if pattern is not None else "")
        behaviors.append(_behavior(entry, text or ""))
    return behaviors


def _behavior(at: At, pattern: str | None) -> Behavior:
    policy = at.child("ViewerProtocolPolicy")
    raw = policy.string() if policy is not None else None
    viewer: ViewerProtocol | Unknown | None = None
    if raw is not None:
        viewer = Unknown(raw.expression or "") if raw.is_unknown else _POLICIES.get(raw.value)
    return Behavior(
        key="default" if pattern is None else pattern,
        label="the default cache behavior" if pattern is None else f'cache behavior "{pattern}"',
        path_pattern=pattern,
        viewer_protocol=viewer,
        location=(policy if policy is not None else at).location(),
        target_origin_id=at.name("TargetOriginId"),
    )


def _origins(config: At) -> list[Origin]:
    origins = [
        _origin(entry)
        for entry in _entries(config, "Origins")
        if entry.node.kind == "object" and not entry.is_unknown
    ]
    # The legacy single origin: the one every behavior is served from.
    default = config.child("DefaultCacheBehavior")
    target = default.name("TargetOriginId") if default is not None else None
    for key, kind in (("CustomOrigin", OriginKind.CUSTOM), ("S3Origin", OriginKind.S3)):
        legacy = config.child(key)
        if legacy is not None and legacy.node.kind == "object" and not legacy.is_unknown:
            origins.append(_legacy_origin(legacy, kind, target))
    return origins


def _origin(at: At) -> Origin:
    custom = at.child("CustomOriginConfig")
    if custom is not None:
        kind = OriginKind.CUSTOM
    elif at.child("S3OriginConfig") is not None:
        kind = OriginKind.S3
    elif at.child("VpcOriginConfig") is not None:
        kind = OriginKind.VPC
    else:
        kind = OriginKind.UNKNOWN
    return Origin(
        id=at.name("Id"),
        kind=kind,
        domain_name=at.text("DomainName"),
        protocol_policy=custom.text("OriginProtocolPolicy") if custom is not None else None,
        ssl_protocols=_protocols(custom, defaulted=True),
        location=at.location(),
    )


def _legacy_origin(at: At, kind: OriginKind, target: str | None) -> Origin:
    custom = kind is OriginKind.CUSTOM
    return Origin(
        id=target,
        kind=kind,
        domain_name=at.text("DNSName"),
        protocol_policy=at.text("OriginProtocolPolicy") if custom else None,
        ssl_protocols=_protocols(at) if custom else (),
        location=at.location(),
    )


def _protocols(custom: At | None, *, defaulted: bool = False) -> tuple[Value[str], ...]:
    """The protocols CloudFront may use to the origin. Left out of an origin's
    `CustomOriginConfig`, CloudFormation sets TLSv1 and SSLv3 (the resource schema's default;
    "By default, AWS CloudFormation specifies the TLSv1 and SSLv3 protocols", CloudFormation
    User Guide, CustomOriginConfig), located at the `CustomOriginConfig` and said so."""
    listed = custom.child("OriginSSLProtocols") if custom is not None else None
    if listed is None:
        if not defaulted or custom is None or custom.is_unknown:
            return ()
        at = custom._replace(via=_DEFAULT_PROTOCOLS_NOTE)
        return tuple(Value(protocol, at.location()) for protocol in DEFAULT_ORIGIN_PROTOCOLS)
    entries = listed.entries()
    if entries is None:
        return (Value.unknown(listed.location(), listed.expression),)
    return tuple(value for entry in entries if (value := entry.string()) is not None)


def _origin_groups(config: At) -> list[OriginGroup]:
    groups: list[OriginGroup] = []
    for entry in _entries(config.child("OriginGroups"), "Items"):
        group_id = entry.name("Id")
        members = _entries(entry.child("Members"), "Items")
        member_ids = (member.name("OriginId") for member in members)
        if group_id is not None:
            groups.append(OriginGroup(group_id, tuple(m for m in member_ids if m)))
    return groups


def _certificate(at: At | None) -> Certificate | None:
    if at is None or at.node.kind not in ("object",):
        return None
    if at.is_unknown:  # the whole certificate is a function: nothing about it is decided
        unknown = Value.unknown(at.location(), at.expression)
        return Certificate(at.location(), unknown, unknown, None, unknown, unknown)
    arn = at.child("AcmCertificateArn")
    return Certificate(
        location=at.location(),
        cloudfront_default=at.flag("CloudFrontDefaultCertificate"),
        acm_arn=arn.string() if arn is not None else None,
        iam_certificate_id=at.text("IamCertificateId"),
        ssl_support_method=at.text("SslSupportMethod"),
        minimum_protocol_version=at.text("MinimumProtocolVersion"),
        issued=_issued(arn) if arn is not None else None,
    )


def _issued(arn: At) -> IssuedCertificate | None:
    """The certificate a `Ref` in `AcmCertificateArn` names, when the template creates it. One
    with a `Condition` is only known where the variant makes that condition true (the
    distribution's own `Condition`, or the `Fn::If` that chose the `Ref`); elsewhere whether it
    exists is not known, and nothing is said of it."""
    logical_id = ref_target(arn.node)
    template = arn.template
    if logical_id is None or template.resource_type(logical_id) != CERTIFICATE_TYPE:
        return None
    member = template.resources[logical_id]
    condition = resource_condition(member.value)
    if condition is not None:
        assumes = {k: v for k, v in arn.resource.assumes if isinstance(v, bool)}
        if condition_value(template, condition, assumes) is not True:
            return None
    path = f"Resources.{logical_id}"
    resource = At(arn.resource, member.value, path, path, (member.key_start, member.key_end))
    properties = resource.child("Properties")
    names: list[Value[str]] = []
    if properties is not None:
        domain = properties.text("DomainName")
        names.extend([domain] if domain is not None else [])
        listed = properties.child("SubjectAlternativeNames")
        entries = listed.entries() if listed is not None else []
        if entries is None and listed is not None:
            names.append(Value.unknown(listed.location(), listed.expression))
        names.extend(value for entry in entries or [] if (value := entry.string()) is not None)
    return IssuedCertificate(logical_id, resource.location(), tuple(names))


def _logging(at: At | None) -> Logging | None:
    if at is None:
        return None
    if at.is_unknown or at.node.kind != "object":
        return Logging(at.location(), Value.unknown(at.location(), at.expression), None, None)
    return Logging(
        location=at.location(),
        enabled=None,  # the property's presence turns logging on
        bucket=_bucket(at.child("Bucket")),
        prefix=at.text("Prefix"),
    )


def _bucket(at: At | None) -> Value[str] | None:
    """`Logging.Bucket`; a `Ref` to a bucket of the template is the bucket's name, which is not
    where CloudFront writes logs (its domain name is)."""
    if at is None:
        return None
    logical_id = ref_target(at.node)
    template = at.template
    if logical_id is not None and template.resource_type(logical_id) == BUCKET_TYPE:
        domain = expression(template, _get_att_example(at, logical_id))
        via = f"{at.expression} gives the bucket's name; {domain} gives its domain name"
        return Value(bucket_name(template, logical_id), at._replace(via=via).location())
    return at.string()


def _get_att_example(at: At, logical_id: str) -> Node:
    parts = (Node("string", logical_id, 0, 0), Node("string", "RegionalDomainName", 0, 0))
    return Node("object", (Member("Fn::GetAtt", 0, 0, Node("array", parts, 0, 0)),), 0, 0)

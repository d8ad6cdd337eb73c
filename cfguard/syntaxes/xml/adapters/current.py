"""The current Quantity/Items format (API 2020-05-31, and the configuration inside a response of
any Quantity/Items version)."""

from __future__ import annotations

from lxml import etree

from cfguard.core.document import DocumentKind, DocumentType
from cfguard.model import (
    Behavior,
    Certificate,
    Distribution,
    InvalidationBatch,
    Logging,
    Origin,
    OriginGroup,
    OriginKind,
    Value,
    ViewerProtocol,
)
from cfguard.syntaxes.xml.adapters._reader import Reader
from cfguard.syntaxes.xml.source import SourceDocument, text_content

_POLICIES = {policy.value: policy for policy in ViewerProtocol}
#: What a `list-distributions` summary leaves out (`Logging`, `CallerReference`): not absent,
#: unknown to the rules. The JSON adapter's words, so both syntaxes give the same model.
NOT_IN_SUMMARY = "not in a list-distributions summary"


def distribution(
    source: SourceDocument,
    document: DocumentType,
    config: etree._Element | None = None,
    *,
    address: str | None = None,
    summary: bool = False,
) -> Distribution:
    """The distribution of a request body (the root), or of a response: `config` is its
    `DistributionConfig` or `DistributionSummary`, `address` its `Id` (`to_model`)."""
    reader = Reader(source, document.namespace, address)
    outer = source.root if config is None else config
    root = outer
    if document.kind is DocumentKind.DISTRIBUTION_WITH_TAGS:
        # `to_model` builds no model without the inner DistributionConfig (its skeleton).
        inner = reader.child(root, "DistributionConfig")
        root = inner if inner is not None else root  # an lxml element's truth value is its length
    aliases = reader.child(root, "Aliases")
    where = reader.locate(outer)
    return Distribution(
        document=document,
        location=where,
        # A summary's own `Logging` (botocore's test data has one) is not read either: the
        # service model's DistributionSummary has none, and the AWS CLI drops it.
        caller_reference=(
            Value.unknown(where, NOT_IN_SUMMARY)
            if summary
            else reader.text(root, "CallerReference")
        ),
        behaviors=tuple(_behaviors(reader, root)),
        origins=tuple(
            _origin(reader, el) for el in reader.items(reader.child(root, "Origins"), "Origin")
        ),
        aliases=tuple(reader.value(el) for el in reader.items(aliases, "CNAME")),
        aliases_location=reader.locate(aliases) if aliases is not None else None,
        certificate=_certificate(reader, reader.child(root, "ViewerCertificate")),
        logging=(
            Logging(where, Value.unknown(where, NOT_IN_SUMMARY), None, None)
            if summary
            else _logging(reader, reader.child(root, "Logging"))
        ),
        origin_groups=tuple(_origin_groups(reader, root)),
        address=address,
        distribution_id=address,  # a response names its distribution by its Id
    )


def _origin_groups(reader: Reader, root: etree._Element) -> list[OriginGroup]:
    groups: list[OriginGroup] = []
    for element in reader.items(reader.child(root, "OriginGroups"), "OriginGroup"):
        group_id = reader.text(element, "Id")
        members = reader.items(reader.child(element, "Members"), "OriginGroupMember")
        member_ids = (reader.text(member, "OriginId") for member in members)
        if group_id is not None:
            groups.append(OriginGroup(group_id.value, tuple(m.value for m in member_ids if m)))
    return groups


def _behaviors(reader: Reader, root: etree._Element) -> list[Behavior]:
    behaviors: list[Behavior] = []
    default = reader.child(root, "DefaultCacheBehavior")
    if default is not None:
        behaviors.append(_behavior(reader, default, None))
    for element in reader.items(reader.child(root, "CacheBehaviors"), "CacheBehavior"):
        pattern = reader.text(element, "PathPattern")
        behaviors.append(_behavior(reader, element, pattern.value if pattern else ""))
    return behaviors


def _behavior(reader: Reader, element: etree._Element, pattern: str | None) -> Behavior:
    policy = reader.child(element, "ViewerProtocolPolicy")
    target = reader.text(element, "TargetOriginId")
    raw = text_content(policy).strip() if policy is not None else None
    return Behavior(
        key="default" if pattern is None else pattern,
        label="the default cache behavior" if pattern is None else f'cache behavior "{pattern}"',
        path_pattern=pattern,
        viewer_protocol=_POLICIES.get(raw) if raw is not None else None,
        location=reader.locate(policy if policy is not None else element),
        target_origin_id=target.value if target else None,
    )


def _origin(reader: Reader, element: etree._Element) -> Origin:
    custom = reader.child(element, "CustomOriginConfig")
    if custom is not None:
        kind = OriginKind.CUSTOM
    elif reader.child(element, "S3OriginConfig") is not None:
        kind = OriginKind.S3
    elif reader.child(element, "VpcOriginConfig") is not None:
        kind = OriginKind.VPC
    else:
        kind = OriginKind.UNKNOWN
    origin_id = reader.text(element, "Id")
    ssl = reader.child(custom, "OriginSslProtocols")
    return Origin(
        id=origin_id.value if origin_id else None,
        kind=kind,
        domain_name=reader.text(element, "DomainName"),
        protocol_policy=reader.text(custom, "OriginProtocolPolicy"),
        ssl_protocols=tuple(reader.value(el) for el in reader.items(ssl, "SslProtocol")),
        location=reader.locate(element),
    )


def _certificate(reader: Reader, element: etree._Element | None) -> Certificate | None:
    if element is None:
        return None
    return Certificate(
        location=reader.locate(element),
        cloudfront_default=reader.flag(element, "CloudFrontDefaultCertificate"),
        acm_arn=reader.text(element, "ACMCertificateArn"),
        iam_certificate_id=reader.text(element, "IAMCertificateId"),
        ssl_support_method=reader.text(element, "SSLSupportMethod"),
        minimum_protocol_version=reader.text(element, "MinimumProtocolVersion"),
    )


def _logging(reader: Reader, element: etree._Element | None) -> Logging | None:
    if element is None:
        return None
    return Logging(
        location=reader.locate(element),
        enabled=reader.flag(element, "Enabled"),
        bucket=reader.text(element, "Bucket"),
        prefix=reader.text(element, "Prefix"),
    )


def invalidation(
    source: SourceDocument, document: DocumentType, config: etree._Element | None = None
) -> InvalidationBatch:
    """A batch: the root of a request body, or `config`, a response's `InvalidationBatch` (whose
    `Id` is the invalidation's, not a distribution's: no address, as in JSON)."""
    reader = Reader(source, document.namespace)
    root = source.root if config is None else config
    paths = reader.child(root, "Paths")
    return InvalidationBatch(
        document=document,
        location=reader.locate(root),
        caller_reference=reader.text(root, "CallerReference"),
        paths=tuple(reader.value(el) for el in reader.items(paths, "Path")),
        paths_location=reader.locate(paths if paths is not None else root),
    )

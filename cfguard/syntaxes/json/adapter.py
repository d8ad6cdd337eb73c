"""The model of a CloudFront document in the AWS CLI's JSON (the 2020-05-31 API as botocore
renders it: the XML's member names, `Quantity`/`Items` kept, the per-item wrapper elements
dropped, so `<Items><CNAME>a</CNAME></Items>` is `"Items": ["a"]`).

Each value is located at its JSON value; an object reached by a key is located at that key, an
entry of a list at its opening brace (a span over a whole behavior would mark everything and
point at nothing). Tolerant like the XML adapters: a value of the wrong JSON type is absent to
the rules (CFG003 reports it), never a guess.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

from cfguard.core.findings import Location
from cfguard.model import (
    Behavior,
    Certificate,
    Distribution,
    Document,
    InvalidationBatch,
    Logging,
    Origin,
    OriginGroup,
    OriginKind,
    Value,
    ViewerProtocol,
)
from cfguard.syntaxes import Detected
from cfguard.syntaxes.json.detect import Found
from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, items, span

_POLICIES = {policy.value: policy for policy in ViewerProtocol}
#: A list entry's identity: the first of these members it has (as the XML's element paths).
_IDENTITY_KEYS = ("PathPattern", "Id", "OriginId", "EventType", "ErrorCode", "HeaderName")
#: Members that the API and moto write as "" for "none": absent, so a distribution with the
#: default certificate is not taken for one with a custom certificate.
_EMPTY_IS_ABSENT = frozenset({"ACMCertificateArn", "IAMCertificateId", "Certificate"})
#: What a `list-distributions` summary leaves out: not absent, unknown to the rules.
_NOT_IN_SUMMARY = "not in a list-distributions summary"


class At(NamedTuple):
    """A node with its path and identity in the file, and the member holding it, if any."""

    tree: JsonTree
    node: Node
    path: str
    identity: str
    member: Member | None
    #: The address of the distribution the node belongs to (`Location.resource`).
    resource: str | None

    def child(self, key: str) -> At | None:
        member = fields(self.node).get(key)
        if member is None:
            return None
        path, identity = _join(self.path, key), _join(self.identity, key)
        return At(self.tree, member.value, path, identity, member, self.resource)

    def entries(self) -> list[At]:
        """The entries of this object's `Items` list."""
        listed = self.child("Items")
        if listed is None:
            return []
        return [
            At(
                self.tree,
                entry,
                f"{listed.path}[{index}]",
                f"{listed.identity}[{_identity_key(entry, index)}]",
                None,
                self.resource,
            )
            for index, entry in enumerate(items(listed.node))
        ]

    def location(self) -> Location:
        """The value itself for a scalar; the key (else the opening brace) for an object."""
        node = self.node
        if node.kind in ("object", "array"):
            start, end = (
                (self.member.key_start, self.member.key_end)
                if self.member is not None
                else (node.start, node.start + 1)
            )
        else:
            start, end = node.start, node.end
        compute = partial(
            span, self.tree, start, end, self.path, self.identity, resource=self.resource
        )
        return Location.deferred(compute)

    def text(self, key: str) -> Value[str] | None:
        found = self.child(key)
        return None if found is None else found.string()

    def string(self) -> Value[str] | None:
        node = self.node
        if node.kind == "string":
            text = str(node.value)
            if not text and self.member is not None and self.member.key in _EMPTY_IS_ABSENT:
                return None
            return Value(text.strip(), self.location())
        if node.kind == "number":  # a schema error; the XML adapters read the digits too
            return Value(self.tree.text[node.start : node.end], self.location())
        return None

    def flag(self, key: str) -> Value[bool] | None:
        found = self.child(key)
        if found is None or found.node.kind != "bool":
            return None
        return Value(bool(found.node.value), found.location())


def to_model(document: Detected[Found]) -> Document:
    found = document.node
    identity = found.identity or found.path
    at = At(found.tree, found.config, found.path, identity, found.member, document.address)
    if document.type.kind.value == "InvalidationBatch":
        return _invalidation(document, at)
    return _distribution(document, at)


def _distribution(document: Detected[Found], root: At) -> Distribution:
    aliases = root.child("Aliases")
    summary = document.node.summary
    return Distribution(
        document=document.type,
        location=root.location(),
        caller_reference=(
            Value.unknown(root.location(), _NOT_IN_SUMMARY)
            if summary
            else root.text("CallerReference")
        ),
        behaviors=tuple(_behaviors(root)),
        origins=tuple(_origin(entry) for entry in _entries(root, "Origins")),
        aliases=tuple(v for entry in _entries(root, "Aliases") if (v := entry.string())),
        aliases_location=aliases.location() if aliases is not None else None,
        certificate=_certificate(root.child("ViewerCertificate")),
        logging=(
            Logging(root.location(), Value.unknown(root.location(), _NOT_IN_SUMMARY), None, None)
            if summary
            else _logging(root.child("Logging"))
        ),
        origin_groups=tuple(_origin_groups(root)),
        address=document.address,
        distribution_id=document.address,  # a JSON document is named by its Id, if by anything
    )


def _entries(parent: At, key: str) -> list[At]:
    wrapper = parent.child(key)
    return wrapper.entries() if wrapper is not None else []


def _behaviors(root: At) -> list[Behavior]:
    behaviors: list[Behavior] = []
    default = root.child("DefaultCacheBehavior")
    if default is not None and default.node.kind == "object":
        behaviors.append(_behavior(default, None))
    for entry in _entries(root, "CacheBehaviors"):
        pattern = entry.text("PathPattern")
        behaviors.append(_behavior(entry, pattern.value if pattern else ""))
    return behaviors


def _behavior(at: At, pattern: str | None) -> Behavior:
    policy = at.child("ViewerProtocolPolicy")
    raw = policy.string() if policy is not None else None
    target = at.text("TargetOriginId")
    return Behavior(
        key="default" if pattern is None else pattern,
        label="the default cache behavior" if pattern is None else f'cache behavior "{pattern}"',
        path_pattern=pattern,
        viewer_protocol=_POLICIES.get(raw.value) if raw is not None else None,
        location=(policy if policy is not None else at).location(),
        target_origin_id=target.value if target else None,
    )


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
    origin_id = at.text("Id")
    ssl = custom.child("OriginSslProtocols") if custom is not None else None
    return Origin(
        id=origin_id.value if origin_id else None,
        kind=kind,
        domain_name=at.text("DomainName"),
        protocol_policy=custom.text("OriginProtocolPolicy") if custom is not None else None,
        ssl_protocols=tuple(
            v for entry in (ssl.entries() if ssl is not None else ()) if (v := entry.string())
        ),
        location=at.location(),
    )


def _origin_groups(root: At) -> list[OriginGroup]:
    groups: list[OriginGroup] = []
    for entry in _entries(root, "OriginGroups"):
        group_id = entry.text("Id")
        members = _entries(entry, "Members")
        member_ids = (member.text("OriginId") for member in members)
        if group_id is not None:
            groups.append(OriginGroup(group_id.value, tuple(m.value for m in member_ids if m)))
    return groups


def _certificate(at: At | None) -> Certificate | None:
    if at is None or at.node.kind != "object":
        return None
    return Certificate(
        location=at.location(),
        cloudfront_default=at.flag("CloudFrontDefaultCertificate"),
        acm_arn=at.text("ACMCertificateArn"),
        iam_certificate_id=at.text("IAMCertificateId"),
        ssl_support_method=at.text("SSLSupportMethod"),
        minimum_protocol_version=at.text("MinimumProtocolVersion"),
    )


def _logging(at: At | None) -> Logging | None:
    if at is None or at.node.kind != "object":
        return None
    return Logging(
        location=at.location(),
        enabled=at.flag("Enabled"),
        bucket=at.text("Bucket"),
        prefix=at.text("Prefix"),
    )


def _invalidation(document: Detected[Found], root: At) -> InvalidationBatch:
    paths = root.child("Paths")
    return InvalidationBatch(
        document=document.type,
        location=root.location(),
        caller_reference=root.text("CallerReference"),
        paths=tuple(v for entry in _entries(root, "Paths") if (v := entry.string())),
        paths_location=(paths if paths is not None else root).location(),
        address=document.address,
    )


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _identity_key(entry: Node, position: int) -> str:
    """What names a list entry: its first identity member's value, else its own value (an alias,
    an invalidation path), else its 0-based position (as the XML's element paths do)."""
    if entry.kind == "object":
        members = fields(entry)
        for key in _IDENTITY_KEYS:
            member = members.get(key)
            if member is not None and member.value.kind == "string" and member.value.value:
                return f"{key}={str(member.value.value).strip()!r}"
    elif entry.kind == "string" and entry.value:
        return repr(str(entry.value).strip())
    return f"#{position}"

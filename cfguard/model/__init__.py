"""The version-neutral model the rules read: frozen records in which every value knows its line.

Only the adapters (`cfguard.syntaxes.xml.adapters`) know the XML shapes; rules are written once
over this model.
A value the document does not give is None, never a guessed default, so a rule can tell "absent"
from "set".
"""

from __future__ import annotations

from typing import Generic, TypeVar

from cfguard.core.document import Dialect, DocumentType
from cfguard.core.findings import Location, StrEnum
from cfguard.core.records import field_names, record

T = TypeVar("T")


@record
class Value(Generic[T]):
    """A value from the document and where it is."""

    value: T
    location: Location


class ViewerProtocol(StrEnum):
    ALLOW_ALL = "allow-all"
    REDIRECT_TO_HTTPS = "redirect-to-https"
    HTTPS_ONLY = "https-only"


class OriginKind(StrEnum):
    S3 = "s3"
    CUSTOM = "custom"
    VPC = "vpc"
    UNKNOWN = "unknown"


@record
class Behavior:
    """A cache behavior: the default one or one `CacheBehavior`; legacy has only the default.

    `viewer_protocol` is the policy in effect; legacy documents are mapped onto the current
    vocabulary (no `RequiredProtocols` = allow-all, `https` = https-only). `location` points at the
    policy element, or at the element that should hold it when it is missing.
    """

    key: str  # stable across versions: "default" or the path pattern
    label: str  # for messages: 'the default cache behavior', 'cache behavior "/api/*"'
    path_pattern: str | None
    viewer_protocol: ViewerProtocol | None
    location: Location
    target_origin_id: str | None

    @property
    def accepts_http(self) -> bool:
        return self.viewer_protocol is ViewerProtocol.ALLOW_ALL


@record
class Origin:
    id: str | None
    kind: OriginKind
    domain_name: Value[str] | None
    protocol_policy: Value[str] | None  # custom origins only
    ssl_protocols: tuple[Value[str], ...]
    location: Location


@record
class OriginGroup:
    """An `OriginGroups/Items/OriginGroup` (current format): a failover pair of origins that a
    behavior can target by the group's `Id` instead of an origin's."""

    id: str
    member_ids: tuple[str, ...]


@record
class Certificate:
    """`ViewerCertificate` (current format only)."""

    location: Location
    cloudfront_default: Value[bool] | None
    acm_arn: Value[str] | None
    iam_certificate_id: Value[str] | None
    ssl_support_method: Value[str] | None
    minimum_protocol_version: Value[str] | None

    @property
    def is_custom(self) -> bool:
        """An ACM or IAM certificate is attached (whatever CloudFrontDefaultCertificate says)."""
        return self.acm_arn is not None or self.iam_certificate_id is not None


@record
class Logging:
    """Standard logging. Legacy: the element's presence turns logging on (`enabled` is None)."""

    location: Location
    enabled: Value[bool] | None
    bucket: Value[str] | None
    prefix: Value[str] | None

    @property
    def is_on(self) -> bool:
        return self.enabled is None or self.enabled.value


@record
class Distribution:
    document: DocumentType
    location: Location  # the root element
    caller_reference: Value[str] | None
    behaviors: tuple[Behavior, ...]
    origins: tuple[Origin, ...]
    aliases: tuple[Value[str], ...]
    aliases_location: Location | None  # `Aliases` (current) or the first `CNAME` (legacy)
    certificate: Certificate | None
    logging: Logging | None
    # Legacy only: the `RequiredProtocols` element, if present, and its `Protocol` value.
    required_protocols: Location | None = None
    required_protocol: Value[str] | None = None
    # Current only: origin groups, so a behavior that targets a group reaches its members.
    origin_groups: tuple[OriginGroup, ...] = ()

    @property
    def dialect(self) -> Dialect:
        return self.document.dialect

    def origin(self, origin_id: str | None) -> Origin | None:
        return next((o for o in self.origins if o.id == origin_id), None)

    def behaviors_reaching(self, origin: Origin) -> tuple[Behavior, ...]:
        """The behaviors whose requests can go to `origin`: those that target it by id or target
        an origin group it belongs to. Legacy documents have one origin and one behavior."""
        if self.dialect is Dialect.LEGACY:
            return self.behaviors
        targets = {origin.id} | {g.id for g in self.origin_groups if origin.id in g.member_ids}
        return tuple(b for b in self.behaviors if b.target_origin_id in targets)


@record
class InvalidationBatch:
    document: DocumentType
    location: Location
    caller_reference: Value[str] | None
    paths: tuple[Value[str], ...]
    paths_location: Location  # `Paths` (current) or the root (legacy)

    @property
    def dialect(self) -> Dialect:
        return self.document.dialect


Document = Distribution | InvalidationBatch


def detach(document: Document) -> Document:
    """`document` with every location worked out now. Locations are deferred (see `Location`)
    and keep the parsed tree alive until then: a model kept after its document is done with
    (a cached baseline or invalidation batch) must not hold its tree."""
    _resolve(document)
    return document


def _resolve(value: object) -> None:
    if isinstance(value, Location):
        value.resolve()
    elif isinstance(value, tuple):
        for item in value:
            _resolve(item)
    else:
        for name in field_names(value):
            _resolve(getattr(value, name))

"""The version-neutral model the rules read: frozen records in which every value knows its line.

Only the adapters (`cfguard.syntaxes.xml.adapters`) know the XML shapes; rules are written once
over this model.
A value has three states: absent (None, never a guessed default, so a rule can tell "absent" from
"set"), a literal, or *unknown*: an expression the file does not resolve (a CloudFormation
`!GetAtt`, a Terraform variable). Rules stay silent on unknowns without testing for them: reading
an unknown (`Value.value`, `Behavior.accepts_http`) raises `Undecided`, and the engine runs each
check through `decided`, which keeps what the check reported before and nothing after. XML never
produces unknowns.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from cfguard.core.document import Dialect, DocumentType
from cfguard.core.findings import Location, StrEnum

# Re-exported: the model's values are part of the model.
from cfguard.model.values import Undecided as Undecided
from cfguard.model.values import Unknown as Unknown
from cfguard.model.values import Value as Value
from cfguard.model.values import decided as decided


class ViewerProtocol(StrEnum):
    ALLOW_ALL = "allow-all"
    REDIRECT_TO_HTTPS = "redirect-to-https"
    HTTPS_ONLY = "https-only"


class OriginKind(StrEnum):
    S3 = "s3"
    CUSTOM = "custom"
    VPC = "vpc"
    UNKNOWN = "unknown"


class Behavior(NamedTuple):
    """A cache behavior: the default one or one `CacheBehavior`; legacy has only the default.

    `viewer_protocol` is the policy in effect; legacy documents are mapped onto the current
    vocabulary (no `RequiredProtocols` = allow-all, `https` = https-only). `location` points at the
    policy element, or at the element that should hold it when it is missing.
    """

    key: str  # stable across versions: "default" or the path pattern
    label: str  # for messages: 'the default cache behavior', 'cache behavior "/api/*"'
    path_pattern: str | None
    viewer_protocol: ViewerProtocol | Unknown | None
    location: Location
    target_origin_id: str | None

    @property
    def accepts_http(self) -> bool:
        if isinstance(self.viewer_protocol, Unknown):
            raise Undecided(self.viewer_protocol.expression)
        return self.viewer_protocol is ViewerProtocol.ALLOW_ALL


class Origin(NamedTuple):
    id: str | None
    kind: OriginKind
    domain_name: Value[str] | None
    protocol_policy: Value[str] | None  # custom origins only
    ssl_protocols: tuple[Value[str], ...]
    location: Location


class OriginGroup(NamedTuple):
    """An `OriginGroups/Items/OriginGroup` (current format): a failover pair of origins that a
    behavior can target by the group's `Id` instead of an origin's."""

    id: str
    member_ids: tuple[str, ...]


class IssuedCertificate(NamedTuple):
    """An ACM certificate the same file creates, which `ACMCertificateArn` refers to (a
    CloudFormation `AWS::CertificateManager::Certificate` named by `!Ref`): what it covers and
    where it will live, known before it exists.

    `names` are its `DomainName` and `SubjectAlternativeNames` (each may be unknown); it is
    created in the region the stack is deployed to (`Distribution.stack_region`). A Terraform
    `aws_acm_certificate` is created with a provider configuration instead: `provider` names it
    ("aws.us_east_1", "the default aws provider") and `region` is the region it sets (unknown
    for a variable; None when the module does not say, and its caller decides)."""

    address: str
    location: Location
    names: tuple[Value[str], ...]
    region: Value[str] | None = None
    provider: str | None = None


class Certificate(NamedTuple):
    """`ViewerCertificate` (current format only)."""

    location: Location
    cloudfront_default: Value[bool] | None
    acm_arn: Value[str] | None
    iam_certificate_id: Value[str] | None
    ssl_support_method: Value[str] | None
    minimum_protocol_version: Value[str] | None
    #: The certificate `acm_arn` refers to, when the same file creates it (then `acm_arn` is
    #: unknown: its ARN exists only once it is created).
    issued: IssuedCertificate | None = None

    @property
    def is_custom(self) -> bool:
        """An ACM or IAM certificate is attached (whatever CloudFrontDefaultCertificate says)."""
        return self.acm_arn is not None or self.iam_certificate_id is not None


class Logging(NamedTuple):
    """Standard logging. Legacy: the element's presence turns logging on (`enabled` is None)."""

    location: Location
    enabled: Value[bool] | None
    bucket: Value[str] | None
    prefix: Value[str] | None

    @property
    def is_on(self) -> bool:
        return self.enabled is None or self.enabled.value


class Distribution(NamedTuple):
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
    #: Which distribution of its file this is, where the file names it (a CloudFormation
    #: logical id, a Terraform resource address, a distribution Id); None for a request body.
    address: str | None = None
    #: The distribution's CloudFront Id (`E2QWRUHEXAMPLE`) where the file gives it (API
    #: responses, `--cli-input-json` for an update): what `aws cloudfront` commands take.
    distribution_id: str | None = None
    #: Whether the file is deployed as a stack (a CloudFormation template), and the region it must
    #: be deployed to when it says so (a `Rules` assertion on `AWS::Region`); what the stack
    #: creates, and `${AWS::Region}` in it, are in that region.
    is_stack: bool = False
    stack_region: str | None = None
    #: What deploys the file when it is not a request to the API ("terraform apply"), for the
    #: messages that say what to run after it; a stack says `is_stack`.
    deployed_by: str | None = None
    #: The version the file itself says this one replaces (a Terraform plan's
    #: `change.before`): CFG201's baseline when none is given.
    before: Distribution | None = None
    #: The command that wrote the file when it is a tool's output, not what a person edits (a
    #: Terraform plan: `terraform show -json`): its findings offer no fix.
    generated_by: str | None = None

    @property
    def dialect(self) -> Dialect:
        return self.document.dialect

    @property
    def has_logging_switch(self) -> bool:
        """Whether logging has an `Enabled` switch (the current API's XML and JSON). A legacy
        document, a CloudFormation template and Terraform have none: the `Logging` element,
        property or `logging_config` block turns logging on by being there."""
        return self.dialect is Dialect.CURRENT and not self.is_stack and self.deployed_by is None

    @property
    def is_resource(self) -> bool:
        """Whether the file declares the distribution as a resource of a tool that tracks it by
        its address (a template's logical id, a Terraform address): one under a new address is
        a new distribution (CloudFormation replaces it; Terraform, without a `moved` block,
        destroys and creates it), with an empty cache."""
        return self.is_stack or self.deployed_by is not None

    def origin(self, origin_id: str | None) -> Origin | None:
        return next((o for o in self.origins if o.id == origin_id), None)

    def behaviors_reaching(self, origin: Origin) -> tuple[Behavior, ...]:
        """The behaviors whose requests can go to `origin`: those that target it by id or target
        an origin group it belongs to. Legacy documents have one origin and one behavior."""
        if self.dialect is Dialect.LEGACY:
            return self.behaviors
        targets = {origin.id} | {g.id for g in self.origin_groups if origin.id in g.member_ids}
        return tuple(b for b in self.behaviors if b.target_origin_id in targets)


class InvalidationBatch(NamedTuple):
    document: DocumentType
    location: Location
    caller_reference: Value[str] | None
    paths: tuple[Value[str], ...]
    paths_location: Location  # `Paths` (current) or the root (legacy)
    address: str | None = None  # as `Distribution.address`

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
    elif isinstance(value, Value):
        _resolve(value.location)
    elif isinstance(value, tuple):  # the model's records are NamedTuples
        for item in value:
            _resolve(item)
    else:
        for item in dataclasses.fields(value) if dataclasses.is_dataclass(value) else ():
            _resolve(getattr(value, item.name))

"""Which CloudFront document a tree is: root element + namespace -> kind, format, API version.

Request bodies (`DistributionConfig`, `DistributionConfigWithTags`, `InvalidationBatch`) are read
in the namespaces cfguard has a schema for (2020-05-31, and the legacy flat format's). Three
response bodies hold a configuration too, and are read in every namespace of the Quantity/Items
API, 2012-05-05 to 2020-05-31 (`RESPONSE_FIRST`, `CURRENT_VERSION`), whose configuration has
today's shape: a `<Distribution>` (`get-distribution`, `create-distribution`,
`update-distribution`) around its `<DistributionConfig>`, a `<DistributionList>`
(`list-distributions`) whose `<DistributionSummary>` entries are each a distribution, and an
`<Invalidation>` (`create-invalidation`, `get-invalidation`) around its `<InvalidationBatch>`
(`Response`; `responses` finds the documents inside). Any other response, and these in a legacy
or unknown namespace, is skipped like any other XML.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from cfguard.core.document import (
    CURRENT_VERSION,
    LEGACY_FIRST,
    LEGACY_LAST,
    LEGACY_VERSION,
    NAMESPACE_PREFIX,
    Dialect,
    DocumentKind,
    DocumentType,
)

_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What a namespace meant to be CloudFront's looks like when it is not spelt exactly: another
# scheme or case, no trailing slash, stray whitespace. XML compares namespace names as strings
# (Namespaces in XML 1.0 §2.3), so each of these is a different namespace to CloudFront too.
_CLOUDFRONT_LIKE = re.compile(
    r"^\s*https?://cloudfront\.amazonaws\.com/doc/(?P<version>[^/\s]*)/?\s*$", re.IGNORECASE
)

#: Roots of the CloudFront API's other XML bodies (responses, other resources' requests) in the
#: 2020-05-31 service model (botocore `cloudfront/2020-05-31/service-2.json`): documents cfguard
#: does not lint, skipped like any other XML. Request bodies named `<Operation>Request` too. The
#: responses that hold a configuration (`RESPONSE_ROOTS`) are not among them.
_OTHER_ROOTS = """
    AnycastIpList AnycastIpListCollection CaCertificatesBundleSource CachePolicy CachePolicyConfig
    CachePolicyList CloudFrontOriginAccessIdentity CloudFrontOriginAccessIdentityConfig
    CloudFrontOriginAccessIdentityList ConflictingAliasesList ConnectionFunctionSummary
    ConnectionFunctionTestResult ConnectionGroup ContinuousDeploymentPolicy
    ContinuousDeploymentPolicyConfig ContinuousDeploymentPolicyList DistributionIdList
    DistributionIdOwnerList DistributionTenant ErrorResponse FieldLevelEncryption
    FieldLevelEncryptionConfig FieldLevelEncryptionList FieldLevelEncryptionProfile
    FieldLevelEncryptionProfileConfig FieldLevelEncryptionProfileList FunctionList FunctionSummary
    InvalidationList KeyGroup KeyGroupConfig KeyGroupList KeyValueStore
    KeyValueStoreList ManagedCertificateDetails MonitoringSubscription OriginAccessControl
    OriginAccessControlConfig OriginAccessControlList OriginRequestPolicy OriginRequestPolicyConfig
    OriginRequestPolicyList PublicKey PublicKeyConfig PublicKeyList RealtimeLogConfigs
    ResponseHeadersPolicy ResponseHeadersPolicyConfig ResponseHeadersPolicyList
    StreamingDistribution StreamingDistributionConfig StreamingDistributionConfigWithTags
    StreamingDistributionList TagKeys Tags TestResult TrustStore VpcOrigin VpcOriginEndpointConfig
    VpcOriginList
"""
OTHER_ROOTS = frozenset(_OTHER_ROOTS.split())
#: The response bodies that hold a configuration: get-, create- and update-distribution's
#: `Distribution`, list-distributions' `DistributionList`, create- and get-invalidation's
#: `Invalidation` (the 2020-05-31 service model's output shapes' payloads).
RESPONSE_ROOTS = frozenset({"Distribution", "DistributionList", "Invalidation"})
#: The first API version of the Quantity/Items format (docs/cloudfront.md, "Documents and API
#: versions"): a response in any namespace from it to `CURRENT_VERSION` is read, its
#: configuration validated against the 2020-05-31 schema in the response's own namespace.
RESPONSE_FIRST = "2012-05-05"


class NotCloudFront(NamedTuple):
    """Any other XML (a pom.xml, an SVG, a CloudFront response body without a configuration, or
    of the legacy API): skipped, not linted."""

    root: str
    reason: str


class Response(NamedTuple):
    """A response body that holds CloudFront documents (`RESPONSE_ROOTS`), in an exactly spelt
    namespace of the Quantity/Items API; `responses.response_documents` finds them."""

    root: str
    api_version: str


class UnsupportedVersion(NamedTuple):
    """A CloudFront document cfguard cannot check (CFG002): a request root in no namespace, in
    a namespace it has no schema for or one not spelt exactly; or, in a CloudFront namespace, a
    root that is no CloudFront document (a misspelt one)."""

    root: str
    namespace: str | None
    #: The exact namespace meant, when `namespace` is a near miss of a supported one.
    expected: str | None = None
    #: Set for a root that is no known CloudFront document: the linted root it is closest to.
    unknown_root: bool = False
    suggestion: str | None = None

    @property
    def message(self) -> str:
        if self.unknown_root:
            roots = ", ".join(f"<{kind.value}>" for kind in DocumentKind)
            hint = f" (did you mean <{self.suggestion}>?)" if self.suggestion else ""
            return (
                f"<{self.root}> is in a CloudFront namespace but is not a CloudFront "
                f"document{hint}; cfguard checks {roots}"
            )
        found = f'namespace "{self.namespace}"' if self.namespace is not None else "no namespace"
        if self.expected is not None:
            return (
                f'<{self.root}> has {found}; expected "{self.expected}" (CloudFront matches '
                "namespaces exactly, trailing slash included)"
            )
        return f"<{self.root}> has {found}; cfguard supports " + " and ".join(SUPPORTED_NAMESPACES)


SUPPORTED_NAMESPACES = (
    f"{NAMESPACE_PREFIX}{CURRENT_VERSION}/",
    f"{NAMESPACE_PREFIX}{LEGACY_VERSION}/ (and the legacy flat format's "
    f"{LEGACY_FIRST} to {LEGACY_LAST})",
)

_ROOTS = {kind.value: kind for kind in DocumentKind}


def detect_type(
    root: etree._Element,
) -> DocumentType | Response | NotCloudFront | UnsupportedVersion:
    qname = etree.QName(root)
    name, namespace = qname.localname, qname.namespace
    kind = _ROOTS.get(name)
    like = _CLOUDFRONT_LIKE.match(namespace) if namespace is not None else None
    if kind is None:
        if like is None:
            return NotCloudFront(name, f"root element <{name}> is not a CloudFront document")
        if name in RESPONSE_ROOTS:
            return _response(name, namespace)
        if name in OTHER_ROOTS or name.endswith("Request"):
            return NotCloudFront(name, f"<{name}> is a CloudFront document cfguard does not lint")
        import difflib  # only for a misspelt root: a clean run does not import it

        close = difflib.get_close_matches(name, list(_ROOTS), n=1, cutoff=0.6)
        return UnsupportedVersion(
            name, namespace, unknown_root=True, suggestion=close[0] if close else None
        )
    version = _api_version(namespace)
    if version is None:
        expected = None
        if like is not None and _supported(kind, like.group("version")):
            expected = f"{NAMESPACE_PREFIX}{like.group('version')}/"
        return UnsupportedVersion(name, namespace, expected=expected)
    if version == CURRENT_VERSION:
        return DocumentType(kind, Dialect.CURRENT, version)
    if _supported(kind, version):
        return DocumentType(kind, Dialect.LEGACY, version)
    return UnsupportedVersion(name, namespace)


def _response(name: str, namespace: str | None) -> Response | NotCloudFront:
    version = _api_version(namespace)
    if version is not None and RESPONSE_FIRST <= version <= CURRENT_VERSION:
        return Response(name, version)
    return NotCloudFront(
        name,
        f'<{name}> is a CloudFront response in namespace "{namespace}"; cfguard reads responses '
        f"of the Quantity/Items API, {NAMESPACE_PREFIX}{RESPONSE_FIRST}/ to "
        f"{NAMESPACE_PREFIX}{CURRENT_VERSION}/",
    )


def _supported(kind: DocumentKind, version: str) -> bool:
    if version == CURRENT_VERSION:
        return True
    legacy = _VERSION.match(version) is not None and LEGACY_FIRST <= version <= LEGACY_LAST
    return legacy and kind is not DocumentKind.DISTRIBUTION_WITH_TAGS


def _api_version(namespace: str | None) -> str | None:
    """The API version of an exactly spelt CloudFront namespace (`…/doc/<version>/`)."""
    if not namespace or not namespace.startswith(NAMESPACE_PREFIX) or not namespace.endswith("/"):
        return None
    version = namespace[len(NAMESPACE_PREFIX) : -1]
    return version if _VERSION.match(version) else None

"""Which CloudFront document a tree is: root element + namespace -> kind, format, API version."""

from __future__ import annotations

import re

from lxml import etree

from cfguard.findings import StrEnum
from cfguard.records import record

NAMESPACE_PREFIX = "http://cloudfront.amazonaws.com/doc/"
CURRENT_VERSION = "2020-05-31"
LEGACY_VERSION = "2010-11-01"
# The flat format of 2010-11-01 is shared by every API version from 2010-07-15 (boto 2 writes
# this one) to 2012-03-15; 2012-05-05 introduced Quantity/Items. cloudfront-notes.md §1.
LEGACY_FIRST, LEGACY_LAST = "2010-07-15", "2012-03-15"
_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DocumentFormat(StrEnum):
    LEGACY = "legacy"
    CURRENT = "current"


class DocumentKind(StrEnum):
    DISTRIBUTION = "DistributionConfig"
    DISTRIBUTION_WITH_TAGS = "DistributionConfigWithTags"
    INVALIDATION = "InvalidationBatch"


@record
class DocumentType:
    kind: DocumentKind
    format: DocumentFormat
    api_version: str

    @property
    def namespace(self) -> str:
        return f"{NAMESPACE_PREFIX}{self.api_version}/"

    @property
    def is_distribution(self) -> bool:
        return self.kind is not DocumentKind.INVALIDATION


@record
class NotCloudFront:
    """Any other XML (a pom.xml, an SVG, a CloudFront response body): skipped, not linted."""

    root: str
    reason: str


@record
class UnsupportedVersion:
    """A CloudFront root in no namespace or an API version cfguard has no schema for (CFG002)."""

    root: str
    namespace: str | None


SUPPORTED_NAMESPACES = (
    f"{NAMESPACE_PREFIX}{CURRENT_VERSION}/",
    f"{NAMESPACE_PREFIX}{LEGACY_VERSION}/ (and the legacy flat format's "
    f"{LEGACY_FIRST} to {LEGACY_LAST})",
)

_ROOTS = {kind.value: kind for kind in DocumentKind}


def detect_type(root: etree._Element) -> DocumentType | NotCloudFront | UnsupportedVersion:
    qname = etree.QName(root)
    name, namespace = qname.localname, qname.namespace
    kind = _ROOTS.get(name)
    if kind is None:
        if namespace and namespace.startswith(NAMESPACE_PREFIX):
            reason = f"<{name}> is a CloudFront document cfguard does not lint"
        else:
            reason = f"root element <{name}> is not a CloudFront document"
        return NotCloudFront(root=name, reason=reason)
    version = _api_version(namespace)
    if version is None:
        return UnsupportedVersion(root=name, namespace=namespace)
    if version == CURRENT_VERSION:
        return DocumentType(kind, DocumentFormat.CURRENT, version)
    if LEGACY_FIRST <= version <= LEGACY_LAST and kind is not DocumentKind.DISTRIBUTION_WITH_TAGS:
        return DocumentType(kind, DocumentFormat.LEGACY, version)
    return UnsupportedVersion(root=name, namespace=namespace)


def _api_version(namespace: str | None) -> str | None:
    if not namespace or not namespace.startswith(NAMESPACE_PREFIX):
        return None
    version = namespace[len(NAMESPACE_PREFIX) :].rstrip("/")
    return version if _VERSION.match(version) else None

"""What a CloudFront document is: its kind, dialect and API version (no parsing here; the XML
syntax detects them in `cfguard.syntaxes.xml.detect`)."""

from __future__ import annotations

from typing import NamedTuple

from cfguard.core.findings import StrEnum

NAMESPACE_PREFIX = "http://cloudfront.amazonaws.com/doc/"
CURRENT_VERSION = "2020-05-31"
LEGACY_VERSION = "2010-11-01"
# The flat format of 2010-11-01 is shared by every API version from 2010-07-15 (boto 2 writes
# this one) to 2012-03-15; 2012-05-05 introduced Quantity/Items (docs/cloudfront.md, "API
# versions").
LEGACY_FIRST, LEGACY_LAST = "2010-07-15", "2012-03-15"


class Dialect(StrEnum):
    """The shape of the CloudFront API a document follows, whatever its syntax: the flat
    `legacy` API of 2010-07-15 ... 2012-03-15, or the `current` Quantity/Items API. Not a
    "format", a word kept for syntaxes (XML, JSON ...) and output formats."""

    LEGACY = "legacy"
    CURRENT = "current"


class DocumentKind(StrEnum):
    DISTRIBUTION = "DistributionConfig"
    DISTRIBUTION_WITH_TAGS = "DistributionConfigWithTags"
    INVALIDATION = "InvalidationBatch"


class DocumentType(NamedTuple):
    """A document's kind, dialect and API version (a `NamedTuple`: on every run's start-up path,
    where a frozen dataclass would cost ~1 ms to define)."""

    kind: DocumentKind
    dialect: Dialect
    api_version: str

    @property
    def namespace(self) -> str:
        return f"{NAMESPACE_PREFIX}{self.api_version}/"

    @property
    def is_distribution(self) -> bool:
        return self.kind is not DocumentKind.INVALIDATION

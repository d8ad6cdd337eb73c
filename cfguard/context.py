"""What a check may read besides the document: rule options and, for change-aware rules, the
previous version of the document and the invalidations that accompany it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cfguard.model import Distribution, InvalidationBatch

#: CloudFront viewer security policies, oldest first (cloudfront-notes.md §3). Compared by position,
#: never by string prefix, so TLSv1.3_2025 is above every TLSv1.2 policy.
VIEWER_TLS_POLICIES = (
    "SSLv3",
    "TLSv1",
    "TLSv1_2016",
    "TLSv1.1_2016",
    "TLSv1.2_2018",
    "TLSv1.2_2019",
    "TLSv1.2_2021",
    "TLSv1.2_2025",
    "TLSv1.3_2025",
)

ORIGIN_SSL_PROTOCOLS = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2")


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """Per-rule options (`[tool.cfguard.rules.<ID>]` in the configuration)."""

    #: CFG103: the lowest acceptable `MinimumProtocolVersion` with a custom certificate.
    min_viewer_tls: str = "TLSv1.2_2021"
    #: CFG402: origin protocols that must not be offered.
    forbidden_origin_protocols: tuple[str, ...] = ("SSLv3", "TLSv1", "TLSv1.1")
    #: CFG106: most aliases a current-format distribution may have (the default quota).
    max_aliases: int = 100


@dataclass(frozen=True, slots=True)
class Context:
    options: RuleOptions = field(default_factory=RuleOptions)
    #: The previous version of the distribution (`--baseline`, `--baseline-ref`), if known.
    baseline: Distribution | None = None
    #: Invalidation batches that count as created with this version of the document.
    invalidations: tuple[InvalidationBatch, ...] = ()

"""What a check may read besides the document: rule options and, for change-aware rules, the
previous version of the document and the invalidations that accompany it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cfguard.model import Distribution, InvalidationBatch
from cfguard.rules.options import RuleOptions


@dataclass(frozen=True, slots=True)
class Context:
    options: RuleOptions = field(default_factory=RuleOptions)
    #: The previous version of the distribution (`--baseline`, `--baseline-ref`), if known.
    baseline: Distribution | None = None
    #: Invalidation batches that count as created with this version of the document.
    invalidations: tuple[InvalidationBatch, ...] = ()
    #: The document's path as given ("-": standard input), so a message can name its files.
    path: str | None = None
    #: Invalidation files that were read for this document but do not count, each as
    #: "<file> <why>" (CFG201 says why, instead of asking for a file that exists).
    rejected: tuple[str, ...] = ()

"""What a check may read besides the document: rule options and, for change-aware rules, the
previous version of the document and the invalidations that accompany it."""

from __future__ import annotations

from typing import NamedTuple

from cfguard.model import Distribution, InvalidationBatch
from cfguard.rules.options import RuleOptions


class _Fields(NamedTuple):
    options: RuleOptions
    #: The previous version of the distribution (`--baseline`, `--baseline-ref`), if known.
    baseline: Distribution | None
    #: Invalidation batches that count as created with this version of the document.
    invalidations: tuple[InvalidationBatch, ...]
    #: The document's path as given ("-": standard input), so a message can name its files.
    path: str | None
    #: Invalidation files that were read for this document but do not count, each as
    #: "<file> <why>" (CFG201 says why, instead of asking for a file that exists).
    rejected: tuple[str, ...]


class Context(_Fields):
    """A `NamedTuple` (a frozen dataclass costs ~0.7 ms to define, on every run's start-up
    path), subclassed because the default options are read from the rule files when needed."""

    __slots__ = ()

    def __new__(
        cls,
        options: RuleOptions | None = None,  # None: every option at its declared default
        baseline: Distribution | None = None,
        invalidations: tuple[InvalidationBatch, ...] = (),
        path: str | None = None,
        rejected: tuple[str, ...] = (),
    ) -> Context:
        options = RuleOptions() if options is None else options
        return super().__new__(cls, options, baseline, invalidations, path, rejected)

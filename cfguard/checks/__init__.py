"""Rule logic, grouped by concern, and the one table of checks the engine runs.

The table is explicit and typed: mypy checks every function against the document it is listed
for, and adding a check means adding one line here (and its `rules/<ID>-<name>.md`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from cfguard.checks import aliases, caching, dedicated_ip, issued, logging, origins, tls, viewer
from cfguard.checks.context import Context
from cfguard.core.findings import Hit
from cfguard.model import Distribution, InvalidationBatch

M = TypeVar("M", Distribution, InvalidationBatch)


class CheckSpec(Generic[M]):
    """The check function of `rule_id`, for one kind of document.

    A plain slotted class: a frozen dataclass costs ~0.8 ms to define, on every run's start-up
    path, and a `NamedTuple` cannot be generic on Python 3.10.
    """

    __slots__ = ("document", "function", "rule_id")
    rule_id: str
    document: str  # "distribution" or "invalidation"
    function: Callable[[M, Context], Iterable[Hit]]

    def __init__(
        self, rule_id: str, document: str, function: Callable[[M, Context], Iterable[Hit]]
    ) -> None:
        self.rule_id, self.document, self.function = rule_id, document, function

    def __repr__(self) -> str:
        return f"CheckSpec({self.rule_id!r}, {self.document!r}, {self.function.__name__})"


#: Checks of a distribution, by rule id.
DISTRIBUTION_CHECKS: tuple[CheckSpec[Distribution], ...] = (
    CheckSpec("CFG101", "distribution", viewer.http_allowed),
    CheckSpec("CFG102", "distribution", issued.cname_https_mismatch),
    CheckSpec("CFG103", "distribution", tls.weak_viewer_tls),
    CheckSpec("CFG104", "distribution", issued.certificate_source),
    CheckSpec("CFG105", "distribution", dedicated_ip.dedicated_ip_ssl),
    CheckSpec("CFG106", "distribution", aliases.alias_format),
    CheckSpec("CFG201", "distribution", caching.https_switch_without_invalidation),
    CheckSpec("CFG301", "distribution", logging.logging_bucket_format),
    CheckSpec("CFG302", "distribution", logging.logging_prefix),
    CheckSpec("CFG303", "distribution", logging.logging_disabled),
    CheckSpec("CFG401", "distribution", origins.origin_plaintext),
    CheckSpec("CFG402", "distribution", origins.origin_weak_tls),
)

#: Checks of an invalidation batch, by rule id.
BATCH_CHECKS: tuple[CheckSpec[InvalidationBatch], ...] = (
    CheckSpec("CFG202", "invalidation", caching.invalidation_path),
)


__all__ = ["BATCH_CHECKS", "DISTRIBUTION_CHECKS", "CheckSpec"]

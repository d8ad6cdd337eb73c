"""The records every stage of the pipeline hands to the next: locations, hits and findings."""

from __future__ import annotations

import sys
from dataclasses import dataclass

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - Python 3.10
    from enum import Enum

    class StrEnum(str, Enum):
        """`enum.StrEnum` for Python 3.10."""

        def __str__(self) -> str:
            return str(self.value)


class Severity(StrEnum):
    """How serious a finding is; ordered from most to least severe by `rank`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: higher is more severe."""
        return _RANKS[self]


_RANKS = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is in a document.

    `line` and `column` are 1-based; `column` is None when unknown. `xpath` is a readable
    element path such as `/DistributionConfig/CacheBehaviors/Items/CacheBehavior[2]`.
    """

    line: int
    column: int | None
    xpath: str


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check reports: where and what, without rule id or severity."""

    location: Location
    message: str
    severity: Severity | None = None  # a check may lower or raise one hit (e.g. an info note)


@dataclass(frozen=True, slots=True)
class Finding:
    """A hit stamped by the engine with its rule's id, name and effective severity."""

    rule_id: str
    name: str
    severity: Severity
    message: str
    location: Location

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.location.line, self.location.column or 0, self.rule_id, self.message)

"""The records every stage of the pipeline hands to the next: locations, hits and findings."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NamedTuple

from cfguard.core.location import Location
from cfguard.core.message import Text

if TYPE_CHECKING:
    from cfguard.core.fixes import Fix

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


class Hit(NamedTuple):
    """What a check reports: where and what, without rule id or severity."""

    location: Location
    #: Plain text, or a `Message` naming fields, which the engine renders in the syntax's spelling.
    message: Text
    severity: Severity | None = None  # a check may lower or raise one hit (e.g. an info note)
    #: How to repair it, when the rule can (`cfguard check --fix`).
    fix: Fix | None = None


class _FindingFields(NamedTuple):
    rule_id: str
    name: str
    severity: Severity
    message: str
    location: Location
    fix: Fix | None


class Finding(_FindingFields):
    """A hit stamped by the engine with its rule's id, name and effective severity.

    A `NamedTuple` (defining a frozen dataclass costs ~1 ms on every run's start-up path),
    subclassed so that making one works its location out: a finding is reported, so its place
    is needed and the document's tree is not.
    """

    __slots__ = ()

    def __new__(  # noqa: PLR0917  # unpickling passes every field by position
        cls,
        rule_id: str,
        name: str,
        severity: Severity,
        message: str,
        location: Location,
        fix: Fix | None = None,
    ) -> Finding:
        location.resolve()
        if fix is not None:
            for replacement in fix.replacements:
                replacement.location.resolve()
        return super().__new__(cls, rule_id, name, severity, message, location, fix)

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.location.line, self.location.column or 0, self.rule_id, self.message)


__all__ = ["Finding", "Hit", "Location", "Severity", "StrEnum"]

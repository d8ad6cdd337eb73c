"""The records every stage of the pipeline hands to the next: locations, hits and findings."""

from __future__ import annotations

import sys
from collections.abc import Callable

from cfguard.core.message import Text
from cfguard.core.records import record

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


class Location:
    """Where something is in a document.

    `line` and `column` are 1-based; `column` is None when unknown. `xpath` is a readable
    element path such as `/DistributionConfig/CacheBehaviors/Items/CacheBehavior[2]`.

    Immutable, compared and hashed by value. A location made with `deferred` is worked out on
    first use: the adapters give every model value a location, but a clean document never shows
    one, and working out columns and paths for all of them was half the cost of checking it.
    A `Finding` always holds a worked-out location (so it never keeps a document's tree alive).
    """

    __slots__ = ("_column", "_line", "_pending", "_xpath")

    def __init__(self, line: int, column: int | None, xpath: str) -> None:
        self._line, self._column, self._xpath = line, column, xpath
        self._pending: Callable[[], Location] | None = None

    @classmethod
    def deferred(cls, compute: Callable[[], Location]) -> Location:
        """A location that calls `compute` (once) when it is first read."""
        location = cls.__new__(cls)
        location._pending = compute
        return location

    def resolve(self) -> Location:
        """Work the location out now (if deferred) and drop what it needed; returns self."""
        if self._pending is not None:
            done = self._pending()
            self._line, self._column, self._xpath = done.line, done.column, done.xpath
            self._pending = None
        return self

    @property
    def line(self) -> int:
        return self.resolve()._line

    @property
    def column(self) -> int | None:
        return self.resolve()._column

    @property
    def xpath(self) -> str:
        return self.resolve()._xpath

    def _key(self) -> tuple[int, int | None, str]:
        self.resolve()
        return (self._line, self._column, self._xpath)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Location) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Location(line={self.line}, column={self.column}, xpath={self.xpath!r})"

    def __reduce__(self) -> tuple[type[Location], tuple[int, int | None, str]]:
        return (Location, self._key())


@record
class Hit:
    """What a check reports: where and what, without rule id or severity."""

    location: Location
    message: Text
    severity: Severity | None = None  # a check may lower or raise one hit (e.g. an info note)


@record
class Finding:
    """A hit stamped by the engine with its rule's id, name and effective severity."""

    rule_id: str
    name: str
    severity: Severity
    message: str
    location: Location

    def __post_init__(self) -> None:
        self.location.resolve()  # a finding is reported: its place is needed, the tree is not

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.location.line, self.location.column or 0, self.rule_id, self.message)

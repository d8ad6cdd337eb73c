"""The model's values: a literal or an unknown (`Value`), the unknown of a field that is not a
`Value` (`Unknown`), and how a check stops at the first unknown it reads (`decided`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, NamedTuple, TypeVar

from cfguard.core.findings import Location

T = TypeVar("T")
H = TypeVar("H")
M = TypeVar("M")
C = TypeVar("C")
ItemT = TypeVar("ItemT")


class Undecided(Exception):
    """A rule read a value the file does not resolve: it has nothing to say about it."""

    def __init__(self, expression: str) -> None:
        super().__init__(f"unknown value: {expression}")
        self.expression = expression


class Value(Generic[T]):
    """A value from the document and where it is: a literal, or unknown (`expression` set).

    Construct a literal as `Value(literal, location)` and an unknown with `Value.unknown`; read it
    with `.value`, which raises `Undecided` for an unknown, so a rule never decides on one.

    Written by hand rather than as a dataclass: it is the most used record of the model, and a
    frozen dataclass compiles six methods when the module is imported (~1.3 ms a class, on every
    run); a `NamedTuple` cannot be generic on Python 3.10.
    """

    __slots__ = ("expression", "literal", "location")
    literal: T
    location: Location
    #: The expression the file gives instead of a literal (`!GetAtt Cert.Arn`, `var.policy`).
    expression: str | None

    def __init__(self, literal: T, location: Location, expression: str | None = None) -> None:
        _set(self, "literal", literal)
        _set(self, "location", location)
        _set(self, "expression", expression)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Value is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Value is immutable: cannot delete {name!r}")

    def _key(self) -> tuple[object, Location, str | None]:
        return (self.literal, self.location, self.expression)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Value) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        fields = f"literal={self.literal!r}, location={self.location!r}"
        return f"Value({fields}, expression={self.expression!r})"

    def __reduce__(self) -> tuple[type[Value[T]], tuple[T, Location, str | None]]:
        return (Value, (self.literal, self.location, self.expression))

    @classmethod
    def unknown(cls, location: Location, expression: str) -> Value[Any]:
        """A value the file sets to an expression it does not resolve."""
        return Value(None, location, expression)

    @property
    def is_unknown(self) -> bool:
        return self.expression is not None

    @property
    def value(self) -> T:
        if self.expression is not None:
            raise Undecided(self.expression)
        return self.literal


_set = object.__setattr__


class Unknown(NamedTuple):
    """An unknown in a field that is not a `Value` (`Behavior.viewer_protocol`): the
    expression the file gives. Never equal to a literal, and the model's accessors
    (`Behavior.accepts_http`) raise `Undecided` on it."""

    expression: str


def each_decided(items: Iterable[ItemT], check: Callable[[ItemT], Iterable[H]]) -> Iterator[H]:
    """What `check(item)` reports for each item, each until it reads an unknown value: an
    unknown in one behavior, origin or alias says nothing of that item and hides nothing of the
    others (a check over a whole list would otherwise stop at the first unknown, and the
    literal `allow-all` after a `var.policy` would go unreported)."""
    for item in items:
        yield from decided_items(check, item)


def decided_items(check: Callable[[ItemT], Iterable[H]], item: ItemT) -> list[H]:
    """What `check(item)` reports until it reads an unknown value."""
    found: list[H] = []
    try:
        for hit in check(item):
            found.append(hit)
    except Undecided:
        pass
    return found


def decided(check: Callable[[M, C], Iterable[H]], model: M, context: C) -> list[H]:
    """What `check(model, context)` reports until it reads an unknown value (`Undecided`), and
    nothing after.

    What it yielded before was decided on literals alone; what it would have said next is left
    unsaid, so an unknown can hide a finding (about a later behavior, say) but never cause one.
    """
    found: list[H] = []
    try:
        for hit in check(model, context):
            found.append(hit)
    except Undecided:
        pass
    return found

"""cfguard.core.records behaves like the frozen, slotted dataclasses it replaces."""

from __future__ import annotations

import pickle
from typing import ClassVar, Generic, TypeVar

import pytest

from cfguard.core.records import FrozenRecordError, field, field_names, record, replace

T = TypeVar("T")


@record
class Pair(Generic[T]):
    value: T
    note: str = "none"
    tags: list[str] = field(default_factory=list)
    KIND: ClassVar[str] = "pair"


@record
class Other:
    value: int
    note: str = "none"
    tags: list[str] = field(default_factory=list)


@record
class Derived:
    base: int
    double: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "double", self.base * 2)


@record(frozen=False)
class Counter:
    count: int = 0


def test_fields_defaults_and_factories() -> None:
    pair = Pair(1)
    assert (pair.value, pair.note, pair.tags) == (1, "none", [])
    assert Pair(1).tags is not Pair(1).tags
    assert Pair(value=2, note="x").note == "x"
    assert field_names(pair) == ("value", "note", "tags")
    assert Pair.KIND == "pair"
    assert field_names(object()) == ()


def test_equality_and_hash_are_by_value_and_class() -> None:
    assert Pair(1, "a", ["t"]) == Pair(1, "a", ["t"])
    assert Pair(1) != Pair(2)
    assert Pair(1) != Other(1)  # same values, another record
    assert hash(Pair(1, "a", ())) == hash(Pair(1, "a", ()))  # type: ignore[arg-type]
    assert repr(Pair(1)) == "Pair(value=1, note='none', tags=[])"


def test_frozen_slotted_and_picklable() -> None:
    pair = Pair(1)
    with pytest.raises(FrozenRecordError):
        pair.value = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del pair.note  # type: ignore[misc]
    assert not hasattr(pair, "__dict__")
    assert pickle.loads(pickle.dumps(pair)) == pair
    assert pickle.loads(pickle.dumps(Derived(3))) == Derived(3)


def test_post_init_and_replace() -> None:
    assert Derived(3).double == 6
    assert replace(Derived(3), base=5).double == 10  # __post_init__ runs again
    assert replace(Pair(1, "a"), note="b") == Pair(1, "b")


def test_mutable_records_are_unhashable() -> None:
    counter = Counter()
    counter.count += 1
    assert counter == Counter(1)
    with pytest.raises(TypeError):
        hash(counter)


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((), {}, "missing argument 'value'"),
        ((1, "a", [], 4), {}, "takes 3 arguments but 4 were given"),
        ((1,), {"value": 2}, "got 'value' twice"),
        ((1,), {"colour": "red"}, "unexpected argument"),
    ],
)
def test_wrong_arguments_are_type_errors(
    args: tuple[object, ...], kwargs: dict[str, object], error: str
) -> None:
    with pytest.raises(TypeError, match=error):
        Pair(*args, **kwargs)


def test_what_records_do_not_support_is_refused_when_defined() -> None:
    with pytest.raises(TypeError, match="cannot inherit from a record"):

        @record
        class Child(Other):  # type: ignore[misc]
            extra: int = 0

    with pytest.raises(TypeError, match="writes __eq__, __hash__ itself"):

        @record
        class OwnEquality:  # noqa: PLW1641
            value: int

            def __eq__(self, other: object) -> bool:
                return True

    with pytest.raises(TypeError, match="mutable default"):

        @record
        class Shared:
            items: list[int] = []  # noqa: RUF012


def test_a_classvar_spelt_through_a_module_alias_is_not_a_field() -> None:
    import typing as t

    @record
    class Counted:
        value: int
        LIMIT: t.ClassVar[int] = 3

    assert field_names(Counted(1)) == ("value",)
    assert Counted.LIMIT == 3

"""Records: `dataclasses.dataclass` without compiling anything at import.

dataclasses writes each class's `__init__`, `__repr__`, `__eq__`, `__hash__` and frozen
`__setattr__`/`__delattr__` as source text and compiles it when the module is imported: about
1.4 ms a class on a 2-CPU CI machine, so the 29 records a plain `cfguard check` defined cost it
40 ms of its 180 (timed around `dataclasses._process_class`). `record` gives the same classes
from methods written once, here, as closures over the field names: defining one costs a
dictionary walk. Creating one costs ~1.5 µs more than a dataclass (~30 a document: ~45 µs).

It supports what cfguard's records use, and type checkers read it as a dataclass (PEP 681):
fields with defaults or `field(default_factory=...)`, `__post_init__`, frozen (the default) or
mutable, `__slots__`, value equality and hashing, a dataclass-style repr, pickling (results
cross process boundaries with `--jobs`), `replace` and `field_names`. What it does not support
it refuses with a TypeError when the class is defined: inheriting from a record, a class that
writes its own `__init__`/`__eq__`/`__hash__`/`__setattr__`/`__slots__`, a mutable default.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        return lambda decorated: decorated


__all__ = ["FrozenRecordError", "field", "field_names", "record", "replace"]

_C = TypeVar("_C", bound=type)
_R = TypeVar("_R")
_FIELDS = "__record_fields__"
_VALUES = "__record_values__"
#: Methods `record` writes; a class that defines one of them is refused rather than overridden.
_WRITTEN_FOR_YOU = frozenset(
    {"__init__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__slots__", "__match_args__"}
)
_set = object.__setattr__


class FrozenRecordError(AttributeError):
    """An attempt to change a field of a frozen record."""


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], _R]) -> _R:
    """A field whose default is made afresh for each instance, as with dataclasses."""
    return _Factory(default_factory)  # type: ignore[return-value]  # a marker, not an _R


@overload
def record(cls: _C, /) -> _C: ...
@overload
def record(*, frozen: bool = True) -> Callable[[_C], _C]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: _C | None = None, /, *, frozen: bool = True) -> _C | Callable[[_C], _C]:
    """Make `cls` a record of the fields its annotations name (ClassVars excepted)."""

    def build(cls: _C) -> _C:
        return _build(cls, frozen=frozen)

    return build if cls is None else build(cls)


def field_names(instance: object) -> tuple[str, ...]:
    """The fields of a record, in order; () for anything else."""
    return getattr(type(instance), _FIELDS, ())


def replace(instance: _R, /, **changes: Any) -> _R:
    """A copy of a record with some fields changed (`__post_init__` runs again)."""
    values = {name: getattr(instance, name) for name in field_names(instance)}
    return type(instance)(**{**values, **changes})


def _build(cls: _C, *, frozen: bool) -> _C:
    if any(hasattr(base, _FIELDS) for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: a record cannot inherit from a record")
    written = _WRITTEN_FOR_YOU.intersection(cls.__dict__)
    if written:
        raise TypeError(f"{cls.__name__}: a record writes {', '.join(sorted(written))} itself")
    annotations = inspect.get_annotations(cls)  # its own, not its bases'; click imports inspect
    names = tuple(name for name, kind in annotations.items() if not _is_classvar(kind))
    defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
    for name, default in defaults.items():
        if isinstance(default, (list, dict, set)):
            raise TypeError(f"{cls.__name__}.{name}: a mutable default; use field(default_factory)")
    namespace = {
        key: value
        for key, value in cls.__dict__.items()
        if key not in ("__dict__", "__weakref__") and key not in defaults
    }
    # What equality and hashing compare: one C call (a tuple, or the value of a single field).
    namespace[_VALUES] = attrgetter(*names) if names else _no_values
    namespace[_FIELDS] = names
    namespace["__slots__"] = names
    namespace["__match_args__"] = names
    namespace["__init__"] = _init(names, defaults, "__post_init__" in cls.__dict__)
    namespace.setdefault("__repr__", _repr)
    namespace["__eq__"] = _eq
    if frozen:
        namespace["__hash__"] = _hash
        namespace["__setattr__"] = _refuse_set
        namespace["__delattr__"] = _refuse_delete
        # Pickle's default for slotted classes restores fields with setattr, which a frozen
        # record refuses.
        namespace["__getstate__"] = _getstate
        namespace["__setstate__"] = _setstate
    else:
        namespace["__hash__"] = None  # mutable and compared by value: unhashable
    built = type(cls)(cls.__name__, cls.__bases__, namespace)
    built.__qualname__ = cls.__qualname__
    return built


def _is_classvar(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    # ClassVar[int], typing.ClassVar[int], t.ClassVar[int]
    return text.partition("[")[0].rpartition(".")[2] == "ClassVar"


def _no_values(instance: object) -> tuple[()]:
    return ()


def _init(
    names: tuple[str, ...], defaults: dict[str, object], post_init: bool
) -> Callable[..., None]:
    count = len(names)
    known = frozenset(names)

    def __init__(self: object, *args: object, **kwargs: object) -> None:
        if len(args) == count and not kwargs:
            for name, value in zip(names, args, strict=True):
                _set(self, name, value)
        else:
            if len(args) > count:
                raise TypeError(
                    f"{type(self).__name__}() takes {count} arguments but {len(args)} were given"
                )
            unknown = kwargs.keys() - known
            if unknown:
                raise TypeError(f"{type(self).__name__}() got an unexpected argument {unknown}")
            for position, name in enumerate(names):
                if position < len(args):
                    if name in kwargs:
                        raise TypeError(f"{type(self).__name__}() got {name!r} twice")
                    value = args[position]
                elif name in kwargs:
                    value = kwargs[name]
                elif name in defaults:
                    default = defaults[name]
                    value = default.make() if isinstance(default, _Factory) else default
                else:
                    raise TypeError(f"{type(self).__name__}() missing argument {name!r}")
                _set(self, name, value)
        if post_init:
            self.__post_init__()  # type: ignore[attr-defined]

    return __init__


def _values(instance: object) -> object:
    return getattr(type(instance), _VALUES)(instance)


def _repr(self: object) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in getattr(type(self), _FIELDS))
    return f"{type(self).__qualname__}({shown})"


def _eq(self: object, other: object) -> object:  # bool, or NotImplemented for other classes
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: object) -> int:
    return hash(_values(self))


def _refuse_set(self: object, name: str, value: object) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r} of a frozen record")


def _refuse_delete(self: object, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r} of a frozen record")


def _getstate(self: object) -> tuple[object, ...]:
    return tuple(getattr(self, name) for name in getattr(type(self), _FIELDS))


def _setstate(self: object, state: tuple[object, ...]) -> None:
    for name, value in zip(getattr(type(self), _FIELDS), state, strict=True):
        _set(self, name, value)

"""A check's message in model terms: text, and references to the document's fields that the
syntax spells (`<MinimumProtocolVersion>` in XML, `minimum_protocol_version` in Terraform).

A check says what is wrong and the fix without knowing the syntax of the document: it builds a
`Message` from plain text and `Field` / `Setting` / `Placeholder` / `NewDocument` parts, and the
engine renders it with the document's `Spelling` when it stamps the hit into a finding. Nothing is
rendered for a clean document, and a message that is plain text is already a `str`.

The parts are plain slotted classes, not dataclasses: every check module builds some at import,
on the start-up path of every run, and defining a dataclass costs a millisecond or more each.
"""

from __future__ import annotations

from typing import Final, Protocol, TypeAlias


class _Value:
    """Immutable by convention (`Final` attributes), compared and hashed by its slots."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) or not isinstance(other, _Value):
            return False
        return other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._values()!r}"


class Field(_Value):
    """A field of the document by its CloudFront API name; more than one name is a field inside
    another: `Field("RequiredProtocols", "Protocol")`."""

    __slots__ = ("path",)

    def __init__(self, *path: str) -> None:
        self.path: Final = path


class Setting(_Value):
    """A field with the value to give it: a text value, or the fields inside it."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str | Setting | tuple[Setting, ...]) -> None:
        self.name: Final = name
        self.value: Final = value


class Placeholder(_Value):
    """A part of a value the user fills in, such as `bucket-name` or `region`."""

    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what: Final = what


class NewDocument(_Value):
    """A whole document of the current API for the user to save (e.g. an invalidation batch)."""

    __slots__ = ("root",)

    def __init__(self, root: Setting) -> None:
        self.root: Final = root


Part: TypeAlias = str | Field | Setting | Placeholder | NewDocument


class Message(_Value):
    """Text with field references, in order; `render` joins them in one syntax's spelling."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Part, ...]) -> None:
        self.parts: Final = parts


#: What a check may report: plain text (no field named) or a message with references.
Text: TypeAlias = str | Message


def message(*pieces: Message | Part) -> Message:
    """A message of `pieces` in order, a nested message's parts taken in its place."""
    parts: list[Part] = []
    for piece in pieces:
        if isinstance(piece, Message):
            parts.extend(piece.parts)
        else:
            parts.append(piece)
    return Message(tuple(parts))


class Spelling(Protocol):
    """How one syntax writes field references in a message."""

    def field(self, path: tuple[str, ...]) -> str: ...

    def setting(self, setting: Setting) -> str: ...

    def placeholder(self, what: str) -> str: ...

    def comment(self, text: str) -> str:
        """`text` as a comment of the syntax (a suppression example)."""
        ...

    def document(self, root: Setting) -> str: ...


def render(text: Text, spelling: Spelling) -> str:
    """The message as the user reads it, field names in `spelling`."""
    if isinstance(text, str):
        return text
    return "".join(_render_part(part, spelling) for part in text.parts)


def _render_part(part: Part, spelling: Spelling) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Field):
        return spelling.field(part.path)
    if isinstance(part, Setting):
        return spelling.setting(part)
    if isinstance(part, Placeholder):
        return spelling.placeholder(part.what)
    return spelling.document(part.root)

"""A check's message in model terms: text, and references to the document's fields that the
syntax spells (`<MinimumProtocolVersion>` in XML, `minimum_protocol_version` in Terraform).

A check says what is wrong and the fix without knowing the syntax of the document: it builds a
`Message` from plain text and `Field` / `Setting` / `Placeholder` / `NewDocument` parts, and the
engine renders it with the document's `Spelling` when it stamps the hit into a finding. Nothing is
rendered for a clean document, and a message that is plain text is already a `str`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeAlias


@dataclass(frozen=True, slots=True, init=False)
class Field:
    """A field of the document by its CloudFront API name; more than one name is a field inside
    another: `Field("RequiredProtocols", "Protocol")`."""

    path: tuple[str, ...]

    def __init__(self, *path: str) -> None:
        object.__setattr__(self, "path", path)


@dataclass(frozen=True, slots=True)
class Setting:
    """A field with the value to give it: a text value, or the fields inside it."""

    name: str
    value: str | Setting | tuple[Setting, ...]


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A part of a value the user fills in, such as `bucket-name` or `region`."""

    what: str


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A whole document of the current API for the user to save (e.g. an invalidation batch)."""

    root: Setting


Part: TypeAlias = str | Field | Setting | Placeholder | NewDocument


@dataclass(frozen=True, slots=True)
class Message:
    """Text with field references, in order; `render` joins them in one syntax's spelling."""

    parts: tuple[Part, ...]


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

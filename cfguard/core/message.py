"""A check's message in model terms: text, and references to the document's fields that the
syntax spells (`<MinimumProtocolVersion>` in XML, `minimum_protocol_version` in Terraform).

A check says what is wrong and the fix without knowing the syntax of the document: it builds a
`Message` from plain text and `Field` / `Mention` / `Stated` / `Setting` / `Item` / `Recount` /
`Placeholder` / `NewDocument` parts, and the engine renders it with the document's `Spelling` when
it stamps the hit into a finding. Nothing is rendered for a clean document, and a message that is
plain text is already a `str`. No CloudFront member name is ever bare text in a message: the
syntaxes name them differently (`AcmCertificateArn` in CloudFormation, `acm_certificate_arn` in
Terraform), and some have no such member at all (`Quantity`).

The parts are plain slotted classes, not dataclasses: every check module builds some at import,
on the start-up path of every run, and defining a dataclass costs a millisecond or more each.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal, Protocol, TypeAlias


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


class Mention(_Value):
    """A field named in the prose of a sentence, as opposed to pointed at: "names neither an
    ACMCertificateArn nor an IAMCertificateId". XML writes the bare name (`Logging/Enabled` for a
    path), as cfguard's messages always have; another syntax writes it as it writes a `Field`."""

    __slots__ = ("path",)

    def __init__(self, *path: str) -> None:
        self.path: Final = path


#: A value as the document holds it. A syntax with types (JSON) writes `true`, `1` and `"text"`;
#: XML writes each as its text.
Scalar: TypeAlias = str | int | bool


class Stated(_Value):
    """A field and the value the document gives it, named in prose: "MinimumProtocolVersion SSLv3"
    in XML, `"MinimumProtocolVersion": "SSLv3"` in JSON. `field` is a name or a path of names
    (`("Logging", "Enabled")`)."""

    __slots__ = ("path", "value")

    def __init__(self, field: str | tuple[str, ...], value: Scalar) -> None:
        self.path: Final = (field,) if isinstance(field, str) else field
        self.value: Final = value


class Setting(_Value):
    """A field with the value to give it: a value, or the fields inside it. The fields inside an
    `Items` are its entries, each named by the element that wraps it in XML (`Path`)."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: Scalar | Setting | tuple[Setting, ...]) -> None:
        self.name: Final = name
        self.value: Final = value


class Item(_Value):
    """One entry of a list: `owner` is the list (`Aliases`, `Paths`), `wrapper` the element that
    wraps each entry in XML (`CNAME`, `Path`), `value` the entry to write, if there is one. XML
    names an entry by its wrapper ("a CNAME must name a domain") and writes one as the element
    (`<Path>/*</Path>`); JSON and the others have no wrapper: an entry is a value in a list."""

    __slots__ = ("owner", "value", "wrapper")

    def __init__(self, owner: str, wrapper: str, value: Scalar | None = None) -> None:
        self.owner: Final = owner
        self.wrapper: Final = wrapper
        self.value: Final = value


class Recount(_Value):
    """A clause about a list's count: "(update Quantity to match)". The CloudFront API (XML and
    the CLI's JSON) keeps a `Quantity` beside each list's `Items`; a syntax whose lists carry no
    count (CloudFormation, Terraform) leaves the clause out. Its parts name the count with
    `Field` or `Mention`, so the text around the clause must read without it."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Part) -> None:
        self.parts: Final = parts


class Noun(_Value):
    """What the syntax calls a field holding others (`"member"`) or a list entry (`"entry"`): an
    "element" in XML, a member or an entry in JSON, a property in a template."""

    __slots__ = ("kind",)

    def __init__(self, kind: Literal["member", "entry"]) -> None:
        self.kind: Final = kind


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


Part: TypeAlias = (
    str | Field | Mention | Stated | Setting | Item | Recount | Noun | Placeholder | NewDocument
)


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


def joined(separator: str, texts: Iterable[Text]) -> Message:
    """`texts` with `separator` between them, as `str.join` does for text."""
    parts: list[Message | Part] = []
    for text in texts:
        if parts:
            parts.append(separator)
        parts.append(text)
    return message(*parts)


class Spelling(Protocol):
    """How one syntax writes field references in a message."""

    def field(self, path: tuple[str, ...]) -> str: ...

    def mention(self, path: tuple[str, ...]) -> str:
        """A field named in prose (`Mention`)."""
        ...

    def stated(self, path: tuple[str, ...], value: Scalar) -> str:
        """A field and its value, named in prose (`Stated`)."""
        ...

    def setting(self, setting: Setting) -> str: ...

    def item(self, owner: str, wrapper: str, value: Scalar | None) -> str:
        """One entry of the list `owner` (`Item`): named when `value` is None, else to write."""
        ...

    def recount(self, clause: str) -> str:
        """The rendered `Recount` clause, or "" for a syntax whose lists have no count."""
        ...

    def placeholder(self, what: str) -> str: ...

    def noun(self, kind: str) -> str:
        """What the syntax calls a field holding others ("member") or a list entry ("entry")."""
        ...

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
    if isinstance(part, Mention):
        return spelling.mention(part.path)
    if isinstance(part, Stated):
        return spelling.stated(part.path, part.value)
    if isinstance(part, Setting):
        return spelling.setting(part)
    if isinstance(part, Item):
        return spelling.item(part.owner, part.wrapper, part.value)
    if isinstance(part, Recount):
        return spelling.recount("".join(_render_part(inner, spelling) for inner in part.parts))
    if isinstance(part, Placeholder):
        return spelling.placeholder(part.what)
    if isinstance(part, Noun):
        return spelling.noun(part.kind)
    return spelling.document(part.root)

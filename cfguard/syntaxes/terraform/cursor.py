"""A place in a Terraform resource, as the adapter walks it: the value there, its path from the
resource's address (`aws_cloudfront_distribution.site.origin[0].domain_name`), its identity by
name (`origin[origin_id='web']`, so inserting an origin renames no other's findings) and the
span a finding about it points at."""

from __future__ import annotations

from typing import Any, NamedTuple

from cfguard.core.findings import Location
from cfguard.model import Value
from cfguard.syntaxes.terraform.tree import Source, TfNode, entries, first, named

#: A repeated block's identity: the first of these arguments it has.
_IDENTITY_KEYS = ("origin_id", "path_pattern", "event_type", "error_code", "name")
#: Quoted booleans, as terraformer writes them; Terraform converts them.
_TRUE, _FALSE = "true", "false"


class At(NamedTuple):
    source: Source
    node: TfNode
    path: str
    identity: str
    #: The span of the argument's name or the block's type (None for a list entry).
    key: tuple[int, int] | None
    #: The resource's address (`Location.resource`).
    resource: str
    #: Where a value not written here came from (`Location.via`).
    via: str | None = None

    @property
    def is_unknown(self) -> bool:
        """A value the file does not decide (a variable, a reference, a `dynamic` block...)."""
        return self.node.kind == "unknown"

    @property
    def expression(self) -> str:
        return str(self.node.value) if self.is_unknown else ""

    def child(self, key: str) -> At | None:
        """The argument or single nested block `key`; None when absent or null (Terraform reads
        `x = null` as not set). A block written as a one-entry list (JSON) is that entry."""
        if self.node.kind != "object":
            return None
        member = first(self.node, key)
        if member is None or member.value.kind == "null":
            return None
        value, path = member.value, _join(self.path, key)
        if value.kind == "list" and _blocks_list(value):
            listed = entries(value)
            if not listed:
                return None  # a plan's empty block list: no such block
            value = listed[0]
        span = (member.key_start, member.key_end)
        return At(self.source, value, path, _join(self.identity, key), span, self.resource)

    def blocks(self, key: str) -> list[At]:
        """Every nested block `key`, in file order: HCL's repeated blocks, JSON's list of
        objects; a `dynamic` block is one unknown entry."""
        found: list[At] = []
        for member in named(self.node, key) if self.node.kind == "object" else []:
            values = entries(member.value) if member.value.kind == "list" else (member.value,)
            for value in values:
                if value.kind == "null":
                    continue
                index = len(found)
                name = _identity(value, index)
                path = f"{_join(self.path, key)}[{index}]"
                identity = f"{_join(self.identity, key)}[{name}]"
                span = (member.key_start, member.key_end) if value is member.value else None
                found.append(At(self.source, value, path, identity, span, self.resource))
        return found

    def location(self) -> Location:
        """A scalar or an unknown: the value; a block: its type (or its first character)."""
        node = self.node
        if node.kind == "object":
            start, end = self.key if self.key is not None else (node.start, node.start + 1)
        else:
            start, end = node.start, node.end
        lines, path, identity, resource, via = (
            self.source.lines,
            self.path,
            self.identity,
            self.resource,
            self.via,
        )

        def compute() -> Location:
            line, column = lines.position(start)
            end_line, end_column = lines.position(end)
            return Location(
                line,
                column,
                path,
                end_line=end_line,
                end_column=end_column,
                path=path,
                identity=identity,
                resource=resource,
                via=via,
            )

        return Location.deferred(compute)

    def string(self) -> Value[str] | None:
        """A scalar as text (Terraform converts `443` and `true` to the string an argument of
        type string takes), an unknown for an expression; None for a block or a list."""
        node = self.node
        if self.is_unknown:
            return Value.unknown(self.location(), self.expression)
        if node.kind == "string":
            return Value(str(node.value), self.location())
        if node.kind == "bool":
            return Value(_TRUE if node.value else _FALSE, self.location())
        if node.kind == "number":
            return Value(_number(node.value), self.location())
        return None

    def text(self, key: str) -> Value[str] | None:
        found = self.child(key)
        return None if found is None else found.string()

    def flag(self, key: str) -> Value[bool] | None:
        """A boolean, or the quoted one ("true", "false") Terraform converts."""
        found = self.child(key)
        if found is None:
            return None
        node = found.node
        if found.is_unknown:
            unknown: Value[Any] = Value.unknown(found.location(), found.expression)
            return unknown
        if node.kind == "bool":
            return Value(bool(node.value), found.location())
        if node.kind == "string" and str(node.value).lower() in (_TRUE, _FALSE):
            return Value(str(node.value).lower() == _TRUE, found.location())
        return None

    def texts(self, key: str) -> tuple[Value[str], ...] | None:
        """A list of strings (`aliases`, `origin_ssl_protocols`): each entry, an unknown entry
        as one; one unknown for a list the file does not decide; None when absent."""
        found = self.child(key)
        if found is None:
            return None
        if found.is_unknown or found.node.kind != "list":
            return (Value.unknown(found.location(), found.expression or "?"),)
        values: list[Value[str]] = []
        for index, entry in enumerate(entries(found.node)):
            path = f"{found.path}[{index}]"
            at = At(self.source, entry, path, path, None, self.resource)
            value = at.string()
            if value is not None:
                values.append(value)
        return tuple(values)

    def name(self, key: str) -> str | None:
        """An identifier (`origin_id`, `target_origin_id`): its text, or the expression that
        gives it, so the same expression in two places names the same thing."""
        found = self.child(key)
        if found is None:
            return None
        if found.is_unknown:
            return found.expression
        value = found.string()
        return value.value if value is not None else None


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _blocks_list(node: TfNode) -> bool:
    """A list that holds blocks (JSON's spelling of nested blocks): empty, or of objects."""
    listed = entries(node)
    return not listed or listed[0].kind == "object"


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _identity(entry: TfNode, position: int) -> str:
    """What names a repeated block: its first identity argument's literal value, else its
    0-based position."""
    for key in _IDENTITY_KEYS:
        member = first(entry, key) if entry.kind == "object" else None
        if member is not None and member.value.kind == "string" and member.value.value:
            return f"{key}={str(member.value.value)!r}"
    return f"#{position}"

"""A place in a distribution resource, as the adapter walks it: the value there with every
intrinsic function settled that the template decides (`intrinsics.settle`), its JMESPath from
the file's root (`Resources.Site.Properties.DistributionConfig.Origins[0].DomainName`), its
identity by name, and what a finding there should add about where the value came from."""

from __future__ import annotations

from typing import Any, NamedTuple

from cfguard.core.findings import Location
from cfguard.model import Value
from cfguard.syntaxes.cloudformation.detect import Resource
from cfguard.syntaxes.cloudformation.intrinsics import settle, start_of
from cfguard.syntaxes.cloudformation.template import Template, expression, intrinsic
from cfguard.syntaxes.json.tree import Node, fields, items

#: A list entry's identity: the first of these members it has (as the JSON and XML paths do).
_IDENTITY_KEYS = ("PathPattern", "Id", "OriginId", "EventType", "ErrorCode", "HeaderName")
_TRUE, _FALSE = frozenset({"true"}), frozenset({"false"})
#: A dynamic reference (`{{resolve:ssm:/path}}`) in a string: a value the template does not hold.
_DYNAMIC = "{{resolve:"


class At(NamedTuple):
    resource: Resource
    node: Node
    path: str
    identity: str
    #: The span of the key that names the value (None for a list entry).
    key: tuple[int, int] | None
    #: Where a value not written here came from (`Location.via`).
    via: str | None = None
    #: The path of where the file writes the value, when an `Fn::If` branch gives it
    #: (`...ViewerProtocolPolicy.Fn::If[2]`): the `Location.xpath` suppressions match, while
    #: `path` stays the property's, as the outputs show it.
    written: str | None = None

    @property
    def written_path(self) -> str:
        return self.written if self.written is not None else self.path

    @property
    def template(self) -> Template:
        return self.resource.template

    @property
    def is_unknown(self) -> bool:
        """A value the template does not decide (an intrinsic function left as written)."""
        return intrinsic(self.node) is not None

    @property
    def expression(self) -> str:
        return expression(self.template, self.node)

    def child(self, key: str) -> At | None:
        """The member `key` of this mapping, settled; None when absent or `AWS::NoValue`."""
        if self.is_unknown:
            return None
        member = fields(self.node).get(key)
        if member is None:
            return None
        settled = settle(self.template, member.value, self.resource.assumes)
        if settled.node is None:
            return None
        path, written = _join(self.path, key), _join(self.written_path, key) + settled.branch
        return At(
            self.resource,
            settled.node,
            path,
            _join(self.identity, key),
            (member.key_start, member.key_end),
            settled.via,
            written if written != path else None,
        )

    def entries(self) -> list[At] | None:
        """The entries of this list, settled (an entry that is `AWS::NoValue` is left out);
        None when the list itself is a value the template does not decide."""
        if self.is_unknown:
            return None
        found: list[At] = []
        for index, entry in enumerate(items(self.node)):
            settled = settle(self.template, entry, self.resource.assumes)
            if settled.node is None:
                continue
            name = _identity_key(settled.node, index)
            path, identity = f"{self.path}[{index}]", f"{self.identity}[{name}]"
            written = f"{self.written_path}[{index}]{settled.branch}"
            via = settled.via or self.via
            found.append(
                At(
                    self.resource,
                    settled.node,
                    path,
                    identity,
                    None,
                    via,
                    written if written != path else None,
                )
            )
        return found

    def location(self) -> Location:
        """The value for a scalar or a function; the key (else the opening brace) for a mapping
        or a list."""
        node = self.node
        if node.kind in ("object", "array") and not self.is_unknown:
            start, end = self.key if self.key is not None else (node.start, node.start + 1)
        else:
            start, end = start_of(node), node.end
        tree, path, identity = self.template.tree, self.path, self.identity
        resource, via, written = self.resource.logical_id, self.via, self.written_path

        def compute() -> Location:
            line, column = tree.lines.position(start)
            end_line, end_column = tree.lines.position(end)
            return Location(
                line,
                column,
                written,
                end_line=end_line,
                end_column=end_column,
                path=path,
                identity=identity,
                resource=resource,
                via=via,
            )

        return Location.deferred(compute)

    def string(self) -> Value[str] | None:
        """A scalar as text (CloudFormation reads `443` and `true` as the text they write), an
        unknown for a function, None for a mapping or a list (CFG003 says what is wrong)."""
        node = self.node
        if self.is_unknown:
            return Value.unknown(self.location(), self.expression)
        if node.kind == "string":
            text = str(node.value).strip()
            if _DYNAMIC in text:  # resolved from SSM or Secrets Manager when the stack deploys
                return Value.unknown(self.location(), text)
            return Value(text, self.location())
        if node.kind in ("number", "bool"):
            written = self.template.tree.text[node.start : node.end]
            value = written if intrinsic_free(written) else _scalar(node.value)
            return Value(value, self.location())
        return None

    def text(self, key: str) -> Value[str] | None:
        found = self.child(key)
        return None if found is None else found.string()

    def flag(self, key: str) -> Value[bool] | None:
        """A boolean, or the text CloudFormation converts to one ("true", "false")."""
        found = self.child(key)
        if found is None:
            return None
        node = found.node
        if found.is_unknown:
            unknown: Value[Any] = Value.unknown(found.location(), found.expression)
            return unknown
        if node.kind == "bool":
            return Value(bool(node.value), found.location())
        if node.kind == "string" and str(node.value).lower() in _TRUE | _FALSE:
            return Value(str(node.value).lower() in _TRUE, found.location())
        return None

    def name(self, key: str) -> str | None:
        """An identifier (an origin's `Id`, a behavior's `TargetOriginId`): its text, or the
        expression that gives it, so the same expression in two places names the same thing."""
        found = self.child(key)
        if found is None:
            return None
        if found.is_unknown:
            return found.expression
        value = found.string()
        return value.value if value is not None else None


def intrinsic_free(written: str) -> bool:
    """Whether a number or boolean's source text can stand for it (not a YAML spelling such as
    `0x1F` or `yes` that the parser converted)."""
    return written.replace(".", "").replace("-", "").isdigit() or written in ("true", "false")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _identity_key(entry: Node, position: int) -> str:
    """What names a list entry: its first identity member's value, else its own value (an
    alias), else its 0-based position."""
    if entry.kind == "object" and intrinsic(entry) is None:
        members = fields(entry)
        for key in _IDENTITY_KEYS:
            member = members.get(key)
            if member is not None and member.value.kind == "string" and member.value.value:
                return f"{key}={str(member.value.value).strip()!r}"
    elif entry.kind == "string" and entry.value:
        return repr(str(entry.value).strip())
    return f"#{position}"

"""What a plan's `configuration` section says: each resource's expressions (what was written,
through every module call) and each provider's region."""

from __future__ import annotations

from cfguard.core.findings import Location
from cfguard.model import Value
from cfguard.syntaxes.json.tree import Member, Node, fields, items


def configured_expressions(configuration: Member | None) -> dict[str, Node]:
    """Config address -> the resource's `expressions`, through every module call."""
    found: dict[str, Node] = {}
    root = fields(configuration.value).get("root_module") if configuration else None
    stack: list[tuple[str, Node, int]] = [("", root.value, 0)] if root else []
    while stack:
        prefix, module, depth = stack.pop()
        members = fields(module)
        for entry in items(members["resources"].value) if "resources" in members else ():
            entry_fields = fields(entry)
            address, expressions = (
                text_of(entry_fields.get("address")),
                entry_fields.get("expressions"),
            )
            if address and expressions is not None:
                found[prefix + address] = expressions.value
                provider = text_of(entry_fields.get("provider_config_key"))
                if provider:
                    found[f"{prefix}{address}#provider"] = Node("string", provider, 0, 0)
        calls = members.get("module_calls")
        for call in fields(calls.value).values() if calls is not None and depth < 64 else ():
            inner = fields(call.value).get("module")
            if inner is not None:
                stack.append((f"{prefix}module.{call.key}.", inner.value, depth + 1))
    return found


def provider_regions(configuration: Member | None) -> dict[str, Value[str] | None]:
    providers: dict[str, Value[str] | None] = {}
    listed = fields(configuration.value).get("provider_config") if configuration else None
    for member in fields(listed.value).values() if listed is not None else ():
        expressions = fields(member.value).get("expressions")
        region = fields(expressions.value).get("region") if expressions is not None else None
        constant = fields(region.value).get("constant_value") if region is not None else None
        if constant is not None and constant.value.kind == "string":
            providers[member.key] = Value(str(constant.value.value), nowhere())
        elif region is not None:
            providers[member.key] = Value.unknown(nowhere(), "a region from an expression")
        else:
            providers[member.key] = None
    return providers


def text_of(member: Member | None) -> str | None:
    if member is None or member.value.kind != "string" or not member.value.value:
        return None
    return str(member.value.value)


def nowhere() -> Location:
    return Location(1, None, "configuration.provider_config")

"""The nodes of single events: a scalar (typed, or a short form wrapped in its long-form
object), a mapping key, and the tag of a mapping or list; and where a node's tag and content
are in the text (its anchor and tag come first, in either order)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cfguard.syntaxes.json.tree import Member, Node
from cfguard.syntaxes.yaml.scalars import TYPES, convert, core_kind, function_key, refuse_tag
from cfguard.syntaxes.yaml.yaml_errors import Refusal, shown

#: The pending key of a mapping whose next value is merged (`<<`).
MERGE = ("<<", -1, -1)
_PROPERTY = re.compile(r"&[^\s,\[\]{}]*|!<[^>]*>|![^\s,\[\]{}]*")
_GAP = re.compile(r"(?:[ \t\r\n]+(?:#[^\r\n]*)?)*")
_NEW = tuple.__new__


def scalar_node(
    text: str, event: Any, resolve: Callable[[str], str], start: int, end: int
) -> tuple[Node, int]:
    """A scalar value node and how many values it counts for (2 for a short form)."""
    tag, value = event.tag, event.value
    if tag is None:
        kind = "str"
        if event.implicit[0]:
            resolved = core_kind(resolve(value)) or "str"
            kind = resolved if resolved in TYPES else "str"
        return _typed(value, kind, start, end), 1
    tag_start, tag_end, content = _properties(text, start, end)
    if tag == "!":
        return _NEW(Node, ("string", value, content, end)), 1
    function = function_key(tag)
    if function is not None:
        inner = _NEW(Node, ("string", value, content, end))
        member = _NEW(Member, (function, tag_start, tag_end, inner))
        return _NEW(Node, ("object", (member,), tag_start, end)), 2
    core = core_kind(tag)
    if core is None or core not in TYPES:
        raise refuse_tag(tag, tag_start)
    return _typed(value, core, content, end), 1


def _typed(value: str, kind: str, start: int, end: int) -> Node:
    if kind == "str":
        return _NEW(Node, ("string", value, start, end))
    node_kind, converted = convert(value, kind, start)
    return _NEW(Node, (node_kind, converted, start, end))


def node_key(
    event: Any, resolve: Callable[[str], str], start: int, end: int
) -> tuple[str, int, int]:
    """(text, start, end) of a mapping key, or the merge marker for a plain `<<`."""
    tag, value = event.tag, event.value
    if tag is None:
        if event.implicit[0] and value == "<<" and resolve(value).endswith(":merge"):
            return MERGE
        return (value, start, end)
    if tag == "!" or core_kind(tag) in TYPES:
        return (value, start, end)
    if function_key(tag) is not None:
        raise Refusal(start, f"a tag ({shown(tag)}) on a mapping key: a key is a plain name")
    raise refuse_tag(tag, start)


def container_tag(
    text: str, event: Any, is_mapping: bool, start: int
) -> tuple[str | None, tuple[int, int] | None, int]:
    """The function key and tag span of a tagged mapping or list, and where its content starts."""
    tag = event.tag
    if tag is None and event.anchor is None:
        return None, None, start
    tag_start, tag_end, content = _properties(text, start, len(text))
    if tag is None or tag == "!":
        return None, None, content
    function = function_key(tag)
    if function is not None:
        return function, (tag_start, tag_end), content
    kind = core_kind(tag)
    if kind == ("map" if is_mapping else "seq"):
        return None, None, content
    if kind in ("map", "seq", *TYPES):
        raise Refusal(tag_start, f"the tag !!{kind} on a {'mapping' if is_mapping else 'list'}")
    raise refuse_tag(tag, tag_start)


def _properties(text: str, start: int, end: int) -> tuple[int, int, int]:
    """(tag start, tag end, content start) of a node whose anchor and tag start at `start`."""
    tag_start = tag_end = i = start
    for _ in range(2):
        match = _PROPERTY.match(text, i)
        if match is None:
            break
        if text.startswith("!", i):
            tag_start, tag_end = i, match.end()
        i = _GAP.match(text, match.end()).end()  # type: ignore[union-attr]  # always matches
    return tag_start, tag_end, min(i, end)

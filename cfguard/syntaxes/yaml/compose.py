"""PyYAML's event stream -> the located `JsonTree` nodes, in one loop with an explicit stack.

This is the composer's job done again, because PyYAML's own composer cannot be bounded: it
recurses (libyaml's build in C, the pure-Python one into a RecursionError), it keeps an alias as
the same node (a billion-laughs file composes in microseconds into a graph that every reader of
the tree would then walk a billion times), and it knows nothing of CloudFormation's tags. Events
carry the same marks, tags and styles as the composer's nodes, and nothing is constructed from
a tag, ever.

* Nesting deeper than `MAX_DEPTH` is refused when the container opens.
* An alias (`*name`) is the anchored node itself: the tree is immutable, so sharing it is a copy
  that costs nothing, and its locations are where the anchored text is (where a fix goes). What
  it would cost every reader is counted: each value the expansion produces counts towards
  `MAX_VALUES`, so a billion-laughs file is refused at the alias that crosses the limit. An
  alias inside the node it names is refused (recursive), as is one that names no anchor yet, or
  an anchor defined twice (PyYAML's composer refuses that too).
* A merge key (`<<: *base`, `<<: [*a, *b]`) merges as PyYAML's SafeLoader does: the mapping's
  own keys win, then earlier merged mappings over later ones; merged members keep their anchored
  locations and are not duplicates.
* CloudFormation itself refuses both (its User Guide, "CloudFormation template format": no
  aliases, no hash merges), so the first alias and the first merge key are noted
  (`unsupported`) and reported as CFG003; the rest of the template is still checked, expanded.
"""

from __future__ import annotations

import re
from typing import Any

from cfguard.syntaxes.json.tree import Member, Node
from cfguard.syntaxes.yaml.nodes import MERGE, container_tag, node_key, scalar_node
from cfguard.syntaxes.yaml.unsupported import ALIAS, MERGE_KEY, Use, note
from cfguard.syntaxes.yaml.yaml_errors import Refusal, shown, too_deep, too_many_values

#: Deepest nesting of mappings and lists read (CloudFormation templates nest fewer than 20).
#: Readers of the tree recurse (`to_python`), so this stays far below Python's own limit.
MAX_DEPTH = 256
#: Most values produced, alias expansions included (keys not counted), as in the JSON parser.
MAX_VALUES = 1_000_000

_LINE_END = re.compile(r"[\r\n]")
_QUOTED = frozenset(("'", '"'))
_BLOCK = frozenset(("|", ">"))
_NEW = tuple.__new__


def compose(  # noqa: PLR0915  # one loop is the design: no recursion, no call per event
    text: str, loader: Any
) -> tuple[Node, list[tuple[Member, Member]], list[int], tuple[Use, ...]]:
    """The root node, the repeated keys (earlier, kept), the spans [start, end, ...] of the
    quoted and block scalars (where a '#' is text, not a comment) of the one document, and the
    first alias and merge key, which CloudFormation refuses (`unsupported`)."""
    import yaml.events as ev
    from yaml.nodes import ScalarNode

    scalar_event, alias_event = ev.ScalarEvent, ev.AliasEvent
    mapping_start, sequence_start = ev.MappingStartEvent, ev.SequenceStartEvent
    ends = (ev.MappingEndEvent, ev.SequenceEndEvent)
    get_event = loader.get_event

    def resolve(value: str) -> str:
        """The tag PyYAML's YAML 1.1 resolvers give a plain scalar."""
        tag: str = loader.resolve(ScalarNode, value, (True, False))
        return tag

    # A frame: [is_mapping, items, content start, anchor, function key, tag span, produced at
    #           start, flow, pending key, merges, end of the last child, own keys]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Node, int, str | None, int]] = {}
    open_anchors: set[str] = set()  # of the containers being read: an alias to one recurses
    duplicates: list[tuple[Member, Member]] = []
    quoted: list[int] = []
    uses: dict[str, Use] = {}
    produced, documents = 0, 0
    root: Node | None = None
    while True:
        event = get_event()
        cls = type(event)
        start = event.start_mark.index
        expecting_key = bool(stack) and stack[-1][0] and stack[-1][8] is None
        if cls is scalar_event:
            style, value, end = event.style, event.value, event.end_mark.index
            if style in _QUOTED:
                quoted += (start, end)
            elif style in _BLOCK:
                header = _LINE_END.search(text, start, end)
                quoted += (header.end() if header else end, end)
                end = _trim(text, start, end)
            if expecting_key:
                stack[-1][8] = node_key(event, resolve, start, end)
                if stack[-1][8] is MERGE:
                    note(uses, MERGE_KEY, start, end, stack=stack, written="<<")
                if event.anchor is not None:
                    key = Node("string", value, start, end)
                    _anchor(anchors, event.anchor, key, 1, raw=value, start=start)
                continue
            node, count = scalar_node(text, event, resolve, start, end)
            produced += count
            if produced > MAX_VALUES:
                raise too_many_values(start, MAX_VALUES)
            if event.anchor is not None:
                _anchor(anchors, event.anchor, node, count, raw=value, start=start)
            end_in_text = end
        elif cls is mapping_start or cls is sequence_start:
            if expecting_key:
                raise Refusal(
                    start,
                    "a mapping key that is itself a mapping or a list (a complex key): "
                    "CloudFormation keys are plain names",
                )
            if len(stack) >= MAX_DEPTH:
                raise too_deep(start, MAX_DEPTH)
            is_mapping = cls is mapping_start
            function, tag_span, content = container_tag(text, event, is_mapping, start)
            produced += 1 + (function is not None)
            if produced > MAX_VALUES:
                raise too_many_values(start, MAX_VALUES)
            frame = [is_mapping, [], content, event.anchor, function, tag_span, produced]
            frame += [bool(event.flow_style), None, None, content, None]
            stack.append(frame)
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            continue
        elif cls in ends:
            frame = stack.pop()
            start = frame[2]
            end_in_text = event.end_mark.index if frame[7] else frame[10]
            if frame[0]:
                node = _NEW(Node, ("object", _members(frame, duplicates), frame[2], end_in_text))
            else:
                node = _NEW(Node, ("array", tuple(frame[1]), frame[2], end_in_text))
            if frame[4] is not None:
                tag_start, tag_end = frame[5]
                member = _NEW(Member, (frame[4], tag_start, tag_end, node))
                node = _NEW(Node, ("object", (member,), tag_start, end_in_text))
            if frame[3] is not None:
                open_anchors.discard(frame[3])
                size = produced - frame[6] + 1 + (frame[4] is not None)
                _anchor(anchors, frame[3], node, size, raw=None, start=frame[2])
        elif cls is alias_event:
            name, end_in_text = event.anchor, event.end_mark.index
            if name in open_anchors:
                raise Refusal(
                    start,
                    f"the alias *{shown(name)} is inside the value its anchor names: a "
                    "recursive alias, which would never end",
                )
            if name not in anchors:
                raise Refusal(
                    start,
                    f"the alias *{shown(name)} names no anchor (&{shown(name)}) defined before it",
                )
            node, size, raw, _ = anchors[name]
            note(uses, ALIAS, start, end_in_text, stack=stack, written=f"*{shown(name)}")
            if expecting_key:
                if raw is None:
                    raise Refusal(start, f"the alias *{shown(name)} used as a key is not a name")
                stack[-1][8] = (raw, start, end_in_text)
                continue
            produced += size
            if produced > MAX_VALUES:
                raise too_many_values(start, MAX_VALUES)
        elif cls is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise Refusal(
                    start,
                    "a second YAML document (after '---'): a CloudFormation template is one "
                    "document; put each template in its own file",
                )
            continue
        elif cls is ev.StreamEndEvent:
            if root is None:
                raise Refusal(
                    None,
                    "the file is empty (nothing but blank lines and comments): expected a "
                    "CloudFormation template",
                )
            return root, duplicates, quoted, tuple(uses.values())
        else:
            continue
        if not stack:
            root = node
            continue
        top = stack[-1]
        top[10] = end_in_text
        if top[0]:
            pending = top[8]
            if pending is MERGE:
                top[9] = [*(top[9] or ()), _merged(node, start)]
            else:
                top[1].append(_NEW(Member, (*pending, node)))
            top[8] = None
        else:
            top[1].append(node)


def _anchor(
    anchors: dict[str, tuple[Node, int, str | None, int]],
    name: str,
    node: Node,
    size: int,
    *,
    raw: str | None,
    start: int,
) -> None:
    """Record the node an anchor names, the values it counts for, and its text if a scalar."""
    if name in anchors:
        raise Refusal(
            start,
            f"the anchor &{shown(name)} is defined a second time: give each anchor its own name",
        )
    anchors[name] = (node, size, raw, start)


def _merged(node: Node, start: int) -> tuple[Node, ...]:
    """The mappings a `<<` value merges, highest priority last (as PyYAML's flatten_mapping)."""
    if node.kind == "object":
        return (node,)
    values: tuple[Node, ...] = node.value if node.kind == "array" else ()  # type: ignore[assignment]
    if node.kind != "array" or any(value.kind != "object" for value in values):
        raise Refusal(
            start,
            "the merge key '<<' takes a mapping or a list of mappings (aliases such as *base)",
        )
    return tuple(reversed(values))


def _members(frame: list[Any], duplicates: list[tuple[Member, Member]]) -> tuple[Member, ...]:
    """A mapping's members: merged ones first (those its own keys do not override), then its own;
    its own repeated keys are recorded."""
    own: list[Member] = frame[1]
    keys = [member.key for member in own]
    if len(own) > 1 and len(set(keys)) != len(own):
        kept = {member.key: member for member in own}
        duplicates.extend((m, kept[m.key]) for m in own if kept[m.key] is not m)
    if not frame[9]:
        return tuple(own)
    merged: dict[str, Member] = {}
    for group in frame[9]:
        for mapping in group:
            for member in mapping.value:
                merged[member.key] = member
    mine = set(keys)
    return (*(m for m in merged.values() if m.key not in mine), *own)


def _trim(text: str, start: int, end: int) -> int:
    """The end of a block scalar without the line breaks and blank lines it swallows."""
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end

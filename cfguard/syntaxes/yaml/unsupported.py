"""The YAML features CloudFormation refuses in a template that cfguard still reads: aliases
(`*base`) and merge keys (`<<: *base`).

The CloudFormation User Guide says the service supports YAML 1.1 except the binary, omap, pairs,
set and timestamp tags, aliases and hash merges
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html), so a
template that uses them cannot be deployed as written. `compose` still expands them (within its
budget), so every rule checks the rest of the template as a tool that expands them first would
send it; what is reported is one CFG003 error per feature, at its first use in the file, with how
many uses there are: one fix (write the values out) removes them all.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cfguard.core.findings import Hit
from cfguard.syntaxes.json.tree import JsonTree, span
from cfguard.syntaxes.yaml.nodes import MERGE

ALIAS, MERGE_KEY = "alias", "merge key"


class Use(NamedTuple):
    """The first use of a feature in the file: where, at which path, as written (`*base`,
    `<<`), and how many uses of it the file has."""

    kind: str
    start: int
    end: int
    path: str
    written: str
    uses: int


def note(
    uses: dict[str, Use], kind: str, start: int, end: int, *, stack: list[Any], written: str
) -> None:
    """Count one use of `kind`; the first is kept with its place, worked out from the composer's
    stack of open containers (see `compose` for a frame's fields)."""
    first = uses.get(kind)
    if first is not None:
        uses[kind] = first._replace(uses=first.uses + 1)
        return
    uses[kind] = Use(kind, start, end, _place(stack), written, 1)


def _place(stack: list[Any]) -> str:
    """The path of the value being read: each open container's pending key or next index (a
    tagged one's function key first), up to a mapping that reads no value yet."""
    path = ""
    for frame in stack:
        if frame[4] is not None:
            path = f"{path}.{frame[4]}" if path else frame[4]
        if not frame[0]:
            path += f"[{len(frame[1])}]"
            continue
        pending = frame[8]
        if pending is None or pending is MERGE:
            break
        path = f"{path}.{pending[0]}" if path else pending[0]
    return path


def hits(tree: JsonTree, uses: tuple[Use, ...]) -> tuple[Hit, ...]:
    """A CFG003 hit for each feature the file uses, at its first use."""
    return tuple(Hit(span(tree, use.start, use.end, use.path), _message(use)) for use in uses)


def _message(use: Use) -> str:
    more = f" (the first of {use.uses} in this file)" if use.uses > 1 else ""
    if use.kind == ALIAS:
        return (
            f"the YAML alias {use.written}{more}: CloudFormation refuses a template that uses "
            "aliases; write the anchored values out where each alias is (cfguard checked the "
            "template with them expanded)"
        )
    return (
        f"the YAML merge key {use.written}{more}: CloudFormation refuses a template that uses "
        "merge keys; write the merged values out in each mapping (cfguard checked the template "
        "with them merged)"
    )

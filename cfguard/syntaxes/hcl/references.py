"""The traversals an expression names (`var.region`, `aws_acm_certificate.cert.arn`,
`local.origins[0].id`), found for the whole file at once by a tree-sitter query (in C), then
handed to each `Dynamic` by its byte range with a bisection.

A bare identifier used as an object key (`{ enabled = true }`) names nothing, and neither does a
name a `for` binds inside that `for` (`[for o in var.origins : o.id]` names `var.origins` only),
so both are left out. Everything else is kept as written, whitespace removed.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from typing import Any, NamedTuple

_TRAVERSAL = frozenset(("get_attr", "index", "splat"))
_SPACE = re.compile(r"\s+")
#: The part of a `for` that names what it binds: `for k, v in ...` (in an expression, and in a
#: template's `%{ for ... }`).
_INTROS = frozenset(("for_intro", "template_for_start"))


class References(NamedTuple):
    """Every reference of the file: the byte offset where each starts, and its text."""

    starts: list[int]
    texts: list[str]

    def within(self, start: int, end: int) -> tuple[str, ...]:
        """The references that start inside the byte range, in file order, each once."""
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end, low)
        return tuple(dict.fromkeys(self.texts[low:high]))


def find_references(root: Any, data: bytes, variables: Any, scopes: Any) -> References:
    """The references under `root`, given the query cursors for variables and `for` scopes."""
    found = variables.captures(root).get("variable", [])
    if not found:
        return References([], [])
    bound = _bound_names(scopes.captures(root).get("scope", []), data)
    starts: list[int] = []
    texts: list[str] = []
    for variable in sorted(found, key=_start):
        start = variable.start_byte
        name = data[start : variable.end_byte].decode("utf-8")
        if _is_object_key(variable) or (name in bound and bound[name].covers(start)):
            continue
        end = variable.end_byte
        step = variable.next_sibling
        while step is not None and step.type in _TRAVERSAL:
            end = step.end_byte
            step = step.next_sibling
        text = data[start:end].decode("utf-8")
        starts.append(start)
        texts.append(_SPACE.sub("", text) if not text.isidentifier() else text)
    return References(starts, texts)


def _start(node: Any) -> int:
    return int(node.start_byte)


def _is_object_key(variable: Any) -> bool:
    """`k` in `{ k = v }`: an expression of the bare identifier alone, first in its element."""
    parent = variable.parent
    if parent is None or parent.type != "expression" or parent.child_count != 1:
        return False
    element = parent.parent
    return bool(
        element is not None
        and element.type == "object_elem"
        and element.start_byte == parent.start_byte
    )


class _Ranges(NamedTuple):
    """Byte ranges sorted by start, with the largest end so far: whether any range holds an
    offset is one bisection, however the ranges nest."""

    starts: list[int]
    max_ends: list[int]

    def covers(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset)
        return index > 0 and self.max_ends[index - 1] > offset


def _bound_names(scopes: list[Any], data: bytes) -> dict[str, _Ranges]:
    """For each name a `for` binds, the ranges of the `for` expressions binding it."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for scope in scopes:
        intro = next((c for c in scope.children if c.type in _INTROS), None)
        if intro is None:  # pragma: no cover - the grammar gives every for an intro
            continue
        for child in intro.children:
            if child.type == "identifier":
                name = data[child.start_byte : child.end_byte].decode("utf-8")
                ranges.setdefault(name, []).append((child.end_byte, scope.end_byte))
    bound = {}
    for name, spans in ranges.items():
        spans.sort()
        starts = [start for start, _ in spans]
        bound[name] = _Ranges(starts, list(accumulate((end for _, end in spans), max)))
    return bound

"""Suppressions in a template, as the suppression grammar reads them (`cfguard.suppressions`):

* YAML comments, `# cfguard: ignore[CFG101] why`: one on its own line covers the next mapping
  entry or list item and everything under it; one at the end of a line covers the entry that
  line starts (the outermost, when several start there); `file-ignore[...]` the template;
* in YAML and JSON, CloudFormation's convention of resource metadata:
  `Metadata: {cfguard: {ignore: [{rule: CFG101, reason: "why"}]}}` on a resource covers that
  resource (`rule` may be a list of rules).

What a directive covers is the JMESPath of the entry (`Resources.Site.Properties...`), which is
the `Location.xpath` every finding in a template has: a finding is covered when its path is
that one or below it. A value an `Fn::If` branch gives is written inside the function's list,
and its xpath says so (`...ViewerProtocolPolicy.Fn::If[2]`, the `path` shown in outputs stays
`...ViewerProtocolPolicy`): a directive before a branch, or after it on its line, covers that
branch, and one on the `Fn::If` (or on the property) both.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import NamedTuple

from cfguard.core.findings import Location
from cfguard.syntaxes import Comment
from cfguard.syntaxes.cloudformation.template import Template, text
from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, items


class Written(NamedTuple):
    """A comment of the file: its text after the `#`, where it starts and ends, and whether it
    is alone on its line."""

    text: str
    start: int
    end: int
    own_line: bool


class _Entries(NamedTuple):
    """Where each mapping entry and list item starts, in file order, with its path (the
    outermost first where several start at one offset)."""

    starts: list[int]
    paths: list[str]


def yaml_comments(tree: JsonTree, written: Sequence[Written]) -> list[Comment]:
    entries = cache(partial(_entries, tree.root))  # worked out once, if a directive asks
    found = []
    for comment in written:
        line, column = tree.lines.position(comment.start)
        where = Location(line, column, "")
        found.append(Comment(comment.text, where, partial(_covered, tree, entries, comment)))
    return found


def _covered(tree: JsonTree, entries: Callable[[], _Entries], comment: Written) -> str | None:
    """The path of the entry a (not file-wide) directive in `comment` covers, None for none."""
    found = entries()
    if comment.own_line:
        at = bisect.bisect_left(found.starts, comment.end)
        return found.paths[at] if at < len(found.starts) else None
    # A comment after a value: the first entry that starts on its line, before it.
    line_start = max(
        tree.text.rfind("\n", 0, comment.start), tree.text.rfind("\r", 0, comment.start)
    )
    at = bisect.bisect_left(found.starts, line_start + 1)
    if at < len(found.starts) and found.starts[at] < comment.start:
        return found.paths[at]
    return None


def _entries(root: Node) -> _Entries:
    pairs: list[tuple[int, int, str]] = []  # (start, depth, path)
    stack: list[tuple[Node, str, int]] = [(root, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if node.kind == "object":
            members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # kind says so
            for member in members:
                child = f"{path}.{member.key}" if path else member.key
                pairs.append((member.key_start, depth, child))
                stack.append((member.value, child, depth + 1))
        elif node.kind == "array":
            for index, entry in enumerate(items(node)):
                child = f"{path}[{index}]"
                pairs.append((entry.start, depth, child))
                stack.append((entry, child, depth + 1))
    pairs.sort()
    starts: list[int] = []
    paths: list[str] = []
    for start, _, path in pairs:
        if starts and starts[-1] == start:
            continue  # an item and the first key of its mapping: the item, the outermost
        starts.append(start)
        paths.append(path)
    return _Entries(starts, paths)


def metadata_comments(template: Template) -> list[Comment]:
    """A `Comment` for each `Metadata.cfguard.ignore` entry of a resource, covering it."""
    found = []
    tree = template.tree
    for logical_id, resource in template.resources.items():
        metadata = fields(resource.value).get("Metadata")
        own = fields(metadata.value).get("cfguard") if metadata is not None else None
        ignore = fields(own.value).get("ignore") if own is not None else None
        if ignore is None:
            continue
        path = f"Resources.{logical_id}"
        entries = items(ignore.value) if ignore.value.kind == "array" else (ignore.value,)
        for entry in entries:
            line, column = tree.lines.position(entry.start)
            where = Location(line, column, path, path=path, resource=logical_id)
            found.append(Comment(_directive(entry), where, partial(_same, path)))
    return found


def _same(path: str) -> str:
    return path


def _directive(entry: Node) -> str:
    """The directive an entry says, in the grammar's words: `cfguard: ignore[CFG101] why`."""
    members = fields(entry)
    rule = members.get("rule") or members.get("rules")
    named = [text(rule.value)] if rule is not None and rule.value.kind == "string" else []
    if rule is not None and rule.value.kind == "array":
        named = [text(value) for value in items(rule.value)]
    reason = members.get("reason")
    why = text(reason.value) if reason is not None else None
    rules = ", ".join(name for name in named if name)
    return f"cfguard: ignore[{rules}] {why or ''}".rstrip()

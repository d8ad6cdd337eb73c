"""CFG003 for a JSON document: the botocore shapes it must follow (`schema`), and keys given twice
in one object, which the AWS CLI accepts silently, sending only the last."""

from __future__ import annotations

from cfguard.core.findings import Hit
from cfguard.syntaxes.json.detect import Found
from cfguard.syntaxes.json.tree import Member, Node, items, locate_key


def validate(found: Found) -> list[Hit]:
    from cfguard.syntaxes.json.schema.validate import validate as against_shapes

    hits = list(against_shapes(found.tree, found.checked, found.shape, found.checked_path))
    if found.tree.duplicates:
        hits.extend(_duplicates(found))
    return hits


def _duplicates(found: Found) -> list[Hit]:
    tree, checked = found.tree, found.checked
    inside = [
        (earlier, kept)
        for earlier, kept in tree.duplicates
        if checked.start <= earlier.key_start < checked.end
    ]
    if not inside:
        return []
    paths = _member_paths(checked, found.checked_path)
    hits = []
    for earlier, kept in inside:
        line, _ = tree.lines.position(kept.key_start)
        hits.append(
            Hit(
                locate_key(tree, earlier, paths.get(earlier.key_start, found.checked_path)),
                f'"{earlier.key}" is given again at line {line} of this object; the AWS CLI '
                "sends only the last one, so this value is ignored: remove one of them",
            )
        )
    return hits


def _member_paths(root: Node, root_path: str) -> dict[int, str]:
    """The JMESPath of every member under `root`, by where its key starts (an explicit stack: the
    parser bounds the depth, but no walk here should depend on that)."""
    paths: dict[int, str] = {}
    stack: list[tuple[Node, str]] = [(root, root_path)]
    while stack:
        node, path = stack.pop()
        if node.kind == "object":
            members: tuple[Member, ...] = node.value  # type: ignore[assignment]  # kind says so
            for member in members:
                child = f"{path}.{member.key}" if path else member.key
                paths[member.key_start] = child
                stack.append((member.value, child))
        elif node.kind == "array":
            stack.extend((entry, f"{path}[{i}]") for i, entry in enumerate(items(node)))
    return paths

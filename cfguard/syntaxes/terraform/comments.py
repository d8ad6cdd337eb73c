"""Suppressions in a `.tf` file, as the suppression grammar reads them (`cfguard.suppressions`):
HCL comments (`#`, `//`, `/* */`) that say `cfguard: ignore[CFG101] why`. One on its own line
covers the next argument or block and everything in it; one at the end of a line covers the
argument or block that line starts (the outermost, when several start there);
`file-ignore[...]` covers the file.

What a directive covers is the path of the argument or block
(`aws_cloudfront_distribution.site.ordered_cache_behavior[0]`), which is the `Location.xpath`
of every finding about it or inside it (`cursor.At` builds the same paths).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import cache, partial
from typing import TYPE_CHECKING, NamedTuple

from cfguard.core.findings import Location
from cfguard.syntaxes import Comment
from cfguard.syntaxes.terraform.plan import DISTRIBUTION_TYPE
from cfguard.syntaxes.terraform.tree import TfFile, TfNode, entries, members

if TYPE_CHECKING:
    from cfguard.syntaxes.hcl.parser import HclComment
    from cfguard.syntaxes.terraform.hcl_file import HclFile

#: The blocks the adapter reads as repeated (`cursor.At.blocks`), whose paths are indexed.
REPEATED = frozenset({"origin", "ordered_cache_behavior", "origin_group", "member"})


class _Entries(NamedTuple):
    starts: list[int]
    paths: list[str]


def hcl_comments(parsed: HclFile) -> list[Comment]:
    file = parsed.file
    found_entries = cache(partial(_entries, file))
    found = []
    for comment in parsed.comments:
        line, column = file.source.lines.position(comment.start)
        where = Location(line, column, "")
        covers = partial(_covered, file, found_entries, comment)
        found.append(Comment(comment.text, where, covers))
    return found


def _covered(file: TfFile, entries_of: Callable[[], _Entries], comment: HclComment) -> str | None:
    found = entries_of()
    if comment.own_line:
        at = bisect.bisect_left(found.starts, comment.end)
        return found.paths[at] if at < len(found.starts) else None
    text = file.source.text
    line_start = max(text.rfind("\n", 0, comment.start), text.rfind("\r", 0, comment.start))
    at = bisect.bisect_left(found.starts, line_start + 1)
    if at < len(found.starts) and found.starts[at] < comment.start:
        return found.paths[at]
    return None


def _entries(file: TfFile) -> _Entries:
    """Every distribution, argument and block with its path, by where it starts (the outermost
    first where several start at one offset)."""
    triples: list[tuple[int, int, str]] = []
    for block in file.blocks:
        if block.type != "resource" or block.labels[:1] != (DISTRIBUTION_TYPE,):
            continue
        address = ".".join(block.labels)
        triples.append((block.body.start, 0, address))
        _walk(block.body, address, 1, triples)
    triples.sort()
    return _Entries([start for start, _, _ in triples], [path for _, _, path in triples])


def _walk(node: TfNode, path: str, depth: int, out: list[tuple[int, int, str]]) -> None:
    counts: dict[str, int] = {}
    for member in members(node):
        if member.key in REPEATED:
            index = counts.get(member.key, 0)
            counts[member.key] = index + 1
            child = f"{path}.{member.key}[{index}]"
        else:
            child = f"{path}.{member.key}"
        out.append((member.key_start, depth, child))
        if depth < 64:
            value = member.value
            if value.kind == "object":
                _walk(value, child, depth + 1, out)
            for index, entry in enumerate(entries(value)):
                out.append((entry.start, depth + 1, f"{child}[{index}]"))

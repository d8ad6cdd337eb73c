"""The comments of a YAML file, which PyYAML drops: found in the text.

A `#` starts a comment where YAML says it does: at the start of a line or after a space or tab,
and not inside a quoted or block scalar. The parser hands over the spans of those scalars (from
the event stream's marks: the whole of a quoted one, and a block scalar from the line after its
`|`/`>` header, whose own line may end in a comment), so a `#` inside `"a #b"` or inside a
`|` block of shell script is text. A plain scalar cannot hold a `#` after a space (that ends
it), so what is left is a comment.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from cfguard.syntaxes.yaml.yaml_errors import Refusal

#: Most comments read: each costs ~250 bytes, and a 10 MiB file of nothing but `#` lines holds
#: two million of them (~550 MB). A template has a few hundred.
MAX_COMMENTS = 200_000
# Compiled when a file has a '#' at all (re caches it).
_COMMENT = r"(?:(?<=[ \t\r\n])|^)#[^\r\n]*"


class YamlComment(NamedTuple):
    """One `# ...` comment. `text` is what follows the `#` to the end of its line, as written
    (its leading space kept, as the XML syntax keeps what is between `<!--` and `-->`); `start`
    is the offset of the `#`, `end` just past the comment's last character; `own_line` says that
    nothing but spaces and tabs comes before it on its line (a comment on its own line, rather
    than after a value)."""

    text: str
    start: int
    end: int
    own_line: bool


def find_comments(text: str, scalar_spans: list[int]) -> tuple[YamlComment, ...]:
    """The comments of `text`; `scalar_spans` is the flat, sorted list [start, end, start, end,
    ...] of the spans where a `#` is part of a value. More than `MAX_COMMENTS` is a Refusal."""
    if "#" not in text:
        return ()
    found: list[YamlComment] = []
    search = re.compile(_COMMENT).search
    match = search(text)
    while match is not None:
        start = match.start()
        if bisect.bisect_right(scalar_spans, start) % 2:  # between a span's start and its end
            match = search(text, start + 1)  # a '#' in a value: the next one may be a comment
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_start = text.rfind("\r", line_start, start) + 1 or line_start
        own_line = not text[line_start:start].strip(" \t")
        end = match.end()
        if len(found) >= MAX_COMMENTS:
            raise Refusal(
                start,
                f"the file holds more than {MAX_COMMENTS:,} comments, cfguard's limit (a "
                "template holds a few hundred): this is not a template",
            )
        found.append(YamlComment(text[start + 1 : end], start, end, own_line))
        match = search(text, end)
    return tuple(found)

"""Where cfguard stops reading an HCL tree, and the error that says why: nesting deeper than any
configuration, more values than any configuration, an integer too long to convert.

The limits bound the Python work on a tree tree-sitter built from hostile text (a 100,000-deep
`[[[[...` is a valid tree): the builder recurses at most `MAX_DEPTH` levels, and what it does not
recurse into is checked by a cursor, which needs no stack.
"""

from __future__ import annotations

from typing import Any

#: Deepest nesting of blocks and expressions read. A CloudFront distribution nests blocks four
#: levels deep and values rarely more than five.
MAX_DEPTH = 100
#: Most attributes, blocks and values in one file. A distribution holds a few hundred; 2 MiB
#: (the size limit) of one-line attributes holds about 300,000 names and values.
MAX_VALUES = 1_000_000
#: Longest integer read, in digits (CPython's own limit on int(str)).
MAX_INTEGER_DIGITS = 4300


class Refusal(Exception):
    """Why the tree is not one cfguard reads, at a character offset."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def too_deep(offset: int) -> Refusal:
    return Refusal(
        offset,
        f"blocks and expressions are nested more than {MAX_DEPTH} levels deep, cfguard's limit "
        "(a Terraform configuration nests fewer than 20): this is not a configuration",
    )


def nesting_too_deep(node: Any, depth: int) -> int | None:
    """The byte offset of the first expression or block nested past `MAX_DEPTH` under `node`
    (which sits at `depth`), by a cursor: no recursion, whatever tree-sitter built."""
    cursor = node.walk()
    counted: list[bool] = []
    level = depth
    while True:
        current = cursor.node
        nested = current.type in ("expression", "block")
        if nested:
            level += 1
            if level > MAX_DEPTH:
                return int(current.start_byte)
        counted.append(nested)
        if cursor.goto_first_child():
            continue
        while True:
            if counted.pop():
                level -= 1
            if not counted:
                return None
            if cursor.goto_next_sibling():
                break
            cursor.goto_parent()

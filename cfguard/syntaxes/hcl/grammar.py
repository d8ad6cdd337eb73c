"""tree-sitter with the HCL grammar, loaded once per process and only when a `.tf` file is parsed
(importing it costs ~16 ms that a run over XML files must not pay), and run under a budget.

The budget exists because tree-sitter's error recovery is not linear: on text that is far from
HCL (100 KB of `"x" "x" "x" ...`) it takes about a minute, and its memory grows to several
hundred bytes per input byte. Valid and ordinarily broken configurations parse at ~0.2 and ~2
microseconds per byte; the budget (`BASE_SECONDS` plus `SECONDS_PER_MIB` per MiB, and
`MAX_GROWTH_MIB` of new peak memory where the platform reports it) is many times that, so only
text no person wrote reaches it. tree-sitter asks `progress` whether to go on every few hundred
bytes of input; answering True cancels the parse.
"""

from __future__ import annotations

import sys
import time
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Parser, Tree

BASE_SECONDS = 3.0
SECONDS_PER_MIB = 6.0
MAX_GROWTH_MIB = 640
_CHUNK = 1 << 20


class OverBudget(Exception):
    """tree-sitter was stopped: `reason` says what ran out; `offset` is how far (in bytes) it
    had read."""

    def __init__(self, reason: str, offset: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.offset = offset


@lru_cache(maxsize=1)
def parser() -> Parser:
    """The one tree-sitter parser of HCL in this process."""
    import tree_sitter
    import tree_sitter_hcl

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))


@lru_cache(maxsize=1)
def queries() -> tuple[Any, Any, Any]:
    """Query cursors for the comments, the variables and the `for` scopes of a tree (run in C,
    not by a Python walk over every node)."""
    import tree_sitter
    import tree_sitter_hcl

    language = tree_sitter.Language(tree_sitter_hcl.language())

    def cursor(source: str) -> Any:
        return tree_sitter.QueryCursor(tree_sitter.Query(language, source))

    return (
        cursor("(comment) @comment"),
        cursor("(variable_expr) @variable"),
        cursor("[(for_tuple_expr) (for_object_expr) (template_for)] @scope"),
    )


def _peak_mib() -> float | None:
    """This process's peak resident memory in MiB, where the platform tells it."""
    try:
        import resource
    except ImportError:  # Windows: the size limit alone bounds memory there
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return float(peak) / (1024 * 1024 if sys.platform == "darwin" else 1024)


def run(data: bytes) -> Tree:
    """Parse `data`, or raise OverBudget when tree-sitter runs past the budget."""
    deadline = time.monotonic() + BASE_SECONDS + SECONDS_PER_MIB * len(data) / (1 << 20)
    start_peak = _peak_mib()
    reached = [0, 0]  # the furthest byte offset seen; the number of progress calls
    stopped: list[str] = []

    def read(offset: int, _point: Any) -> bytes:
        return data[offset : offset + _CHUNK]

    def progress(offset: int, _has_error: bool) -> bool:
        reached[0] = max(reached[0], offset)
        reached[1] += 1
        if time.monotonic() > deadline:
            stopped.append("time")
            return True
        if start_peak is not None and reached[1] % 16 == 0:
            peak = _peak_mib()
            if peak is not None and peak - start_peak > MAX_GROWTH_MIB:
                stopped.append("memory")
                return True
        return False

    ts_parser = parser()
    try:
        tree = ts_parser.parse(read, progress_callback=progress)
    except ValueError:  # what tree-sitter raises when `progress` cancels the parse
        tree = None
    if tree is None or stopped:
        ts_parser.reset()  # a cancelled parse would otherwise resume on the next call
        raise OverBudget(stopped[0] if stopped else "time", reached[0])
    return tree

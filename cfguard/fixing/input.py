"""`--fix` and `--diff` for one input: fix the document, then write it back, show the change as
a unified diff, or (standard input) hand the fixed document on to be printed. What is reported
afterwards is the document as it now is: the findings `--fix` could not repair."""

from __future__ import annotations

import difflib
from typing import NamedTuple

from cfguard.core.naming import GENERATED_DIRECTORY, STDIN, generated
from cfguard.core.results import FileResult
from cfguard.core.sanitize import printable
from cfguard.fixing import FixMode
from cfguard.fixing.session import fix_document
from cfguard.fixing.write import write_fixed
from cfguard.rules.settings import Settings


class FixOutcome(NamedTuple):
    """The bytes to report on, the fixes applied (or, with `--diff`, that would be), the diff,
    the fixed document for standard output, and one-line notes and problems for stderr."""

    data: bytes
    fixed: int = 0
    diff: str | None = None
    document: bytes | None = None
    notes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    #: The lint of `data` when fixing made it (None: the report lints `data` itself).
    result: FileResult | None = None


def fix_input(path: str, data: bytes, settings: Settings, mode: FixMode) -> FixOutcome:
    stdin = path == STDIN
    passed_on = None if mode.diff or not stdin else data
    if generated(path):
        note = (
            f"cfguard: {printable(path)}: not fixed: {GENERATED_DIRECTORY} is written by cdk synth"
        )
        return FixOutcome(data, document=passed_on, notes=(note,))
    fixed = fix_document(data, path, settings, mode.unsafe)
    notes = tuple(f"cfguard: {printable(note)}" for note in fixed.notes)
    if fixed.data is data:
        return FixOutcome(data, document=passed_on, notes=notes, result=fixed.result)
    if mode.diff:
        return FixOutcome(data, fixed.applied, unified_diff(path, data, fixed.data), notes=notes)
    if stdin:
        return FixOutcome(
            fixed.data, fixed.applied, document=fixed.data, notes=notes, result=fixed.result
        )
    problem = write_fixed(path, data, fixed.data)
    if problem is not None:
        return FixOutcome(data, notes=notes, problems=(problem,))
    return FixOutcome(fixed.data, fixed.applied, notes=notes, result=fixed.result)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """`git diff`'s form of the change: `--- a/path`, `+++ b/path`, three lines of context."""
    old = _lines(before.decode("utf-8", "replace"))
    new = _lines(after.decode("utf-8", "replace"))
    shown = printable(path)
    lines = difflib.unified_diff(old, new, f"a/{shown}", f"b/{shown}")
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _lines(text: str) -> list[str]:
    """The text's lines as `patch` and `git apply` count them, at "\n" only: str.splitlines
    also splits at a lone CR, U+2028, U+0085 and a form feed, which would make a patch that
    does not apply (a file with lone CR line ends is one line to them, and so here)."""
    lines = text.split("\n")
    ended = [line + "\n" for line in lines[:-1]]
    return [*ended, lines[-1]] if lines[-1] else ended

"""`--fix` and `--diff` for one input: fix the document, then write it back, show the change as
a unified diff, or (standard input) hand the fixed document on to be printed. What is reported
afterwards is the document as it now is: the findings `--fix` could not repair."""

from __future__ import annotations

import difflib
import os
from typing import NamedTuple

from cfguard.core.naming import GENERATED_DIRECTORY, STDIN, generated
from cfguard.core.results import FileResult
from cfguard.core.sanitize import printable
from cfguard.engine import lint
from cfguard.fixing import FixMode
from cfguard.fixing.session import Linter, fix_document
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


def fix_input(
    path: str, data: bytes, settings: Settings, mode: FixMode, linter: Linter = lint
) -> FixOutcome:
    stdin = path == STDIN
    passed_on = None if mode.diff or not stdin else data
    if generated(path):
        note = (
            f"cfguard: {printable(path)}: not fixed: {GENERATED_DIRECTORY} is written by cdk synth"
        )
        return FixOutcome(data, document=passed_on, notes=(note,))
    fixed = fix_document(data, path, settings, mode.unsafe, linter)
    notes = tuple(f"cfguard: {printable(note)}" for note in fixed.notes)
    created = () if stdin else fixed.creates
    changed = fixed.data is not data
    if mode.diff:
        diff = unified_diff(path, data, fixed.data) if changed else ""
        diff += "".join(new_file_diff(_beside(path, new.name), new.text) for new in created)
        would = fixed.applied + (fixed.creating if created else 0)
        return FixOutcome(data, would, diff or None, notes=notes)
    if not changed and not created:
        return FixOutcome(data, document=passed_on, notes=notes, result=fixed.result)
    if stdin:
        return FixOutcome(
            fixed.data, fixed.applied, document=fixed.data, notes=notes, result=fixed.result
        )
    problem = write_fixed(path, data, fixed.data) if changed else None
    if problem is not None:
        return FixOutcome(data, notes=notes, problems=(problem,))
    refused = [why for new in created if (why := create_beside(_beside(path, new.name), new.text))]
    # The findings a batch fixes are fixed once it is written; the report (which must read the
    # new file) is the caller's to lint.
    applied = fixed.applied + (fixed.creating if created and not refused else 0)
    return FixOutcome(
        fixed.data,
        applied,
        notes=notes + tuple(refused),
        result=None if created else fixed.result,
    )


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """`git diff`'s form of the change: `--- a/path`, `+++ b/path`, three lines of context."""
    old = _lines(before.decode("utf-8", "replace"))
    new = _lines(after.decode("utf-8", "replace"))
    shown = printable(path)
    lines = difflib.unified_diff(old, new, f"a/{shown}", f"b/{shown}")
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def create_beside(path: str, text: str) -> str | None:
    """Write a new file, never over one that is there; why not, as a note, if it was not."""
    try:
        with open(path, "x", encoding="utf-8", newline="") as out:
            out.write(text)
    except FileExistsError:
        return (
            f"cfguard: {printable(path)}: not written: it is there, and cfguard overwrites nothing"
        )
    except OSError as error:
        return f"cfguard: {printable(path)}: not written: {(error.strerror or str(error)).lower()}"
    return None


def new_file_diff(path: str, text: str) -> str:
    """`git diff`'s form of a new file: from /dev/null."""
    lines = difflib.unified_diff([], _lines(text), "/dev/null", f"b/{printable(path)}")
    return "".join(lines)


def _beside(path: str, name: str) -> str:
    return os.path.join(os.path.dirname(path), name)


def _lines(text: str) -> list[str]:
    """The text's lines as `patch` and `git apply` count them, at "\n" only: str.splitlines
    also splits at a lone CR, U+2028, U+0085 and a form feed, which would make a patch that
    does not apply (a file with lone CR line ends is one line to them, and so here)."""
    lines = text.split("\n")
    ended = [line + "\n" for line in lines[:-1]]
    return [*ended, lines[-1]] if lines[-1] else ended

"""What a rule proposes to repair, and the edits a syntax turns it into.

A check says *what* should change, in the model's terms: the value at this location should
read `redirect-to-https` (`Replacement`). Only the syntax knows *how* that is written in its
file (an XML element's text, a JSON or HCL string with its quotes, a YAML scalar in its own
quoting style), so the syntax turns each replacement into an `Edit` of the exact characters
at fault (`Syntax.literal_edit`), and everything else in the file stays as it was.
"""

from __future__ import annotations

from typing import NamedTuple

from cfguard.core.location import Location


class Replacement(NamedTuple):
    """The value located at `location` should be `value` (a string, as the model holds it), or,
    for `None`, the list entry located there should go."""

    location: Location
    value: str | None


class TextEdit(NamedTuple):
    """A replacement as the file's text takes it: the characters from `line`:`column` up to
    `end_line`:`end_column` (1-based; the end is just past the last one) become `text`. What the
    JSON and SARIF reports carry, so that an editor or a code-scanning tool can apply it."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


class NewFile(NamedTuple):
    """A file to write beside the document (`name`, in its directory), holding `text`: never
    over a file that is there."""

    name: str
    text: str


class Fix(NamedTuple):
    """A repair of one finding: what it does (`title`, for the report), its replacements, and
    whether it is safe (it cannot break anything that works: applied by `--fix`) or unsafe (it
    can, e.g. old clients lose access: applied only with `--unsafe-fixes`). `edits` are the
    replacements as the syntax writes them, filled in by the engine; `creates`, the files the
    fix writes beside the document (CFG201's invalidation batch)."""

    title: str
    replacements: tuple[Replacement, ...]
    safe: bool
    edits: tuple[TextEdit, ...] = ()
    creates: tuple[NewFile, ...] = ()


class Edit(NamedTuple):
    """Replace the characters `start`..`end` (offsets into the decoded text) with `text`."""

    start: int
    end: int
    text: str


def safe_fix(title: str, location: Location, value: str) -> Fix:
    """A safe fix of one value."""
    return Fix(title, (Replacement(location, value),), safe=True)


def unsafe_fix(title: str, location: Location, value: str) -> Fix:
    """An unsafe fix of one value."""
    return Fix(title, (Replacement(location, value),), safe=False)


def unsafe_removal(title: str, location: Location) -> Fix:
    """An unsafe fix removing one list entry."""
    return Fix(title, (Replacement(location, None),), safe=False)


def unsafe_new_file(title: str, name: str, text: str) -> Fix:
    """An unsafe fix that writes a new file beside the document."""
    return Fix(title, (), safe=False, creates=(NewFile(name, text),))

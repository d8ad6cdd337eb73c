"""What checking produces, for every layer above the engine: a file's result, a silenced finding,
an input that could not be checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from cfguard.core.document import DocumentType
from cfguard.core.findings import Finding
from cfguard.core.sanitize import printable


class InputProblem(NamedTuple):
    """A path that cannot be checked at all (exit 2); printed as one line on stderr."""

    path: str
    message: str

    def __str__(self) -> str:
        # A file name may hold a newline or an escape sequence: one line, nothing raw.
        return f"cfguard: {printable(self.path)}: {printable(self.message)}"


class Suppressed(NamedTuple):
    """A finding an inline suppression silenced, and the reason given."""

    finding: Finding
    reason: str


class FileResult(NamedTuple):
    """What checking one file gave (a `NamedTuple`: defining a frozen dataclass costs ~1 ms on
    every run's start-up path)."""

    path: str
    document: DocumentType | None
    findings: tuple[Finding, ...]
    skipped: str | None = None  # why a file was not linted (not a CloudFront document)
    suppressed: tuple[Suppressed, ...] = ()
    #: Source lines the findings point at, kept only for terminal excerpts (the default is one
    #: shared empty dict, never written: it is a `Mapping`).
    lines: Mapping[int, str] = {}
    #: One-line remarks for stderr that do not change the exit status (a baseline revision that
    #: cannot be used, so the document was checked without one).
    notes: tuple[str, ...] = ()
    #: Problems beside the document (git could not answer): stderr and exit 2, while the
    #: document's own findings are still reported.
    problems: tuple[str, ...] = ()
    #: `--fix`: the fixes applied (`--diff`: that would be); the findings are what is left.
    fixed: int = 0
    #: `--diff`: the unified diff of what `--fix` would change.
    diff: str | None = None
    #: `--fix` on standard input: the fixed document, which goes to standard output.
    fixed_document: bytes | None = None

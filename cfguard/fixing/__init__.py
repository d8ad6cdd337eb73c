"""`cfguard check --fix` and `--diff`: the fixes the rules propose, applied to the file's text
as edits of the exact characters at fault, checked by linting the result again, and written in
place (or shown as a unified diff).

`cfguard.syntaxes.edits` turns findings into edits through the syntax (`Syntax.literal_edit`;
the engine uses it too, so that a finding offers a fix only where one can be written);
`session` runs the fix-and-lint loop on one document; `write` replaces the file on disk;
`input` does one input, written back, as a diff, or to standard output. Nothing here runs
unless `--fix` or `--diff` is given.
"""

from __future__ import annotations

from typing import NamedTuple


class FixMode(NamedTuple):
    """What the command line asked for."""

    #: Apply unsafe fixes too (`--unsafe-fixes`), not only safe ones.
    unsafe: bool = False
    #: Show what would change and write nothing (`--diff`).
    diff: bool = False

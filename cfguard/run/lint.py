"""Checking one input: the run options and `lint_input`, shared by the runner and the worker
processes (so `parallel` does not import `runner`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from cfguard.core.results import FileResult, InputProblem
from cfguard.engine import lint
from cfguard.inputs import Input, read
from cfguard.rules.settings import Settings

if TYPE_CHECKING:
    from cfguard.change.baseline import ChangeOptions
    from cfguard.fixing import FixMode


class RunOptions(NamedTuple):
    exclude: tuple[str, ...] = ()
    #: Directory scans pass over what .gitignore files ignore (`--no-respect-gitignore`: no).
    respect_gitignore: bool = True
    keep_lines: bool = False
    #: `--baseline`/`--baseline-ref`/`--invalidation`; None (the usual case): no git, no extra
    #: parsing.
    change: ChangeOptions | None = None
    #: Processes (`--jobs`); None: every CPU for a large batch, one for a few files.
    jobs: int | None = None
    #: `--fix`/`--diff`; None: the file is only read.
    fix: FixMode | None = None


def lint_input(item: Input, settings: Settings, options: RunOptions) -> FileResult | InputProblem:
    data = read(item)
    if isinstance(data, InputProblem):
        return data
    if options.fix is None:
        return _lint_data(data, item, settings, options)
    from cfguard.fixing.input import fix_input

    # Each input is fixed by the one process that checks it, so no file is written twice. Each
    # round lints as the report does (change-aware with a baseline: CFG201 and its fix need it).
    plain = options._replace(keep_lines=False)

    def linter(text: bytes, path: str, with_settings: Settings) -> FileResult:
        return _lint_data(text, item, with_settings, plain)

    fixed = fix_input(item.path, data, settings, options.fix, linter)
    # The fix's last lint is the report's, unless the report shows excerpts (it keeps lines).
    result = (
        fixed.result
        if fixed.result is not None and not options.keep_lines
        else _lint_data(fixed.data, item, settings, options)
    )
    return result._replace(
        fixed=fixed.fixed,
        diff=fixed.diff,
        fixed_document=fixed.document,
        notes=result.notes + fixed.notes,
        problems=result.problems + fixed.problems,
    )


def _lint_data(data: bytes, item: Input, settings: Settings, options: RunOptions) -> FileResult:
    if options.change is not None:
        from cfguard.change.baseline import lint_changed

        return lint_changed(data, item, settings, options.change, keep_lines=options.keep_lines)
    return lint(data, item.path, settings, keep_lines=options.keep_lines)

"""Runs the engine over the paths a user named and keeps the tally the summary reports."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING

from cfguard.engine import FileResult, Settings, lint
from cfguard.findings import Severity
from cfguard.inputs import Input, InputProblem, expand, read
from cfguard.parallel import plan, run_parallel
from cfguard.records import field, record

if TYPE_CHECKING:
    from cfguard.baseline import ChangeOptions


@record(frozen=False)
class Tally:
    """Counts filled in while results stream past, read by the formatter's summary."""

    checked: int = 0
    skipped: int = 0
    suppressed: int = 0
    by_severity: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))
    problems: list[InputProblem] = field(default_factory=list)
    #: One-line remarks for stderr (FileResult.notes); they never change the exit status.
    notes: list[str] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def add(self, result: FileResult) -> None:
        self.notes.extend(result.notes)
        self.problems.extend(InputProblem(result.path, message) for message in result.problems)
        if result.skipped is not None:
            self.skipped += 1
            return
        self.checked += 1
        self.suppressed += len(result.suppressed)
        for finding in result.findings:
            self.by_severity[finding.severity] += 1

    def fails(self, threshold: Severity | None) -> bool:
        """Whether any finding is at or above `threshold` (None: never)."""
        if threshold is None:
            return False
        return any(n for sev, n in self.by_severity.items() if sev.rank >= threshold.rank)


@record
class RunOptions:
    exclude: tuple[str, ...] = ()
    keep_lines: bool = False
    #: `--baseline`/`--baseline-ref`/`--invalidation`; None (the usual case): no git, no extra
    #: parsing.
    change: ChangeOptions | None = None
    #: Processes (`--jobs`); None: every CPU for a large batch, one for a few files.
    jobs: int | None = None


def run(
    paths: Iterable[str], settings: Settings, options: RunOptions, tally: Tally
) -> Generator[FileResult, None, None]:
    """Lint every input, reporting in input order whatever the number of processes; unusable
    inputs go to `tally.problems` and the others are still checked. No document is held after
    its result is yielded."""
    jobs, items = plan(expand(paths, options.exclude), options.jobs)
    if jobs > 1:
        outcomes: Iterator[FileResult | InputProblem] = run_parallel(items, jobs, settings, options)
    else:
        outcomes = (
            item if isinstance(item, InputProblem) else lint_input(item, settings, options)
            for item in items
        )
    for outcome in outcomes:
        if isinstance(outcome, InputProblem):
            tally.problems.append(outcome)
            continue
        tally.add(outcome)
        yield outcome


def lint_input(item: Input, settings: Settings, options: RunOptions) -> FileResult | InputProblem:
    data = read(item)
    if isinstance(data, InputProblem):
        return data
    if options.change is not None:
        from cfguard.baseline import lint_changed

        return lint_changed(data, item, settings, options.change, keep_lines=options.keep_lines)
    return lint(data, item.path, settings, keep_lines=options.keep_lines)

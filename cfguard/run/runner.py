"""Runs the engine over the paths a user named, in input order, and fills the tally."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator

from cfguard.core.results import FileResult, InputProblem
from cfguard.core.tally import Tally
from cfguard.inputs import expand
from cfguard.rules.settings import Settings
from cfguard.run.lint import RunOptions, lint_input
from cfguard.run.parallel import plan, run_parallel


def run(
    paths: Iterable[str], settings: Settings, options: RunOptions, tally: Tally
) -> Generator[FileResult, None, None]:
    """Lint every input, reporting in input order whatever the number of processes; unusable
    inputs go to `tally.problems` and the others are still checked. No document is held after
    its result is yielded."""
    inputs = expand(paths, options.exclude, respect_gitignore=options.respect_gitignore)
    jobs, items = plan(inputs, options.jobs)
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

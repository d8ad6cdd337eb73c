"""`cfguard check --aws`: every distribution of the account (or those `--distribution-id`
names), fetched, saved with `--save`, and linted as the `get-distribution-config` text it is,
under its ARN or its saved file's path."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, NamedTuple

from cfguard.core.naming import LIVE_LISTING
from cfguard.core.results import FileResult, InputProblem
from cfguard.core.tally import Tally
from cfguard.engine import lint
from cfguard.live.fetch import Failed, Fetched, Listed, ListingError, fetch_all, list_distributions
from cfguard.live.progress import progress
from cfguard.live.render import render
from cfguard.live.save import SaveError, save, saved_path
from cfguard.rules.settings import Settings


class ScanOptions(NamedTuple):
    #: `--distribution-id`: only these (empty: every distribution the account lists).
    ids: tuple[str, ...] = ()
    #: `--save DIR` (created beforehand by the command).
    save: str | None = None
    #: Keep the lines findings point at (terminal excerpts): only saved files have lines to show.
    keep_lines: bool = False


def scan(
    client: Any, options: ScanOptions, settings: Settings, tally: Tally
) -> Generator[FileResult, None, None]:
    """Each distribution's result in listing order; what cannot be checked goes to
    `tally.problems` (a deleted one to `tally.notes`) and the scan goes on."""
    tally.unit = "distribution"
    if options.ids:
        targets = [Listed(identifier) for identifier in dict.fromkeys(options.ids)]
    else:
        try:
            targets = list_distributions(client)
        except ListingError as error:
            tally.problems.append(InputProblem(LIVE_LISTING, str(error)))
            return
    with progress(len(targets)) as advance:
        for outcome in fetch_all(client, targets, advance):
            if isinstance(outcome, Failed):
                _tell_failure(outcome, named=bool(options.ids), tally=tally)
                continue
            result = _check(outcome, options, settings, tally)
            tally.add(result)
            yield result


def _tell_failure(failed: Failed, *, named: bool, tally: Tally) -> None:
    name = failed.arn or f"cloudfront:{failed.id}"
    if failed.gone and not named:
        # Listed a moment ago and gone now: nothing is left to check, so nothing went unchecked.
        tally.notes.append(f"cfguard: {name}: note: deleted during the scan ({failed.message})")
    else:
        tally.problems.append(InputProblem(name, failed.message))


def _check(fetched: Fetched, options: ScanOptions, settings: Settings, tally: Tally) -> FileResult:
    data = render(fetched.etag, fetched.config)
    name = fetched.arn
    if options.save is not None:
        try:
            path = saved_path(options.save, fetched.id)
            save(path, data, fetched.config.get("CallerReference"))
            name = path
        except SaveError as error:  # still checked, under the ARN: no finding goes missing
            tally.problems.append(InputProblem(error.path, error.message))
    if name != fetched.arn:
        return lint(data, name, settings, keep_lines=options.keep_lines)
    result = lint(data, name, settings)
    # No file to edit: a fix is offered for a saved file (`cfguard check --fix DIR`) only.
    unfixed = tuple(finding._replace(fix=None) for finding in result.findings)
    return result._replace(findings=unfixed)

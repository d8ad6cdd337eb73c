"""`cfguard check PATH...`."""

from __future__ import annotations

import os
import sys
from contextlib import closing
from typing import TYPE_CHECKING, Any

import click

from cfguard.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, cli
from cfguard.cli.fixes import FixedDocuments, fix_first, refuse_report_on_stdout, show_diffs
from cfguard.cli.live import live_options, live_request, live_results, refuse_report_in
from cfguard.cli.output import (
    OutputError,
    files_read,
    open_output,
    refuse_inputs,
    target,
    tell,
)
from cfguard.cli.settings import FAIL_ON, settings_from, threshold
from cfguard.core.naming import STDIN
from cfguard.core.tally import Tally
from cfguard.fixing import FixMode
from cfguard.formatters import FORMATS, OutputOptions, get_formatter
from cfguard.run.lint import RunOptions
from cfguard.run.parallel import WorkerError
from cfguard.run.runner import run

if TYPE_CHECKING:
    from cfguard.change.baseline import ChangeOptions


@cli.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write the report to FILE (- for standard output). Never one of the files the run reads.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules: ids, id prefixes (CFG1), names or ALL, in any case, "
    "comma-separated. CFG001 and CFG002 always run.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULES",
    help="Skip these rules: ids, id prefixes or names, comma-separated.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,  # None: the configuration's fail-on, else warning
    help="Exit 1 when a finding is at or above this severity (default: warning, or fail-on "
    "in the configuration).",
)
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    help="Configuration file (default: .cfguard.toml, or [tool.cfguard] in "
    "pyproject.toml, searched upward from the current directory).",
)
@click.option(
    "--no-respect-gitignore",
    is_flag=True,
    help="Also search what .gitignore files ignore (default: skipped inside a git work tree, "
    "unless respect-gitignore = false in the configuration).",
)
@click.option(
    "--show-suppressed",
    is_flag=True,
    help="Also list the findings suppression comments silenced, with their reasons.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option(
    "--no-color",
    is_flag=True,
    help="No colour (also: the NO_COLOR variable). A terminal still shows the source excerpts.",
)
@click.option(
    "--baseline",
    metavar="FILE",
    help="The previous version of the one distribution checked: report a switch to "
    "HTTPS without an invalidation (CFG201).",
)
@click.option(
    "--baseline-ref",
    metavar="REV",
    help="Compare each file with its own version at git revision REV (HEAD, "
    "origin/main, a merge base).",
)
@click.option(
    "--invalidation",
    "invalidations",
    multiple=True,
    metavar="FILE",
    help="An InvalidationBatch sent with this change (repeatable; also found beside a "
    "document as <stem>.invalidation*.xml).",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Repair what a safe fix can, in place (standard input: the fixed document goes to "
    "standard output, the report to standard error); report what is left.",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Also apply (and mark [*]) fixes that can break something that works.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print what --fix would change as a unified diff and write nothing "
    "(exit 1 if anything would change).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Check with N processes (default: every CPU for more than 64 files, else 1). "
    "The report is the same whatever N.",
)
@live_options
def check(
    *,  # click passes every parameter by name
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    config_file: str | None,
    no_respect_gitignore: bool,
    show_suppressed: bool,
    exit_zero: bool,
    quiet: bool,
    no_color: bool,
    baseline: str | None,
    baseline_ref: str | None,
    invalidations: tuple[str, ...],
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    jobs: int | None,
    **live: Any,
) -> None:
    """Check CloudFront documents: API XML, AWS CLI JSON, CloudFormation templates and Terraform
    (files, directories searched for *.xml, *.json, *.yaml, *.yml, *.template and *.tf, or - for
    stdin), or the distributions deployed in an AWS account (--aws).

    \b
    Exit status: 0 no finding at or above --fail-on; 1 findings at or above it;
    2 a usage error or an input that could not be read; 141 the output was
    closed before the report was written (| head).
    """
    file_only = {"--fix": fix, "--diff": diff, "--unsafe-fixes": unsafe_fixes}
    file_only |= {"--baseline": bool(baseline), "--baseline-ref": bool(baseline_ref)}
    file_only |= {"--invalidation": bool(invalidations), "--jobs": jobs is not None}
    request = live_request(live, paths, file_only)
    config, settings = settings_from(config_file, select, ignore)
    gitignore = config.respect_gitignore and not no_respect_gitignore
    change: ChangeOptions | None = None
    if baseline or baseline_ref or invalidations:
        change, paths = _change_options(
            paths,
            baseline,
            baseline_ref,
            invalidations,
            config.exclude,
            respect_gitignore=gitignore,
        )
    try:
        report = target(output)
        if report is not None:
            read = files_read(
                paths, config.exclude, config.files_read, change, respect_gitignore=gitignore
            )
            refuse_inputs(report, read)
            refuse_report_in(request.save_directory, report)
    except OutputError as error:
        click.echo(f"cfguard: {error}", err=True)
        sys.exit(EXIT_ERROR)
    tally = Tally(unsafe_fixes=unsafe_fixes)
    mode = FixMode(unsafe_fixes, diff) if fix or diff else None
    # The fixed standard input takes standard output: the report goes to standard error.
    report_to_stderr = report is None and fix and not diff and STDIN in paths
    if report_to_stderr and output == "-":
        sys.exit(refuse_report_on_stdout())
    # Colour and excerpts are for a person at a terminal; --no-color only takes the colour away.
    terminal = (
        report is None and output_format == "text" and bool(sys.stdout and sys.stdout.isatty())
    )
    color = terminal and not (no_color or os.environ.get("NO_COLOR"))
    options = OutputOptions(
        color=color, excerpt=terminal, quiet=quiet, show_suppressed=show_suppressed
    )
    run_options = RunOptions(
        exclude=config.exclude,
        respect_gitignore=gitignore,
        keep_lines=terminal,
        change=change,
        jobs=jobs,
        fix=mode,
    )
    if diff:
        sys.exit(show_diffs(paths, settings, run_options, tally))
    if mode is not None and change is not None and STDIN not in paths:
        # A document's CFG201 reads the invalidation batch beside it, which this run may fix
        # too: every file is fixed first, then the report is of the files as they now are.
        run_options = fix_first(paths, settings, run_options, tally)
    documents = FixedDocuments()
    checked = (
        live_results(request, paths, settings, tally, run_options)
        if request.wanted
        else run(paths, settings, run_options, tally)
    )
    try:
        with (
            open_output(None if report_to_stderr else report) as given,
            closing(checked) as results,
        ):
            out = sys.stderr if report_to_stderr else given
            # closing(): on Ctrl-C or an error in the formatter, the run (and its worker pool)
            # is shut down now, not whenever the traceback that holds it is freed, which may be
            # after exit has started waiting for the pool's queued work.
            get_formatter(output_format)(documents.keep(results), tally, out, options)
    except (WorkerError, OutputError) as error:  # -o FILE is left as it was: no half report
        click.echo(f"cfguard: {error}", err=True)
        sys.exit(EXIT_ERROR)
    documents.write()
    tell(tally)
    lowest = threshold(fail_on or config.fail_on or "warning")
    if tally.problems:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if tally.fails(lowest) and not exit_zero else EXIT_OK)


def _change_options(
    paths: tuple[str, ...],
    baseline: str | None,
    ref: str | None,
    invalidations: tuple[str, ...],
    exclude: tuple[str, ...],
    *,
    respect_gitignore: bool,
) -> tuple[ChangeOptions, tuple[str, ...]]:
    from cfguard.change.baseline import ChangeError, prepare

    try:
        return prepare(
            paths, baseline, ref, invalidations, exclude, respect_gitignore=respect_gitignore
        )
    except ChangeError as error:
        click.echo(f"cfguard: {error}", err=True)
        sys.exit(EXIT_ERROR)

"""`cfguard check PATH...`."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from cfguard.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, cli
from cfguard.commands.output import open_output
from cfguard.engine import Settings
from cfguard.findings import Severity
from cfguard.formatters import FORMATS, OutputOptions, get_formatter
from cfguard.registry import UnknownRuleError, resolve_selection
from cfguard.runner import RunOptions, Tally, run

FAIL_ON = ("error", "warning", "info", "never")


def _split(values: Sequence[str]) -> list[str]:
    return [token.strip() for value in values for token in value.split(",") if token.strip()]


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of standard output.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules: ids, id prefixes (CFG1) or names, comma-separated.")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Skip these rules: ids, id prefixes or names, comma-separated.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="warning", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("--no-color", is_flag=True, help="No colour (also: the NO_COLOR variable).")
def check(
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str,
    exit_zero: bool,
    quiet: bool,
    no_color: bool,
) -> None:
    """Check CloudFront documents (files, directories searched for *.xml, or - for stdin).

    \b
    Exit status: 0 no finding at or above --fail-on; 1 findings at or above it;
    2 a usage error or an input that could not be read.
    """
    try:
        enabled = resolve_selection(_split(select) or None, _split(ignore))
    except UnknownRuleError as error:
        raise click.BadParameter(str(error), param_hint="--select/--ignore") from None
    settings = Settings(enabled=enabled)
    tally = Tally()
    with open_output(output, paths) as out:
        color = output is None and output_format == "text" and _wants_color(no_color)
        options = OutputOptions(color=color, quiet=quiet)
        results = run(paths, settings, RunOptions(keep_lines=color), tally)
        get_formatter(output_format)(results, tally, out, options)
    for problem in tally.problems:
        click.echo(str(problem), err=True)
    threshold = None if fail_on == "never" else Severity(fail_on)
    if tally.problems:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if tally.fails(threshold) and not exit_zero else EXIT_OK)


def _wants_color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()

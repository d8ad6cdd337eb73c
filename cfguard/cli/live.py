"""The options of `cfguard check` for live distributions (`--aws`, `--distribution-id`,
`--save`, `--baseline-live`, `--profile`, `--endpoint-url`): what they may be combined with,
and the results they give the formatter."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Sequence
from typing import Any, NamedTuple, TypeVar

import click

from cfguard.cli import EXIT_ERROR
from cfguard.cli.output import OutputError
from cfguard.core.results import FileResult, InputProblem
from cfguard.core.sanitize import printable
from cfguard.core.tally import Tally
from cfguard.rules.settings import Settings
from cfguard.run.lint import RunOptions

Command = TypeVar("Command", bound=Callable[..., Any])

_OPTIONS = (
    click.option(
        "--aws",
        is_flag=True,
        help="Check the distributions deployed in the AWS account (read-only; needs "
        "pip install 'cfguard[aws]').",
    ),
    click.option(
        "--distribution-id",
        "distribution_ids",
        multiple=True,
        metavar="ID",
        help="Check this deployed distribution only (repeatable); with --baseline-live, the "
        "one the document configures.",
    ),
    click.option(
        "--save",
        "save_directory",
        metavar="DIR",
        help="Write each fetched configuration to DIR/<Id>.json as `aws cloudfront "
        "get-distribution-config` prints it, and report findings at its lines.",
    ),
    click.option(
        "--baseline-live",
        is_flag=True,
        help="Compare each document with its distribution as deployed now (CFG201), the "
        "check before update-distribution.",
    ),
    click.option("--profile", metavar="NAME", help="AWS profile (default: AWS_PROFILE)."),
    click.option(
        "--endpoint-url",
        metavar="URL",
        help="CloudFront API endpoint (default: AWS's; for a proxy or a local test server).",
    ),
)


def live_options(command: Command) -> Command:
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


class LiveRequest(NamedTuple):
    aws: bool = False
    distribution_ids: tuple[str, ...] = ()
    save_directory: str | None = None
    baseline_live: bool = False
    profile: str | None = None
    endpoint_url: str | None = None

    @property
    def scans(self) -> bool:
        """`--aws` or `--distribution-id` without a document: check what is deployed."""
        return not self.baseline_live and (self.aws or bool(self.distribution_ids))

    @property
    def wanted(self) -> bool:
        return self != LiveRequest()


def live_request(
    options: dict[str, Any], paths: Sequence[str], file_only: dict[str, bool]
) -> LiveRequest:
    """The live options given; click.UsageError (exit 2) for what they cannot be combined with
    (`file_only`: the options only files take, and whether each was given), and for no PATH
    without them."""
    request = LiveRequest(**options)
    if not request.wanted:
        if not paths:
            _usage("Missing argument 'PATH...'.")
        return request
    if request.baseline_live and request.aws:
        _usage(
            "--baseline-live compares documents with what is deployed; --aws checks what is "
            "deployed: give one of them"
        )
    if request.scans and paths:
        _usage(
            "--aws checks the account's distributions, not files: drop PATH..., or give "
            "--baseline-live to compare documents with what is deployed"
        )
    if request.baseline_live and not paths:
        _usage("--baseline-live compares documents with what is deployed: give the documents")
    if not request.scans and not request.baseline_live:
        given = "--save is" if request.save_directory else "--profile and --endpoint-url are"
        _usage(f"{given} for --aws, --distribution-id and --baseline-live")
    if request.baseline_live and request.save_directory:
        _usage("--save writes what --aws fetches; with --baseline-live nothing is saved")
    if request.baseline_live and len(request.distribution_ids) > 1:
        _usage(
            "--baseline-live takes one --distribution-id, the distribution of the one "
            "document given"
        )
    for option, used in file_only.items():
        if used:
            hint = " (fix the saved files: cfguard check --fix DIR)" if "fix" in option else ""
            _usage(f"{option} cannot be combined with live distributions{hint}")
    return request


def _usage(message: str) -> None:
    raise click.UsageError(message)


def refuse_report_in(save_directory: str | None, report: str | None) -> None:
    """The report never lands among the saved configurations (it could replace one)."""
    if save_directory is None or report is None:
        return
    here = os.path.realpath(os.path.dirname(os.path.abspath(report)))
    if here == os.path.realpath(save_directory):
        raise OutputError(
            f"{printable(report)} is in the --save directory, where the fetched "
            "configurations go; cfguard will not write the report there (given with -o/--output)"
        )


def live_results(
    request: LiveRequest,
    paths: Sequence[str],
    settings: Settings,
    tally: Tally,
    options: RunOptions,
) -> Generator[FileResult, None, None]:
    """The results of a live scan, or of documents compared with what is deployed. Nothing
    can be checked without a client: a one-line error and exit 2 before any report."""
    from cfguard.live.client import AwsSettings, LiveError, connect

    try:
        client = connect(AwsSettings(request.profile, request.endpoint_url))
        if request.save_directory is not None:
            from cfguard.live.save import SaveError, prepare_directory

            try:
                prepare_directory(request.save_directory)
            except SaveError as error:
                raise LiveError(str(error)) from None
    except LiveError as error:
        click.echo(f"cfguard: {error}", err=True)
        sys.exit(EXIT_ERROR)
    if request.scans:
        from cfguard.live.scan import ScanOptions, scan

        wanted = ScanOptions(request.distribution_ids, request.save_directory, options.keep_lines)
        return scan(client, wanted, settings, tally)
    from cfguard.inputs import Input, expand
    from cfguard.live.baseline import check_against_live

    inputs: list[Input] = []
    for item in expand(paths, options.exclude, respect_gitignore=options.respect_gitignore):
        if isinstance(item, InputProblem):
            tally.problems.append(item)
        else:
            inputs.append(item)
    named = request.distribution_ids[0] if request.distribution_ids else None
    if named is not None and len(inputs) != 1:
        click.echo(
            f"cfguard: --distribution-id {printable(named)} names the distribution of one "
            f"document, but {len(inputs)} were given",
            err=True,
        )
        sys.exit(EXIT_ERROR)
    return check_against_live(client, inputs, named, settings, tally, keep_lines=options.keep_lines)

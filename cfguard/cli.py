"""The command line. Thin: parse options, call the runner, pick a formatter, choose the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from cfguard import __version__

ISSUES_URL = "https://github.com/cfguard/cfguard/issues"

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="cfguard",
                      message="%(prog)s %(version)s")
def cli() -> None:
    """Lint AWS CloudFront distribution configurations (CloudFront API XML) for HTTPS problems.

    \b
    Examples:
      cfguard check dist.xml
      cfguard check --format json -o report.json configs/
      cfguard explain CFG101
    """


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: never a traceback, one line and exit 2 on an internal error."""
    from cfguard import commands  # noqa: F401  (registers the sub-commands)

    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="cfguard")
    except KeyboardInterrupt:
        sys.stderr.write("cfguard: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`cfguard check ... | head`): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_FINDINGS)
    except Exception as error:  # noqa: BLE001 - the promise is: never a traceback
        detail = f"{type(error).__name__}: {error}".splitlines()[0][:300]
        sys.stderr.write(
            f"cfguard: internal error ({detail}); please report it at {ISSUES_URL} "
            "with the command line and, if you can, the document\n"
        )
        sys.exit(EXIT_ERROR)

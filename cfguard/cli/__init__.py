"""The command line. Thin: parse options, call the runner, pick a formatter, choose the exit
code."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from cfguard import __version__

ISSUES_URL = "https://github.com/cfguard/cfguard/issues"

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: The reader of the report went away (`cfguard check ... | head -1`): 128 + SIGPIPE, the status
#: a shell reports for `yes | head -1`. Not a finding and not an error worth a message.
EXIT_OUTPUT_CLOSED = 128 + 13


#: Sub-command -> the module that defines it (and registers it on `cli` when imported).
COMMANDS = {
    "check": "cfguard.cli.check",
    "explain": "cfguard.cli.rules",
    "rules": "cfguard.cli.rules",
}


class Interrupted(BaseException):
    """Ctrl-C, carried past click (which would print "Aborted!" and exit 1) to `main`."""


class OutputClosed(BaseException):
    """A broken pipe, carried past click (which would exit 1, "findings") to `main`."""


class WritesHelp(click.Command):
    """`--help` and `--version` are written while the command line is parsed: a closed pipe
    there is not a finding either, and a full disk is not an internal error."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:  # `cfguard --help | head -1`
            return super().make_context(*args, **kwargs)
        except BrokenPipeError:
            raise OutputClosed from None
        except OSError as error:  # `cfguard --version > /dev/full`: not an internal error
            reason = (error.strerror or str(error)).lower()
            sys.stderr.write(f"cfguard: standard output: {reason}\n")
            sys.exit(EXIT_ERROR)


class LazyGroup(WritesHelp, click.Group):
    """Imports a sub-command's module only when that command runs (or help lists them all), so
    `cfguard --version` and `cfguard check` pay for nothing else at start-up."""

    command_class = WritesHelp  # for `cfguard check --help`

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            try:
                return super().invoke(ctx)
            finally:
                # Flushed now, not at interpreter exit, where a closed pipe could only end in
                # a warning and status 120. (None: started with standard output closed.)
                if sys.stdout is not None:
                    sys.stdout.flush()
        except KeyboardInterrupt:
            raise Interrupted from None
        except BrokenPipeError:
            raise OutputClosed from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "-V", "--version", prog_name="cfguard", message="%(prog)s %(version)s"
)
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
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="cfguard")
    except (KeyboardInterrupt, Interrupted):
        sys.stderr.write("cfguard: interrupted\n")
        _stop_workers_and_exit(130)
    except (BrokenPipeError, OutputClosed):
        # Whatever is still buffered goes nowhere, quietly, when the interpreter exits.
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                os.dup2(devnull, stream.fileno())
        _stop_workers_and_exit(EXIT_OUTPUT_CLOSED)
    except Exception as error:  # the promise is: never a traceback
        detail = f"{type(error).__name__}: {error}".splitlines()[0][:300]
        sys.stderr.write(
            f"cfguard: internal error ({detail}); please report it at {ISSUES_URL} "
            "with the command line and, if you can, the document\n"
        )
        sys.exit(EXIT_ERROR)


def _stop_workers_and_exit(code: int) -> None:
    """Exit now. With worker processes (a large batch), stop them and skip the interpreter's
    exit handlers: those wait for the pool to wind down, and the user asked to stop, not to
    wait. Everything cfguard writes is complete or already removed by then (`-o` writes to a
    temporary file that the interrupted run has deleted)."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is None:
        sys.exit(code)
    for child in multiprocessing.active_children():
        child.terminate()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed or broken pipe
            stream.flush()
    os._exit(code)

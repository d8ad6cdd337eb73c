"""What `--select`, `--ignore` and `--fail-on` make of the configuration."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from cfguard.cli import EXIT_ERROR
from cfguard.config import Config, ConfigError, load_config, merge_settings
from cfguard.core.findings import Severity
from cfguard.rules.registry import RuleError
from cfguard.rules.settings import Settings

FAIL_ON = ("error", "warning", "info", "never")


def _split(values: Sequence[str]) -> list[str]:
    return [token.strip() for value in values for token in value.split(",") if token.strip()]


def settings_from(
    config_file: str | None, select: tuple[str, ...], ignore: tuple[str, ...]
) -> tuple[Config, Settings]:
    """The configuration and the rule settings it makes with `--select`/`--ignore` (a bad one:
    one line naming it, exit 2)."""
    try:
        config = load_config(config_file)
        # `--select ''` is given and names nothing: an empty selection (an error), not "all".
        return config, merge_settings(config, _split(select) if select else None, _split(ignore))
    except (ConfigError, RuleError) as error:  # one line naming the file or the flag
        click.echo(f"cfguard: {error}", err=True)
        sys.exit(EXIT_ERROR)


def threshold(fail_on: str) -> Severity | None:
    """The lowest severity that fails the run (`--fail-on`); None for `never`."""
    return None if fail_on == "never" else Severity(fail_on)

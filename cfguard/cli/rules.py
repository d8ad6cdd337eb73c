"""`cfguard rules` and `cfguard explain RULE`: every rule's documentation on the spot."""

from __future__ import annotations

import json
import sys

import click

from cfguard.cli import EXIT_ERROR, cli
from cfguard.rules.registry import NotOneRuleError, Rule, RuleError, all_rules, resolve_one


def _rule_json(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": str(rule.severity),
        "formats": list(rule.formats),
        "documents": list(rule.documents),
        "summary": rule.summary,
        "tags": list(rule.tags),
        "help_uri": rule.help_uri,
        "options": rule_options(rule.id),
    }


def rule_options(rule_id: str) -> dict[str, object]:
    """The rule's configuration options (`[rules.<ID>]`) and their defaults."""
    from cfguard.config.values import RULE_OPTIONS
    from cfguard.core.records import field_names
    from cfguard.rules.options import RuleOptions

    options = RuleOptions()
    defaults = {name: getattr(options, name) for name in field_names(options)}
    return {
        key: list(value) if isinstance(value := defaults[field], tuple) else value
        for key, field in RULE_OPTIONS.get(rule_id, {}).items()
    }


def markdown_table() -> str:
    """The README's rules table (a test keeps the README current)."""
    lines = [
        "| Rule | Name | Severity | Formats | What it flags |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in all_rules():
        lines.append(
            f"| [{rule.id}](rules/{rule.filename}) | `{rule.name}` | {rule.severity} | "
            f"{', '.join(rule.formats)} | {rule.summary} |"
        )
    return "\n".join(lines) + "\n"


@cli.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def list_rules(output_format: str) -> None:
    """List every rule: id, name, default severity, formats and summary."""
    rules = all_rules()
    if output_format == "json":
        click.echo(json.dumps([_rule_json(rule) for rule in rules], indent=2))
    elif output_format == "markdown":
        click.echo(markdown_table(), nl=False)
    else:
        width = max(len(rule.name) for rule in rules)
        for rule in rules:
            click.echo(
                f"{rule.id}  {rule.name:<{width}}  {rule.severity!s:<7}  "
                f"{'+'.join(rule.formats):<14}  {rule.summary}"
            )


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show the documentation of RULE (an id such as CFG101, or a name such as http-allowed)."""
    try:
        found = resolve_one(rule)
    except NotOneRuleError as error:
        click.echo(f"cfguard: {error}; explain shows one rule at a time", err=True)
        sys.exit(EXIT_ERROR)
    except RuleError as error:
        click.echo(f"cfguard: {error}", err=True)
        sys.exit(EXIT_ERROR)
    header = f"# {found.id} {found.name}\n\n"
    facts = (
        f"*{found.summary}.* Default severity: **{found.severity}**. "
        f"Formats: {', '.join(found.formats)}. Documentation: {found.help_uri}\n\n"
    )
    options = rule_options(found.id)
    if options:
        toml = "\n".join(f"{key} = {json.dumps(value)}" for key, value in options.items())
        facts += (
            f"Options (shown with their defaults), in `.cfguard.toml`:\n\n"
            f"```toml\n[rules.{found.id}]\n{toml}\n```\n\n"
        )
    text = header + facts + found.documentation
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        # Piped or redirected: the Markdown source, which is plain text and still valid Markdown.
        click.echo(text, nl=False)

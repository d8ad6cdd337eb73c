"""`cfguard rules` and `cfguard explain RULE`: every rule's documentation on the spot."""

from __future__ import annotations

import json
import sys

import click

from cfguard.cli import EXIT_ERROR, cli
from cfguard.rules.declared_options import to_toml
from cfguard.rules.registry import NotOneRuleError, Rule, RuleError, all_rules, resolve_one


def _rule_json(rule: Rule) -> dict[str, object]:
    # Fields are only ever added: "formats" stays beside "dialects", its new name, and
    # "options" (key -> default) beside "option_types" (each option's whole declaration).
    return {
        "id": rule.id,
        "name": rule.name,
        "aliases": list(rule.aliases),
        "severity": str(rule.severity),
        "formats": list(rule.dialects),
        "dialects": list(rule.dialects),
        "documents": list(rule.documents),
        "summary": rule.summary,
        "tags": list(rule.tags),
        "help_uri": rule.help_uri,
        "options": rule_options(rule),
        "option_types": {spec.key: spec.as_json() for spec in rule.options},
        "fix": rule.fix,
    }


#: How the listings show whether `--fix` repairs a rule's findings.
_FIX_SHOWN = {"always": "always", "sometimes": "sometimes", "none": "-"}

#: What `explain` says of it.
_FIX_EXPLAINED = {
    "always": "Fix: always available (`cfguard check --fix`; see the Fix section for whether it is "
    "safe).\n\n",
    "sometimes": "Fix: sometimes available (`cfguard check --fix`; the Fix section says when, and "
    "whether it is safe).\n\n",
    "none": "Fix: none (`--fix` leaves its findings to you).\n\n",
}


def rule_options(rule: Rule) -> dict[str, object]:
    """The rule's configuration options (`[rules.<ID>]`) and their defaults, as its rule file
    declares them."""
    return {spec.key: to_toml(spec.default) for spec in rule.options}


def markdown_table() -> str:
    """The README's rules table (a test keeps the README current)."""
    lines = [
        "| Rule | Name | Severity | Dialects | Fix | What it flags |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in all_rules():
        lines.append(
            f"| [{rule.id}](rules/{rule.filename}) | `{rule.name}` | {rule.severity} | "
            f"{', '.join(rule.dialects)} | {_FIX_SHOWN[rule.fix]} | {rule.summary} |"
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
    """List every rule: id, name, default severity, dialects, fix and summary."""
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
                f"{'+'.join(rule.dialects):<14}  {_FIX_SHOWN[rule.fix]:<9}  {rule.summary}"
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
        f"Dialects: {', '.join(found.dialects)}. Documentation: {found.help_uri}\n\n"
    )
    facts += _FIX_EXPLAINED[found.fix]
    if found.aliases:
        facts += f"Also accepted under its former name: {', '.join(found.aliases)}.\n\n"
    if found.options:
        described = "".join(
            f"- `{spec.key}`: {spec.description}; {spec.accepts()}.\n" for spec in found.options
        )
        toml = "\n".join(
            f"{spec.key} = {json.dumps(to_toml(spec.default))}" for spec in found.options
        )
        facts += (
            f"Options (shown with their defaults), in `.cfguard.toml`:\n\n{described}\n"
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

"""Strict reading of configuration values: every error names the file, the key and what would be
accepted, in one line (`cfguard: .cfguard.toml: unknown key 'fail_on' (valid keys: ...)`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cfguard.core.findings import Severity
from cfguard.rules.declared_options import OptionValueError, show
from cfguard.rules.options import RuleOptions
from cfguard.rules.registry import (
    Rule,
    RuleError,
    all_rules,
    ignorable,
    resolve,
    resolve_one,
    resolve_selection,
)


class ConfigError(Exception):
    """The configuration cannot be used; the message is the whole line the user sees."""


class TableReader:
    """Reads one configuration document; `prefix` is `tool.cfguard.` in a pyproject.toml."""

    TOP_LEVEL_KEYS = (
        "exclude",
        "fail-on",
        "ignore",
        "per-file-ignores",
        "require-reason",
        "respect-gitignore",
        "rules",
        "select",
        "severity",
    )

    def __init__(self, file: str, prefix: str = "") -> None:
        self.file = file
        self.prefix = prefix

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.file}: '{self.prefix}{key}' {problem}")

    def known_keys(self, table: Mapping[str, Any], where: str, valid: tuple[str, ...]) -> None:
        for key in table:
            if key not in valid:
                raise ConfigError(
                    f"{self.file}: unknown key '{self.prefix}{where}{key}' "
                    f"(valid keys: {', '.join(valid)})"
                )

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, f"must be a table (got {show(value)})")
        return value

    def strings(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, f"must be a list of strings (got {show(value)})")
        return tuple(value)

    def rule_tokens(self, value: Any, key: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(
                key, f"must be a list of rule ids, prefixes or names (got {show(value)})"
            )
        return value

    def rules(self, value: Any, key: str) -> frozenset[str]:
        """Rule selectors (ids, prefixes, names, ALL) -> the rule ids they name."""
        ids: set[str] = set()
        for token in self.rule_tokens(value, key):
            try:
                ids.update(resolve(token).rules)
            except RuleError as error:
                raise self.error(key, error.phrase) from None
        return frozenset(ids)

    def ignored_rules(self, value: Any, key: str) -> frozenset[str]:
        """Rules an ignore list turns off (never CFG001/CFG002: see `registry.ignorable`)."""
        ids: set[str] = set()
        for token in self.rule_tokens(value, key):
            try:
                ids.update(ignorable(token))
            except RuleError as error:
                raise self.error(key, error.phrase) from None
        return frozenset(ids)

    def selection(self, table: Mapping[str, Any]) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
        """`select` (None when absent) and `ignore`, checked together: an empty selection, or an
        ignore that leaves nothing to run, is an error here rather than a run that checks
        nothing and prints "no findings"."""
        select = tuple(self.rule_tokens(table["select"], "select")) if "select" in table else None
        ignore = tuple(self.rule_tokens(table.get("ignore", []), "ignore"))
        try:
            resolve_selection(select, ignore)
        except RuleError as error:
            raise self.error(error.where, error.phrase) from None
        return select, ignore

    def choice(self, table: Mapping[str, Any], key: str, valid: tuple[str, ...]) -> str | None:
        value = table.get(key)
        if value is not None and value not in valid:
            raise self.error(key, f"must be one of {', '.join(valid)} (got {show(value)})")
        return value

    def boolean(self, table: Mapping[str, Any], key: str, default: bool = False) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"must be true or false (got {show(value)})")
        return value

    def severities(self, value: Any) -> dict[str, Severity]:
        """`[severity]`: rule selector -> severity. A broad selector (`CFG3`) is applied before a
        narrow one (`CFG303`), so the most specific entry wins whatever the order in the file."""
        table = self.table(value, "severity")
        valid = tuple(str(severity) for severity in Severity)
        ordered: list[tuple[int, frozenset[str], Severity]] = []
        for selector, level in table.items():
            key = f"severity.{selector}"
            ids = self.rules([selector], key)  # a prefix is fine: it sets a family
            if level not in valid:
                raise self.error(key, f"must be one of {', '.join(valid)} (got {show(level)})")
            ordered.append((-len(ids), ids, Severity(level)))
        result: dict[str, Severity] = {}
        for _, ids, level in sorted(ordered, key=lambda entry: entry[0]):
            result.update(dict.fromkeys(ids, level))
        return result

    def pattern_rules(self, value: Any, key: str) -> tuple[tuple[str, frozenset[str]], ...]:
        table = self.table(value, key)
        return tuple(
            (pattern.removeprefix("./"), self.ignored_rules(rules, f'{key}."{pattern}"'))
            for pattern, rules in table.items()
        )

    def rule_options(self, value: Any) -> RuleOptions:
        """`[rules.<rule>]` tables -> `RuleOptions`, each value read by the option's declaration
        in its rule file (`OptionSpec.parse`)."""
        changes: dict[str, object] = {}
        for token, settings in self.table(value, "rules").items():
            rule = self._option_rule(token)
            where = f"rules.{token}"
            table = self.table(settings, where)
            specs = {spec.key: spec for spec in rule.options}
            self.known_keys(table, where + ".", tuple(specs))
            for key, raw in table.items():
                try:
                    changes[specs[key].field] = specs[key].parse(raw)
                except OptionValueError as error:
                    raise self.error(f"{where}.{key}", str(error)) from None
        return RuleOptions(**changes)  # type: ignore[arg-type]  # each value parsed by its spec

    def _option_rule(self, token: str) -> Rule:
        with_options = ", ".join(rule.id for rule in all_rules() if rule.options)
        try:
            rule = resolve_one(token)
        except RuleError as error:
            raise self.error(
                f"rules.{token}", f"{error.phrase}; rules with options: {with_options}"
            ) from None
        if not rule.options:
            raise self.error(
                f"rules.{token}", f"has no options (rules with options: {with_options})"
            )
        return rule

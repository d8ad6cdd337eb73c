"""A rule's options as its rule file declares them (`[options.<key>]`), and the one validator
that turns a configured value into the typed value a check reads.

Three types cover every option so far; a new type is a new branch in `OptionSpec.parse`, never a
per-rule `if`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

#: type -> what it is, for documentation (`cfguard rules --format json`, `explain`).
OPTION_TYPES: Mapping[str, str] = {
    "choice": "one of `choices`",
    "choices": "a list, each one of `choices`",
    "positive-integer": "a whole number of at least 1",
}
#: Front-matter keys of an `[options.<key>]` table: key -> (required, Python type).
_OPTION_KEYS: Mapping[str, tuple[bool, type]] = {
    "type": (True, str),
    "field": (True, str),
    "default": (True, object),
    "choices": (False, list),
    "description": (True, str),
}

OptionValue = str | int | tuple[str, ...]


class OptionValueError(ValueError):
    """A value an option cannot take; `str()` continues "'<key>' " (`must be one of ...`)."""


class OptionSpec(NamedTuple):
    """One option of one rule: `[rules.<rule>] <key> = ...` sets `RuleOptions.<field>`."""

    rule_id: str
    key: str  # as written in the configuration: `min-version`
    field: str  # the `RuleOptions` field checks read: `min_viewer_tls`
    type: str  # a key of OPTION_TYPES
    default: OptionValue
    choices: tuple[str, ...]
    description: str

    def parse(self, raw: object) -> OptionValue:
        """`raw` (a TOML value, or a Python one from an API caller) as the typed value; raises
        OptionValueError saying what is accepted."""
        if self.type == "choice":
            if not isinstance(raw, str) or raw not in self.choices:
                raise OptionValueError(
                    f"must be one of {', '.join(self.choices)} (got {show(raw)})"
                )
            return raw
        if self.type == "positive-integer":
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
                raise OptionValueError(f"must be a positive whole number (got {show(raw)})")
            return raw
        # "choices": a list (a tuple from Python), each item one of `choices`.
        if not isinstance(raw, (list, tuple)):
            raise OptionValueError(f"{self._list_of()} (got {show(raw)})")
        bad = [item for item in raw if not isinstance(item, str) or item not in self.choices]
        if bad:
            raise OptionValueError(f"{self._list_of()} (got {show(bad[0])})")
        return tuple(raw)

    def _list_of(self) -> str:
        return f"must be a list of values from {', '.join(self.choices)}"

    def accepts(self) -> str:
        """What a value may be, in words (`explain`)."""
        listed = ", ".join(self.choices)
        if self.type == "choice":
            return f"one of {listed}"
        return (
            f"a list, each one of {listed}" if self.type == "choices" else OPTION_TYPES[self.type]
        )

    def as_json(self) -> dict[str, object]:
        """The declaration for tools (`cfguard rules --format json`)."""
        shown: dict[str, object] = {"type": self.type, "default": to_toml(self.default)}
        if self.choices:
            shown["choices"] = list(self.choices)
        shown["description"] = self.description
        return shown


def to_toml(value: OptionValue) -> object:
    """A typed value as TOML (and JSON) write it: a tuple is a list."""
    return list(value) if isinstance(value, tuple) else value


def show(value: Any) -> str:
    """A value as it was written in TOML, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return "a table"
    return "a list" if isinstance(value, (list, tuple)) else "?"


def read_option(rule_id: str, key: str, table: object) -> OptionSpec:
    """The `[options.<key>]` table of `rule_id`'s front matter. Raises ValueError naming the
    key at fault (the caller adds the file)."""
    where = f"options.{key}"
    if not isinstance(table, dict):
        raise ValueError(f"'{where}' must be a table")
    for name, value in table.items():
        if name not in _OPTION_KEYS:
            raise ValueError(
                f"unknown key '{where}.{name}' (valid keys: {', '.join(_OPTION_KEYS)})"
            )
        if not isinstance(value, _OPTION_KEYS[name][1]):
            raise ValueError(f"'{where}.{name}' must be a {_OPTION_KEYS[name][1].__name__}")
    missing = [
        name for name, (required, _) in _OPTION_KEYS.items() if required and name not in table
    ]
    if missing:
        raise ValueError(f"'{where}' lacks {', '.join(missing)}")
    if table["type"] not in OPTION_TYPES:
        raise ValueError(f"'{where}.type' must be one of {', '.join(OPTION_TYPES)}")
    choices = table.get("choices", [])
    if not all(isinstance(choice, str) for choice in choices):
        raise ValueError(f"'{where}.choices' must be a list of strings")
    if (table["type"] == "positive-integer") == ("choices" in table):
        raise ValueError(f"'{where}.choices' goes with the types choice and choices, and only them")
    spec = OptionSpec(
        rule_id, key, table["field"], table["type"], "", tuple(choices), table["description"]
    )
    try:
        default = spec.parse(table["default"])
    except OptionValueError as error:
        raise ValueError(f"'{where}.default' {error}") from None
    return OptionSpec(rule_id, key, spec.field, spec.type, default, spec.choices, spec.description)

"""Per-rule options: the typed record checks read, built from the declarations in the rule files
(`[options.<key>]` in `rules/<ID>-<name>.md`, the one place an option is described)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache

from cfguard.rules.declared_options import OptionSpec, OptionValueError
from cfguard.rules.registry import all_rules


@cache
def declared_options() -> Mapping[str, OptionSpec]:
    """Every declared option, by the `RuleOptions` field it sets."""
    return {spec.field: spec for rule in all_rules() for spec in rule.options}


def _default(name: str) -> object:
    return declared_options()[name].default


def viewer_tls_policies() -> tuple[str, ...]:
    """CloudFront's viewer security policies, oldest first (CFG103 `min-version`'s choices)."""
    return declared_options()["min_viewer_tls"].choices


def origin_ssl_protocols() -> tuple[str, ...]:
    """The origin SSL protocols of the API (CFG402 `forbidden`'s choices)."""
    return declared_options()["forbidden_origin_protocols"].choices


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """Per-rule options (`[tool.cfguard.rules.<ID>]`); defaults, types and allowed values are
    those the rule files declare (`tests/test_rule_files.py` keeps the two in step).

    Construction rejects values a check could not compare (ValueError naming the rule and key),
    so an API caller cannot make a check fail mid-run; the configuration loader validates first.
    """

    #: CFG103 `min-version`: the lowest acceptable `MinimumProtocolVersion` with a custom
    #: certificate; one of `viewer_tls_policies()`.
    min_viewer_tls: str = field(default_factory=lambda: str(_default("min_viewer_tls")))
    #: CFG402 `forbidden`: origin protocols that must not be offered.
    forbidden_origin_protocols: tuple[str, ...] = field(
        default_factory=lambda: _strings(_default("forbidden_origin_protocols"))
    )
    #: CFG106 `max-aliases`: most aliases a current-dialect distribution may have.
    max_aliases: int = field(default_factory=lambda: _integer(_default("max_aliases")))

    def __post_init__(self) -> None:
        for item in fields(self):
            spec = declared_options()[item.name]
            try:
                spec.parse(getattr(self, item.name))
            except OptionValueError as error:
                raise ValueError(f"{spec.rule_id} {spec.key}: {error}") from None


def _strings(value: object) -> tuple[str, ...]:
    assert isinstance(value, tuple)  # the declaration was parsed as a "choices" option
    return tuple(str(item) for item in value)


def _integer(value: object) -> int:
    assert isinstance(value, int)  # the declaration was parsed as a "positive-integer" option
    return value

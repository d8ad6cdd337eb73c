"""What to check and how seriously: the rules enabled, their severities and options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple, Protocol

from cfguard.core.findings import Severity
from cfguard.rules.options import RuleOptions


class PathRules(Protocol):
    """Rules turned off for some paths (`config.PerFileIgnores`, `per-file-ignores`)."""

    def rules_for(self, path: str) -> frozenset[str]: ...


class Settings(NamedTuple):
    """What to check and how seriously: the merged result of configuration and flags.

    A `NamedTuple`: a frozen dataclass costs ~0.6 ms to define, on every run's start-up path.
    """

    enabled: frozenset[str]
    #: The default is one shared empty dict, never written: it is a `Mapping`.
    severities: Mapping[str, Severity] = {}
    #: None: every option at the default its rule file declares (`Context` fills them in).
    options: RuleOptions | None = None
    schema_engine: Literal["auto", "xmlschema"] = "auto"  # schema.validate.Engine
    #: A suppression comment without a reason is itself a finding (CFG902).
    require_reason: bool = False
    #: Rules turned off for some paths (`per-file-ignores` in the configuration).
    per_file_ignores: PathRules | None = None

    def for_path(self, path: str) -> Settings:
        """These settings for one file: its per-file ignores taken out of `enabled`."""
        if self.per_file_ignores is None:
            return self
        off = self.per_file_ignores.rules_for(path)
        return self._replace(enabled=self.enabled - off) if off else self

"""The configuration file: where it is, and what it says (validated strictly).

`.cfguard.toml` (top-level keys) or `[tool.cfguard]` in `pyproject.toml`, searched upward from the
current directory up to the repository root. A key cfguard does not know is an error, never
silently ignored: a misspelt `fail_on` that did nothing would be worse than no configuration.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Mapping
from typing import Any, NamedTuple

from cfguard.config.values import ConfigError, TableReader
from cfguard.core.findings import Severity
from cfguard.rules.options import RuleOptions
from cfguard.rules.registry import RuleError, resolve_selection
from cfguard.rules.settings import Settings

CONFIG_FILE = ".cfguard.toml"
PYPROJECT = "pyproject.toml"
PYPROJECT_SECTION = "tool.cfguard"

__all__ = [
    "Config",
    "ConfigError",
    "PerFileIgnores",
    "find_config",
    "load_config",
    "merge_settings",
]


class PerFileIgnores(NamedTuple):
    """Rules turned off for some files: globs relative to `base`, the configuration's directory."""

    base: str
    entries: tuple[tuple[str, frozenset[str]], ...]

    def rules_for(self, path: str) -> frozenset[str]:
        """The rules `path` (as the user named it) is exempt from."""
        if path == "-":
            return frozenset()
        relative = os.path.relpath(os.path.abspath(path), self.base).replace(os.sep, "/")
        name = relative.rpartition("/")[2]
        off: set[str] = set()
        for pattern, rules in self.entries:
            # Like .gitignore and ruff: a pattern without a slash matches the file name anywhere.
            if fnmatch.fnmatchcase(relative, pattern) or (
                "/" not in pattern and fnmatch.fnmatchcase(name, pattern)
            ):
                off |= rules
        return frozenset(off)


class Config(NamedTuple):
    """A validated configuration; `Config()` is the built-in default (no file found).

    A `NamedTuple`: a frozen dataclass costs ~0.8 ms to define, on every run's start-up path.
    """

    source: str | None = None  # the file, as shown in messages
    #: Files discovery opened and passed over (a pyproject.toml of another tool): read too, so
    #: `-o` must not overwrite them either.
    passed_over: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    #: The default is one shared empty dict, never written: it is a `Mapping`.
    severities: Mapping[str, Severity] = {}
    per_file_ignores: PerFileIgnores | None = None
    exclude: tuple[str, ...] = ()
    #: Whether a directory scan passes over what .gitignore files ignore (`respect-gitignore`).
    respect_gitignore: bool = True
    require_reason: bool = False
    #: The `[rules.<ID>]` options; None when the file sets none (the rule files' defaults).
    options: RuleOptions | None = None

    @property
    def files_read(self) -> tuple[tuple[str, str], ...]:
        """Every configuration file this run read, with what it was read as: the one in force
        and those passed over."""
        chosen = ((self.source, "the configuration file"),) if self.source else ()
        looked_at = "read while looking for the configuration (it has no [tool.cfguard])"
        return (*chosen, *((path, looked_at) for path in self.passed_over))


def find_config(start: str, passed_over: list[str] | None = None) -> tuple[str, bool] | None:
    """The first configuration upward from `start`: (file, is pyproject.toml), or None.

    The search stops at the repository root (the directory holding `.git`) so that a checkout
    never picks up a configuration from outside it. A pyproject.toml without `[tool.cfguard]`
    belongs to some other tool and is passed over (and added to `passed_over`: it was read).
    """
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, CONFIG_FILE)
        if os.path.isfile(candidate):
            return candidate, False
        pyproject = os.path.join(directory, PYPROJECT)
        if (
            os.path.isfile(pyproject)
            and _may_mention_cfguard(pyproject)
            and _tool_table(_parse(pyproject, _shown(pyproject))) is not None
        ):
            return pyproject, True
        if passed_over is not None and os.path.isfile(pyproject):
            passed_over.append(pyproject)
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")) or parent == directory:
            return None
        directory = parent


def _may_mention_cfguard(path: str) -> bool:
    """Whether `path` can hold a [tool.cfguard] table: it says "cfguard", or has the escapes a
    quoted key could spell it with. Most pyproject.toml files are other tools' only; this spares
    a run started in such a project importing and running a TOML parser (~10 ms)."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return True  # `_parse` says what is wrong
    return b"cfguard" in data or b"\\u" in data or b"\\U" in data


def load_config(explicit: str | None = None, cwd: str | None = None) -> Config:
    """The configuration in force: `explicit` (`--config FILE`) or the one discovered from `cwd`.

    Raises `ConfigError` (one line, naming the file) for anything cfguard cannot use.
    """
    passed_over: list[str] = []
    if explicit is not None:
        path, shown = explicit, explicit
        if not os.path.isfile(path):
            reason = "is a directory" if os.path.isdir(path) else "no such file"
            raise ConfigError(f"{shown}: {reason} (given with --config)")
        is_pyproject = os.path.basename(path) == PYPROJECT
    else:
        discovered = find_config(cwd or os.getcwd(), passed_over)
        if discovered is None:
            return Config(passed_over=tuple(passed_over))
        path, is_pyproject = discovered
        shown = _shown(path)
    document = _parse(path, shown)
    prefix = ""
    if is_pyproject:
        table = _tool_table(document)
        if not isinstance(table, dict):
            found = "no" if table is None else "a value, not a"
            raise ConfigError(f"{shown}: {found} [{PYPROJECT_SECTION}] table")
        document, prefix = table, PYPROJECT_SECTION + "."
    base = os.path.dirname(os.path.realpath(path)).replace(os.sep, "/")
    config = _build(TableReader(shown, prefix), document, base)
    return config._replace(passed_over=tuple(passed_over))


def _shown(path: str) -> str:
    """`path` as messages show it: relative to the current directory when that is shorter."""
    relative = os.path.relpath(path)
    return relative if len(relative) < len(str(path)) else str(path)


def _parse(path: str, shown: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as file:
            text = file.read().decode("utf-8")
    except OSError as error:
        raise ConfigError(
            f"{shown}: cannot read: {(error.strerror or str(error)).lower()}"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: not UTF-8 text (TOML files are UTF-8)") from None
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_toml_error(shown, str(error))) from None
    return document


def _toml_error(shown: str, message: str) -> str:
    # tomllib says "Invalid value (at line 2, column 11)"; put the place where editors look for it.
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match is None:
        return f"{shown}: invalid TOML: {message}"
    reason = message[: match.start()]
    return f"{shown}:{match.group(1)}:{match.group(2)}: invalid TOML: {reason}"


def _tool_table(document: Mapping[str, Any]) -> Any:
    tool = document.get("tool")
    return tool.get("cfguard") if isinstance(tool, dict) else None


def _build(reader: TableReader, table: dict[str, Any], base: str) -> Config:
    """The configuration in `table`; `base` is its directory, with forward slashes."""
    reader.known_keys(table, "", TableReader.TOP_LEVEL_KEYS)
    select, ignore = reader.selection(table)
    return Config(
        source=reader.file,
        select=select,
        ignore=ignore,
        fail_on=reader.choice(table, "fail-on", ("error", "warning", "info", "never")),
        severities=reader.severities(table.get("severity", {})),
        per_file_ignores=_per_file_ignores(reader, table.get("per-file-ignores"), base),
        exclude=_exclude(reader, table, base),
        respect_gitignore=reader.boolean(table, "respect-gitignore", default=True),
        require_reason=reader.boolean(table, "require-reason"),
        options=reader.rule_options(table.get("rules", {})),
    )


def _per_file_ignores(reader: TableReader, value: Any, base: str) -> PerFileIgnores | None:
    if value is None:
        return None
    entries = reader.pattern_rules(value, "per-file-ignores")
    return PerFileIgnores(base, entries) if entries else None


def _exclude(reader: TableReader, table: Mapping[str, Any], base: str) -> tuple[str, ...]:
    """Exclude globs ready for `inputs.expand`: one with a slash is anchored at the
    configuration's directory (matched against absolute paths), one without matches any name."""
    patterns = reader.strings(table, "exclude")
    cleaned = (pattern.removeprefix("./").rstrip("/") for pattern in patterns)
    return tuple(f"{base}/{p}" if "/" in p else p for p in cleaned)


def merge_settings(config: Config, select: list[str] | None, ignore: list[str]) -> Settings:
    """Settings from the configuration and the command line, which wins.

    Like ruff: `--select` replaces the configuration's `select` *and* `ignore` (asking for a rule
    by name means running it); `--ignore` adds to the configuration's `ignore`. Severities,
    per-file ignores and rule options always come from the configuration.
    `select` is None when `--select` was not given, and [] when it was given but names nothing
    (`--select ''`), which is an error like `select = []`. Raises `registry.RuleError` with
    a one-line message naming the flag (the configuration was checked when it was loaded).
    """
    try:
        if select is not None:
            enabled = resolve_selection(select, ignore)
        else:
            enabled = resolve_selection(config.select, [*config.ignore, *ignore])
    except RuleError as error:
        raise RuleError(f"--{error.where} {error.phrase}") from None
    return Settings(
        enabled=enabled,
        severities=config.severities,
        options=config.options,
        require_reason=config.require_reason,
        per_file_ignores=config.per_file_ignores,
    )

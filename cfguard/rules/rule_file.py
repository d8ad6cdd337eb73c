"""One rules/*.md file read strictly: its TOML front matter checked key by key and type by type
into a `Rule`, so a misspelt key or a wrong type is an error naming the file and the key, never
a default silently taken."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, NamedTuple

from cfguard.core.findings import Severity
from cfguard.rules.declared_options import OptionSpec, read_option
from cfguard.rules.front_matter import parse_front_matter

HELP_BASE = "https://github.com/cfguard/cfguard/blob/main/rules/"

DIALECTS = ("legacy", "current")  # the API shapes: `cfguard.core.document.Dialect`
DOCUMENTS = ("distribution", "invalidation")
PRECISIONS = ("very-high", "high", "medium", "low")  # SARIF's `precision` property
REPORTERS = ("check", "engine")
#: Whether `--fix` can repair the rule's findings: every one it reports where the value is
#: written in the file, some of them, or none (ruff's "fix always / sometimes available").
FIXES = ("always", "sometimes", "none")  # a function in `cfguard.checks`, or the engine itself


class RuleFileError(Exception):
    """A rules/*.md file is malformed: a packaging bug, reported as an internal error."""


class Rule(NamedTuple):
    """One rule's metadata, from its `rules/*.md` file. A NamedTuple: a frozen dataclass costs
    ~1.3 ms to define on every run's start-up path."""

    id: str
    name: str
    severity: Severity
    summary: str
    #: The API shapes (`legacy`, `current`) the rule applies to.
    dialects: tuple[str, ...]
    documents: tuple[str, ...]
    tags: tuple[str, ...]
    precision: str
    security_severity: str | None
    documentation: str  # the Markdown after the front matter
    filename: str
    #: Former names, still accepted wherever a name is (`invalid-xml` for CFG001).
    aliases: tuple[str, ...] = ()
    #: Why the rule is always on (None: it can be ignored). Such a rule means the document was
    #: not checked at all, so turning it off would pass a file nobody checked.
    always_on_because: str | None = None
    #: False: no suppression comment may name it (the rules about suppression comments).
    suppressible: bool = True
    #: "engine" (parsing, schema, suppressions) or "check" (a function in `cfguard.checks`).
    reported_by: str = "check"
    options: tuple[OptionSpec, ...] = ()
    #: "always", "sometimes" or "none": whether its findings carry a fix (`FIXES`).
    fix: str = "none"

    @property
    def help_uri(self) -> str:
        return HELP_BASE + self.filename

    @property
    def ignorable(self) -> bool:
        return self.always_on_because is None


# key -> (required, type, allowed values or None). `dialects` and `documents` are lists.
_KEYS: Mapping[str, tuple[bool, type, tuple[str, ...] | None]] = {
    "id": (True, str, None),
    "name": (True, str, None),
    "aliases": (False, list, None),
    "severity": (True, str, tuple(str(severity) for severity in Severity)),
    "summary": (True, str, None),
    "dialects": (True, list, DIALECTS),
    "documents": (False, list, DOCUMENTS),
    "tags": (False, list, None),
    "precision": (False, str, PRECISIONS),
    "security-severity": (False, str, None),
    "ignorable": (False, bool, None),
    "why-always-on": (False, str, None),
    "suppressible": (False, bool, None),
    "reported-by": (False, str, REPORTERS),
    "options": (False, dict, None),
    "fix": (False, str, FIXES),
}


def read_rule_file(path: str) -> Rule:
    with open(path, encoding="utf-8") as file:
        text = file.read()
    filename = os.path.basename(path)
    parts = text.split("+++", 2)
    if len(parts) != 3 or parts[0].strip():
        raise RuleFileError(f"{filename}: expected TOML front matter between +++ lines")
    try:
        meta = parse_front_matter(parts[1])
        return _rule(meta, parts[2].strip() + "\n", filename)
    except ValueError as error:  # TOMLDecodeError is a ValueError
        raise RuleFileError(f"{filename}: {error}") from None


def _rule(meta: dict[str, Any], documentation: str, filename: str) -> Rule:
    _check_keys(meta)
    ignorable = meta.get("ignorable", True)
    why = meta.get("why-always-on")
    if ignorable == (why is not None):
        raise ValueError("'why-always-on' is required with 'ignorable = false', and only then")
    options = meta.get("options", {})
    return Rule(
        id=meta["id"],
        name=meta["name"],
        severity=Severity(meta["severity"]),
        summary=meta["summary"],
        dialects=tuple(meta["dialects"]),
        documents=tuple(meta.get("documents", ["distribution"])),
        tags=tuple(meta.get("tags", [])),
        precision=meta.get("precision", "high"),
        security_severity=meta.get("security-severity"),
        documentation=documentation,
        filename=filename,
        aliases=tuple(meta.get("aliases", [])),
        always_on_because=why,
        suppressible=meta.get("suppressible", True),
        reported_by=meta.get("reported-by", "check"),
        options=tuple(read_option(meta["id"], key, table) for key, table in options.items()),
        fix=meta.get("fix", "none"),
    )


def _check_keys(meta: dict[str, Any]) -> None:
    for key, value in meta.items():
        if key not in _KEYS:
            raise ValueError(f"unknown key '{key}' (valid keys: {', '.join(_KEYS)})")
        _, kind, allowed = _KEYS[key]
        if not isinstance(value, kind):
            raise ValueError(f"'{key}' must be a {_TYPE_NAMES[kind]} (got {type(value).__name__})")
        items = value if isinstance(value, list) else [value] if kind is str else []
        if kind is list and not all(isinstance(item, str) for item in items):
            raise ValueError(f"'{key}' must be a list of strings")
        unknown = [item for item in items if allowed is not None and item not in allowed]
        if unknown:
            raise ValueError(
                f"'{key}' has '{unknown[0]}'; expected one of {', '.join(allowed or ())}"
            )
    missing = [key for key, (required, _, _) in _KEYS.items() if required and key not in meta]
    if missing:
        raise ValueError(f"missing key '{missing[0]}'")


_TYPE_NAMES: Mapping[type, str] = {str: "string", list: "list", bool: "boolean", dict: "table"}

"""GitLab Code Quality: a JSON array of Code Climate issues, shown in merge requests.

GitLab reads `description`, `check_name`, `fingerprint`, `severity` (one of info, minor, major,
critical, blocker) and `location.path` / `location.lines.begin` (GitLab docs, "Code Quality",
"Import Code Quality results from a CI/CD job"). Errors map to `major` rather than `critical` or
`blocker`, which GitLab reserves for defects that break a product; a CloudFront misconfiguration
is serious but is a configuration review item. Issues are written as results stream past.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from cfguard.core.findings import Severity
from cfguard.core.results import FileResult
from cfguard.core.tally import Tally
from cfguard.formatters import OutputOptions
from cfguard.formatters.fingerprint import Identified, identify
from cfguard.formatters.paths import RepoPaths
from cfguard.rules.registry import Rule

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}

#: Code Climate issue `categories` (required, at least one, from a fixed list:
#: https://github.com/codeclimate/platform/blob/master/spec/analyzers/SPEC.md#categories), by
#: rule tag. A security-tagged rule is "Security" only: its other tags say what area it is in,
#: not what kind of problem. Every tag a rule file uses is here (a test keeps it so), so a new
#: tag needs a decision rather than falling through.
TAG_CATEGORIES: Mapping[str, str] = {
    "security": "Security",
    "transport-encryption": "Security",
    "tls": "Security",
    # A document CloudFront rejects or cfguard cannot check, or a value that does not work.
    "document": "Bug Risk",
    "schema": "Bug Risk",
    "certificates": "Bug Risk",
    "aliases": "Bug Risk",
    "caching": "Bug Risk",
    "invalidation": "Bug Risk",
    "logging": "Bug Risk",
    "origins": "Bug Risk",
    # Dedicated-IP SSL works, but is charged monthly for no gain on SNI-capable clients.
    "cost": "Performance",
    # A suppression that silences nothing, or is malformed, misleads the next reader.
    "suppressions": "Clarity",
}


def render(
    results: Iterable[FileResult], tally: Tally, out: TextIO, options: OutputOptions
) -> None:
    from cfguard.rules.registry import rules_by_key

    write_report(results, out, rules_by_key(), RepoPaths.discover())


def write_report(
    results: Iterable[FileResult], out: TextIO, rules: Mapping[str, Rule], paths: RepoPaths
) -> None:
    """Write the array laid out exactly as `json.dumps(issues, indent=2)` would."""
    written = 0
    out.write("[")
    for result in results:
        if result.skipped is not None:
            continue
        path = paths.display(result.path)
        for item in identify(result, path):
            if item.suppressed is not None:
                continue
            text = json.dumps(issue(item, path, rules), indent=2, ensure_ascii=False)
            out.write(("," if written else "") + "\n  " + text.replace("\n", "\n  "))
            written += 1
    out.write("\n]\n" if written else "]\n")


def issue(item: Identified, path: str, rules: Mapping[str, Rule]) -> dict[str, Any]:
    finding = item.finding
    entry: dict[str, Any] = {
        "type": "issue",
        "engine_name": "cfguard",
        "check_name": finding.rule_id,
        "description": f"{finding.rule_id} {finding.message} ({finding.name})",
        "fingerprint": item.fingerprint,
        "severity": SEVERITIES[finding.severity],
    }
    entry["categories"] = categories(rules.get(finding.rule_id))
    entry["location"] = {"path": path, "lines": {"begin": finding.location.line}}
    return entry


def categories(rule: Rule | None) -> list[str]:
    """The Code Climate categories of `rule`'s issues: never empty (GitLab shows the issue
    under each; the spec requires one), "Bug Risk" when nothing more specific applies."""
    tags = rule.tags if rule is not None else ()
    if "security" in tags:
        return ["Security"]
    found = list(dict.fromkeys(TAG_CATEGORIES[tag] for tag in tags if tag in TAG_CATEGORIES))
    return found or ["Bug Risk"]

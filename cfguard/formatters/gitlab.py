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

from cfguard.engine import FileResult
from cfguard.findings import Severity
from cfguard.formatters import OutputOptions
from cfguard.formatters.fingerprint import Identified, identify
from cfguard.formatters.paths import RepoPaths
from cfguard.registry import Rule
from cfguard.runner import Tally

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(
    results: Iterable[FileResult], tally: Tally, out: TextIO, options: OutputOptions
) -> None:
    from cfguard.registry import rules_by_key

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
    rule = rules.get(finding.rule_id)
    if rule is not None and "security" in rule.tags:
        entry["categories"] = ["Security"]
    entry["location"] = {"path": path, "lines": {"begin": finding.location.line}}
    return entry

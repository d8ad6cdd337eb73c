"""The JSON format (version 1), documented in the README. Stable: tools parse it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from cfguard import __version__
from cfguard.core.findings import Finding
from cfguard.core.fixes import Fix
from cfguard.core.results import FileResult
from cfguard.core.tally import Tally
from cfguard.formatters import OutputOptions

JSON_FORMAT_VERSION = 1


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "name": finding.name,
        "severity": str(finding.severity),
        "message": finding.message,
        "line": finding.location.line,
        "column": finding.location.column,
        # Added by issue 13 (`version` stays 1: fields are only ever added). The end is just past
        # the span's last character; each is null when unknown (a CFG001 has no element).
        "end_line": finding.location.end_line,
        "end_column": finding.location.end_column,
        "path": finding.location.path,
        "resource": finding.location.resource,
        # XML's element path; null in the other syntaxes, whose place is `path` alone.
        "xpath": finding.location.xpath if finding.location.xpath.startswith("/") else None,
        # Added by issue 17: how `--fix` repairs it (null: it cannot), edits as the file's text
        # takes them (the end is just past the last character replaced).
        "fix": fix_json(finding.fix) if finding.fix is not None else None,
    }


def fix_json(fix: Fix) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "title": fix.title,
        "applicability": "safe" if fix.safe else "unsafe",
        "edits": [
            {
                "line": edit.line,
                "column": edit.column,
                "end_line": edit.end_line,
                "end_column": edit.end_column,
                "content": edit.text,
            }
            for edit in fix.edits
        ],
    }
    if fix.creates:  # a file written beside the document (its name, in its directory)
        shown["creates"] = [{"name": new.name, "content": new.text} for new in fix.creates]
    return shown


def _path(path: str) -> str:
    # A file name that is not valid UTF-8 carries lone surrogates; JSON output must stay UTF-8.
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def render(
    results: Iterable[FileResult], tally: Tally, out: TextIO, options: OutputOptions
) -> None:
    files: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for result in results:
        if result.skipped is not None:
            skipped.append({"path": _path(result.path), "reason": result.skipped})
            continue
        entry: dict[str, Any] = {
            "path": _path(result.path),
            "format": str(result.document.dialect) if result.document else None,
            "api_version": result.document.api_version if result.document else None,
            "findings": [finding_json(f) for f in result.findings],
        }
        if options.show_suppressed:
            entry["suppressed"] = [
                {**finding_json(item.finding), "reason": item.reason} for item in result.suppressed
            ]
        files.append(entry)
    document = {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "cfguard", "version": __version__},
        "files": files,
        "skipped": skipped,
        "errors": [{"path": _path(p.path), "message": p.message} for p in tally.problems],
        "summary": {
            "files": tally.checked,
            "skipped": tally.skipped,
            "findings": tally.findings,
            **{str(severity): count for severity, count in tally.by_severity.items()},
            "suppressed": tally.suppressed,
            # Added by issue 17: fixes `--fix` applied, and findings left that it can fix.
            "fixed": tally.fixed,
            "fixable": tally.fixable + (tally.unsafe_fixable if tally.unsafe_fixes else 0),
        },
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")

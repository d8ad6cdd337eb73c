"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run: the driver lists every rule (code scanning shows a rule's help even for alerts a later
run closes), results point at repository-relative URIs under `%SRCROOT%`, and each result has a
line-independent fingerprint. Results are written as they stream past; only the invocation, which
needs the complete tally, comes after them.
References: OASIS SARIF 2.1.0 Errata 01; GitHub "SARIF support for code scanning".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from cfguard.core.findings import Finding, Severity
from cfguard.core.fixes import Fix
from cfguard.core.naming import live_distribution_id
from cfguard.core.results import FileResult, InputProblem
from cfguard.core.tally import Tally
from cfguard.formatters import OutputOptions
from cfguard.formatters.fingerprint import FINGERPRINT_KEY, Identified, identify
from cfguard.formatters.paths import STDIN_NAME, RepoPaths, is_stdin
from cfguard.rules.registry import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/cfguard/cfguard"
#: GitHub takes the part before the last `/` as the analysis category.
AUTOMATION_ID = "cfguard/"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

Json = dict[str, Any]


def render(
    results: Iterable[FileResult], tally: Tally, out: TextIO, options: OutputOptions
) -> None:
    from cfguard import __version__
    from cfguard.rules.registry import all_rules

    paths = RepoPaths.discover()
    write_log(results, tally, out, options, rules=all_rules(), version=__version__, paths=paths)


def write_log(
    results: Iterable[FileResult],
    tally: Tally,
    out: TextIO,
    options: OutputOptions,
    *,
    rules: Sequence[Rule],
    version: str,
    paths: RepoPaths,
) -> None:
    """Write the log laid out exactly as `json.dumps(log, indent=2)` would, result by result."""
    index = {rule.id: position for position, rule in enumerate(rules)}
    out.write(f'{{\n  "$schema": "{SARIF_SCHEMA}",\n  "version": "{SARIF_VERSION}",\n')
    out.write('  "runs": [\n    {\n')
    head = {
        "tool": {"driver": driver(rules, version)},
        "automationDetails": {"id": AUTOMATION_ID},
        "originalUriBaseIds": {SRCROOT: {"uri": paths.root_uri}},
        "columnKind": "unicodeCodePoints",
    }
    for key, value in head.items():
        out.write(f"      {_dump(key, 6)}: {_dump(value, 6)},\n")
    out.write('      "results": [')
    written = 0
    for file_result in results:
        for result in file_results(file_result, index, paths, options):
            out.write(("," if written else "") + "\n        " + _dump(result, 8))
            written += 1
    out.write("\n      ]" if written else "]")
    out.write(f',\n      "invocations": {_dump([invocation(tally, paths)], 6)}\n    }}\n  ]\n}}\n')


def _dump(value: object, depth: int) -> str:
    # json.dumps escapes newlines inside strings, so every raw newline is layout.
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + " " * depth)


# -- rules -----------------------------------------------------------------------------------


def driver(rules: Sequence[Rule], version: str) -> Json:
    return {
        "name": "cfguard",
        "version": version,
        "semanticVersion": version,
        "informationUri": INFORMATION_URI,
        "rules": [descriptor(rule) for rule in rules],
    }


def descriptor(rule: Rule) -> Json:
    properties: Json = {"tags": list(dict.fromkeys(rule.tags)), "precision": rule.precision}
    if rule.security_severity is not None:
        # GitHub reads a CVSS-like score, as a string, to rank security alerts.
        properties["security-severity"] = str(float(rule.security_severity))
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what_it_does(rule)},
        "help": {"text": rule.documentation, "markdown": rule.documentation},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


def what_it_does(rule: Rule) -> str:
    """The first paragraph under "## What it does", on one line (the summary if there is none)."""
    lines = rule.documentation.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "## What it does")
    except StopIteration:
        return rule.summary
    paragraph: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("#") or (not line.strip() and paragraph):
            break
        if line.strip():
            paragraph.append(line.strip())
    return " ".join(paragraph) or rule.summary


# -- results ---------------------------------------------------------------------------------


def file_results(
    result: FileResult, index: Mapping[str, int], paths: RepoPaths, options: OutputOptions
) -> Iterator[Json]:
    if result.skipped is not None:
        return
    artifact = artifact_location(result.path, paths)
    for item in identify(result, paths.display(result.path)):
        if item.suppressed is None or options.show_suppressed:
            yield result_json(item, index, artifact)


def result_json(item: Identified, index: Mapping[str, int], artifact: Json) -> Json:
    finding = item.finding
    entry: Json = {"ruleId": finding.rule_id}
    if finding.rule_id in index:
        entry["ruleIndex"] = index[finding.rule_id]
    entry["level"] = LEVELS[finding.severity]
    entry["message"] = {"text": finding.message}
    entry["locations"] = [location(finding, artifact)]
    entry["partialFingerprints"] = {FINGERPRINT_KEY: item.fingerprint}
    if finding.fix is not None and (finding.fix.edits or finding.fix.creates):
        entry["fixes"] = [fix_json(finding.fix, artifact)]
    if item.suppressed is not None:
        suppression: Json = {"kind": "inSource"}
        if item.suppressed:
            suppression["justification"] = item.suppressed
        entry["suppressions"] = [suppression]
    return entry


def fix_json(fix: Fix, artifact: Json) -> Json:
    """SARIF's `fix`: the replacements in the file, each a region and the text put there
    (regions count Unicode code points, as the run declares)."""
    replacements = [
        {
            "deletedRegion": {
                "startLine": edit.line,
                "startColumn": edit.column,
                "endLine": edit.end_line,
                "endColumn": edit.end_column,
            },
            "insertedContent": {"text": edit.text},
        }
        for edit in fix.edits
    ]
    applicability = "safe" if fix.safe else "unsafe: cfguard check --fix --unsafe-fixes"
    changes = [{"artifactLocation": artifact, "replacements": replacements}] if replacements else []
    for new in fix.creates:  # a new file beside the document: its whole text, inserted
        uri = str(artifact.get("uri", ""))
        beside = {**artifact, "uri": uri[: uri.rfind("/") + 1] + new.name}
        inserted = {
            "deletedRegion": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1},
            "insertedContent": {"text": new.text},
        }
        changes.append({"artifactLocation": beside, "replacements": [inserted]})
    return {
        "description": {"text": f"{fix.title} ({applicability})"},
        "artifactChanges": changes,
    }


def location(finding: Finding, artifact: Json) -> Json:
    where = finding.location
    if live_distribution_id(str(artifact.get("uri", ""))) is not None:
        # A live distribution has no file whose lines a viewer could show: its place is the
        # member's path alone.
        live: Json = {"physicalLocation": {"artifactLocation": artifact}}
        if where.path:
            live["logicalLocations"] = [{"fullyQualifiedName": where.path, "kind": "property"}]
        return live
    region: Json = {"startLine": max(where.line, 1)}
    if where.column is not None and where.column >= 1:
        region["startColumn"] = where.column
        # An end only beside a start column: without one, SARIF's region is the whole start
        # line, and an end column would be read against column 1.
        if where.end_line is not None and where.end_column is not None:
            region["endLine"] = max(where.end_line, region["startLine"])
            region["endColumn"] = where.end_column
    located: Json = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
    # The element path survives reformatting: an XML element's, else the member's JMESPath
    # (SARIF's logical location kinds "element" and "property"); none for a file that does not
    # parse into either.
    if where.xpath.startswith("/"):
        located["logicalLocations"] = [{"fullyQualifiedName": where.xpath, "kind": "element"}]
    elif where.path:
        located["logicalLocations"] = [{"fullyQualifiedName": where.path, "kind": "property"}]
    return located


def artifact_location(path: str, paths: RepoPaths) -> Json:
    if is_stdin(path):
        return {"uri": STDIN_NAME, "description": {"text": "standard input"}}
    uri, relative = paths.uri(path)
    return {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}


def invocation(tally: Tally, paths: RepoPaths) -> Json:
    """Unreadable inputs make the run unsuccessful and are listed, so code scanning shows that a
    file was not checked instead of silently showing no alerts for it."""
    entry: Json = {"executionSuccessful": not tally.problems}
    if tally.problems:
        entry["toolExecutionNotifications"] = [problem_json(p, paths) for p in tally.problems]
    return entry


def problem_json(problem: InputProblem, paths: RepoPaths) -> Json:
    text = f"cfguard could not check {paths.display(problem.path)}: {problem.message}"
    artifact = artifact_location(problem.path, paths)
    return {
        "level": "error",
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
        "descriptor": {"id": "input-error"},
    }

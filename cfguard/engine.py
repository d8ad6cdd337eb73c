"""The pipeline: bytes -> parse -> document type -> schema -> model -> checks -> findings.

Returns results and never prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from cfguard.checks import BATCH_CHECKS, DISTRIBUTION_CHECKS, CheckSpec, M
from cfguard.checks.context import Context
from cfguard.core.document import DocumentType
from cfguard.core.findings import Finding, Hit, Location
from cfguard.core.message import render
from cfguard.core.records import record
from cfguard.core.results import FileResult, Suppressed
from cfguard.model import Distribution, Document, InvalidationBatch
from cfguard.rules.registry import get_rule
from cfguard.rules.settings import Settings
from cfguard.syntaxes.xml.detect import NotCloudFront, UnsupportedVersion, detect_type
from cfguard.syntaxes.xml.line_index import LineIndex
from cfguard.syntaxes.xml.source import DocumentError, SourceDocument, parse_document
from cfguard.syntaxes.xml.spelling import XML_SPELLING


@record
class Loaded:
    """A parsed, typed, schema-checked document and its model (None when unusable)."""

    source: SourceDocument | None
    document: DocumentType | None
    model: Document | None
    findings: tuple[Finding, ...]
    skipped: str | None = None


def load(data: bytes, settings: Settings) -> Loaded:
    """Parse and validate one document and build its model; document-level problems become
    CFG001-CFG003 findings."""
    try:
        source = parse_document(data)
    except DocumentError as error:
        where = Location(error.line, error.column, "/")
        return Loaded(None, None, None, (_stamp("CFG001", Hit(where, error.message), settings),))
    detected = detect_type(source.root)
    if isinstance(detected, NotCloudFront):
        return Loaded(source, None, None, (), skipped=detected.reason)
    if isinstance(detected, UnsupportedVersion):
        hit = Hit(source.locate(source.root), detected.message)
        return Loaded(source, None, None, (_stamp("CFG002", hit, settings),))
    findings: list[Finding] = []
    if "CFG003" in settings.enabled:
        from cfguard.syntaxes.xml.schema.validate import validate

        hits = validate(source, detected, engine=settings.schema_engine)
        findings.extend(_stamp("CFG003", hit, settings) for hit in hits)
    from cfguard.syntaxes.xml.adapters import to_model

    return Loaded(source, detected, to_model(source, detected), tuple(findings))


def lint(
    data: bytes,
    path: str,
    settings: Settings,
    *,
    baseline: Distribution | None = None,
    invalidations: Iterable[InvalidationBatch] = (),
    rejected_invalidations: Iterable[str] = (),
    keep_lines: bool = False,
) -> FileResult:
    """Everything cfguard reports about one document."""
    settings = settings.for_path(path)
    loaded = load(data, settings)
    findings = list(loaded.findings)
    if loaded.model is not None:
        context = Context(
            settings.options, baseline, tuple(invalidations), path, tuple(rejected_invalidations)
        )
        findings.extend(run_checks(loaded.model, context, settings))
    suppressed: tuple[Suppressed, ...] = ()
    if loaded.source is not None and loaded.skipped is None and _may_have_directives(loaded.source):
        from cfguard.suppressions import apply_suppressions

        findings, suppressed = apply_suppressions(loaded.source, findings, settings)
    findings.sort(key=lambda finding: finding.sort_key)
    lines = _source_lines(loaded.source, findings, data) if keep_lines else {}
    return FileResult(path, loaded.document, tuple(findings), loaded.skipped, suppressed, lines)


# Every directive comment starts with "cfguard" (any case): a document that never says it has
# none, and skips the suppression machinery (a third of the cost of a clean document).
_MENTIONS_CFGUARD = re.compile("cfguard", re.IGNORECASE)


def _may_have_directives(source: SourceDocument) -> bool:
    text = source.text
    if text is None:
        return True
    if text.isascii():  # the usual case, and ten times faster than a case-insensitive search
        return "cfguard" in text.lower()
    return _MENTIONS_CFGUARD.search(text) is not None


def _source_lines(
    source: SourceDocument | None, findings: list[Finding], data: bytes
) -> dict[int, str]:
    """The lines the findings point at, split by the line index their locations come from."""
    if not findings:
        return {}
    if source is not None and source.text is not None:
        index = source.lines
    else:  # CFG001 (the bytes did not parse; `line_index.libxml2_position`) or undecodable text
        index = LineIndex(data.decode("utf-8", errors="replace"))
    wanted = {finding.location.line for finding in findings}
    return {n: line for n in wanted if (line := index.line(n)) is not None}


def run_checks(model: Document, context: Context, settings: Settings) -> list[Finding]:
    if isinstance(model, InvalidationBatch):
        return _run(BATCH_CHECKS, model, context, settings)
    return _run(DISTRIBUTION_CHECKS, model, context, settings)


def _run(
    specs: Sequence[CheckSpec[M]], model: M, context: Context, settings: Settings
) -> list[Finding]:
    findings: list[Finding] = []
    for spec in specs:
        if spec.rule_id not in settings.enabled:
            continue
        if model.dialect.value not in get_rule(spec.rule_id).dialects:
            continue
        findings.extend(
            _stamp(spec.rule_id, hit, settings) for hit in spec.function(model, context)
        )
    return findings


def _stamp(rule_id: str, hit: Hit, settings: Settings) -> Finding:
    rule = get_rule(rule_id)
    severity = settings.severities.get(rule_id) or hit.severity or rule.severity
    return Finding(rule.id, rule.name, severity, render(hit.message, XML_SPELLING), hit.location)

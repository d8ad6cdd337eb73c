"""The pipeline: bytes -> parse -> documents -> schema -> model -> checks -> findings.

Every stage before the checks is the file's syntax (`cfguard.syntaxes.Syntax`), reached through
the registry: this module knows no syntax. Returns results and never prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from cfguard.checks import BATCH_CHECKS, DISTRIBUTION_CHECKS, CheckSpec, M
from cfguard.checks.context import Context
from cfguard.core.document import DocumentType
from cfguard.core.findings import Finding, Hit
from cfguard.core.message import Spelling, render
from cfguard.core.results import FileResult, Suppressed
from cfguard.core.variants import Variant, merge
from cfguard.model import Distribution, Document, InvalidationBatch, decided
from cfguard.rules.registry import get_rule
from cfguard.rules.settings import Settings
from cfguard.syntaxes import AnySyntax, Refused, Skipped, syntax_for


class Loaded(NamedTuple):
    """A parsed, typed, schema-checked file and its models (none when unusable).

    `source` is the syntax's tree (None when the bytes did not parse, or once dropped so a kept
    model does not hold it); `document` and `model` are the file's first document, the one a
    baseline or an invalidation batch is, and `models` every model the file holds. A NamedTuple:
    a frozen dataclass costs ~0.6 ms to define on every run's start-up path."""

    syntax: AnySyntax
    source: Any
    document: DocumentType | None
    model: Document | None
    findings: tuple[Finding, ...]
    skipped: str | None = None
    models: tuple[Document, ...] = ()
    #: How each of `models` spells fields in messages (`Detected.spelling`, else the syntax's).
    spellings: tuple[Spelling, ...] = ()
    #: The conditions each of `models` assumes (`Detected.variant`; () for most documents).
    variants: tuple[Variant, ...] = ()


def load(data: bytes, settings: Settings, path: str | None = None) -> Loaded:
    """Parse and validate one file and build the model of each document in it; document-level
    problems become CFG001-CFG003 findings."""
    syntax = syntax_for(path, data)
    spelling = syntax.spelling
    tree = syntax.parse(data)
    if isinstance(tree, Refused):
        return Loaded(syntax, None, None, None, (_refusal(tree, settings, spelling),))
    findings: list[Finding] = []
    # Type, model, spelling and variant of each document, in file order.
    documents: list[tuple[DocumentType, Document | None, Spelling, Variant]] = []
    # CFG003 of each document, with the address and kind of the document it is about.
    validated: list[tuple[str | None, DocumentType, list[Finding]]] = []
    skipped: str | None = None
    for found in syntax.documents(tree, path):
        if isinstance(found, Skipped):
            skipped = skipped or found.reason
        elif isinstance(found, Refused):
            findings.append(_refusal(found, settings, spelling))
        else:
            spelt = found.spelling or spelling
            if "CFG003" in settings.enabled:
                hits = syntax.validate(found, settings)
                stamped = [_stamp("CFG003", hit, settings, spelt) for hit in hits]
                validated.append((found.address, found.type, stamped))
            documents.append((found.type, syntax.adapt(found), spelt, found.variant))
    several = len({address for address, _, _ in validated}) > 1
    for address, kind, stamped in validated:
        named = several and address is not None
        findings.extend(_named(stamped, kind, address) if named else stamped)
    if documents or findings:  # a file with a document to report on is not "skipped"
        skipped = None
    document, model = documents[0][:2] if documents else (None, None)
    kept = [entry for entry in documents if entry[1] is not None]
    models = tuple(entry[1] for entry in kept if entry[1] is not None)
    spellings = tuple(entry[2] for entry in kept)
    variants = tuple(entry[3] for entry in kept)
    return Loaded(
        syntax, tree, document, model, tuple(findings), skipped, models, spellings, variants
    )


def _refusal(refused: Refused, settings: Settings, spelling: Spelling) -> Finding:
    return _stamp(refused.rule_id, refused.hit, settings, spelling)


def lint(
    data: bytes,
    path: str,
    settings: Settings,
    *,
    baseline: Distribution | None = None,
    baselines: Sequence[tuple[Distribution, Variant]] = (),
    invalidations: Iterable[InvalidationBatch] = (),
    rejected_invalidations: Iterable[str] = (),
    keep_lines: bool = False,
) -> FileResult:
    """Everything cfguard reports about one file. `baseline` is the previous version of its
    distribution; `baselines`, when given, of each of its distributions (with the conditions
    each assumes), matched by address (`_baseline_of`)."""
    settings = settings.for_path(path)
    loaded = load(data, settings, path)
    syntax = loaded.syntax
    findings = list(loaded.findings)
    if loaded.models:
        context = Context(
            settings.options, baseline, tuple(invalidations), path, tuple(rejected_invalidations)
        )
        groups = _variant_groups(loaded)
        several = len(groups) > 1
        for group in groups:
            found = merge(
                [
                    (
                        variant,
                        run_checks(
                            model,
                            _with_baseline(context, model, variant, baselines),
                            settings,
                            spelling,
                        ),
                    )
                    for model, spelling, variant in group
                ]
            )
            model = group[0][0]
            if isinstance(model, Distribution) and model.generated_by is not None:
                found = [finding._replace(fix=None) for finding in found]
            findings.extend(_naming(found, model) if several and model.address else found)
    suppressed: tuple[Suppressed, ...] = ()
    if loaded.source is not None and loaded.skipped is None:
        # None, and cheap, for a file that cannot hold a directive: the suppression machinery
        # is only imported for one that may.
        comments = syntax.comments(loaded.source)
        if comments is not None:
            from cfguard.suppressions import apply_suppressions

            findings, suppressed = apply_suppressions(comments, findings, settings, syntax.spelling)
            # --fix leaves a suppressed finding alone, so the report offers no fix for it.
            suppressed = tuple(
                entry._replace(finding=entry.finding._replace(fix=None)) for entry in suppressed
            )
    findings.sort(key=lambda finding: finding.sort_key)
    if any(finding.fix is not None for finding in findings):
        findings = _writable_fixes(findings, data, syntax, path)
    lines = (
        syntax.source_lines(data, loaded.source, {finding.location.line for finding in findings})
        if keep_lines and findings
        else {}
    )
    return FileResult(path, loaded.document, tuple(findings), loaded.skipped, suppressed, lines)


def _writable_fixes(
    findings: list[Finding], data: bytes, syntax: AnySyntax, path: str
) -> list[Finding]:
    """The findings, each offering its fix only where the syntax can write it (not in a YAML
    block scalar, an HCL template, a file that is not UTF-8, a file `cdk synth` writes): a
    finding marked fixable is one `--fix` repairs."""
    from cfguard.core.fixes import TextEdit
    from cfguard.core.line_index import LineIndex
    from cfguard.core.naming import generated
    from cfguard.syntaxes.edits import decoded, fix_edits

    split = decoded(data)
    if split is None or generated(path):
        return [finding._replace(fix=None) for finding in findings]
    text = split[1]
    lines = LineIndex(text)
    written: list[Finding] = []
    for finding in findings:
        fix = finding.fix
        edits = None if fix is None else fix_edits(fix, text, lines, syntax)
        if fix is None or edits is None:
            written.append(finding if fix is None else finding._replace(fix=None))
            continue
        shown = tuple(
            TextEdit(*lines.position(edit.start), *lines.position(edit.end), edit.text)
            for edit in edits
        )
        written.append(finding._replace(fix=fix._replace(edits=shown)))
    return written


def _with_baseline(
    context: Context,
    model: Document,
    variant: Variant,
    baselines: Sequence[tuple[Distribution, Variant]],
) -> Context:
    if not isinstance(model, Distribution):
        return context
    if not baselines:
        # A Terraform plan holds both versions: what `apply` replaces is its baseline.
        if context.baseline is None and model.before is not None:
            return context._replace(baseline=model.before)
        return context
    return context._replace(baseline=_baseline_of(model, variant, baselines))


def _baseline_of(
    model: Distribution, variant: Variant, baselines: Sequence[tuple[Distribution, Variant]]
) -> Distribution | None:
    """The previous version of one distribution of the file: the one with its address (a
    template's logical id or a Terraform address; None for a request body) and conditions, else
    with its address. A resource that the previous version did not have is new (`is_resource`:
    None); otherwise, between two files of one distribution each, that one."""
    named = [(before, assumed) for before, assumed in baselines if before.address == model.address]
    for before, assumed in named:
        if assumed == variant:
            return before
    if named:
        return named[0][0]
    addresses = {before.address for before, _ in baselines}
    resources = model.is_resource and baselines[0][0].is_resource
    if len(addresses) == 1 and not resources:
        return baselines[0][0]
    return None


def _variant_groups(loaded: Loaded) -> list[list[tuple[Document, Spelling, Variant]]]:
    """The models of the file, the variants of one document (`Detected.variant`: following
    each other, with the same address) together."""
    groups: list[list[tuple[Document, Spelling, Variant]]] = []
    variants = loaded.variants or ((),) * len(loaded.models)
    for entry in zip(loaded.models, loaded.spellings, variants, strict=True):
        model, _, variant = entry
        last = groups[-1][0] if groups else None
        if variant and last is not None and last[0].address == model.address:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def _naming(findings: list[Finding], model: Document) -> list[Finding]:
    """The findings about one of several documents in a file, each message saying which (a
    list-distributions summary by its Id, a template's resource by its logical id)."""
    return _named(findings, model.document, model.address)


def _named(findings: list[Finding], kind: DocumentType, address: str | None) -> list[Finding]:
    what = "distribution" if kind.is_distribution else "invalidation batch"
    return [f._replace(message=f"{what} {address}: {f.message}") for f in findings]


def run_checks(
    model: Document, context: Context, settings: Settings, spelling: Spelling
) -> list[Finding]:
    if isinstance(model, InvalidationBatch):
        return _run(BATCH_CHECKS, model, context, settings, spelling)
    return _run(DISTRIBUTION_CHECKS, model, context, settings, spelling)


def _run(
    specs: Sequence[CheckSpec[M]],
    model: M,
    context: Context,
    settings: Settings,
    spelling: Spelling,
) -> list[Finding]:
    findings: list[Finding] = []
    for spec in specs:
        if spec.rule_id not in settings.enabled:
            continue
        if model.dialect.value not in get_rule(spec.rule_id).dialects:
            continue
        findings.extend(
            _stamp(spec.rule_id, hit, settings, spelling)
            for hit in decided(spec.function, model, context)
        )
    return findings


def _stamp(rule_id: str, hit: Hit, settings: Settings, spelling: Spelling) -> Finding:
    rule = get_rule(rule_id)
    severity = settings.severities.get(rule_id) or hit.severity or rule.severity
    text = render(hit.message, spelling)
    via = hit.location.via  # a value not written where it applies: say where it came from
    message = f"{text} ({via})" if via else text
    # A value that comes from elsewhere (a parameter's Default) is not fixed where it is used.
    fix = hit.fix if via is None else None
    return Finding(rule.id, rule.name, severity, message, hit.location, fix)

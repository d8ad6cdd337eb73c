"""ONE list of results that every CI formatter is golden-tested against.

Built directly (no parsing), so the expected files change only when a formatter does. It covers:
characters each format must escape (`%`, `:`, `,`, CR/LF, `<`, `&`, `ü`, `→`), a path with a
space, non-ASCII, `#` and `,` in it, a finding without a column, spans on one line and over
two, two findings on one element (occurrence counter), a suppressed finding, a file outside the
repository, standard input, a skipped file, a clean file and an unreadable input.
"""

from __future__ import annotations

from pathlib import Path

from cfguard.core.document import Dialect, DocumentKind, DocumentType
from cfguard.core.findings import Finding, Location, Severity
from cfguard.core.results import FileResult, InputProblem, Suppressed
from cfguard.core.tally import Tally
from cfguard.formatters.paths import RepoPaths
from cfguard.rules.registry import Rule, get_rule

#: The golden files, one per format, updated only through tests/snapshots.py.
EXPECTED = Path(__file__).resolve().parent / "expected"
#: A fixed checkout; the user runs cfguard from its `deploy/` folder.
PATHS = RepoPaths(root="/srv/checkout", cwd="/srv/checkout/deploy")
VERSION = "1.2.3"

CURRENT = DocumentType(DocumentKind.DISTRIBUTION, Dialect.CURRENT, "2020-05-31")
LEGACY = DocumentType(DocumentKind.DISTRIBUTION, Dialect.LEGACY, "2010-11-01")
INVALIDATION = DocumentType(DocumentKind.INVALIDATION, Dialect.CURRENT, "2020-05-31")

DOC = """## What it does

Reports {what}
when it matters.

## Why is this bad?

Because {why}.
"""


def _rule(
    rule_id: str,
    name: str,
    severity: Severity,
    summary: str,
    tags: tuple[str, ...],
    *,
    security_severity: str | None = None,
) -> Rule:
    # A stand-in with short docs, so rule prose edits do not churn the expected files; the real
    # registry's rules are checked against the CLI's SARIF in tests/test_sarif_schema.py.
    return get_rule("CFG101")._replace(
        id=rule_id,
        name=name,
        severity=severity,
        summary=summary,
        tags=tags,
        precision="very-high" if rule_id < "CFG2" else "medium",
        security_severity=security_severity,
        filename=f"{rule_id}-{name}.md",
        documentation=DOC.format(what=summary.lower() + ":", why=f"`{name}` & <friends>"),
    )


RULES: tuple[Rule, ...] = (
    _rule("CFG001", "invalid-xml", Severity.ERROR, "The file is not usable XML", ("document",)),
    _rule(
        "CFG101",
        "http-allowed",
        Severity.ERROR,
        "Viewers can use plain HTTP",
        ("security", "transport-encryption"),
        security_severity="7.5",
    ),
    _rule(
        "CFG102",
        "cname-https-mismatch",
        Severity.ERROR,
        "Aliases lack a certificate",
        ("security", "certificates"),
        security_severity="6.5",
    ),
    _rule(
        "CFG103",
        "weak-viewer-tls",
        Severity.WARNING,
        "Old TLS versions allowed",
        ("security", "tls"),
        security_severity="5.3",
    ),
    _rule("CFG106", "alias-format", Severity.ERROR, "An alias is not a valid name", ("aliases",)),
    _rule(
        "CFG201",
        "https-switch-without-invalidation",
        Severity.WARNING,
        "Switched to HTTPS without an invalidation",
        ("security", "caching"),
        security_severity="4",
    ),
    _rule(
        "CFG202",
        "invalidation-path",
        Severity.ERROR,
        "An invalidation path is malformed",
        ("caching",),
    ),
    _rule(
        "CFG301",
        "logging-bucket-format",
        Severity.ERROR,
        "The logging bucket is malformed",
        ("logging",),
    ),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}


def finding(
    rule_id: str,
    line: int,
    column: int | None,
    xpath: str,
    message: str,
    *,
    severity: Severity | None = None,
    end: tuple[int, int] | None = None,
) -> Finding:
    """A finding at `xpath`; with `end`, a span ending there as the XML syntax gives one."""
    rule = RULES_BY_ID[rule_id]
    where = Location(line, column, xpath)
    if end is not None:
        where = Location(line, column, xpath, end_line=end[0], end_column=end[1])
    return Finding(rule.id, rule.name, severity or rule.severity, message, where)


ALIASES = "/DistributionConfig/Aliases"

MAIN = FileResult(
    path="dist.xml",
    document=CURRENT,
    findings=(
        finding(
            "CFG102",
            5,
            3,
            ALIASES,
            "aliases a.example.com, b.example.com: <ViewerCertificate> uses the default "
            "certificate & covers neither; attach an ACM certificate",
        ),
        finding("CFG106", 5, 3, ALIASES, 'alias "-bad-.example.com" starts with "-"'),
        finding("CFG106", 5, 3, ALIASES, 'alias "ex ample.com" contains a space'),
        finding(
            "CFG103",
            12,
            7,
            "/DistributionConfig/ViewerCertificate/MinimumProtocolVersion",
            "TLSv1 → TLSv1.2_2021: 3% of clients lose access: fine for most sites",
            end=(12, 62),
        ),
        finding(
            "CFG201",
            27,
            None,
            "/DistributionConfig/DefaultCacheBehavior",
            "switched to HTTPS\nno invalidation since:\r\n  2024-05-01",
            severity=Severity.INFO,
        ),
    ),
    suppressed=(
        Suppressed(
            finding(
                "CFG101",
                27,
                5,
                "/DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy",
                "the default cache behavior accepts plain HTTP",
            ),
            "health checks from firmware 1.x",
        ),
    ),
)

ODD_NAME = FileResult(
    path="../shared configs/über, #2 50%.xml",
    document=LEGACY,
    findings=(
        finding(
            "CFG001",
            1,
            None,
            "/",
            "not well-formed XML: Opening and ending tag mismatch: Enabled line 9 and Enable",
        ),
    ),
)

OUTSIDE = FileResult(
    path="/etc/cloudfront/outside.xml",
    document=CURRENT,
    findings=(
        finding(
            "CFG301",
            44,
            5,
            "/DistributionConfig/Logging/Bucket",
            'logging bucket "Logs_Bucket": only lowercase letters, digits, "." and "-"',
            end=(45, 16),  # a value that runs over two lines
        ),
    ),
)

STDIN = FileResult(
    path="-",
    document=INVALIDATION,
    findings=(
        finding(
            "CFG202",
            3,
            24,
            "/InvalidationBatch/Paths/Items/Path[2]",
            'path "images/*" must start with \'/\'; write "/images/*"',
            end=(3, 45),
        ),
    ),
)

CLEAN = FileResult(path="clean.xml", document=CURRENT, findings=())
SKIPPED = FileResult(
    path="pom.xml",
    document=None,
    findings=(),
    skipped="root element <project> is not a CloudFront document",
)

RESULTS: tuple[FileResult, ...] = (MAIN, CLEAN, SKIPPED, ODD_NAME, OUTSIDE, STDIN)
PROBLEMS = (InputProblem("missing, old.xml", "no such file or directory"),)


def tally(
    results: tuple[FileResult, ...] = RESULTS, problems: tuple[InputProblem, ...] = PROBLEMS
) -> Tally:
    """The tally the runner would have kept for `results`."""
    counts = Tally()
    for result in results:
        counts.add(result)
    counts.problems.extend(problems)
    return counts

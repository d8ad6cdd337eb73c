"""The HTTPS picture beyond "is HTTP allowed": viewer TLS, certificates, aliases, logging and the
origin leg (CFG103-106, CFG302-303, CFG401-402), on the real AWS CLI examples and on edge cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cfguard.core.findings import Severity
from cfguard.engine import lint
from cfguard.rules.options import RuleOptions
from cfguard.rules.registry import all_rules, get_rule
from cfguard.rules.settings import Settings
from tests.conftest import SHARED_COPY, assert_no_traceback, run_cfguard

MODERN = SHARED_COPY / "modern"
MINE = frozenset({"CFG103", "CFG104", "CFG105", "CFG106", "CFG302", "CFG303", "CFG401", "CFG402"})
ACM = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"

Seen = tuple[str, Severity, int, "int | None"]


def lint_bytes(
    data: bytes, rules: frozenset[str] = MINE, options: RuleOptions | None = None
) -> list[tuple[str, Severity, int, int | None, str]]:
    settings = Settings(enabled=rules, options=options or RuleOptions())
    result = lint(data, "doc.xml", settings)
    return [
        (f.rule_id, f.severity, f.location.line, f.location.column, f.message)
        for f in result.findings
    ]


def seen(data: bytes, rules: frozenset[str] = MINE) -> set[Seen]:
    return {(rule, sev, line, col) for rule, sev, line, col, _ in lint_bytes(data, rules)}


def col(text: str, needle: str, nth: int = 0) -> int:
    """1-based column of the `nth` occurrence of `needle` in a one-line document."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return index + 1


# -- the well-configured document ---------------------------------------------------------------


def test_well_configured_document_has_nothing_at_warning_or_above_from_any_rule() -> None:
    path = MODERN / "handmade-https-only-alias-acm-logging.xml"
    every_rule = frozenset(rule.id for rule in all_rules())
    found = lint_bytes(path.read_bytes(), every_rule)
    assert [f for f in found if f[1].rank >= Severity.WARNING.rank] == []
    # The one note is by design: the bucket uses AWS's reserved documentation prefix.
    assert [(f[0], f[1]) for f in found] == [("CFG301", Severity.INFO)]
    run = run_cfguard("check", path)
    assert_no_traceback(run.err)
    assert run.code == 0, run.out


# -- the AWS CLI examples: exact rule, severity, line and column --------------------------------


def _cli_expectations(name: str, text: str) -> set[Seen]:
    info, warning = Severity.INFO, Severity.WARNING
    if name in {
        "cli-create-distribution-1.xml",
        "cli-create-distribution-with-tags-1.xml",
        "cli-update-distribution-1.xml",
        "cli-get-distribution-config-output-as-update.xml",
    }:
        # default certificate pinned to TLSv1 (note); Logging/Enabled false
        mpv = col(text, "<MinimumProtocolVersion>")
        off = col(text, "<Logging><Enabled>false") + len("<Logging>")
        return {("CFG103", info, 1, mpv), ("CFG303", info, 1, off)}
    if name == "cli-create-distribution-2.xml":
        # ACM certificate without MinimumProtocolVersion: CloudFront's default TLSv1; no Logging
        return {("CFG103", warning, 1, col(text, "<ViewerCertificate>")), ("CFG303", info, 1, 1)}
    if name == "cli-create-distribution-3.xml":
        return {("CFG103", info, 1, 1), ("CFG303", info, 1, 1)}  # no ViewerCertificate, no Logging
    if name == "cli-shorthand-origin-domain-name-custom.xml":
        return {
            ("CFG103", info, 1, 1),
            ("CFG303", info, 1, 1),
            ("CFG401", warning, 1, col(text, "<OriginProtocolPolicy>")),  # http-only custom origin
        }
    if name == "cli-shorthand-as-2016-11-25.xml":
        # An API version cfguard has no schema for: reported once, never linted by the rules.
        return {("CFG002", Severity.ERROR, 1, 1)}
    return set()  # the InvalidationBatch: none of these rules reads invalidations


CLI_EXAMPLES = sorted(p for p in MODERN.glob("*.xml") if not p.name.startswith("handmade-"))


@pytest.mark.parametrize("path", CLI_EXAMPLES, ids=lambda p: p.name)
def test_aws_cli_example_findings_at_their_line_and_column(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert seen(path.read_bytes()) == _cli_expectations(path.name, text)


def test_cli_http_only_origin_is_named_and_fails_the_run() -> None:
    path = MODERN / "cli-shorthand-origin-domain-name-custom.xml"
    run = run_cfguard("check", "--select", "CFG401", path)
    assert run.code == 1
    column = col(path.read_text(encoding="utf-8"), "<OriginProtocolPolicy>")
    assert f"{path}:1:{column}: CFG401 [warning] origin " in run.out
    assert "(www.example.com) is fetched over plain HTTP" in run.out
    assert "use https-only" in run.out


def test_default_certificate_note_alone_does_not_fail_the_run() -> None:
    run = run_cfguard("check", "--select", "CFG103", MODERN / "cli-create-distribution-1.xml")
    assert run.code == 0
    assert "CFG103 [info] the default *.cloudfront.net certificate is in use" in run.out


# -- edge cases on a small current-format document ---------------------------------------------


def doc(certificate: str = "", aliases: str = "", logging: str = "", origins: str = "") -> bytes:
    origins = origins or (
        "<Origin><Id>s3</Id><DomainName>b.s3.amazonaws.com</DomainName>"
        "<S3OriginConfig><OriginAccessIdentity/></S3OriginConfig></Origin>"
    )
    count = origins.count("<Origin>")
    return (
        '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">\n'
        "<CallerReference>edge</CallerReference>\n"
        f"{aliases}\n<Origins><Quantity>{count}</Quantity><Items>{origins}</Items></Origins>\n"
        "<DefaultCacheBehavior><TargetOriginId>s3</TargetOriginId>"
        "<ViewerProtocolPolicy>https-only</ViewerProtocolPolicy></DefaultCacheBehavior>\n"
        f"<Comment>edge</Comment><Enabled>true</Enabled>\n{logging}\n"
        f"<ViewerCertificate>{certificate}</ViewerCertificate>\n</DistributionConfig>\n"
    ).encode()


def custom_cert(policy: str | None, method: str = "sni-only", source: str = "") -> str:
    source = source or f"<ACMCertificateArn>{ACM}</ACMCertificateArn>"
    mpv = f"<MinimumProtocolVersion>{policy}</MinimumProtocolVersion>" if policy else ""
    return (
        "<CloudFrontDefaultCertificate>false</CloudFrontDefaultCertificate>"
        f"{source}<SSLSupportMethod>{method}</SSLSupportMethod>{mpv}"
    )


def only(rule: str, data: bytes, options: RuleOptions | None = None) -> list[tuple[Severity, str]]:
    return [(sev, msg) for _, sev, _, _, msg in lint_bytes(data, frozenset({rule}), options)]


@pytest.mark.parametrize("policy", ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"])
def test_modern_policies_pass_by_order_not_prefix(policy: str) -> None:
    assert only("CFG103", doc(custom_cert(policy))) == []


def test_unknown_future_policy_is_not_judged_by_prefix() -> None:
    assert only("CFG103", doc(custom_cert("TLSv1.4_2030"))) == []


@pytest.mark.parametrize("policy", ["TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2019"])
def test_policies_below_the_default_floor_are_warnings(policy: str) -> None:
    [(severity, message)] = only("CFG103", doc(custom_cert(policy)))
    assert severity is Severity.WARNING
    weakness = (
        "both start at TLS 1.2, but it also offers viewers cipher suites TLSv1.2_2021 leaves out"
        if "1.2" in policy
        else "it lets viewers connect with TLS 1."
    )
    assert f"MinimumProtocolVersion {policy} is below the floor TLSv1.2_2021: {weakness}" in message


def test_configured_floor_accepts_2019_and_still_flags_2018() -> None:
    floor = RuleOptions(min_viewer_tls="TLSv1.2_2019")
    assert only("CFG103", doc(custom_cert("TLSv1.2_2019")), floor) == []
    [(_, message)] = only("CFG103", doc(custom_cert("TLSv1.2_2018")), floor)
    assert "below the floor TLSv1.2_2019" in message


def test_sslv3_with_sni_only_is_an_error_and_with_vip_a_warning() -> None:
    [(severity, message)] = only("CFG103", doc(custom_cert("SSLv3")))
    assert severity is Severity.ERROR
    assert "InvalidProtocolSettings" in message
    assert only("CFG103", doc(custom_cert("SSLv3", method="vip")))[0][0] is Severity.WARNING


def test_custom_certificate_without_policy_points_at_viewer_certificate() -> None:
    data = doc(custom_cert(None))
    [(rule, severity, line, column, message)] = lint_bytes(data, frozenset({"CFG103"}))
    assert (rule, severity, line, column) == ("CFG103", Severity.WARNING, 8, 1)
    assert "no <MinimumProtocolVersion>" in message
    assert "TLSv1 (TLS 1.0)" in message


def test_default_certificate_note_says_a_stated_policy_has_no_effect() -> None:
    cert = (
        "<CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate>"
        "<MinimumProtocolVersion>TLSv1.2_2021</MinimumProtocolVersion>"
    )
    [(severity, message)] = only("CFG103", doc(cert))
    assert severity is Severity.INFO
    assert "TLSv1.2_2021</MinimumProtocolVersion> has no effect" in message


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        (ACM.replace("us-east-1", "eu-west-1"), "is in eu-west-1; CloudFront only uses ACM"),
        (
            "arn:aws-cn:acm:cn-north-1:123456789012:certificate/abc-123",
            "CloudFront there does not use ACM: upload the certificate to IAM",
        ),
        (
            "arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/abc-123",
            "is in us-gov-west-1; CloudFront only uses ACM certificates from us-east-1",
        ),
        (
            "arn:aws:iam::123456789012:server-certificate/cloudfront/www",
            "an IAM server certificate goes in <IAMCertificateId>",
        ),
        ("arn:aws:acm:us-east-1:1234:certificate/abc", "is not an ACM certificate ARN"),
    ],
)
def test_acm_certificate_must_be_a_us_east_1_arn_of_the_aws_partition(
    arn: str, expected: str
) -> None:
    source = f"<ACMCertificateArn>{arn}</ACMCertificateArn>"
    [(severity, message)] = only("CFG104", doc(custom_cert("TLSv1.2_2021", source=source)))
    assert severity is Severity.ERROR
    assert expected in message


def test_acm_and_iam_together_and_an_overlong_iam_id() -> None:
    source = (
        f"<ACMCertificateArn>{ACM}</ACMCertificateArn>"
        f"<IAMCertificateId>{'A' * 33}</IAMCertificateId>"
    )
    messages = [m for _, m in only("CFG104", doc(custom_cert("TLSv1.2_2021", source=source)))]
    assert len(messages) == 2
    assert "names both an ACMCertificateArn and an IAMCertificateId" in messages[0]
    assert "IAMCertificateId is 33 characters" in messages[1]


def test_dedicated_ip_only_counts_with_a_custom_certificate() -> None:
    [(_, message)] = only("CFG105", doc(custom_cert("TLSv1.2_2021", method="static-ip")))
    assert "static-ip works only in accounts AWS enabled it for" in message
    default_vip = (
        "<CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate>"
        "<SSLSupportMethod>vip</SSLSupportMethod>"
    )
    assert only("CFG105", doc(default_vip)) == []


def aliases(count: int) -> str:
    items = "".join(f"<CNAME>h{n}.example.com</CNAME>" for n in range(count))
    return f"<Aliases><Quantity>{count}</Quantity><Items>{items}</Items></Aliases>"


def test_alias_count_against_the_default_quota_and_a_configured_one() -> None:
    assert only("CFG106", doc(aliases=aliases(100))) == []
    [(_, message)] = only("CFG106", doc(aliases=aliases(101)))
    assert message.startswith("101 aliases; a distribution may have 100")
    found = lint_bytes(doc(aliases=aliases(3)), frozenset({"CFG106"}), RuleOptions(max_aliases=2))
    assert [(f[0], f[2], f[3]) for f in found] == [("CFG106", 3, 1)]  # at <Aliases>


@pytest.mark.parametrize(("length", "hits"), [(256, 0), (257, 1)])
def test_logging_prefix_length_limit(length: int, hits: int) -> None:
    logging = (
        "<Logging><Enabled>true</Enabled><IncludeCookies>false</IncludeCookies>"
        f"<Bucket>logs.s3.amazonaws.com</Bucket><Prefix>{'p' * length}</Prefix></Logging>"
    )
    assert len(only("CFG302", doc(logging=logging))) == hits


def custom_origin(domain: str, policy: str, protocols: tuple[str, ...] = ("TLSv1.2",)) -> str:
    items = "".join(f"<SslProtocol>{p}</SslProtocol>" for p in protocols)
    return (
        f"<Origin><Id>s3</Id><DomainName>{domain}</DomainName><CustomOriginConfig>"
        f"<HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>"
        f"<OriginProtocolPolicy>{policy}</OriginProtocolPolicy><OriginSslProtocols>"
        f"<Quantity>{len(protocols)}</Quantity><Items>{items}</Items></OriginSslProtocols>"
        "</CustomOriginConfig></Origin>"
    )


@pytest.mark.parametrize(
    "domain",
    ["my-site.s3-website-us-east-1.amazonaws.com", "my.site.s3-website.eu-west-1.amazonaws.com"],
)
def test_s3_website_endpoint_is_an_info_note(domain: str) -> None:
    [(severity, message)] = only("CFG401", doc(origins=custom_origin(domain, "http-only")))
    assert severity is Severity.INFO
    assert "S3 website endpoints only speak HTTP" in message


def test_match_viewer_behind_https_only_behaviors_is_fine() -> None:
    assert only("CFG401", doc(origins=custom_origin("o.example.com", "match-viewer"))) == []


def test_forbidden_origin_protocols_are_configurable() -> None:
    weak = doc(origins=custom_origin("o.example.com", "https-only", ("SSLv3", "TLSv1", "TLSv1.2")))
    assert len(only("CFG402", weak)) == 2
    [(_, message)] = only("CFG402", weak, RuleOptions(forbidden_origin_protocols=("SSLv3",)))
    assert "offers SSLv3 to the origin" in message
    assert "keep TLSv1, TLSv1.2" in message


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"min_viewer_tls": "TLSv1.2"}, "CFG103 min-version"),
        ({"forbidden_origin_protocols": ("TLSv1.3",)}, "CFG402 forbidden"),
        ({"max_aliases": 0}, "CFG106 max-aliases"),
    ],
)
def test_unusable_option_values_are_rejected_naming_the_key(
    options: dict[str, object], key: str
) -> None:
    with pytest.raises(ValueError, match=key):
        RuleOptions(**options)  # type: ignore[arg-type]


# -- the rule documentation shows what the rule does --------------------------------------------


def _xml_blocks(rule_id: str, section: str) -> list[bytes]:
    docs = get_rule(rule_id).documentation
    body = docs.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [block.encode() for block in re.findall(r"```xml\n(.*?)```", body, re.S)]


@pytest.mark.parametrize("rule_id", sorted(MINE))
def test_documented_example_fails_and_its_fix_passes(rule_id: str) -> None:
    examples, fixes = _xml_blocks(rule_id, "Example"), _xml_blocks(rule_id, "Use instead")
    assert examples
    assert fixes
    for block in examples:
        assert only(rule_id, block), block.decode()
    for block in fixes:
        assert only(rule_id, block) == [], block.decode()

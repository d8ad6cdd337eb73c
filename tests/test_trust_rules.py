"""Issue 12, wrong findings in the rules: each case runs the real `cfguard check` on a document
written at test time and asserts what a user sees (rule, line, column, message, exit code).

CFG101 legacy says what `RequiredProtocols` holds; CFG301 accepts the regional, dual-stack and
China forms of a bucket's domain name; CFG106 reports the names CloudFront rejects or cannot
serve; CFG104 reports `CloudFrontDefaultCertificate` false with no certificate; CFG103 describes a
policy relative to the configured floor."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run, assert_no_traceback, run_cfguard

ACM = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
CUSTOM_CERT = (
    "    <CloudFrontDefaultCertificate>false</CloudFrontDefaultCertificate>\n"
    f"    <ACMCertificateArn>{ACM}</ACMCertificateArn>\n"
    "    <SSLSupportMethod>sni-only</SSLSupportMethod>\n"
    "    <MinimumProtocolVersion>{policy}</MinimumProtocolVersion>\n"
)


def current(aliases: list[str] | None = None, logging: str = "", certificate: str = "") -> str:
    """A current-format document, one element per line: aliases start on line 7."""
    names = aliases or []
    items = "".join(f"      <CNAME>{name}</CNAME>\n" for name in names)
    alias_block = (
        f"  <Aliases>\n    <Quantity>{len(names)}</Quantity>\n    <Items>\n{items}    </Items>\n"
        "  </Aliases>\n"
        if names
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">\n'
        "  <CallerReference>trust-rules</CallerReference>\n"
        f"{alias_block}"
        "  <Origins><Quantity>1</Quantity><Items><Origin><Id>s3</Id>"
        "<DomainName>site.s3.amazonaws.com</DomainName>"
        "<S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig>"
        "</Origin></Items></Origins>\n"
        "  <DefaultCacheBehavior><TargetOriginId>s3</TargetOriginId>"
        "<ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>"
        "<CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId>"
        "</DefaultCacheBehavior>\n"
        "  <Comment>trust</Comment>\n"
        f"{logging}"
        "  <Enabled>true</Enabled>\n"
        f"  <ViewerCertificate>\n{certificate or CUSTOM_CERT.format(policy='TLSv1.2_2021')}"
        "  </ViewerCertificate>\n"
        "</DistributionConfig>\n"
    )


def logging_block(bucket: str) -> str:
    """A `Logging` element whose `<Bucket>` is on line 10 of `current()` (no aliases)."""
    return (
        "  <Logging>\n    <Enabled>true</Enabled>\n    <IncludeCookies>false</IncludeCookies>\n"
        f"    <Bucket>{bucket}</Bucket>\n    <Prefix>cf/</Prefix>\n  </Logging>\n"
    )


def check(tmp_path: Path, text: str, *args: str, name: str = "dist.xml") -> Run:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    run = run_cfguard("check", "-q", *args, name, cwd=tmp_path)
    assert_no_traceback(run.err)
    return run


def lines_of(run: Run) -> list[str]:
    return [line for line in run.out.splitlines() if line.strip()]


# -- CFG101, legacy: the message says what RequiredProtocols holds ------------------------------

LEGACY = (
    '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2010-11-01/">\n'
    "  <S3Origin><DNSName>site.s3.amazonaws.com</DNSName></S3Origin>\n"
    "  <CallerReference>trust-legacy</CallerReference>\n"
    "  <Comment>www</Comment>\n"
    "  <Enabled>true</Enabled>\n"
    "  {required}\n"
    "</DistributionConfig>\n"
)


@pytest.mark.parametrize(
    ("required", "where", "message"),
    [
        pytest.param(
            "",
            "1:1",
            "viewers can use plain HTTP: <RequiredProtocols> is missing; add "
            "<RequiredProtocols><Protocol>https</Protocol></RequiredProtocols>",
            id="missing",
        ),
        pytest.param(
            "<RequiredProtocols></RequiredProtocols>",
            "6:3",
            "viewers can use plain HTTP: <RequiredProtocols> names no <Protocol>; add "
            "<Protocol>https</Protocol> inside it",
            id="no-protocol",
        ),
        pytest.param(
            "<RequiredProtocols><Protocol></Protocol></RequiredProtocols>",
            "6:22",
            "viewers can use plain HTTP: <RequiredProtocols><Protocol> is empty; set it to https",
            id="empty-protocol",
        ),
        pytest.param(
            "<RequiredProtocols><Protocol>http</Protocol></RequiredProtocols>",
            "6:22",
            'viewers can use plain HTTP: <RequiredProtocols><Protocol> is "http", not https (its '
            "only value), so it does not turn HTTP away; set it to https",
            id="http",
        ),
    ],
)
def test_legacy_cfg101_says_what_required_protocols_holds(
    tmp_path: Path, required: str, where: str, message: str
) -> None:
    run = check(tmp_path, LEGACY.format(required=required), "--select", "CFG101")
    assert run.code == 1
    assert lines_of(run) == [f"dist.xml:{where}: CFG101 [error] {message} (http-allowed)"]


def test_legacy_cfg101_passes_with_https(tmp_path: Path) -> None:
    required = "<RequiredProtocols><Protocol>https</Protocol></RequiredProtocols>"
    run = check(tmp_path, LEGACY.format(required=required), "--select", "CFG101")
    assert (run.code, lines_of(run)) == (0, [])


# -- CFG301: the regional, dual-stack and China forms of a bucket's domain name ------------------


@pytest.mark.parametrize(
    "bucket",
    [
        "my-logs.s3.amazonaws.com",
        "my-logs.s3.eu-west-1.amazonaws.com",
        "my-logs.s3.dualstack.eu-west-1.amazonaws.com",
        "my-logs.s3.cn-north-1.amazonaws.com.cn",
        "my-logs.s3.dualstack.cn-northwest-1.amazonaws.com.cn",
        "logs.example.com.s3.us-gov-west-1.amazonaws.com",
    ],
)
def test_cfg301_accepts_every_s3_domain_name_form_of_a_valid_bucket(
    tmp_path: Path, bucket: str
) -> None:
    run = check(tmp_path, current(logging=logging_block(bucket)), "--select", "CFG301")
    assert (run.code, lines_of(run)) == (0, [])


WEBSITE = "my-logs.s3-website-eu-west-1.amazonaws.com"


@pytest.mark.parametrize(
    ("bucket", "message"),
    [
        pytest.param(
            "my-logs",
            "is a bare bucket name, not the bucket's domain name: use my-logs.s3.amazonaws.com",
            id="bare-name",
        ),
        pytest.param(
            WEBSITE,
            "is an S3 website endpoint, which serves a bucket as a web site; CloudFront writes "
            "logs to the bucket's own domain name, my-logs.s3.amazonaws.com",
            id="website-endpoint",
        ),
        pytest.param(
            "arn:aws:s3:::my-logs",
            "is an ARN, not the bucket's domain name: use my-logs.s3.amazonaws.com",
            id="arn",
        ),
        pytest.param(
            "My_Logs.s3.eu-west-1.amazonaws.com",
            ": the bucket name contains uppercase letters and '_'; only lowercase letters, "
            "digits, '.' and '-' are allowed; expected <bucket-name>.s3.eu-west-1.amazonaws.com, "
            "e.g. my-cloudfront-logs.s3.eu-west-1.amazonaws.com",
            id="invalid-name-regional",
        ),
        pytest.param(
            "s3://Example_Logs",
            "is an s3:// URL, not the bucket's domain name, and the bucket name contains "
            "uppercase letters and '_'; only lowercase letters, digits, '.' and '-' are allowed; "
            "expected <bucket-name>.s3.amazonaws.com or <bucket-name>.s3.<region>.amazonaws.com, "
            "e.g. my-cloudfront-logs.s3.amazonaws.com",
            id="url-of-an-invalid-bucket",
        ),
        pytest.param(
            "my-logs.s3.cn-north-1.amazonaws.com",
            "names Region cn-north-1 with the wrong domain: use "
            "my-logs.s3.cn-north-1.amazonaws.com.cn",
            id="china-region-global-domain",
        ),
        pytest.param(
            "my-logs.s3.dualstack.amazonaws.com",
            "is an S3 dual-stack endpoint without its Region: use "
            "my-logs.s3.dualstack.<region>.amazonaws.com",
            id="dualstack-without-region",
        ),
    ],
)
def test_cfg301_still_rejects_what_is_not_a_valid_bucket_address(
    tmp_path: Path, bucket: str, message: str
) -> None:
    run = check(tmp_path, current(logging=logging_block(bucket)), "--select", "CFG301")
    assert run.code == 1
    separator = "" if message.startswith(":") else " "
    # --fix can write the address only where the bucket's name is clear and valid.
    marker = " [*]" if bucket in {"my-logs", "arn:aws:s3:::my-logs", WEBSITE} else ""
    assert lines_of(run) == [
        f'dist.xml:10:5: CFG301 [error]{marker} logging bucket "{bucket}"{separator}{message} '
        "(logging-bucket-format)"
    ]


# -- CFG106: names CloudFront rejects or cannot serve --------------------------------------------

BAD_ALIASES = [
    ("www.example.com.", "it ends with '.'; give the name without the final dot: www.example.com"),
    (
        "bücher.example.com",
        "it contains non-ASCII characters; CloudFront takes an internationalized name in its "
        "Punycode form: use xn--bcher-kva.example.com",
    ),
    (
        "a" * 64 + ".example.com",
        'label "aaaaaaaaaaaaaaaaaaaa..." is 64 characters long; a label has at most 63',
    ),
    (
        ("abcdefghij." * 23) + "example.com",
        "it is 264 characters long; a domain name has at most 253",
    ),
    ("example..com", "it has '..', an empty label; use example.com"),
    (".example.com", "it starts with '.', an empty label; use example.com"),
    (
        "-cdn.example.com",
        'label "-cdn" starts with "-"; a label begins and ends with a letter or digit',
    ),
    (
        "cdn-.example.com",
        'label "cdn-" ends with "-"; a label begins and ends with a letter or digit',
    ),
    (
        "192.0.2.10",
        "an IP address is not an alternate domain name; use a domain name whose DNS record "
        "points at the distribution",
    ),
    (
        "localhost",
        "localhost is a single label, not a full domain name; use a name under a domain you own, "
        "such as www.example.com",
    ),
    (
        "*.com",
        "the wildcard *.com would cover a whole top-level domain; a wildcard covers names under a "
        "domain of your own, as in *.example.com",
    ),
    (
        "img\u200b.example.com",
        "it contains an invisible character (U+200B ZERO WIDTH SPACE); delete it",
    ),
]


def test_cfg106_reports_each_name_cloudfront_rejects_at_its_line(tmp_path: Path) -> None:
    names = [name for name, _ in BAD_ALIASES]
    run = check(tmp_path, current(names), "--select", "CFG106")
    assert run.code == 1
    expected = []
    for line, (name, message) in enumerate(BAD_ALIASES, start=7):
        shown = name.replace("\u200b", "\\u200b")  # the text formatter escapes invisible ones
        expected.append(
            f'dist.xml:{line}:7: CFG106 [error] alias "{shown}": {message} (alias-format)'
        )
    assert lines_of(run) == expected


def test_cfg106_duplicate_points_at_the_second_and_names_the_first(tmp_path: Path) -> None:
    names = ["www.example.com", "img.example.com", "www.example.com"]
    run = check(tmp_path, current(names), "--select", "CFG106")
    assert run.code == 1
    assert lines_of(run) == [
        'dist.xml:9:7: CFG106 [error] alias "www.example.com": it is listed twice (first on line '
        "7) and CloudFront takes each alternate domain name once: remove this one (alias-format)"
    ]


def test_cfg106_uppercase_alias_keeps_its_message(tmp_path: Path) -> None:
    run = check(tmp_path, current(["WWW.Example.com"]), "--select", "CFG106")
    assert lines_of(run) == [
        'dist.xml:7:7: CFG106 [error] [*] alias "WWW.Example.com": aliases must be lowercase: use '
        "www.example.com (alias-format)"
    ]


def test_cfg106_accepts_valid_names_that_look_unusual(tmp_path: Path) -> None:
    names = [
        "xn--bcher-kva.example.com",  # Punycode
        "*.example.com",  # a wildcard over a domain
        "*.static.example.co.uk",
        "123.example.com",  # a digits-only label inside a name
        "a" * 63 + ".example.com",  # a 63-character label
        ("abcdefghij." * 22) + "example.com",  # 253 characters
        "a-b--c.example.com",
    ]
    assert len(names[5]) == 253
    run = check(tmp_path, current(names), "--select", "CFG106")
    assert (run.code, lines_of(run)) == (0, [])


# -- CFG104 / CFG103: CloudFrontDefaultCertificate false with no certificate ---------------------

NO_CERTIFICATE = "    <CloudFrontDefaultCertificate>false</CloudFrontDefaultCertificate>\n"


def test_default_certificate_turned_off_with_no_certificate_is_cfg104_not_a_note(
    tmp_path: Path,
) -> None:
    run = check(tmp_path, current(certificate=NO_CERTIFICATE), "--select", "CFG103,CFG104")
    assert run.code == 1
    assert lines_of(run) == [
        "dist.xml:9:5: CFG104 [error] CloudFrontDefaultCertificate is false but "
        "<ViewerCertificate> names no ACMCertificateArn or IAMCertificateId, so there is no "
        "certificate CloudFront can use; name an ACM certificate from us-east-1 that covers the "
        "aliases (with SSLSupportMethod and MinimumProtocolVersion), or, without aliases, set "
        "CloudFrontDefaultCertificate to true (certificate-source)"
    ]


# -- CFG103: wording derived from the policy and the configured floor ----------------------------


def _floor(tmp_path: Path, policy: str) -> None:
    (tmp_path / ".cfguard.toml").write_text(f'[rules.CFG103]\nmin-version = "{policy}"\n')


def test_tls12_policy_under_a_tls13_floor_is_described_by_its_protocol(tmp_path: Path) -> None:
    _floor(tmp_path, "TLSv1.3_2025")
    cert = CUSTOM_CERT.format(policy="TLSv1.2_2025")
    run = check(tmp_path, current(certificate=cert), "--select", "CFG103")
    assert run.code == 1
    assert lines_of(run) == [
        "dist.xml:12:5: CFG103 [warning] MinimumProtocolVersion TLSv1.2_2025 is below the floor "
        "TLSv1.3_2025: it lets viewers connect with TLS 1.2, the floor allows TLS 1.3 only; use "
        "TLSv1.3_2025 or newer (weak-viewer-tls)"
    ]


def test_tls12_policy_under_a_newer_tls12_floor_is_described_by_its_ciphers(
    tmp_path: Path,
) -> None:
    cert = CUSTOM_CERT.format(policy="TLSv1.2_2019")
    run = check(tmp_path, current(certificate=cert), "--select", "CFG103")
    assert lines_of(run) == [
        "dist.xml:12:5: CFG103 [warning] MinimumProtocolVersion TLSv1.2_2019 is below the floor "
        "TLSv1.2_2021: both start at TLS 1.2, but it also offers viewers cipher suites "
        "TLSv1.2_2021 leaves out; use TLSv1.2_2021 or newer (weak-viewer-tls)"
    ]


DEFAULT_CERTIFICATE = "    <CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate>\n"


def test_default_certificate_note_names_the_configured_floor(tmp_path: Path) -> None:
    _floor(tmp_path, "TLSv1.3_2025")
    run = check(tmp_path, current(certificate=DEFAULT_CERTIFICATE), "--select", "CFG103")
    assert run.code == 0  # a note
    assert lines_of(run) == [
        "dist.xml:8:3: CFG103 [info] the default *.cloudfront.net certificate is in use: "
        "CloudFront then accepts TLSv1 (TLS 1.0) from viewers whatever the document says; a TLS "
        "1.3 floor needs a custom certificate (an alias, an ACM certificate from us-east-1, "
        "MinimumProtocolVersion TLSv1.3_2025) (weak-viewer-tls)"
    ]


def test_default_certificate_note_is_not_given_when_the_floor_is_tls1(tmp_path: Path) -> None:
    _floor(tmp_path, "TLSv1")
    run = check(tmp_path, current(certificate=DEFAULT_CERTIFICATE), "--select", "CFG103")
    assert (run.code, lines_of(run)) == (0, [])


# -- the same class elsewhere: a message that says more than the document does ------------------


def test_cfg301_does_not_call_logging_enabled_when_enabled_is_not_a_boolean(tmp_path: Path) -> None:
    # `Enabled` "yes" is neither true nor false (CFG003 says so); "logging is enabled but
    # <Bucket> is empty" would be a guess.
    block = logging_block("").replace("<Enabled>true</Enabled>", "<Enabled>yes</Enabled>")
    run = check(tmp_path, current(logging=block), "--select", "CFG301")
    assert (run.code, lines_of(run)) == (0, [])
    assert "CFG003" in check(tmp_path, current(logging=block)).out


def test_cfg402_does_not_say_keep_a_protocol_the_origin_does_not_offer(tmp_path: Path) -> None:
    origin = (
        "<Origins><Quantity>1</Quantity><Items><Origin><Id>s3</Id>"
        "<DomainName>api.example.com</DomainName><CustomOriginConfig><HTTPPort>80</HTTPPort>"
        "<HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>https-only</OriginProtocolPolicy>"
        "<OriginSslProtocols><Quantity>1</Quantity><Items><SslProtocol>SSLv3</SslProtocol>"
        "</Items></OriginSslProtocols></CustomOriginConfig></Origin></Items></Origins>"
    )
    text = current().replace(current().splitlines()[3], "  " + origin)
    run = check(tmp_path, text, "--select", "CFG402")
    assert run.code == 1
    [line] = lines_of(run)
    assert line.endswith(
        'CFG402 [warning] origin "s3" (api.example.com) offers SSLv3 to the origin '
        "(OriginSslProtocols); remove it and offer TLSv1.2 instead (update Quantity to match) "
        "(origin-weak-tls)"
    )
    assert line.startswith("dist.xml:4:")

"""Checks that need the whole file: a certificate the file itself creates (a CloudFormation
`AWS::CertificateManager::Certificate` that `AcmCertificateArn` refers to) must cover every alias
(CFG102) and be in us-east-1 (CFG104). Built on the model directly, as a template's adapter fills
it in; the CloudFormation syntax's tests show the same through templates."""

from __future__ import annotations

import pytest

from cfguard.checks.context import Context
from cfguard.checks.issued import covers
from cfguard.core.findings import Location, Severity
from cfguard.engine import run_checks
from cfguard.model import Certificate, Distribution, IssuedCertificate, Value
from cfguard.rules.settings import Settings
from cfguard.syntaxes import get_syntax
from tests.model_builders import insecure, literal, unknown

SPELLING = get_syntax("json").spelling
ARN = Location(21, 9, "/arn")
CERT_AT = Location(60, 3, "/cert")


def distribution(
    aliases: tuple[str, ...],
    names: tuple[str, ...] | None,
    *,
    region: str | None = None,
    arn: Value[str] | None = None,
    unknown_name: bool = False,
) -> Distribution:
    base = insecure()
    issued = None
    if names is not None:
        values = tuple(literal(name, 61 + i) for i, name in enumerate(names))
        if unknown_name:
            values += (unknown("x", 70),)
        issued = IssuedCertificate("SiteCertificate", CERT_AT, values)
    certificate = Certificate(
        base.location,
        None,
        arn if arn is not None else Value.unknown(ARN, "!Ref SiteCertificate"),
        None,
        literal("sni-only", 22),
        literal("TLSv1.2_2021", 23),
        issued,
    )
    return base._replace(
        aliases=tuple(literal(alias, 30 + i) for i, alias in enumerate(aliases)),
        certificate=certificate,
        is_stack=True,
        stack_region=region,
    )


def found(dist: Distribution, rule_id: str) -> list[tuple[int, str, Severity]]:
    settings = Settings(enabled=frozenset({rule_id}))
    context = Context(settings.options, None, (), "stack.yaml", ())
    return [
        (f.location.line, f.message, f.severity)
        for f in run_checks(dist, context, settings, SPELLING)
    ]


@pytest.mark.parametrize(
    ("name", "alias", "expected"),
    [
        ("example.com", "example.com", True),
        ("Example.COM", "example.com.", True),
        ("*.example.com", "a.example.com", True),
        ("*.example.com", "example.com", False),
        ("*.example.com", "a.b.example.com", False),
        ("*.example.com", "*.example.com", True),
        ("a.example.com", "*.example.com", False),
        ("example.com", "www.example.com", False),
    ],
)
def test_a_wildcard_covers_exactly_one_label(name: str, alias: str, expected: bool) -> None:
    assert covers(name, alias) is expected


def test_an_alias_the_created_certificate_does_not_cover_is_cfg102_at_the_alias() -> None:
    dist = distribution(
        ("example.com", "www.example.com", "api.eu.example.com"),
        ("example.com", "*.example.com"),
        region="us-east-1",
    )
    assert found(dist, "CFG102") == [
        (
            32,
            "alias api.eu.example.com is not covered by certificate SiteCertificate "
            "(example.com, *.example.com), so CloudFront refuses the distribution (a wildcard "
            "covers exactly one label); add the alias to the certificate's "
            '"SubjectAlternativeNames", or remove it',
            Severity.ERROR,
        )
    ]


def test_a_certificate_name_the_file_does_not_decide_says_nothing() -> None:
    dist = distribution(("api.eu.example.com",), ("example.com",), unknown_name=True)
    assert found(dist, "CFG102") == []


def test_a_created_certificate_outside_a_pinned_us_east_1_is_a_warning() -> None:
    [(line, text, severity)] = found(distribution(("example.com",), ("example.com",)), "CFG104")
    assert line == ARN.line
    assert text.startswith(
        "certificate SiteCertificate is created by this template, so it is in the region the "
        "stack is deployed to; CloudFront only uses ACM certificates from us-east-1"
    )
    assert severity is Severity.WARNING


def test_a_template_pinned_to_us_east_1_is_fine_and_another_region_is_an_error() -> None:
    pinned = distribution(("example.com",), ("example.com",), region="us-east-1")
    assert found(pinned, "CFG104") == []
    [(_, text, severity)] = found(
        distribution(("example.com",), ("example.com",), region="eu-west-1"), "CFG104"
    )
    assert "in eu-west-1, the only region the template allows" in text
    assert severity is Severity.ERROR


def test_an_arn_built_with_the_stack_region_is_a_warning_too() -> None:
    arn = Value.unknown(ARN, "!Sub arn:${AWS::Partition}:acm:${AWS::Region}:${AWS::AccountId}:x")
    [(line, text, _)] = found(distribution(("example.com",), None, arn=arn), "CFG104")
    assert line == ARN.line
    assert text.startswith("the certificate ARN is built with ${AWS::Region}, so it is in the")
    other = Value.unknown(ARN, "!Ref CertificateArn")
    assert found(distribution(("example.com",), None, arn=other), "CFG104") == []


def test_a_document_that_is_no_stack_is_never_told_about_stacks() -> None:
    dist = distribution(("example.com",), ("example.com",))._replace(is_stack=False)
    assert found(dist, "CFG104") == []

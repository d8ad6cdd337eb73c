"""Certificates the same file creates (a CloudFormation `AWS::CertificateManager::Certificate`
that `AcmCertificateArn` refers to, or an ARN built from the stack's own region): does the
certificate cover every alias (CFG102), and will it be in us-east-1, the only region CloudFront
takes ACM certificates from (CFG104)? Only a whole template can tell."""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.checks.certificates import cname_https_mismatch as _other_coverage
from cfguard.checks.context import Context
from cfguard.checks.tls import certificate_source as _other_source
from cfguard.core.findings import Hit, Location, Severity
from cfguard.core.message import Mention, message
from cfguard.model import Distribution, IssuedCertificate, Value

#: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
ACM_REGION = "us-east-1"
_STACK_REGION = "${AWS::Region}"


def covers(name: str, alias: str) -> bool:
    """Whether a certificate name covers an alias: the same name (any case), or a wildcard
    `*.example.com` for exactly one more label (`a.example.com`, never `example.com` or
    `a.b.example.com`) (https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html)."""
    name, alias = name.lower().rstrip("."), alias.lower().rstrip(".")
    if name == alias:
        return True
    if not name.startswith("*."):
        return False
    label, _, rest = alias.partition(".")
    return bool(label) and label != "*" and rest == name[2:]


def cname_https_mismatch(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    """CFG102: a certificate the file creates must cover every alias; any other, as ever."""
    yield from issued_certificate_coverage(dist, ctx)
    yield from _other_coverage(dist, ctx)


def certificate_source(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    """CFG104: the region first (an ARN the file does not decide stops the checks that read it,
    and this one needs only where it comes from), then the certificate's source, as ever."""
    yield from issued_certificate_region(dist, ctx)
    yield from _other_source(dist, ctx)


def issued_certificate_coverage(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    cert = dist.certificate
    if cert is None or cert.issued is None:
        return
    issued = cert.issued
    names = [name.value for name in issued.names]  # an unknown name: nothing to say
    if not names:
        return
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    for alias in dist.aliases:
        if alias.is_unknown or any(covers(name, alias.value) for name in names):
            continue
        yield Hit(
            alias.location,
            message(
                f"alias {alias.value} is not covered by certificate {issued.address} "
                f"({shown}), so CloudFront refuses the distribution (a wildcard covers exactly "
                "one label); add the alias to the certificate's ",
                Mention("SubjectAlternativeNames"),
                ", or remove it",
            ),
        )


def issued_certificate_region(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    cert = dist.certificate
    if cert is not None and cert.issued is not None and cert.issued.provider is not None:
        yield from _provider_region(cert.issued, cert.acm_arn or cert.location)
        return
    if cert is None or not dist.is_stack or dist.stack_region == ACM_REGION:
        return
    arn = cert.acm_arn
    if cert.issued is not None:
        what = f"certificate {cert.issued.address} is created by this template"
        where = arn.location if arn is not None else cert.location
    elif arn is not None and arn.is_unknown and _STACK_REGION in (arn.expression or ""):
        what = f"the certificate ARN is built with {_STACK_REGION}"
        where = arn.location
    else:
        return
    if dist.stack_region is not None:  # the template fixes another region: it cannot work
        yield Hit(
            where,
            f"{what} in {dist.stack_region}, the only region the template allows; CloudFront "
            f"only uses ACM certificates from {ACM_REGION}: create the certificate in "
            f"{ACM_REGION} and pass its ARN",
        )
        return
    yield Hit(
        where,
        f"{what}, so it is in the region the stack is deployed to; CloudFront only uses ACM "
        f"certificates from {ACM_REGION}: deploy the stack in {ACM_REGION} (and say so with a "
        "Rules assertion on AWS::Region), or create the certificate in a stack there and pass "
        "its ARN",
        Severity.WARNING,
    )


def _provider_region(issued: IssuedCertificate, where: Value[str] | Location) -> Iterator[Hit]:
    """A Terraform certificate lives in the region of the provider configuration it is created
    with: an error when that region is a literal other than us-east-1; nothing to say when it
    is a variable, or when the module leaves the provider to its caller."""
    region = issued.region
    if region is None or region.is_unknown or region.value == ACM_REGION:
        return
    location = where.location if isinstance(where, Value) else where
    yield Hit(
        location,
        f"certificate {issued.address} is created with {issued.provider}, whose region is "
        f"{region.value}; CloudFront only uses ACM certificates from {ACM_REGION}: create it "
        f'with a provider configured for {ACM_REGION} (provider "aws" {{ alias = "us_east_1", '
        f'region = "{ACM_REGION}" }}, and provider = aws.us_east_1 in the certificate)',
    )

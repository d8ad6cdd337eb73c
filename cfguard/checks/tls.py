"""The viewer certificate: which TLS versions viewers may use, and how the certificate is named and
served (`ViewerCertificate`, current format only;
https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cfguard.checks.context import Context
from cfguard.core.findings import Hit, Location, Severity
from cfguard.core.fixes import Fix, unsafe_fix
from cfguard.core.message import Field, Mention, Placeholder, Setting, Stated, Text, message
from cfguard.model import Certificate, Distribution, Value
from cfguard.rules.options import viewer_tls_policies

# With the default *.cloudfront.net certificate CloudFront applies TLSv1 whatever the document says
# (API reference, ViewerCertificate.MinimumProtocolVersion); it is also CloudFront's default when a
# custom certificate names no policy.
CLOUDFRONT_DEFAULT_POLICY = "TLSv1"
# The oldest protocol each viewer security policy lets a viewer connect with ("Supported SSL/TLS
# protocols" rows of https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
# secure-connections-supported-viewer-protocols-ciphers.html). Every policy also allows each newer
# protocol, except that TLSv1.3_2025 allows TLS 1.3 alone; policies with the same oldest protocol
# differ in their cipher suites only, a newer one leaving out ciphers an older one offers.
LOWEST_PROTOCOL = {
    "SSLv3": "SSL 3.0",
    "TLSv1": "TLS 1.0",
    "TLSv1_2016": "TLS 1.0",
    "TLSv1.1_2016": "TLS 1.1",
    "TLSv1.2_2018": "TLS 1.2",
    "TLSv1.2_2019": "TLS 1.2",
    "TLSv1.2_2021": "TLS 1.2",
    "TLSv1.2_2025": "TLS 1.2",
    "TLSv1.3_2025": "TLS 1.3",
}
SINGLE_PROTOCOL = frozenset({"TLSv1.3_2025"})
# arn:<partition>:acm:<region>:<12-digit account>:certificate/<id>
# (https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html).
_ACM_ARN = re.compile(
    r"^arn:(?P<partition>aws|aws-cn|aws-us-gov):acm:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+):"
    r"\d{12}:certificate/[A-Za-z0-9-]+$"
)
ACM_REGION = "us-east-1"
IAM_CERTIFICATE_ID_MAX = 32  # API reference: ServerCertificateId, max 32 characters
_ARN_FORM = message(
    "arn:aws:acm:us-east-1:",
    Placeholder("12-digit account"),
    ":certificate/",
    Placeholder("certificate id"),
)
_CERTIFICATE, _IAM_ID = Field("ViewerCertificate"), Field("IAMCertificateId")
_ACM_NAMED, _IAM_NAMED = Mention("ACMCertificateArn"), Mention("IAMCertificateId")
_DEFAULT_NAMED = Mention("CloudFrontDefaultCertificate")


def weak_viewer_tls(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    cert = dist.certificate
    floor = ctx.options.min_viewer_tls
    if cert is None or not cert.is_custom:
        if not _names_no_certificate(cert) and _rank(CLOUDFRONT_DEFAULT_POLICY) < _rank(floor):
            yield _default_certificate_note(dist, cert, floor)
        return
    policy = cert.minimum_protocol_version
    if policy is None:
        yield Hit(
            cert.location,
            message(
                _CERTIFICATE,
                " has a custom certificate but no ",
                Field("MinimumProtocolVersion"),
                f", so CloudFront applies its default, {_policy(CLOUDFRONT_DEFAULT_POLICY)}; add ",
                Setting("MinimumProtocolVersion", floor),
            ),
        )
        return
    if policy.value not in viewer_tls_policies():
        return  # newer than cfguard's list: not judged (CFG003 reports a value the schema lacks)
    method = cert.ssl_support_method
    if policy.value == "SSLv3" and method is not None and method.value == "sni-only":
        yield Hit(
            policy.location,
            message(
                Stated("MinimumProtocolVersion", "SSLv3"),
                " with ",
                Stated("SSLSupportMethod", "sni-only"),
                f" is rejected by CloudFront (InvalidProtocolSettings); use {floor}",
            ),
            Severity.ERROR,
            _raise_floor(policy, floor),
        )
        return
    if _rank(policy.value) < _rank(floor):
        yield Hit(
            policy.location,
            message(
                Stated("MinimumProtocolVersion", policy.value),
                f" is below the floor {floor}: {_weakness(policy.value, floor)}; use {floor} or "
                "newer",
            ),
            fix=_raise_floor(policy, floor),
        )


def _raise_floor(policy: Value[str], floor: str) -> Fix:
    # Unsafe: viewers whose clients cannot negotiate the floor lose access.
    return unsafe_fix(f"raise the minimum protocol version to {floor}", policy.location, floor)


def _names_no_certificate(cert: Certificate | None) -> bool:
    """`CloudFrontDefaultCertificate` false with no ACM or IAM certificate: not the default
    certificate but no certificate at all, which CFG104 reports."""
    default = cert.cloudfront_default if cert is not None else None
    return cert is not None and not cert.is_custom and default is not None and not default.value


def _default_certificate_note(dist: Distribution, cert: Certificate | None, floor: str) -> Hit:
    """Viewers can always reach `d123.cloudfront.net` over HTTPS, whatever the behaviors say, and on
    the default certificate that HTTPS starts at TLS 1.0: worth knowing when the configured floor
    is higher, not a fault of the document (its only remedy is a custom certificate, which needs an
    alias)."""
    stated = cert.minimum_protocol_version if cert is not None else None
    where = _where(stated, cert.location if cert is not None else dist.location)
    said = (
        message("; ", Setting("MinimumProtocolVersion", stated.value), " has no effect")
        if stated is not None and stated.value != CLOUDFRONT_DEFAULT_POLICY
        else ""
    )
    # Name the floor by the protocol it raises, or by itself when only its ciphers differ.
    lowest = LOWEST_PROTOCOL[floor]
    needs = (
        f"a {lowest} floor"
        if lowest != LOWEST_PROTOCOL[CLOUDFRONT_DEFAULT_POLICY]
        else f"the floor {floor}"
    )
    return Hit(
        where,
        message(
            "the default *.cloudfront.net certificate is in use: CloudFront then accepts "
            f"{_policy(CLOUDFRONT_DEFAULT_POLICY)} from viewers whatever the document says",
            said,
            f"; {needs} needs a custom certificate (an alias, an ACM certificate from us-east-1, ",
            Stated("MinimumProtocolVersion", floor),
            ")",
        ),
        Severity.INFO,
    )


def _where(value: Value[str] | None, fallback: Location) -> Location:
    return value.location if value is not None else fallback


def _rank(policy: str) -> int:
    return viewer_tls_policies().index(policy)


def _policy(policy: str) -> str:
    """`TLSv1 (TLS 1.0)`: a policy and the oldest protocol it lets viewers use."""
    return f"{policy} ({LOWEST_PROTOCOL[policy]})"


def _weakness(policy: str, floor: str) -> str:
    """What `policy` allows that the floor does not, from the AWS table: an older protocol, or
    (same oldest protocol) cipher suites the floor leaves out."""
    ours, theirs = LOWEST_PROTOCOL[policy], LOWEST_PROTOCOL[floor]
    if ours != theirs:
        floor_allows = (
            f"allows {theirs} only" if floor in SINGLE_PROTOCOL else f"starts at {theirs}"
        )
        return f"it lets viewers connect with {ours}, the floor {floor_allows}"
    return f"both start at {ours}, but it also offers viewers cipher suites {floor} leaves out"


def certificate_source(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    cert = dist.certificate
    if cert is not None and cert.cloudfront_default is not None and _names_no_certificate(cert):
        # Not the default certificate (the document turns it off) and no other one: CloudFront
        # has nothing to serve HTTPS with and does not accept the configuration.
        yield Hit(
            cert.cloudfront_default.location,
            message(
                _DEFAULT_NAMED,
                " is false but ",
                _CERTIFICATE,
                " names no ",
                _ACM_NAMED,
                " or ",
                _IAM_NAMED,
                ", so there is no certificate CloudFront can use; name an ACM certificate from "
                "us-east-1 that covers the aliases (with ",
                Mention("SSLSupportMethod"),
                " and ",
                Mention("MinimumProtocolVersion"),
                "), or, without aliases, set ",
                _DEFAULT_NAMED,
                " to true",
            ),
        )
        return
    if cert is None or not cert.is_custom:
        return
    if cert.acm_arn is not None:
        problem = acm_arn_problem(cert.acm_arn.value)
        if problem:
            yield Hit(cert.acm_arn.location, problem)
    iam = cert.iam_certificate_id
    if iam is not None and cert.acm_arn is not None:
        yield Hit(
            iam.location,
            message(
                _CERTIFICATE,
                " names both an ",
                _ACM_NAMED,
                " and an ",
                _IAM_NAMED,
                "; a distribution uses one certificate: keep the ACM one and remove ",
                _IAM_ID,
            ),
        )
    if iam is not None and len(iam.value) > IAM_CERTIFICATE_ID_MAX:
        yield Hit(
            iam.location,
            message(
                _IAM_NAMED,
                f" is {len(iam.value)} characters; IAM server certificate IDs are at most "
                f"{IAM_CERTIFICATE_ID_MAX} (use the ID, e.g. ASCACKCEVSQ6C2EXAMPLE, not the ARN "
                "or name)",
            ),
        )
    if cert.ssl_support_method is None:
        yield Hit(
            cert.location,
            message(
                _CERTIFICATE,
                " has a custom certificate but no ",
                Field("SSLSupportMethod"),
                "; add ",
                Setting("SSLSupportMethod", "sni-only"),
            ),
        )
    default = cert.cloudfront_default
    if default is not None and default.value:
        yield Hit(
            default.location,
            message(
                Stated("CloudFrontDefaultCertificate", True),
                " contradicts the custom certificate named beside it; set it to false",
            ),
        )


def acm_arn_problem(arn: str) -> Text | None:
    """Why CloudFront cannot use `arn` as ACMCertificateArn, or None.

    Only the `aws` partition's us-east-1 works: CloudFront reads ACM certificates from us-east-1
    only (API reference, ViewerCertificate.ACMCertificateArn); `aws-us-gov` has no us-east-1; and
    CloudFront in the China Regions does not use ACM at all, it takes certificates uploaded to IAM
    (aws-samples/deploy-cloudfront-in-china-with-cdk).
    """
    match = _ACM_ARN.match(arn)
    if match is None:
        hint = (
            message("; an IAM server certificate goes in ", _IAM_ID, " as its ID")
            if ":iam::" in arn
            else ""
        )
        shown = f'"{arn}"' if arn else "empty"
        return message(
            _ACM_NAMED, f" {shown} is not an ACM certificate ARN (", _ARN_FORM, ")", hint
        )
    partition, region = match["partition"], match["region"]
    if partition == "aws-cn":
        return message(
            _ACM_NAMED,
            f" is an ACM certificate in the China Regions ({region}); CloudFront there does not "
            "use ACM: upload the certificate to IAM and name it in ",
            _IAM_ID,
        )
    if region != ACM_REGION or partition != "aws":
        return message(
            _ACM_NAMED,
            f" is in {region}; CloudFront only uses ACM certificates from {ACM_REGION} (US East, "
            "N. Virginia): request or import the certificate there and use that ARN",
        )
    return None

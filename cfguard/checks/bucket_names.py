"""The logging bucket's address and S3 general-purpose bucket naming rules: what CloudFront can
write standard logs to, and why a value cannot be that.

Bucket naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cfguard.core.findings import Severity
from cfguard.core.message import Placeholder, Text, message

LOG_BUCKET_SUFFIX = ".s3.amazonaws.com"
# The bucket's domain name in one of the forms S3 answers to: the global one (the API reference's
# example, amzn-s3-demo-bucket.s3.amazonaws.com), the regional and dual-stack ones
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html,
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html), and the China
# Regions' .amazonaws.com.cn (https://docs.amazonaws.cn/en_us/aws/latest/userguide/s3.html).
# CloudFront stores logs under the regional name (the CDK emitted it for years, aws/aws-cdk PR
# #10570), and the China Regions reject the global form (aws/aws-cdk issue #10923).
_REGION = r"(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)"
_ADDRESS = re.compile(
    r"^(?P<bucket>.+?)\.s3(?:\.(?P<dualstack>dualstack))?(?:\."
    + _REGION
    + r")?\.amazonaws\.com(?P<china>\.cn)?$"
)
# Website endpoints serve a bucket as a web site over HTTP; they are not where logs are written
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html).
_WEBSITE = re.compile(r"^(?P<bucket>.+?)\.s3-website[-.][a-z0-9-]+\.amazonaws\.com(\.cn)?$")
_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::(?P<bucket>[^/]+)")
_S3_URL = re.compile(r"^s3://(?P<bucket>[^/]+)")
_BARE = re.compile(r"^(?P<bucket>[^./:]+)$")
BUCKET_NAME = Placeholder("bucket-name")
EXPECTED = message(
    "expected ",
    BUCKET_NAME,
    f"{LOG_BUCKET_SUFFIX} or ",
    BUCKET_NAME,
    ".s3.",
    Placeholder("region"),
    f".amazonaws.com, e.g. my-cloudfront-logs{LOG_BUCKET_SUFFIX}",
)

_ALLOWED = re.compile(r"^[a-z0-9.-]+$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_RESERVED_PREFIXES = ("xn--", "sthree-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
# Reserved for AWS's documentation examples: valid in AWS's own examples (the CLI docs use it), so
# reported as a note rather than a failure; in a real configuration it cannot be your bucket.
DOC_EXAMPLE_PREFIX = "amzn-s3-demo-"


class BucketAddress(NamedTuple):
    """A logging bucket value split into the bucket name and the endpoint suffix after it."""

    bucket: str
    suffix: str  # ".s3.amazonaws.com", ".s3.eu-west-1.amazonaws.com", ...


def parse_bucket_address(value: str) -> BucketAddress | Text:
    """The bucket and endpoint `value` names, or why it is not an S3 bucket's domain name (a
    phrase that completes "logging bucket "<value>" ...")."""
    match = _ADDRESS.match(value)
    if match is not None:
        region, china = match["region"], match["china"] is not None
        if region is None and (china or match["dualstack"]):
            form = "dual-stack" if match["dualstack"] else "China"
            return message(f"is an S3 {form} endpoint without its Region: use ", _regional(match))
        if region is not None and china != region.startswith("cn-"):
            return message(f"names Region {region} with the wrong domain: use ", _regional(match))
        return BucketAddress(match["bucket"], value[len(match["bucket"]) :])
    website = _WEBSITE.match(value)
    if website is not None:
        return (
            "is an S3 website endpoint, which serves a bucket as a web site; CloudFront writes "
            f"logs to the bucket's own domain name, {website['bucket']}{LOG_BUCKET_SUFFIX}"
        )
    for pattern, what in (
        (_ARN, "an ARN"),
        (_S3_URL, "an s3:// URL"),
        (_BARE, "a bare bucket name"),
    ):
        found = pattern.match(value)
        if found is not None:
            name = found["bucket"]
            invalid = _hard_problem(name)
            if invalid is not None:  # suggesting "<name>.s3.amazonaws.com" would be wrong again
                return message(
                    f"is {what}, not the bucket's domain name, and {invalid}; ", EXPECTED
                )
            return f"is {what}, not the bucket's domain name: use {name}{LOG_BUCKET_SUFFIX}"
    return message("is not an S3 bucket's domain name; ", EXPECTED)


def suggested_address(value: str) -> str | None:
    """The domain name `value` means when it names a valid bucket another way (an ARN, an
    s3:// URL, the bare name, a website endpoint): what the message above tells the user to
    write, and what `--fix` writes."""
    for pattern in (_WEBSITE, _ARN, _S3_URL, _BARE):
        found = pattern.match(value)
        if found is not None:
            name = found["bucket"]
            return None if _hard_problem(name) is not None else f"{name}{LOG_BUCKET_SUFFIX}"
    return None


def _regional(match: re.Match[str]) -> Text:
    """The regional form of the matched address, the domain fitting the Region's partition."""
    region: str | None = match["region"]
    china = region.startswith("cn-") if region else match["china"] is not None
    dualstack = ".dualstack" if match["dualstack"] else ""
    cn = ".cn" if china else ""
    start = f"{match['bucket']}.s3{dualstack}."
    end = f".amazonaws.com{cn}"
    return f"{start}{region}{end}" if region else message(start, Placeholder("region"), end)


def bucket_name_problem(name: str) -> tuple[str, Severity] | None:
    """Why `name` is not a valid S3 bucket name, and how serious that is; None if it is valid."""
    problem = _hard_problem(name)
    if problem:
        return problem, Severity.ERROR
    if name.startswith(DOC_EXAMPLE_PREFIX):
        return (
            f"bucket names starting with '{DOC_EXAMPLE_PREFIX}' are reserved for AWS "
            "documentation examples",
            Severity.INFO,
        )
    return None


def _hard_problem(name: str) -> str | None:
    if not 3 <= len(name) <= 63:
        return f"the bucket name is {len(name)} characters long; S3 allows 3 to 63"
    bad = sorted({char for char in name if not _ALLOWED.match(char) and not char.isupper()})
    shown = (["uppercase letters"] if any(char.isupper() for char in name) else []) + [
        repr(char) for char in bad[:5]
    ]
    if shown:
        return (
            f"the bucket name contains {' and '.join(shown)}; only lowercase letters, digits, "
            "'.' and '-' are allowed"
        )
    if not (name[0].isalnum() and name[-1].isalnum()):
        return "the bucket name must begin and end with a lowercase letter or digit"
    if ".." in name:
        return "the bucket name has two adjacent periods"
    if _IPV4.match(name):
        return "the bucket name is formatted as an IP address"
    for prefix in _RESERVED_PREFIXES:
        if name.startswith(prefix):
            return f"bucket names must not start with the reserved prefix '{prefix}'"
    for suffix in _RESERVED_SUFFIXES:
        if name.endswith(suffix):
            return f"bucket names must not end with the reserved suffix '{suffix}'"
    return None

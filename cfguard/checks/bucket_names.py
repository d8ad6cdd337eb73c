"""S3 general-purpose bucket naming rules (cloudfront-notes.md §4): why a name breaks them."""

from __future__ import annotations

import re

from cfguard.findings import Severity

LOG_BUCKET_SUFFIX = ".s3.amazonaws.com"
_ALLOWED = re.compile(r"^[a-z0-9.-]+$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_RESERVED_PREFIXES = ("xn--", "sthree-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
# Reserved for AWS's documentation examples: valid in AWS's own examples (the CLI docs use it), so
# reported as a note rather than a failure; in a real configuration it cannot be your bucket.
DOC_EXAMPLE_PREFIX = "amzn-s3-demo-"


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

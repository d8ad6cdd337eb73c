"""Standard logging: where CloudFront writes access logs."""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.checks.bucket_names import (
    BUCKET_NAME,
    EXPECTED,
    LOG_BUCKET_SUFFIX,
    BucketAddress,
    bucket_name_problem,
    parse_bucket_address,
    suggested_address,
)
from cfguard.checks.context import Context
from cfguard.core.document import Dialect
from cfguard.core.findings import Hit, Severity
from cfguard.core.fixes import Fix, safe_fix
from cfguard.core.message import Field, Noun, Setting, Stated, message
from cfguard.model import Distribution, Value

LEGACY_MAX_BUCKET_LENGTH = 128  # 2010-11-01 API reference (LoggingConfig, Bucket)
_LOGGING, _BUCKET, _PREFIX = Field("Logging"), Field("Bucket"), Field("Prefix")


def logging_bucket_format(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    logging = dist.logging
    if logging is None or not logging.is_on or _unknown_state(dist):
        return  # a disabled block is CFG302's business; no block at all is CFG303's
    bucket = logging.bucket
    if bucket is None:
        yield Hit(
            logging.location,
            message("logging is enabled but ", _LOGGING, " has no ", _BUCKET, "; ", EXPECTED),
        )
        return
    if not bucket.value:
        yield Hit(
            bucket.location, message("logging is enabled but ", _BUCKET, " is empty; ", EXPECTED)
        )
        return
    value = bucket.value
    if dist.dialect is Dialect.LEGACY and len(value) > LEGACY_MAX_BUCKET_LENGTH:
        yield Hit(
            bucket.location,
            f"logging bucket is {len(value)} characters; this API allows at most "
            f"{LEGACY_MAX_BUCKET_LENGTH}",
        )
    address = parse_bucket_address(value)
    if not isinstance(address, BucketAddress):
        yield Hit(
            bucket.location, message(f'logging bucket "{value}" ', address), fix=_suffixed(bucket)
        )
        return
    found = bucket_name_problem(address.bucket)
    if found is not None:
        reason, severity = found
        yield Hit(
            bucket.location,
            message(
                f'logging bucket "{value}": {reason}; expected ',
                BUCKET_NAME,
                f"{address.suffix}, e.g. my-cloudfront-logs{address.suffix}",
            ),
            severity if severity is not Severity.ERROR else None,
        )


def _suffixed(bucket: Value[str]) -> Fix | None:
    """A valid bucket named another way (its ARN, an s3:// URL, the bare name, its website
    endpoint): its domain name, as CloudFront needs it (safe: it can only mean that bucket)."""
    address = suggested_address(bucket.value)
    if address is None:
        return None
    return safe_fix("write the bucket's domain name", bucket.location, address)


# 2010-11-01 API reference (LoggingConfig, Prefix; see docs/cloudfront.md); held for current
# documents too.
PREFIX_MAX_LENGTH = 256


def _unknown_state(dist: Distribution) -> bool:
    """A current-format `Logging` whose `Enabled` is missing or not `true`/`false` (CFG003 reports
    it): whether logging is on is unknown, so a finding that says "logging is enabled" would be a
    guess. In the legacy format, a CloudFormation template and Terraform (which have no
    `Enabled`), the element's presence is what turns logging on."""
    logging = dist.logging
    return dist.has_logging_switch and logging is not None and logging.enabled is None


def logging_prefix(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    logging = dist.logging
    if logging is None:
        return
    if not logging.is_on:
        # "If you specify false for Enabled but you specify values for Bucket and Prefix, the
        # values are automatically deleted" (API reference, LoggingConfig:
        # https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_LoggingConfig.html).
        for field, value in ((_BUCKET, logging.bucket), (_PREFIX, logging.prefix)):
            if value is not None and value.value:
                yield Hit(
                    value.location,
                    message(
                        "logging is disabled (",
                        Stated("Enabled", False),
                        ") but ",
                        field,
                        " is set; CloudFront deletes it, so leave ",
                        field,
                        " empty or turn logging on",
                    ),
                )
        return
    prefix = logging.prefix
    if prefix is None:
        return
    if prefix.value.startswith("/"):
        relative = prefix.value.lstrip("/")
        yield Hit(
            prefix.location,
            f'logging prefix "{prefix.value}" starts with "/"; use a relative prefix such as '
            f'"{relative or "cloudfront/"}"',
            fix=safe_fix("make the prefix relative", prefix.location, relative)
            if relative
            else None,
        )
    if len(prefix.value) > PREFIX_MAX_LENGTH:
        yield Hit(
            prefix.location,
            f"logging prefix is {len(prefix.value)} characters; at most {PREFIX_MAX_LENGTH} "
            "are allowed",
        )


def logging_disabled(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    logging = dist.logging
    if logging is None:
        # A template's Logging, Terraform's logging_config, has no Enabled: its presence turns
        # logging on.
        enabled = message(Setting("Enabled", True), ", ") if dist.has_logging_switch else ""
        yield Hit(
            dist.location,
            message(
                "the distribution writes no standard access logs (no ",
                _LOGGING,
                "); add a ",
                _LOGGING,
                " ",
                Noun("member"),
                " with ",
                enabled,
                "a ",
                _BUCKET,
                f" such as my-logs{LOG_BUCKET_SUFFIX} and a ",
                _PREFIX,
            ),
        )
    elif logging.enabled is not None and not logging.enabled.value:
        yield Hit(
            logging.enabled.location,
            message(
                "standard logging is turned off (",
                Stated(("Logging", "Enabled"), False),
                "); set it to true with a ",
                _BUCKET,
                f" such as my-logs{LOG_BUCKET_SUFFIX}",
            ),
        )

"""Standard logging: where CloudFront writes access logs."""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.checks.bucket_names import LOG_BUCKET_SUFFIX, bucket_name_problem
from cfguard.context import Context
from cfguard.documents import DocumentFormat
from cfguard.findings import Hit, Severity
from cfguard.model import Distribution
from cfguard.registry import check

LEGACY_MAX_BUCKET_LENGTH = 128  # 2010-11-01 API reference; notes §2
_EXPECTED = f"expected <bucket-name>{LOG_BUCKET_SUFFIX}, e.g. my-cloudfront-logs{LOG_BUCKET_SUFFIX}"


@check("CFG301")
def logging_bucket_format(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    logging = dist.logging
    if logging is None or not logging.is_on:
        return  # a disabled block is CFG302's business; no block at all is CFG303's
    bucket = logging.bucket
    if bucket is None or not bucket.value:
        where = bucket.location if bucket else logging.location
        yield Hit(where, f"logging is enabled but <Bucket> is empty; {_EXPECTED}")
        return
    value = bucket.value
    if dist.format is DocumentFormat.LEGACY and len(value) > LEGACY_MAX_BUCKET_LENGTH:
        yield Hit(
            bucket.location,
            f'logging bucket is {len(value)} characters; this API allows at most '
            f"{LEGACY_MAX_BUCKET_LENGTH}",
        )
    if not value.endswith(LOG_BUCKET_SUFFIX):
        yield Hit(bucket.location, f'logging bucket "{value}" is not an S3 bucket address; '
                                   f"{_EXPECTED}")
        return
    name = value[: -len(LOG_BUCKET_SUFFIX)]
    found = bucket_name_problem(name)
    if found is not None:
        reason, severity = found
        yield Hit(
            bucket.location,
            f'logging bucket "{value}": {reason}; {_EXPECTED}',
            severity if severity is not Severity.ERROR else None,
        )

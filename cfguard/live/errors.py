"""One line for each way a CloudFront call can fail, worded for the person who must act on it."""

from __future__ import annotations

from typing import Any

#: Error codes that say the distribution is gone (deleted after it was listed, or never there).
GONE = frozenset({"NoSuchDistribution", "NoSuchResource"})
_DENIED = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
_THROTTLED = frozenset({"Throttling", "ThrottlingException", "TooManyRequestsException"})
_CREDENTIALS = frozenset(
    {"InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException"}
)


def error_code(error: BaseException) -> str | None:
    """The API's error code of a botocore ClientError; None for any other error."""
    response: Any = getattr(error, "response", None)
    if not isinstance(response, dict):
        return None
    details = response.get("Error")
    code = details.get("Code") if isinstance(details, dict) else None
    return str(code) if code else None


def describe(error: BaseException, operation: str) -> str:
    """`operation` (`GetDistributionConfig`) failed with `error`: one line saying why."""
    code = error_code(error)
    if code is None:
        return _transport(error, operation)
    response: Any = getattr(error, "response", {})
    message = str(response.get("Error", {}).get("Message") or "").strip()
    said = f": {message}" if message else ""
    if code in _DENIED:
        return f"access denied to cloudfront:{operation}{said} ({code})"
    if code in _THROTTLED:
        attempts = response.get("ResponseMetadata", {}).get("RetryAttempts")
        tried = f" after {int(attempts) + 1} attempts" if isinstance(attempts, int) else ""
        return f"the CloudFront API kept throttling {operation}{tried}; try again later ({code})"
    if code in _CREDENTIALS:
        return f"the AWS credentials were refused{said} ({code})"
    if code in GONE:
        return f"no such distribution{said} ({code})"
    return f"{operation} failed{said} ({code})"


def _transport(error: BaseException, operation: str) -> str:
    name = type(error).__name__
    if name in {"EndpointConnectionError", "ConnectTimeoutError", "ConnectionClosedError"}:
        return f"could not reach the CloudFront API for {operation}: {error}"
    if name == "ReadTimeoutError":
        return f"the CloudFront API did not answer {operation} in time: {error}"
    if name in {"ResponseParserError", "ResponseStreamingError"}:
        return f"the CloudFront API's answer to {operation} could not be read: {error}"
    return f"{operation} failed: {error} ({name})"

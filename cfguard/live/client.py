"""The CloudFront client: boto3 imported on demand, the usual AWS settings (profile,
environment, `--endpoint-url`), botocore's standard retry mode, and a guard that lets no call
but the read-only ones leave the process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The only CloudFront operations cfguard calls; the guard refuses any other before it is sent.
READ_ONLY_OPERATIONS = frozenset({"ListDistributions", "GetDistribution", "GetDistributionConfig"})
INSTALL_HINT = "pip install 'cfguard[aws]'"
#: Fetches in flight at once: enough to hide each call's latency, few enough to stay inside
#: CloudFront's request rate (the standard retry mode backs off when it is reached anyway).
CONCURRENCY = 8


class LiveError(Exception):
    """Nothing live can be checked (no boto3, no credentials, an unknown profile): exit 2, one
    line."""


@dataclass(frozen=True, slots=True)
class AwsSettings:
    profile: str | None = None
    endpoint_url: str | None = None


def connect(settings: AwsSettings) -> Any:
    """A CloudFront client, or LiveError naming what is missing. Credentials are looked up
    now, so "no credentials" is said once, not once per distribution."""
    try:
        import boto3
        import botocore.config
        import botocore.exceptions
    except ImportError:
        raise LiveError(
            f"checking live distributions needs boto3, which is not installed: {INSTALL_HINT}"
        ) from None
    try:
        session = boto3.session.Session(profile_name=settings.profile)
    except botocore.exceptions.ProfileNotFound:
        raise LiveError(
            f"the AWS profile {settings.profile!r} is not in the AWS configuration files "
            "(given with --profile or AWS_PROFILE)"
        ) from None
    except botocore.exceptions.BotoCoreError as error:
        raise LiveError(f"the AWS configuration cannot be read: {error}") from None
    try:
        credentials = session.get_credentials()
    except botocore.exceptions.BotoCoreError as error:
        raise LiveError(f"the AWS credentials cannot be read: {error}") from None
    if credentials is None:
        raise LiveError(
            "no AWS credentials found: give --profile, set AWS_PROFILE, or set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    config = botocore.config.Config(
        retries={"mode": "standard"},
        max_pool_connections=CONCURRENCY,
        connect_timeout=10,
        read_timeout=30,
        user_agent_extra="cfguard",
    )
    try:
        client = session.client(
            "cloudfront",
            endpoint_url=settings.endpoint_url,
            config=config,
            # CloudFront is global: its API is signed for us-east-1 whatever the profile says.
            region_name=session.region_name or "us-east-1",
        )
    except (botocore.exceptions.BotoCoreError, ValueError) as error:
        raise LiveError(f"cannot set up the CloudFront client: {error}") from None
    client.meta.events.register("before-call.cloudfront", _refuse_writes)
    return client


def _refuse_writes(model: Any, **_: Any) -> None:
    """botocore's `before-call` hook: cfguard is read-only, whatever a later change asks."""
    if model.name not in READ_ONLY_OPERATIONS:
        raise RuntimeError(f"cfguard does not call CloudFront {model.name}: it is read-only")

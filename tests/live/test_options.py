"""What the live options combine with: each misuse is a usage error (exit 2) before anything is
fetched; and the client's guard refuses any call that is not a read."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfguard.live.client import AwsSettings, connect
from tests.live.conftest import Account, aws_environment, live_cfguard


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--aws", "dist.json"], "--aws checks the account's distributions, not files"),
        (["--baseline-live"], "--baseline-live compares documents with what is deployed: give"),
        (["--baseline-live", "--aws", "x.json"], "give one of them"),
        (["--save", "out", "x.json"], "--save is for --aws, --distribution-id and --baseline"),
        (["--profile", "p", "x.json"], "--profile and --endpoint-url are for --aws"),
        (["--aws", "--fix"], "--fix cannot be combined with live distributions (fix the saved"),
        (["--aws", "--diff"], "--diff cannot be combined with live distributions"),
        (["--aws", "--baseline", "old.json"], "--baseline cannot be combined with live"),
        (["--aws", "-j", "4"], "--jobs cannot be combined with live distributions"),
        (
            ["--baseline-live", "--save", "out", "x.json"],
            "--save writes what --aws fetches; with --baseline-live nothing is saved",
        ),
        (
            ["--baseline-live", "--distribution-id", "E1", "--distribution-id", "E2", "x.json"],
            "--baseline-live takes one --distribution-id",
        ),
    ],
)
def test_misuse_is_a_usage_error(arguments: list[str], message: str, account: Account) -> None:
    run = live_cfguard("check", *arguments, "--endpoint-url", account.endpoint)
    assert run.code == 2
    assert message in run.err
    assert account.proxy.requests == []


def test_no_path_and_no_live_option_is_the_usual_usage_error() -> None:
    run = live_cfguard("check")
    assert run.code == 2
    assert "Error: Missing argument 'PATH...'." in run.err


def test_one_distribution_id_names_one_document(account: Account, tmp_path: Path) -> None:
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text("{}")
    run = live_cfguard(
        "check",
        "--baseline-live",
        "--distribution-id",
        "E2QWRUHEXAMPLE",
        "--endpoint-url",
        account.endpoint,
        tmp_path / "a.json",
        tmp_path / "b.json",
    )
    assert run.code == 2
    assert run.err == (
        "cfguard: --distribution-id E2QWRUHEXAMPLE names the distribution of one document, but "
        "2 were given\n"
    )


def test_the_client_refuses_every_call_that_is_not_a_read(
    account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in aws_environment().items():
        if key.startswith("AWS_"):
            monkeypatch.setenv(key, value)
    client = connect(AwsSettings(endpoint_url=account.endpoint))
    distribution = account.distributions["clean"]
    with pytest.raises(RuntimeError, match="does not call CloudFront DeleteDistribution"):
        client.delete_distribution(Id=distribution.id, IfMatch="x")
    with pytest.raises(RuntimeError, match="does not call CloudFront CreateInvalidation"):
        client.create_invalidation(
            DistributionId=distribution.id,
            InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": "x"},
        )
    assert account.proxy.requests == []  # refused before anything was sent
    client.get_distribution_config(Id=distribution.id)
    assert account.proxy.operations == ["GetDistributionConfig"]

"""What cannot be checked is one line each, the scan goes on, and the exit status is 2: access
denied (to one distribution, or to the listing), a distribution deleted mid-scan, throttling
that outlasts the retries, no credentials, no network, no boto3; and a throttled API is waited
for, never a failed scan."""

from __future__ import annotations

import socket
import subprocess
import sys

from tests.conftest import REPO, assert_no_traceback
from tests.live.conftest import Account, aws_environment, findings, live_cfguard
from tests.live.proxy import api_error

DENIED = (
    "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: "
    "cloudfront:GetDistributionConfig"
)


def test_access_denied_to_one_distribution_leaves_the_others_checked(account: Account) -> None:
    weak = account.distributions["weak-origin"]
    account.proxy.fault(f"/distribution/{weak.id}/config", *api_error(403, "AccessDenied", DENIED))
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, "--format", "json")
    assert run.code == 2
    assert run.err == (
        f"cfguard: {weak.arn}: access denied to cloudfront:GetDistributionConfig: {DENIED} "
        "(AccessDenied)\n"
    )
    checked = {f["file"] for f in findings(run)}
    assert checked == {account.distributions[n].arn for n in ("clean", "allow-all")}
    assert account.proxy.operations.count("GetDistributionConfig") == 3  # 403 is not retried


def test_access_denied_to_the_listing_is_one_line(account: Account) -> None:
    message = "not authorized to perform: cloudfront:ListDistributions"
    account.proxy.fault(r"/distribution$", *api_error(403, "AccessDenied", message))
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint)
    assert run.code == 2
    assert run.err == (
        "cfguard: cloudfront:ListDistributions: access denied to cloudfront:ListDistributions: "
        f"{message} (AccessDenied)\n"
    )
    assert run.out == "Checked 0 distributions: no findings (1 not checked).\n"


def test_a_distribution_deleted_during_the_scan_is_a_note(account: Account) -> None:
    weak = account.distributions["weak-origin"]
    client = account.client()

    def delete_after_listing(operation: str, path: str) -> None:
        if operation == "ListDistributions":
            etag = client.get_distribution_config(Id=weak.id)["ETag"]
            client.delete_distribution(Id=weak.id, IfMatch=etag)

    account.proxy.after = delete_after_listing
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, "--format", "json")
    assert run.err == (
        f"cfguard: {weak.arn}: note: deleted during the scan (no such distribution: The "
        "specified distribution does not exist. (NoSuchDistribution))\n"
    )
    # Nothing is left unchecked: the status is the findings' (CFG101 in allow-all).
    assert run.code == 1
    assert {f["file"] for f in findings(run)} == {
        account.distributions[n].arn for n in ("clean", "allow-all")
    }


def test_a_named_distribution_that_does_not_exist_is_an_error(account: Account) -> None:
    run = live_cfguard(
        "check", "--distribution-id", "E0000000GHOST", "--endpoint-url", account.endpoint
    )
    assert run.code == 2
    assert run.err == (
        "cfguard: cloudfront:E0000000GHOST: no such distribution: The specified distribution "
        "does not exist. (NoSuchDistribution)\n"
    )


def test_throttling_is_waited_for_and_the_scan_completes(account: Account) -> None:
    throttled = api_error(400, "Throttling", "Rate exceeded")
    for live in account.distributions.values():
        account.proxy.fault(f"/distribution/{live.id}/config", *throttled, times=2)
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, "--format", "json")
    assert run.err == ""
    assert run.code == 1
    assert len({f["file"] for f in findings(run)}) == 3
    # Each fetch was tried three times: twice throttled, then answered.
    assert account.proxy.operations.count("GetDistributionConfig") == 9


def test_throttling_that_outlasts_the_retries_is_one_line(account: Account) -> None:
    clean = account.distributions["clean"]
    account.proxy.fault(
        f"/distribution/{clean.id}/config", *api_error(400, "Throttling", "Rate exceeded")
    )
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint)
    assert run.code == 2
    assert run.err == (
        f"cfguard: {clean.arn}: the CloudFront API kept throttling GetDistributionConfig after 3 "
        "attempts; try again later (Throttling)\n"
    )
    assert "CFG101" in run.out  # the others are still reported


def test_a_malformed_answer_is_one_line(account: Account) -> None:
    clean = account.distributions["clean"]
    account.proxy.fault(f"/distribution/{clean.id}/config", 200, b"<not xml")
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint)
    assert run.code == 2
    (line,) = run.err.splitlines()
    assert line.startswith(
        f"cfguard: {clean.arn}: the CloudFront API's answer to GetDistributionConfig could not "
        "be read: "
    )
    assert_no_traceback(run.err)


def test_a_listing_that_never_ends_stops(account: Account) -> None:
    page = (
        b'<?xml version="1.0"?><DistributionList xmlns="http://cloudfront.amazonaws.com/doc/'
        b'2020-05-31/"><Marker>again</Marker><NextMarker>again</NextMarker><MaxItems>100'
        b"</MaxItems><IsTruncated>true</IsTruncated><Quantity>0</Quantity></DistributionList>"
    )
    account.proxy.fault(r"/distribution$", 200, page)
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, timeout=60)
    assert run.code == 2
    assert run.err == (
        "cfguard: cloudfront:ListDistributions: ListDistributions returned the same page "
        "twice; stopped\n"
    )
    assert account.proxy.operations == ["ListDistributions", "ListDistributions"]


def test_no_credentials_is_one_line_and_sends_nothing(account: Account) -> None:
    environment = aws_environment()
    del environment["AWS_ACCESS_KEY_ID"], environment["AWS_SECRET_ACCESS_KEY"]
    run = live_cfguard(
        "check", "--aws", "--endpoint-url", account.endpoint, environment=environment
    )
    assert run.code == 2
    assert run.err == (
        "cfguard: no AWS credentials found: give --profile, set AWS_PROFILE, or set "
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n"
    )
    assert run.out == ""
    assert account.proxy.requests == []


def test_an_unknown_profile_is_one_line() -> None:
    run = live_cfguard("check", "--aws", "--profile", "auditor")
    assert run.code == 2
    assert run.err == (
        "cfguard: the AWS profile 'auditor' is not in the AWS configuration files (given with "
        "--profile or AWS_PROFILE)\n"
    )


def test_a_network_failure_is_one_line() -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    run = live_cfguard(
        "check",
        "--aws",
        "--endpoint-url",
        f"http://127.0.0.1:{port}",
        environment=aws_environment(AWS_MAX_ATTEMPTS="1"),
    )
    assert run.code == 2
    assert run.err == (
        "cfguard: cloudfront:ListDistributions: could not reach the CloudFront API for "
        f'ListDistributions: Could not connect to the endpoint URL: "http://127.0.0.1:{port}/'
        '2020-05-31/distribution"\n'
    )


def test_without_boto3_the_error_names_the_install_command() -> None:
    program = (
        "import sys; sys.modules['boto3'] = None; sys.argv = ['cfguard', 'check', '--aws']; "
        "from cfguard.cli import main; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", program],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=aws_environment(),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "cfguard: checking live distributions needs boto3, which is not installed: "
        "pip install 'cfguard[aws]'\n"
    )

"""`cfguard check --aws` against a CloudFront API on the loopback interface: exactly the
expected rules for each distribution, under its ARN, read-only, in every output format."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from tests.conftest import assert_no_traceback
from tests.live.conftest import EXPECTED_RULES, Account, findings, live_cfguard
from tests.test_sarif_schema import schema_errors

READ_ONLY = {"ListDistributions", "GetDistributionConfig", "GetDistribution"}


def test_the_scan_finds_exactly_the_expected_rules_under_each_arn(account: Account) -> None:
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, "--format", "json")
    assert run.code == 1, run.err  # CFG101 is an error
    assert run.err == ""
    found: dict[str, set[str]] = {}
    for finding in findings(run):
        found.setdefault(finding["file"], set()).add(finding["rule"])
    assert found == {
        account.distributions[name].arn: rules for name, rules in EXPECTED_RULES.items()
    }
    assert sorted(account.proxy.operations) == [
        "GetDistributionConfig",
        "GetDistributionConfig",
        "GetDistributionConfig",
        "ListDistributions",
    ]


def test_every_call_is_a_read(account: Account) -> None:
    live_cfguard("check", "--aws", "--endpoint-url", account.endpoint)
    ids = [live.id for live in account.distributions.values()]
    live_cfguard("check", "--distribution-id", ids[0], "--endpoint-url", account.endpoint)
    assert account.proxy.requests
    assert all(method == "GET" for method, _ in account.proxy.requests)
    assert set(account.proxy.operations) <= READ_ONLY, account.proxy.operations


def test_text_names_each_distribution_and_the_member_at_fault(account: Account) -> None:
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, "--select", "CFG1")
    allow_all = account.distributions["allow-all"].id
    assert (
        f"cloudfront:{allow_all}:DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy: "
        'CFG101 [error] the default cache behavior accepts plain HTTP ("ViewerProtocolPolicy": '
        '"allow-all"); use redirect-to-https or https-only (http-allowed)'
    ) in run.out.splitlines()
    # No file to edit: nothing is offered to --fix.
    assert "[*]" not in run.out
    assert run.out.splitlines()[-1] == "Checked 3 distributions: 1 error, 0 warnings, 3 info."


def test_distribution_ids_check_those_only(account: Account) -> None:
    weak = account.distributions["weak-origin"]
    run = live_cfguard(
        "check",
        "--distribution-id",
        weak.id,
        "--endpoint-url",
        account.endpoint,
        "--format",
        "json",
    )
    assert run.code == 1, run.err
    assert {(f["file"], f["rule"]) for f in findings(run)} == {
        (weak.arn, rule) for rule in EXPECTED_RULES["weak-origin"]
    }
    assert account.proxy.operations == ["GetDistribution"]  # no listing: ListDistributions
    # may be denied to a user allowed to read the one distribution


def test_fail_on_and_configuration_apply(account: Account, tmp_path: Path) -> None:
    (tmp_path / ".cfguard.toml").write_text('ignore = ["CFG101"]\nfail-on = "warning"\n')
    clean = account.distributions["clean"].id
    run = live_cfguard(
        "check", "--distribution-id", clean, "--endpoint-url", account.endpoint, cwd=tmp_path
    )
    assert run.code == 0, run.out + run.err  # info only
    run = live_cfguard(
        "check", "--aws", "--endpoint-url", account.endpoint, "--fail-on", "info", cwd=tmp_path
    )
    assert run.code == 1
    assert "CFG101" not in run.out  # the configuration's ignore
    assert "CFG402" in run.out


def test_sarif_of_a_scan_is_valid_and_names_the_arn(account: Account) -> None:
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, "--format", "sarif")
    log = json.loads(run.out)
    assert schema_errors(log) == []
    results = log["runs"][0]["results"]
    allow_all = account.distributions["allow-all"].arn
    (cfg101,) = [r for r in results if r["ruleId"] == "CFG101"]
    location = cfg101["locations"][0]
    assert location["physicalLocation"] == {"artifactLocation": {"uri": allow_all}}
    assert location["logicalLocations"] == [
        {
            "fullyQualifiedName": "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy",
            "kind": "property",
        }
    ]


def test_github_annotations_of_a_scan_name_no_file(account: Account) -> None:
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, "--format", "github")
    annotations = [line for line in run.out.splitlines() if line.startswith("::")]
    assert len(annotations) == sum(map(len, EXPECTED_RULES.values()))
    assert not any("file=" in line or "line=" in line for line in annotations)
    allow_all = account.distributions["allow-all"].id
    assert (
        f"::error title=CFG101 http-allowed::cloudfront:{allow_all}:DistributionConfig."
        "DefaultCacheBehavior.ViewerProtocolPolicy: the default cache behavior accepts plain HTTP"
    ) in "\n".join(annotations)


def test_a_listing_of_many_pages_is_followed_to_the_end(account: Account) -> None:
    def one_per_page(path: str, query: str) -> str:
        if path.endswith("/distribution"):
            return urlencode([*parse_qsl(query), ("MaxItems", "1")])
        return query

    account.proxy.query = one_per_page
    run = live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, "--format", "json")
    assert account.proxy.operations.count("ListDistributions") == 3
    assert len({f["file"] for f in findings(run)}) == 3
    assert_no_traceback(run.err)

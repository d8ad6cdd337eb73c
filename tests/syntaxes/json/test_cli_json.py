"""The AWS CLI's JSON through the real `cfguard` command, as a user meets it: findings at the JSON
line and column of the value, CFG201 against an XML baseline and cleared by a JSON batch beside
the document, unrelated JSON skipped without a word, list summaries that say nothing of what
they do not hold, and default-certificate output that is not taken for a custom certificate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, assert_no_traceback, run_cfguard
from tests.git_repos import commit, new_repo

ETAG = "E2QWRUHEXAMPLE"
CURRENT = "http://cloudfront.amazonaws.com/doc/2020-05-31/"


def config(policy: str = "redirect-to-https", **extra: Any) -> dict[str, Any]:
    """A DistributionConfig as `aws cloudfront get-distribution-config` prints it."""
    return {
        "CallerReference": "cli-example-1",
        "Aliases": {"Quantity": 0},
        "DefaultRootObject": "index.html",
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "web",
                    "DomainName": "origin.example.com",
                    "OriginPath": "",
                    "CustomHeaders": {"Quantity": 0},
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                        "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
                        "OriginReadTimeout": 30,
                        "OriginKeepaliveTimeout": 5,
                    },
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "web",
            "ViewerProtocolPolicy": policy,
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
        "Comment": "",
        "Logging": {
            "Enabled": True,
            "IncludeCookies": False,
            "Bucket": "my-logs.s3.amazonaws.com",
            "Prefix": "cdn/",
        },
        "Enabled": True,
        **extra,
    }


def written(path: Path, document: dict[str, Any]) -> str:
    text = json.dumps(document, indent=4)
    path.write_text(text + "\n", encoding="utf-8")
    return text


def position(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_allow_all_is_cfg101_at_the_json_line_of_the_value(tmp_path: Path) -> None:
    text = written(
        tmp_path / "dist.json", {"ETag": ETAG, "DistributionConfig": config("allow-all")}
    )
    result = run_cfguard("check", "--select", "CFG101", "dist.json", cwd=tmp_path)
    line, column = position(text, '"allow-all"')
    assert result.out.splitlines() == [
        f"dist.json:{line}:{column}: CFG101 [error] [*] the default cache behavior accepts plain "
        'HTTP ("ViewerProtocolPolicy": "allow-all"); use redirect-to-https or https-only '
        "(http-allowed)",
        "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix).",
    ]
    assert result.code == 1
    report = json.loads(
        run_cfguard(
            "check", "--select", "CFG101", "--format", "json", "dist.json", cwd=tmp_path
        ).out
    )
    [finding] = report["files"][0]["findings"]
    assert finding["path"] == "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy"
    assert (finding["line"], finding["column"]) == (line, column)
    assert (finding["end_line"], finding["end_column"]) == (line, column + len('"allow-all"'))
    assert finding["xpath"] is None


def test_standard_input_that_starts_like_json_is_read_as_json(tmp_path: Path) -> None:
    text = json.dumps({"ETag": ETAG, "DistributionConfig": config("allow-all")}, indent=2)
    result = run_cfguard("check", "--select", "CFG101", "-", stdin=text.encode())
    line, column = position(text, '"allow-all"')
    assert result.out.splitlines()[0].startswith(f"-:{line}:{column}: CFG101 [error]")
    assert result.code == 1


def test_an_https_switch_against_an_xml_baseline_needs_a_json_batch(tmp_path: Path) -> None:
    baseline = (FIXTURES / "CFG201" / "fail_current.baseline.xml").read_text()
    (tmp_path / "before.xml").write_text(baseline)
    before = run_cfguard("check", "--select", "CFG101", "before.xml", cwd=tmp_path)
    assert "CFG101" in before.out  # the baseline accepted HTTP
    written(tmp_path / "after.json", {"ETag": ETAG, "DistributionConfig": config()})
    result = run_cfguard(
        "check", "after.json", "--baseline", "before.xml", "--select", "CFG201", cwd=tmp_path
    )
    text = (tmp_path / "after.json").read_text()
    at = ":".join(map(str, position(text, '"redirect-to-https"')))
    switched = f"after.json:{at}: CFG201 [warning] the default cache behavior switched from"
    [line] = [line for line in result.out.splitlines() if line.startswith(switched)]
    assert " allow-all (baseline) to redirect-to-https; " in line
    assert (
        'save {"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": '
        '"cfguard-https-switch-' in line
    )
    assert "beside this file as after.invalidation.json" in line
    assert result.code == 1
    batch = {"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": "switch-1"}
    written(tmp_path / "after.invalidation.json", batch)
    cleared = run_cfguard(
        "check", "after.json", "--baseline", "before.xml", "--select", "CFG201", cwd=tmp_path
    )
    assert cleared.out.splitlines() == ["Checked 2 files: no findings."]
    assert cleared.code == 0


def test_cfg201_names_the_command_when_the_document_names_its_distribution(
    tmp_path: Path,
) -> None:
    (tmp_path / "before.json").write_text(
        json.dumps({"ETag": ETAG, "DistributionConfig": config("allow-all")})
    )
    response = {
        "ETag": ETAG,
        "Distribution": {"Id": "E1EXAMPLE", "DistributionConfig": config()},
    }
    written(tmp_path / "after.json", response)
    result = run_cfguard(
        "check", "after.json", "--baseline", "before.json", "--select", "CFG201", cwd=tmp_path
    )
    assert (
        "and send it with aws cloudfront create-invalidation --distribution-id E1EXAMPLE "
        "--invalidation-batch file://after.invalidation.json" in result.out
    )


def test_unrelated_json_is_skipped_without_a_word(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "site", "version": "1.0.0"}\n')
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {"strict": true}}\n')
    (tmp_path / "broken.json").write_text('{"name": ')  # not ours, so not a CFG001 either
    (tmp_path / "empty.json").write_text("")
    result = run_cfguard("check", ".", cwd=tmp_path)
    assert result.out.splitlines() == [
        "Checked 0 files (4 skipped: not CloudFront documents): no findings."
    ]
    assert result.code == 0
    assert_no_traceback(result.err)


def test_a_list_of_distributions_names_each_and_says_nothing_of_logging(tmp_path: Path) -> None:
    def summary(distribution_id: str, policy: str) -> dict[str, Any]:
        entry = config(policy, Id=distribution_id, Status="Deployed")
        for absent in ("CallerReference", "Logging", "DefaultRootObject"):
            del entry[absent]
        return entry

    listing = {
        "DistributionList": {
            "Items": [summary("E1ONE", "redirect-to-https"), summary("E2TWO", "allow-all")]
        }
    }
    written(tmp_path / "list.json", listing)
    result = run_cfguard("check", "--select", "CFG101,CFG303", "list.json", cwd=tmp_path)
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert (
        "CFG101 [error] [*] distribution E2TWO: the default cache behavior accepts plain HTTP"
        in (lines[0])
    )
    assert "CFG303" not in result.out  # a summary holds no Logging: not "logging disabled"
    assert lines[1] == "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix)."


def test_default_certificate_output_is_not_a_custom_certificate(tmp_path: Path) -> None:
    certificate = {
        "CloudFrontDefaultCertificate": True,
        "IAMCertificateId": "",
        "Certificate": "",
        "SSLSupportMethod": "vip",
        "MinimumProtocolVersion": "TLSv1",
        "CertificateSource": "cloudfront",
    }
    written(
        tmp_path / "dist.json",
        {"ETag": ETAG, "DistributionConfig": config(ViewerCertificate=certificate)},
    )
    result = run_cfguard("check", "dist.json", "--format", "json", cwd=tmp_path)
    findings = json.loads(result.out)["files"][0]["findings"]
    assert {(f["rule"], f["severity"]) for f in findings} <= {("CFG103", "info")}
    assert result.code == 0


def test_a_repeated_key_is_cfg003_at_the_one_the_cli_drops(tmp_path: Path) -> None:
    text = (
        '{"ETag": "E2QWRUHEXAMPLE", "DistributionConfig": '
        + json.dumps(config())[:-1]
        + ', "Enabled": false}}\n'
    )
    (tmp_path / "dist.json").write_text(text)
    result = run_cfguard("check", "--select", "CFG003", "dist.json", cwd=tmp_path)
    line, column = position(text, '"Enabled": true, "Enabled": false')
    [finding, _summary] = result.out.splitlines()
    assert finding == (
        f'dist.json:{line}:{column}: CFG003 [error] "Enabled" is given again at line 1 of this '
        "object; the AWS CLI sends only the last one, so this value is ignored: remove one of "
        "them (schema-violation)"
    )


def test_broken_json_is_cfg001_at_its_line_and_nothing_is_changed(tmp_path: Path) -> None:
    text = '{\n  "DistributionConfig": {\n    "CallerReference": "x",\n  }\n}\n'
    path = tmp_path / "dist.json"
    path.write_text(text)
    result = run_cfguard("check", "dist.json", cwd=tmp_path)
    [finding, _summary] = result.out.splitlines()
    assert finding.startswith("dist.json:3:27: CFG001 [error] ")
    assert "trailing comma" in finding
    assert result.code == 1
    assert path.read_text() == text


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_baseline_ref_compares_a_json_document_with_its_committed_version(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path / "repo")
    written(repo / "dist.json", {"ETag": ETAG, "DistributionConfig": config("allow-all")})
    commit(repo, "http")
    text = written(repo / "dist.json", {"ETag": ETAG, "DistributionConfig": config("https-only")})
    result = run_cfguard(
        "check", "--baseline-ref", "HEAD", "--select", "CFG201", "dist.json", cwd=repo
    )
    line, column = position(text, '"ViewerProtocolPolicy": "https-only"')
    column += len('"ViewerProtocolPolicy": ')
    [finding, _summary] = result.out.splitlines()
    assert finding.startswith(
        f"dist.json:{line}:{column}: CFG201 [warning] the default cache behavior switched from "
        "allow-all (baseline) to https-only"
    )
    assert result.code == 1

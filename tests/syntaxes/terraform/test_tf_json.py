"""Terraform's JSON syntax (`*.tf.json`, CDKTF output) through the real command: the same
resources and rules as `.tf`, located at the JSON's lines; a template with `${...}` is unknown,
a `dynamic` block too; terraformer's quoted booleans are their values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import assert_no_traceback, run_cfguard

HERE = Path(__file__).resolve().parent
CDKTF = HERE / "data" / "regula-cdktf-frontend-dev" / "regula-cdktf-frontend-dev.tf.json"


def distribution(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "enabled": True,
        "aliases": ["www.example.com"],
        "origin": [
            {
                "origin_id": "web",
                "domain_name": "origin.example.com",
                "custom_origin_config": {
                    "http_port": 80,
                    "https_port": 443,
                    "origin_protocol_policy": "https-only",
                    "origin_ssl_protocols": ["TLSv1.2"],
                },
            }
        ],
        "default_cache_behavior": {
            "target_origin_id": "web",
            "viewer_protocol_policy": "redirect-to-https",
            "allowed_methods": ["GET", "HEAD"],
            "cached_methods": ["GET", "HEAD"],
        },
        "viewer_certificate": {
            "acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            "ssl_support_method": "sni-only",
            "minimum_protocol_version": "TLSv1.2_2021",
        },
        "logging_config": {"bucket": "logs.s3.amazonaws.com", "prefix": "cdn/"},
        "restrictions": {"geo_restriction": {"restriction_type": "none"}},
    }
    body.update(overrides)
    return {"resource": {"aws_cloudfront_distribution": {"site": body}}}


def check(tmp_path: Path, document: dict[str, Any], *args: str) -> tuple[int, list[str]]:
    (tmp_path / "cdn.tf.json").write_text(json.dumps(document, indent=2))
    run = run_cfguard("check", *args, "cdn.tf.json", cwd=tmp_path)
    assert_no_traceback(run.err)
    return run.code, run.out.splitlines()


def test_a_well_configured_distribution_has_no_finding(tmp_path: Path) -> None:
    assert check(tmp_path, distribution()) == (0, ["Checked 1 file: no findings."])


def test_every_finding_is_at_the_value_in_terraform_spelling(tmp_path: Path) -> None:
    document = distribution()
    body = document["resource"]["aws_cloudfront_distribution"]["site"]
    body["default_cache_behavior"]["viewer_protocol_policy"] = "allow-all"
    body["viewer_certificate"]["minimum_protocol_version"] = "TLSv1"
    body["origin"][0]["custom_origin_config"]["origin_ssl_protocols"] = ["SSLv3", "TLSv1.2"]
    code, out = check(tmp_path, document, "--select", "CFG101,CFG103,CFG402")
    assert code == 1
    text = (tmp_path / "cdn.tf.json").read_text().splitlines()

    def at(needle: str) -> str:
        number = next(i for i, line in enumerate(text) if needle in line)
        return f"cdn.tf.json:{number + 1}:{text[number].index(needle) + 1}"

    assert [line.split(" [")[0] for line in out[:-1]] == [
        at('"SSLv3"') + ": CFG402",
        at('"allow-all"') + ": CFG101",
        at('"TLSv1"') + ": CFG103",
    ]
    assert 'viewer_protocol_policy = "allow-all"' in out[1]


def test_interpolation_and_dynamic_blocks_are_unknown(tmp_path: Path) -> None:
    document = distribution(
        default_cache_behavior={
            "target_origin_id": "web",
            "viewer_protocol_policy": "${var.viewer_protocol_policy}",
        },
        viewer_certificate={
            "acm_certificate_arn": "${aws_acm_certificate.site.arn}",
            "ssl_support_method": "sni-only",
            "minimum_protocol_version": "${local.tls}",
        },
        dynamic={"ordered_cache_behavior": {"for_each": "${var.behaviors}", "content": {}}},
    )
    assert check(tmp_path, document) == (0, ["Checked 1 file: no findings."])


def test_quoted_booleans_are_their_values(tmp_path: Path) -> None:
    document = distribution(
        aliases=[],
        viewer_certificate={"cloudfront_default_certificate": "true"},
    )
    code, out = check(tmp_path, document, "--select", "CFG103")
    assert code == 0
    assert "the default *.cloudfront.net certificate is in use" in out[0]


def test_the_cdktf_sample_is_read() -> None:
    run = run_cfguard("check", "--select", "ALL", "--format", "json", str(CDKTF))
    assert_no_traceback(run.err)
    [entry] = json.loads(run.out)["files"]
    rules = sorted({finding["rule"] for finding in entry["findings"]})
    assert "CFG001" not in rules
    assert all(f["resource"].startswith("aws_cloudfront_distribution.") for f in entry["findings"])

"""What an adversarial review of the Terraform support found, each pinned: an unknown value in
one list entry hides nothing of the others; a state's empty strings are values left out; an
override file's resources are the plan's to judge; `count = 0` creates nothing; a UTF-16 `.tf`
is CFG001, not skipped."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cfguard
from tests.syntaxes.terraform.test_tf import DISTRIBUTION


def check(directory: Path, name: str, text: str | bytes, *args: str) -> tuple[int, list[str]]:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    run = run_cfguard("check", *args, name, cwd=directory)
    assert_no_traceback(run.err)
    return run.code, run.out.splitlines()


def rules(out: list[str]) -> list[str]:
    return [line.split(" ")[0] + " " + line.split(" ")[1] for line in out[:-1]]


def test_a_variable_in_the_default_behavior_hides_no_ordered_behavior(tmp_path: Path) -> None:
    text = DISTRIBUTION.replace('"redirect-to-https"', "var.policy")
    _, out = check(tmp_path, "main.tf", text, "--select", "CFG101")
    assert rules(out) == ["main.tf:27:30: CFG101"]


def test_a_variable_in_a_list_hides_none_of_its_literals(tmp_path: Path) -> None:
    text = DISTRIBUTION.replace('["SSLv3", "TLSv1.2"]', '[var.extra, "SSLv3"]').replace(
        'aliases = ["www.example.com"]', 'aliases = [var.alias, "WWW.example.com"]'
    )
    _, out = check(tmp_path, "main.tf", text, "--select", "CFG106,CFG402")
    assert rules(out) == ["main.tf:3:25: CFG106", "main.tf:13:44: CFG402"]


def test_a_states_empty_strings_are_values_left_out(tmp_path: Path) -> None:
    certificate = {
        "acm_certificate_arn": "",
        "cloudfront_default_certificate": True,
        "iam_certificate_id": "",
        "minimum_protocol_version": "TLSv1",
        "ssl_support_method": "",
    }
    resource = {
        "address": "aws_cloudfront_distribution.d",
        "mode": "managed",
        "type": "aws_cloudfront_distribution",
        "name": "d",
        "values": {
            "aliases": [],
            "default_cache_behavior": [
                {"target_origin_id": "s3", "viewer_protocol_policy": "redirect-to-https"}
            ],
            "logging_config": [{"bucket": "logs.s3.amazonaws.com", "prefix": ""}],
            "viewer_certificate": [certificate],
        },
    }
    state = {"format_version": "1.0", "values": {"root_module": {"resources": [resource]}}}
    code, out = check(tmp_path, "state.json", json.dumps(state, indent=2))
    assert [line.split(" ")[1:3] for line in out[:-1]] == [["CFG103", "[info]"]]
    assert code == 0


def test_an_override_file_leaves_its_resources_to_the_plan(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(DISTRIBUTION)
    (tmp_path / "main_override.tf").write_text(
        'resource "aws_cloudfront_distribution" "site" {\n'
        "  ordered_cache_behavior {\n"
        '    path_pattern           = "/api/*"\n'
        '    viewer_protocol_policy = "https-only"\n'
        "  }\n}\n"
    )
    run = run_cfguard("check", "--format", "json", ".", cwd=tmp_path)
    report = json.loads(run.out)
    assert report["files"] == []
    assert {entry["path"].removeprefix("./") for entry in report["skipped"]} == {
        "main.tf",
        "main_override.tf",
    }


def test_count_zero_creates_nothing(tmp_path: Path) -> None:
    text = DISTRIBUTION.replace("  enabled = true\n", "  count   = 0\n  enabled = true\n")
    code, out = check(tmp_path, "main.tf", text)
    assert (code, out[-1]) == (
        0,
        "Checked 0 files (1 skipped: not CloudFront documents): no findings.",
    )


def test_a_utf16_tf_file_is_cfg001(tmp_path: Path) -> None:
    code, out = check(tmp_path, "main.tf", DISTRIBUTION.encode("utf-16"))
    assert code == 1
    assert out[0].startswith("main.tf:1:1: CFG001 [error] the file is UTF-16")

"""`.tf` files through the real command, as a new user meets them: each rule at the attribute
in Terraform's spelling; the module-wide certificate checks (CFG102, CFG104) across the files of
a directory; silence on what Terraform decides at plan time; HCL comments as suppressions;
`--baseline` matched by address; broken HCL as CFG001 at its line."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cfguard

DISTRIBUTION = """\
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com"]

  origin {
    origin_id   = "web"
    domain_name = "origin.example.com"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["SSLv3", "TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "web"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "web"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  logging_config {
    bucket = "logs.s3.amazonaws.com"
    prefix = "cdn/"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = "ARN"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1"
  }
}
""".replace(
    "ARN", "arn:aws:acm:us-east-1:123456789012:certificate/0f3e1c2a-1b2c-4d5e-8f90-123456789abc"
)


def check(directory: Path, name: str, text: str, *args: str) -> tuple[int, list[str]]:
    (directory / name).write_text(text)
    run = run_cfguard("check", *args, name, cwd=directory)
    assert_no_traceback(run.err)
    return run.code, run.out.splitlines()


def test_each_rule_at_the_attribute_in_terraform_spelling(tmp_path: Path) -> None:
    code, out = check(tmp_path, "main.tf", DISTRIBUTION)
    assert code == 1
    assert out == [
        'main.tf:13:33: CFG402 [warning] origin "web" (origin.example.com) offers SSLv3 to the '
        "origin (origin_ssl_protocols); remove it and keep TLSv1.2 (origin-weak-tls)",
        'main.tf:27:30: CFG101 [error] [*] cache behavior "/api/*" accepts plain HTTP '
        '(viewer_protocol_policy = "allow-all"); use redirect-to-https or https-only '
        "(http-allowed)",
        'main.tf:46:32: CFG103 [warning] minimum_protocol_version = "TLSv1" is below the floor '
        "TLSv1.2_2021: it lets viewers connect with TLS 1.0, the floor starts at TLS 1.2; use "
        "TLSv1.2_2021 or newer (weak-viewer-tls)",
        "Checked 1 file: 1 error, 2 warnings, 0 info (1 fixable with --fix, 2 more with "
        "--unsafe-fixes).",
    ]


def test_the_json_report_names_the_resource_and_the_path(tmp_path: Path) -> None:
    _, out = check(tmp_path, "main.tf", DISTRIBUTION, "--select", "CFG101", "--format", "json")
    [finding] = json.loads("\n".join(out))["files"][0]["findings"]
    assert finding["resource"] == "aws_cloudfront_distribution.site"
    assert finding["path"] == (
        "aws_cloudfront_distribution.site.ordered_cache_behavior[0].viewer_protocol_policy"
    )


def test_what_terraform_decides_at_plan_time_says_nothing(tmp_path: Path) -> None:
    text = (
        DISTRIBUTION.replace('"allow-all"', "var.api_policy")
        .replace('["SSLv3", "TLSv1.2"]', "local.origin_protocols")
        .replace('"TLSv1"', 'var.legacy ? "TLSv1" : "TLSv1.2_2021"')
    )
    code, out = check(tmp_path, "main.tf", text)
    assert (code, out) == (0, ["Checked 1 file: no findings."])


def test_a_dynamic_block_says_nothing(tmp_path: Path) -> None:
    start = DISTRIBUTION.index("  ordered_cache_behavior {")
    end = DISTRIBUTION.index("  logging_config {")
    dynamic = (
        '  dynamic "ordered_cache_behavior" {\n'
        "    for_each = var.behaviors\n"
        "    content {\n"
        "      path_pattern           = ordered_cache_behavior.value.path\n"
        '      target_origin_id       = "web"\n'
        '      viewer_protocol_policy = "allow-all"\n'
        "    }\n"
        "  }\n\n"
    )
    text = DISTRIBUTION[:start] + dynamic + DISTRIBUTION[end:]
    _, out = check(tmp_path, "main.tf", text, "--select", "CFG101")
    assert out == ["Checked 1 file: no findings."]


def test_a_file_without_a_distribution_is_skipped(tmp_path: Path) -> None:
    vpc = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    code, out = check(tmp_path, "vpc.tf", vpc)
    assert code == 0
    assert out[-1].startswith("Checked 0 files")


def test_a_directory_scan_finds_tf_and_skips_dot_terraform(tmp_path: Path) -> None:
    (tmp_path / "cdn").mkdir()
    (tmp_path / "cdn" / "main.tf").write_text(DISTRIBUTION)
    cached = tmp_path / ".terraform" / "modules" / "cdn"
    cached.mkdir(parents=True)
    (cached / "main.tf").write_text(DISTRIBUTION)
    run = run_cfguard("check", "--select", "CFG101", ".", cwd=tmp_path)
    assert run.code == 1
    reported = [os.path.normpath(line.split(":")[0]) for line in run.out.splitlines()[:-1]]
    assert reported == ["cdn/main.tf"]


def test_broken_hcl_is_cfg001_at_its_line(tmp_path: Path) -> None:
    text = DISTRIBUTION.replace('path_pattern           = "/api/*"', 'path_pattern = = "/api/*"')
    code, out = check(tmp_path, "main.tf", text)
    assert code == 1
    assert out == [
        "main.tf:25:20: CFG001 [error] unexpected '=' (syntax-error)",
        "Checked 1 file: 1 error, 0 warnings, 0 info.",
    ]


def test_an_own_line_comment_covers_the_next_block_and_an_end_of_line_one_its_attribute(
    tmp_path: Path,
) -> None:
    text = DISTRIBUTION.replace(
        "  ordered_cache_behavior {\n",
        "  # cfguard: ignore[CFG101] the API serves public data over HTTP on purpose\n"
        "  ordered_cache_behavior {\n",
    ).replace(
        'minimum_protocol_version = "TLSv1"\n',
        'minimum_protocol_version = "TLSv1" // cfguard: ignore[CFG103] old Android clients\n',
    )
    code, out = check(tmp_path, "main.tf", text)
    assert code == 1
    assert [line.split(" ")[1] for line in out[:-1]] == ["CFG402"]


def test_an_unused_suppression_is_cfg901(tmp_path: Path) -> None:
    comment = "  /* cfguard: ignore[CFG303] logs go elsewhere */\n"
    text = DISTRIBUTION.replace("  logging_config {\n", comment + "  logging_config {\n")
    _, out = check(tmp_path, "main.tf", text, "--select", "CFG901,CFG303")
    assert out == [
        "main.tf:32:3: CFG901 [warning] ignore[CFG303] suppresses nothing: CFG303 "
        "(logging-disabled) reports nothing on the element it covers; move the comment to the "
        "element the finding is on, or delete it (unused-suppression)",
        "Checked 1 file: 0 errors, 1 warning, 0 info.",
    ]


def test_the_baseline_matches_distributions_by_address(tmp_path: Path) -> None:
    before = DISTRIBUTION.replace('"redirect-to-https"', '"allow-all"')
    (tmp_path / "before.tf").write_text(before)
    code, out = check(
        tmp_path, "main.tf", DISTRIBUTION, "--select", "CFG201", "--baseline", "before.tf"
    )
    assert code == 1
    assert out == [
        "main.tf:19:30: CFG201 [warning] the default cache behavior switched from allow-all "
        "(baseline) to redirect-to-https; objects cached over HTTP stay cached (the cache is "
        "protocol agnostic) and nothing in the change clears them: after terraform apply, run "
        "aws cloudfront create-invalidation --distribution-id <distribution id of "
        'aws_cloudfront_distribution.site> --paths "/*" (Terraform has no invalidation '
        "resource; see cfguard explain CFG201) (https-switch-without-invalidation)",
        "Checked 1 file: 0 errors, 1 warning, 0 info.",
    ]


def test_a_distribution_under_a_new_address_has_no_baseline(tmp_path: Path) -> None:
    # Terraform destroys the old address and creates the new one: a new distribution has an
    # empty cache, so there is nothing to invalidate.
    before = DISTRIBUTION.replace('"redirect-to-https"', '"allow-all"')
    (tmp_path / "before.tf").write_text(before)
    renamed = DISTRIBUTION.replace(
        '"aws_cloudfront_distribution" "site"', '"aws_cloudfront_distribution" "www"'
    )
    code, out = check(tmp_path, "main.tf", renamed, "--select", "CFG201", "--baseline", "before.tf")
    assert (code, out) == (0, ["Checked 1 file: no findings."])

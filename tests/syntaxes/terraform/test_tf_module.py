"""The checks that need the whole module: an `aws_acm_certificate` of the module (in the same
file or another file of the directory) must cover every alias (CFG102) and be created with a
provider configured for us-east-1 (CFG104); a region that is a variable, or a provider the
module leaves to its caller, says nothing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import assert_no_traceback, run_cfguard

CERTIFICATE = """\
resource "aws_acm_certificate" "site" {
  domain_name               = "example.com"
  subject_alternative_names = ["*.example.com"]
  validation_method         = "DNS"
  PROVIDER
}
"""
DISTRIBUTION = """\
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com", "api.eu.example.com"]

  origin {
    origin_id   = "web"
    domain_name = "origin.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "web"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = ARN
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
"""
EU = 'provider "aws" {\n  region = "eu-west-1"\n}\n'
US_EAST_1 = 'provider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n}\n'


def module(
    directory: Path,
    *,
    providers: str = EU,
    provider: str = "",
    arn: str = "aws_acm_certificate.site.arn",
    separate: bool = False,
) -> list[str]:
    certificate = CERTIFICATE.replace(
        "  PROVIDER\n", f"  provider = {provider}\n" if provider else ""
    )
    distribution = DISTRIBUTION.replace("ARN", arn)
    if separate:
        (directory / "providers.tf").write_text(providers)
        (directory / "acm.tf").write_text(certificate)
        (directory / "cdn.tf").write_text(distribution)
    else:
        (directory / "cdn.tf").write_text(providers + "\n" + certificate + "\n" + distribution)
    run = run_cfguard("check", "--select", "CFG102,CFG104", "cdn.tf", cwd=directory)
    assert_no_traceback(run.err)
    return run.out.splitlines()


def _line(directory: Path, needle: str) -> int:
    lines = (directory / "cdn.tf").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_an_uncovered_alias_and_a_certificate_outside_us_east_1(tmp_path: Path) -> None:
    out = module(tmp_path)
    aliases, arn = _line(tmp_path, "aliases ="), _line(tmp_path, "acm_certificate_arn")
    assert out == [
        f"cdn.tf:{aliases}:33: CFG102 [error] alias api.eu.example.com is not covered by "
        "certificate aws_acm_certificate.site (example.com, *.example.com), so CloudFront "
        "refuses the distribution (a wildcard covers exactly one label); add the alias to the "
        "certificate's subject_alternative_names, or remove it (cname-https-mismatch)",
        f"cdn.tf:{arn}:32: CFG104 [error] certificate aws_acm_certificate.site is created with "
        "the default aws provider, whose region is eu-west-1; CloudFront only uses ACM "
        "certificates from us-east-1: create it with a provider configured for us-east-1 "
        '(provider "aws" { alias = "us_east_1", region = "us-east-1" }, and provider = '
        "aws.us_east_1 in the certificate) (certificate-source)",
        "Checked 1 file: 2 errors, 0 warnings, 0 info.",
    ]


def test_the_module_is_every_file_of_the_directory(tmp_path: Path) -> None:
    out = module(tmp_path, separate=True)
    assert [line.split(" ")[1] for line in out[:-1]] == ["CFG102", "CFG104"]
    assert "certificate aws_acm_certificate.site (in acm.tf) (example.com" in out[0]


def test_a_certificate_on_a_us_east_1_provider_is_fine(tmp_path: Path) -> None:
    out = module(tmp_path, providers=EU + US_EAST_1, provider="aws.us_east_1")
    assert [line.split(" ")[1] for line in out[:-1]] == ["CFG102"]


def test_through_a_certificate_validation(tmp_path: Path) -> None:
    validation = (
        'resource "aws_acm_certificate_validation" "site" {\n'
        "  certificate_arn = aws_acm_certificate.site.arn\n"
        "}\n"
    )
    (tmp_path / "validation.tf").write_text(validation)
    out = module(tmp_path, arn="aws_acm_certificate_validation.site.certificate_arn")
    assert [line.split(" ")[1] for line in out[:-1]] == ["CFG102", "CFG104"]


def test_a_region_that_is_a_variable_or_left_to_the_caller_says_nothing(tmp_path: Path) -> None:
    variable = module(tmp_path, providers='provider "aws" {\n  region = var.region\n}\n')
    assert [line.split(" ")[1] for line in variable[:-1]] == ["CFG102"]
    for name in ("cdn.tf",):
        (tmp_path / name).unlink()
    unconfigured = module(tmp_path, providers="")
    assert [line.split(" ")[1] for line in unconfigured[:-1]] == ["CFG102"]


def test_a_certificate_from_elsewhere_is_not_guessed_at(tmp_path: Path) -> None:
    out = module(tmp_path, arn="data.aws_acm_certificate.site.arn")
    assert out == ["Checked 1 file: no findings."]

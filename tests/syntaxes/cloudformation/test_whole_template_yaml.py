"""The checks that need the whole template, in YAML (the JSON form is in test_intrinsics.py): a
certificate the template creates must cover every alias (CFG102) and be in us-east-1 (CFG104),
unless a Rules assertion pins the stack there."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cfguard

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SiteCertificate:
    Type: AWS::CertificateManager::Certificate
    Properties:
      DomainName: example.com
      SubjectAlternativeNames:
        - "*.example.com"
      ValidationMethod: DNS
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Aliases:
          - www.example.com
          - api.eu.example.com
        Origins:
          - Id: web
            DomainName: origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
        ViewerCertificate:
          AcmCertificateArn: !Ref SiteCertificate
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1.2_2021
"""
PINNED = """\
Rules:
  UsEast1:
    Assertions:
      - Assert: !Equals [!Ref "AWS::Region", us-east-1]
"""


def check(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "site.yaml").write_text(text)
    result = run_cfguard("check", "--select", "CFG102,CFG104", "site.yaml", cwd=tmp_path)
    return result.out.splitlines()


def test_an_uncovered_alias_and_the_stack_region_in_yaml(tmp_path: Path) -> None:
    assert check(tmp_path, TEMPLATE) == [
        "site.yaml:17:13: CFG102 [error] alias api.eu.example.com is not covered by certificate "
        "SiteCertificate (example.com, *.example.com), so CloudFront refuses the distribution (a "
        "wildcard covers exactly one label); add the alias to the certificate's "
        "SubjectAlternativeNames, or remove it (cname-https-mismatch)",
        "site.yaml:29:30: CFG104 [warning] certificate SiteCertificate is created by this "
        "template, so it is in the region the stack is deployed to; CloudFront only uses ACM "
        "certificates from us-east-1: deploy the stack in us-east-1 (and say so with a Rules "
        "assertion on AWS::Region), or create the certificate in a stack there and pass its ARN "
        "(certificate-source)",
        "Checked 1 file: 1 error, 1 warning, 0 info.",
    ]


def test_a_template_that_pins_us_east_1_gets_no_region_warning(tmp_path: Path) -> None:
    lines = check(tmp_path, TEMPLATE.replace("Resources:\n", PINNED + "Resources:\n", 1))
    assert [line.split(" ")[1] for line in lines[:-1]] == ["CFG102"]

"""A resource's own `Condition` through the real command: a distribution with `Condition: IsProd`
exists only when IsProd is true, so no finding is reported "when condition IsProd is false",
nor for a condition that IsProd implies (`Fn::Not`, `Fn::And`); one it does not decide
(`Fn::Or`) is still checked both ways. A certificate with a `Condition` is checked only where the
distribution's variant makes it exist. In YAML and in JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import assert_no_traceback, run_cfguard
from tests.syntaxes.cloudformation.templates import ARN, at, config, quoted, template, write_json

YAML = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Condition: IsProd
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: web
            DomainName: origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: !If [IsProd, https-only, allow-all]
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
"""
CONDITIONS = {
    "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
    "IsEu": {"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]},
    "IsStaging": {"Fn::Not": [{"Condition": "IsProd"}]},
    "ProdInEu": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsEu"}]},
    "ProdOrEu": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsEu"}]},
}
HTTP_WHEN = {
    "TargetOriginId": "web",
    "ViewerProtocolPolicy": {"Fn::If": ["IsProd", "https-only", "allow-all"]},
}


def check_yaml(tmp_path: Path, text: str, rules: str = "CFG101") -> list[str]:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    result = run_cfguard("check", "--select", rules, "site.yaml", cwd=tmp_path)
    assert_no_traceback(result.err)
    return result.out.splitlines()


def check_json(
    tmp_path: Path, document: dict[str, Any], rules: str = "CFG101"
) -> tuple[str, list[str], int]:
    text = write_json(tmp_path / "site.json", document)
    result = run_cfguard("check", "--select", rules, "site.json", cwd=tmp_path)
    assert_no_traceback(result.err)
    return text, result.out.splitlines(), result.code


def conditional(condition: str | None, **changes: Any) -> dict[str, Any]:
    document = template(
        config(**changes), Conditions=CONDITIONS, Parameters={"Stage": {"Type": "String"}}
    )
    if condition is not None:
        document["Resources"]["Site"]["Condition"] = condition
    return document


def test_a_conditional_distribution_is_only_checked_where_it_exists_in_yaml(
    tmp_path: Path,
) -> None:
    assert check_yaml(tmp_path, YAML) == ["Checked 1 file: no findings."]
    # Without its Condition the distribution exists either way, and allow-all is reported.
    unconditional = YAML.replace("    Condition: IsProd\n", "")
    assert check_yaml(tmp_path, unconditional) == [
        f"site.yaml:{at(unconditional, 'allow-all]')}: CFG101 [error] [*] the default cache "
        "behavior "
        "accepts plain HTTP (ViewerProtocolPolicy: allow-all); use redirect-to-https or "
        "https-only (when condition IsProd is false) (http-allowed)",
        "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix).",
    ]


def test_a_conditional_distribution_is_only_checked_where_it_exists_in_json(
    tmp_path: Path,
) -> None:
    _, lines, code = check_json(tmp_path, conditional("IsProd", DefaultCacheBehavior=HTTP_WHEN))
    assert (lines, code) == (["Checked 1 file: no findings."], 0)


def test_what_the_condition_implies_is_assumed_too(tmp_path: Path) -> None:
    staging = {
        "TargetOriginId": "web",
        "ViewerProtocolPolicy": {"Fn::If": ["IsStaging", "allow-all", "https-only"]},
    }
    in_eu = {
        "PathPattern": "/eu/*",
        "TargetOriginId": "web",
        "ViewerProtocolPolicy": {"Fn::If": ["IsEu", "https-only", "allow-all"]},
    }
    # IsProd true: IsStaging (its Fn::Not) is false.
    _, lines, _ = check_json(tmp_path, conditional("IsProd", DefaultCacheBehavior=staging))
    assert lines == ["Checked 1 file: no findings."]
    # ProdInEu true: both IsProd and IsEu are.
    document = conditional("ProdInEu", DefaultCacheBehavior=HTTP_WHEN, CacheBehaviors=[in_eu])
    _, lines, _ = check_json(tmp_path, document)
    assert lines == ["Checked 1 file: no findings."]
    # Under IsStaging (not IsProd), the https-only branch is the one that never applies.
    _, lines, _ = check_json(tmp_path, conditional("IsStaging", DefaultCacheBehavior=HTTP_WHEN))
    assert lines[-1] == "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix)."
    assert "(when condition IsProd is false)" not in lines[0]


def test_a_condition_that_decides_nothing_drops_no_variant(tmp_path: Path) -> None:
    # ProdOrEu true says nothing of IsProd alone: both branches are checked.
    text, lines, code = check_json(
        tmp_path, conditional("ProdOrEu", DefaultCacheBehavior=HTTP_WHEN)
    )
    assert lines == [
        f"site.json:{quoted(text, 'allow-all')}: CFG101 [error] [*] the default cache behavior "
        'accepts plain HTTP ("ViewerProtocolPolicy": "allow-all"); use redirect-to-https or '
        "https-only (when condition IsProd is false) (http-allowed)",
        "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix).",
    ]
    assert code == 1
    # A Condition the template does not define, or one that can never be true, neither.
    for condition in ("Undefined", "Never"):
        document = conditional(condition, DefaultCacheBehavior=HTTP_WHEN)
        document["Conditions"]["Never"] = {"Fn::Equals": ["a", "b"]}
        _, lines, _ = check_json(tmp_path, document)
        assert lines[-1] == "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix).", (
            condition
        )


CERTIFICATE = {
    "Certificate": {
        "Type": "AWS::CertificateManager::Certificate",
        "Condition": "IsProd",
        "Properties": {"DomainName": "example.com", "ValidationMethod": "DNS"},
    }
}


def certified(condition: str | None, arn: object) -> dict[str, Any]:
    viewer = {
        "AcmCertificateArn": arn,
        "SslSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
    }
    document = conditional(condition, ViewerCertificate=viewer)
    document["Resources"].update(CERTIFICATE)
    return document


def test_a_conditional_certificate_is_checked_where_the_distribution_has_it(
    tmp_path: Path,
) -> None:
    # The distribution under the certificate's condition: the certificate exists with it.
    text, lines, _ = check_json(
        tmp_path, certified("IsProd", {"Ref": "Certificate"}), "CFG102,CFG104"
    )
    assert [line.split(" ")[1] for line in lines[:-1]] == ["CFG102", "CFG104"]
    assert lines[0].startswith(f"site.json:{quoted(text, 'www.example.com')}: CFG102 [error] ")
    # An Fn::If on that condition: the branch that names it is the one where it exists.
    chosen = {"Fn::If": ["IsProd", {"Ref": "Certificate"}, ARN]}
    _, lines, _ = check_json(tmp_path, certified(None, chosen), "CFG102,CFG104")
    assert [line.split(" ")[1] for line in lines[:-1]] == ["CFG102", "CFG104"]
    assert "(when condition IsProd is true)" in lines[0]


def test_a_certificate_that_may_not_exist_is_not_judged(tmp_path: Path) -> None:
    # An unconditional distribution naming a certificate that exists only when IsProd is true:
    # whether it exists is not known, so neither its names nor its region are judged.
    _, lines, code = check_json(tmp_path, certified(None, {"Ref": "Certificate"}), "CFG102,CFG104")
    assert (lines, code) == (["Checked 1 file: no findings."], 0)

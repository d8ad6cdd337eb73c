"""Intrinsic functions through the real command: what the template does not decide is unknown and
no rule speaks of it; a parameter's default is checked at the `Ref` and named; both branches of
an `Fn::If` are checked and a finding only one gives names its condition; a bucket's `Ref` is
its name and its `GetAtt ... DomainName` its address; `Fn::Sub` is read where its parts decide;
and certificates the template creates are checked for their names and region."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import assert_no_traceback, run_cfguard
from tests.syntaxes.cloudformation.templates import config, quoted, template, write_json

HTTP = {"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all"}


def check(tmp_path: Path, document: dict[str, Any], rules: str = "ALL") -> tuple[str, list[str]]:
    text = write_json(tmp_path / "site.json", document)
    result = run_cfguard("check", "--select", rules, "site.json", cwd=tmp_path)
    assert_no_traceback(result.err)
    return text, result.out.splitlines()


def test_no_rule_speaks_of_a_value_the_template_does_not_decide(tmp_path: Path) -> None:
    unknown = {"Fn::GetAtt": ["Settings", "Value"]}
    distribution = config(
        Aliases={"Fn::Split": [",", {"Fn::ImportValue": "names"}]},
        Origins=[
            {
                "Id": "web",
                "DomainName": {"Fn::GetAtt": ["Api", "DomainName"]},
                "CustomOriginConfig": {
                    "OriginProtocolPolicy": unknown,
                    "OriginSSLProtocols": {"Ref": "Protocols"},
                },
            }
        ],
        DefaultCacheBehavior={"TargetOriginId": "web", "ViewerProtocolPolicy": unknown},
        CacheBehaviors=[
            {"PathPattern": "/a/*", "TargetOriginId": "web", "ViewerProtocolPolicy": unknown}
        ],
        ViewerCertificate={
            "AcmCertificateArn": {"Ref": "Certificate"},
            "SslSupportMethod": unknown,
            "MinimumProtocolVersion": unknown,
        },
        Logging={"Bucket": {"Fn::ImportValue": "log-bucket"}, "Prefix": unknown},
    )
    parameters = {"Certificate": {"Type": "String"}, "Protocols": {"Type": "CommaDelimitedList"}}
    _, lines = check(tmp_path, template(distribution, Parameters=parameters))
    assert lines == ["Checked 1 file: no findings."]


def test_a_parameter_default_is_checked_at_the_ref_and_named(tmp_path: Path) -> None:
    behavior = {"TargetOriginId": "web", "ViewerProtocolPolicy": {"Ref": "Policy"}}
    parameters = {"Policy": {"Type": "String", "Default": "allow-all"}}
    text, lines = check(
        tmp_path, template(config(DefaultCacheBehavior=behavior), Parameters=parameters), "CFG101"
    )
    assert lines == [
        f"site.json:{quoted(text, 'Ref')}: CFG101 [error] the default cache behavior accepts "
        'plain HTTP ("ViewerProtocolPolicy": "allow-all"); use redirect-to-https or https-only '
        "(parameter Policy's Default, allow-all) (http-allowed)",
        "Checked 1 file: 1 error, 0 warnings, 0 info.",
    ]


def test_both_branches_of_fn_if_are_checked_and_the_condition_named(tmp_path: Path) -> None:
    behavior = {
        "TargetOriginId": "web",
        "ViewerProtocolPolicy": {"Fn::If": ["IsProd", "https-only", "allow-all"]},
    }
    logging = {"Fn::If": ["IsProd", {"Bucket": "logs.s3.amazonaws.com"}, {"Ref": "AWS::NoValue"}]}
    origins = [
        {
            "Id": "web",
            "DomainName": "origin.example.com",
            "CustomOriginConfig": {"OriginProtocolPolicy": "http-only"},
        }
    ]
    conditions = {"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}}
    distribution = config(DefaultCacheBehavior=behavior, Logging=logging, Origins=origins)
    document = template(
        distribution, Conditions=conditions, Parameters={"Stage": {"Type": "String"}}
    )
    text, lines = check(tmp_path, document, "CFG101,CFG303,CFG401")
    assert lines == [
        f"site.json:{quoted(text, 'DistributionConfig')}: CFG303 [info] the distribution writes "
        'no standard access logs (no "Logging"); add a "Logging" property with a "Bucket" such as '
        'my-logs.s3.amazonaws.com and a "Prefix" (when condition IsProd is false) '
        "(logging-disabled)",
        f'site.json:{quoted(text, "http-only")}: CFG401 [warning] origin "web" '
        '(origin.example.com) is fetched over plain HTTP: "OriginProtocolPolicy": "http-only"; '
        "use https-only (the origin must serve a certificate valid for its domain name) "
        "(origin-plaintext)",
        f"site.json:{quoted(text, 'allow-all')}: CFG101 [error] [*] the default cache behavior "
        'accepts plain HTTP ("ViewerProtocolPolicy": "allow-all"); use redirect-to-https or '
        "https-only (when condition IsProd is false) (http-allowed)",
        "Checked 1 file: 1 error, 1 warning, 1 info (1 fixable with --fix, 1 more with "
        "--unsafe-fixes).",
    ]


def test_a_condition_that_is_the_negation_of_another_follows_it(tmp_path: Path) -> None:
    behavior = {
        "TargetOriginId": "web",
        "ViewerProtocolPolicy": {"Fn::If": ["IsProd", "https-only", "allow-all"]},
    }
    cached = {
        "PathPattern": "/a/*",
        "TargetOriginId": "web",
        "ViewerProtocolPolicy": {"Fn::If": ["IsTest", "allow-all", "https-only"]},
    }
    conditions = {
        "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
        "IsTest": {"Fn::Not": [{"Condition": "IsProd"}]},
    }
    distribution = config(DefaultCacheBehavior=behavior, CacheBehaviors=[cached])
    text, lines = check(tmp_path, template(distribution, Conditions=conditions), "CFG101")
    assert lines == [
        f"site.json:{quoted(text, 'allow-all')}: CFG101 [error] [*] the default cache behavior "
        'accepts plain HTTP ("ViewerProtocolPolicy": "allow-all"); use redirect-to-https or '
        "https-only (when condition IsProd is false) (http-allowed)",
        f'site.json:{quoted(text, "allow-all", 1)}: CFG101 [error] [*] cache behavior "/a/*" '
        'accepts plain HTTP ("ViewerProtocolPolicy": "allow-all"); use redirect-to-https or '
        "https-only (when condition IsProd is false) (http-allowed)",
        "Checked 1 file: 2 errors, 0 warnings, 0 info (2 fixable with --fix).",
    ]


def test_a_bucket_ref_is_its_name_and_its_domain_name_attribute_an_address(
    tmp_path: Path,
) -> None:
    bucket = {"Logs": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "site-logs"}}}
    by_ref = template(config(Logging={"Bucket": {"Ref": "Logs"}}), resources=bucket)
    text, lines = check(tmp_path, by_ref, "CFG301")
    assert lines == [
        f'site.json:{quoted(text, "Ref")}: CFG301 [error] logging bucket "site-logs" is a bare '
        "bucket name, not the bucket's domain name: use site-logs.s3.amazonaws.com "
        '({"Ref": "Logs"} gives the bucket\'s name; {"Fn::GetAtt": ["Logs", '
        '"RegionalDomainName"]} gives its domain name) (logging-bucket-format)',
        "Checked 1 file: 1 error, 0 warnings, 0 info.",
    ]
    for attribute in ("DomainName", "RegionalDomainName"):
        domain = {"Bucket": {"Fn::GetAtt": ["Logs", attribute]}}
        _, lines = check(tmp_path, template(config(Logging=domain), resources=bucket), "CFG301")
        assert lines == ["Checked 1 file: no findings."]


def test_fn_sub_is_read_where_its_parts_decide(tmp_path: Path) -> None:
    arn = {"Fn::Sub": "arn:${AWS::Partition}:acm:eu-west-1:${AWS::AccountId}:certificate/abc-123"}
    certificate = {
        "AcmCertificateArn": arn,
        "SslSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
    }
    text, lines = check(tmp_path, template(config(ViewerCertificate=certificate)), "CFG104")
    assert lines == [
        f'site.json:{quoted(text, "Fn::Sub")}: CFG104 [error] "AcmCertificateArn" is in '
        "eu-west-1; CloudFront only uses ACM certificates from us-east-1 (US East, N. "
        "Virginia): request or import the certificate there and use that ARN (with "
        "123456789012 standing for AWS::AccountId) (certificate-source)",
        "Checked 1 file: 1 error, 0 warnings, 0 info.",
    ]
    regional = {"Fn::Sub": "arn:aws:acm:${AWS::Region}:${AWS::AccountId}:certificate/abc-123"}
    certificate["AcmCertificateArn"] = regional
    text, lines = check(tmp_path, template(config(ViewerCertificate=certificate)), "CFG104")
    assert lines[0].startswith(
        f"site.json:{quoted(text, 'Fn::Sub')}: CFG104 [warning] the certificate ARN is built "
        "with ${AWS::Region}, so it is in the region the stack is deployed to"
    )
    pinned = {
        "Region": {
            "Assertions": [{"Assert": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}}]
        }
    }
    _, lines = check(
        tmp_path, template(config(ViewerCertificate=certificate), Rules=pinned), "CFG104"
    )
    assert lines == ["Checked 1 file: no findings."]


def test_aws_novalue_is_a_property_left_out(tmp_path: Path) -> None:
    certificate = {
        "AcmCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        "SslSupportMethod": "sni-only",
        "MinimumProtocolVersion": {"Ref": "AWS::NoValue"},
    }
    text, lines = check(tmp_path, template(config(ViewerCertificate=certificate)), "CFG103")
    assert lines == [
        f'site.json:{quoted(text, "ViewerCertificate")}: CFG103 [warning] "ViewerCertificate" '
        'has a custom certificate but no "MinimumProtocolVersion", so CloudFront applies its '
        'default, TLSv1 (TLS 1.0); add "MinimumProtocolVersion": "TLSv1.2_2021" (weak-viewer-tls)',
        "Checked 1 file: 0 errors, 1 warning, 0 info.",
    ]


def test_a_certificate_the_template_creates_must_cover_every_alias(tmp_path: Path) -> None:
    certificate = {
        "AcmCertificateArn": {"Ref": "SiteCertificate"},
        "SslSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
    }
    issued = {
        "SiteCertificate": {
            "Type": "AWS::CertificateManager::Certificate",
            "Properties": {
                "DomainName": "example.com",
                "SubjectAlternativeNames": ["*.example.com"],
                "ValidationMethod": "DNS",
            },
        }
    }
    distribution = config(
        Aliases=["example.com", "www.example.com", "a.b.example.com"], ViewerCertificate=certificate
    )
    text, lines = check(tmp_path, template(distribution, resources=issued), "CFG102,CFG104")
    assert lines == [
        f"site.json:{quoted(text, 'a.b.example.com')}: CFG102 [error] alias a.b.example.com is "
        "not covered by certificate SiteCertificate (example.com, *.example.com), so CloudFront "
        "refuses the distribution (a wildcard covers exactly one label); add the alias to the "
        'certificate\'s "SubjectAlternativeNames", or remove it (cname-https-mismatch)',
        f"site.json:{quoted(text, 'Ref')}: CFG104 [warning] certificate SiteCertificate is "
        "created by this template, so it is in the region the stack is deployed to; CloudFront "
        "only uses ACM certificates from us-east-1: deploy the stack in us-east-1 (and say so "
        "with a Rules assertion on AWS::Region), or create the certificate in a stack there "
        "and pass its ARN (certificate-source)",
        "Checked 1 file: 1 error, 1 warning, 0 info.",
    ]


def test_a_parameter_whose_allowed_values_admit_a_bad_value_is_an_info_note(
    tmp_path: Path,
) -> None:
    behavior = {"TargetOriginId": "web", "ViewerProtocolPolicy": {"Ref": "Policy"}}
    parameters = {
        "Policy": {
            "Type": "String",
            "Default": "redirect-to-https",
            "AllowedValues": ["redirect-to-https", "https-only", "allow-all"],
        }
    }
    document = template(config(DefaultCacheBehavior=behavior), Parameters=parameters)
    text, lines = check(tmp_path, document, "CFG101")
    assert lines == [
        f"site.json:{quoted(text, 'Ref')}: CFG101 [info] the default cache behavior accepts "
        'plain HTTP ("ViewerProtocolPolicy": "allow-all"); use redirect-to-https or https-only '
        "(if parameter Policy is allow-all, which its AllowedValues admit) (http-allowed)",
        "Checked 1 file: 0 errors, 0 warnings, 1 info.",
    ]
    # The default itself at fault is the error, once, and the note says nothing more.
    parameters["Policy"]["Default"] = "allow-all"
    document = template(config(DefaultCacheBehavior=behavior), Parameters=parameters)
    _, lines = check(tmp_path, document, "CFG101")
    assert [line.split(" ")[1:3] for line in lines[:-1]] == [["CFG101", "[error]"]]

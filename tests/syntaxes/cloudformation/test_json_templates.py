"""CloudFormation templates in JSON through the real `cfguard` command: which files are
templates, each distribution named by its logical id, findings at the JSON line and column of
the value with the path from the file's root, and CloudFormation's names in the messages."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cfguard
from tests.syntaxes.cloudformation.templates import config, quoted, template, write_json

SUMMARY_1_ERROR = "Checked 1 file: 1 error, 0 warnings, 0 info."
SUMMARY_1_FIXABLE_ERROR = "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix)."


def check(tmp_path: Path, *args: str) -> list[str]:
    result = run_cfguard("check", *args, cwd=tmp_path)
    assert_no_traceback(result.err)
    return result.out.splitlines()


def test_a_clean_template_has_no_finding_with_every_rule(tmp_path: Path) -> None:
    write_json(tmp_path / "site.json", template())
    result = run_cfguard("check", "--select", "ALL", "site.json", cwd=tmp_path)
    assert (result.code, result.out.splitlines()) == (0, ["Checked 1 file: no findings."])


def test_allow_all_is_cfg101_at_the_value_with_the_path_from_the_root(tmp_path: Path) -> None:
    behavior = {"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all"}
    text = write_json(tmp_path / "site.json", template(config(DefaultCacheBehavior=behavior)))
    assert check(tmp_path, "--select", "CFG101", "site.json") == [
        f"site.json:{quoted(text, 'allow-all')}: CFG101 [error] [*] the default cache behavior "
        'accepts plain HTTP ("ViewerProtocolPolicy": "allow-all"); use redirect-to-https or '
        "https-only (http-allowed)",
        SUMMARY_1_FIXABLE_ERROR,
    ]
    report = json.loads(
        run_cfguard(
            "check", "--select", "CFG101", "--format", "json", "site.json", cwd=tmp_path
        ).out
    )
    [finding] = report["files"][0]["findings"]
    assert finding["path"] == (
        "Resources.Site.Properties.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy"
    )
    assert finding["resource"] == "Site"
    assert finding["xpath"] is None


def test_each_distribution_of_a_template_is_named_by_its_logical_id(tmp_path: Path) -> None:
    behavior = {"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all"}
    other = template(config(DefaultCacheBehavior=behavior), logical_id="Docs")["Resources"]
    text = write_json(
        tmp_path / "two.json",
        template(config(DefaultCacheBehavior=behavior), logical_id="Site", resources=other),
    )
    lines = check(tmp_path, "--select", "CFG101", "two.json")
    assert lines == [
        f"two.json:{quoted(text, 'allow-all', 0)}: CFG101 [error] [*] distribution Site: the "
        "default "
        'cache behavior accepts plain HTTP ("ViewerProtocolPolicy": "allow-all"); use '
        "redirect-to-https or https-only (http-allowed)",
        f"two.json:{quoted(text, 'allow-all', 1)}: CFG101 [error] [*] distribution Docs: the "
        "default "
        'cache behavior accepts plain HTTP ("ViewerProtocolPolicy": "allow-all"); use '
        "redirect-to-https or https-only (http-allowed)",
        "Checked 1 file: 2 errors, 0 warnings, 0 info (2 fixable with --fix).",
    ]


def test_messages_use_cloudformation_names(tmp_path: Path) -> None:
    certificate = {"AcmCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc"}
    text = write_json(tmp_path / "site.json", template(config(ViewerCertificate=certificate)))
    assert check(tmp_path, "--select", "CFG103,CFG104", "site.json") == [
        f'site.json:{quoted(text, "ViewerCertificate")}: CFG103 [warning] "ViewerCertificate" '
        'has a custom certificate but no "MinimumProtocolVersion", so CloudFront applies its '
        'default, TLSv1 (TLS 1.0); add "MinimumProtocolVersion": "TLSv1.2_2021" (weak-viewer-tls)',
        f'site.json:{quoted(text, "ViewerCertificate")}: CFG104 [error] "ViewerCertificate" has '
        'a custom certificate but no "SslSupportMethod"; add "SslSupportMethod": "sni-only" '
        "(certificate-source)",
        "Checked 1 file: 1 error, 1 warning, 0 info.",
    ]


def test_logging_needs_no_enabled_and_an_absent_logging_says_how_to_add_it(
    tmp_path: Path,
) -> None:
    text = write_json(tmp_path / "site.json", template(config(Logging=None)))
    assert check(tmp_path, "--select", "CFG301,CFG302,CFG303", "site.json") == [
        f"site.json:{quoted(text, 'DistributionConfig')}: CFG303 [info] the distribution writes "
        'no standard access logs (no "Logging"); add a "Logging" property with a "Bucket" such '
        'as my-logs.s3.amazonaws.com and a "Prefix" (logging-disabled)',
        "Checked 1 file: 0 errors, 0 warnings, 1 info.",
    ]
    text = write_json(tmp_path / "site.json", template(config(Logging={"Bucket": "my-logs"})))
    assert check(tmp_path, "--select", "CFG301,CFG302,CFG303", "site.json") == [
        f'site.json:{quoted(text, "my-logs")}: CFG301 [error] [*] logging bucket "my-logs" is a '
        "bare "
        "bucket name, not the bucket's domain name: use my-logs.s3.amazonaws.com "
        "(logging-bucket-format)",
        SUMMARY_1_FIXABLE_ERROR,
    ]


def test_the_legacy_properties_are_read(tmp_path: Path) -> None:
    legacy = config(
        Aliases=None,
        Origins=None,
        CNAMEs=["www.example.com", "WWW.example.org"],
        CustomOrigin={
            "DNSName": "origin.example.com",
            "OriginProtocolPolicy": "http-only",
            "OriginSSLProtocols": ["TLSv1.2"],
        },
    )
    text = write_json(tmp_path / "legacy.json", template(legacy))
    assert check(tmp_path, "--select", "CFG106,CFG401", "legacy.json") == [
        f"legacy.json:{quoted(text, 'WWW.example.org')}: CFG106 [error] [*] alias "
        '"WWW.example.org": '
        "aliases must be lowercase: use www.example.org (alias-format)",
        f'legacy.json:{quoted(text, "http-only")}: CFG401 [warning] origin "web" '
        '(origin.example.com) is fetched over plain HTTP: "OriginProtocolPolicy": "http-only"; '
        "use https-only (the origin must serve a certificate valid for its domain name) "
        "(origin-plaintext)",
        "Checked 1 file: 1 error, 1 warning, 0 info (1 fixable with --fix, 1 more with "
        "--unsafe-fixes).",
    ]


def test_what_is_a_template(tmp_path: Path) -> None:
    """SAM and CDK output are templates like any other; a template without a distribution,
    and a `.template` file, are told apart by their content; a directory scan reads
    `cdk.out`."""
    behavior = {"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all"}
    sam = template(config(DefaultCacheBehavior=behavior), Transform="AWS::Serverless-2016-10-31")
    write_json(tmp_path / "sam.json", sam)
    (tmp_path / "cdk.out").mkdir()
    cdk = template(config(DefaultCacheBehavior=behavior), logical_id="MyDistDB88FD9A")
    resource = cdk["Resources"]["MyDistDB88FD9A"]
    resource["Metadata"] = {"aws:cdk:path": "Stack/MyDist/Resource"}
    write_json(tmp_path / "cdk.out" / "Stack.template.json", cdk)
    write_json(tmp_path / "old.template", template(config(DefaultCacheBehavior=behavior)))
    write_json(
        tmp_path / "bucket.json",
        {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket"}}},
    )
    result = run_cfguard("check", "--select", "CFG101", "--format", "json", ".", cwd=tmp_path)
    report = json.loads(result.out)
    found = sorted(
        (entry["path"].removeprefix("./"), finding["resource"])
        for entry in report["files"]
        for finding in entry["findings"]
    )
    assert found == [
        ("cdk.out/Stack.template.json", "MyDistDB88FD9A"),
        ("old.template", "Site"),
        ("sam.json", "Site"),
    ]
    assert [{**entry, "path": entry["path"].removeprefix("./")} for entry in report["skipped"]] == [
        {
            "path": "bucket.json",
            "reason": "a CloudFormation template without an AWS::CloudFront::Distribution",
        }
    ]


def test_a_distribution_without_its_configuration_is_cfg003_only(tmp_path: Path) -> None:
    document = template()
    document["Resources"]["Site"]["Properties"] = {}
    text = write_json(tmp_path / "site.json", document)
    result = run_cfguard("check", "--select", "ALL", "site.json", cwd=tmp_path)
    assert_no_traceback(result.err)
    lines = result.out.splitlines()
    assert [line.split(" ")[1] for line in lines[:-1]] == ["CFG003"]
    assert lines[0] == (
        f"site.json:{quoted(text, 'Properties')}: CFG003 [error] Properties is missing required "
        "property DistributionConfig (schema-violation)"
    )


def test_a_key_given_twice_is_cfg003(tmp_path: Path) -> None:
    text = write_json(tmp_path / "site.json", template())
    text = text.replace('"Enabled": true,', '"Enabled": true,\n      "Enabled": false,', 1)
    (tmp_path / "site.json").write_text(text, encoding="utf-8")
    assert check(tmp_path, "--select", "CFG003", "site.json") == [
        f"site.json:{quoted(text, 'Enabled')}: CFG003 [error] Enabled is given again at line "
        f"{quoted(text, 'Enabled', 1).split(':')[0]} of this mapping; CloudFormation rejects a "
        "template with a repeated key: remove one of them (schema-violation)",
        SUMMARY_1_ERROR,
    ]


def test_an_origin_without_origin_ssl_protocols_gets_cloudformations_default(
    tmp_path: Path,
) -> None:
    origin = {
        "Id": "web",
        "DomainName": "origin.example.com",
        "CustomOriginConfig": {"OriginProtocolPolicy": "https-only"},
    }
    text = write_json(tmp_path / "site.json", template(config(Origins=[origin])))
    where = quoted(text, "CustomOriginConfig")
    default = (
        "(OriginSSLProtocols is left out, so CloudFormation sets its default, TLSv1 and SSLv3: "
        "give OriginSSLProtocols with TLSv1.2 alone) (origin-weak-tls)"
    )
    assert check(tmp_path, "--select", "CFG402", "site.json") == [
        f'site.json:{where}: CFG402 [warning] origin "web" (origin.example.com) offers SSLv3 to '
        f'the origin ("OriginSSLProtocols"); remove it and offer TLSv1.2 instead {default}',
        f'site.json:{where}: CFG402 [warning] origin "web" (origin.example.com) offers TLSv1 to '
        f'the origin ("OriginSSLProtocols"); remove it and offer TLSv1.2 instead {default}',
        "Checked 1 file: 0 errors, 2 warnings, 0 info.",
    ]


def test_resource_metadata_suppresses_in_a_json_template(tmp_path: Path) -> None:
    behavior = {"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all"}
    document = template(config(DefaultCacheBehavior=behavior, Logging=None))
    document["Resources"]["Site"]["Metadata"] = {
        "cfguard": {
            "ignore": [
                {"rule": "CFG101", "reason": "a public mirror"},
                {"rule": ["CFG303", "CFG301"], "reason": "logs are kept elsewhere"},
            ]
        }
    }
    text = write_json(tmp_path / "site.json", document)
    line, column = (int(n) for n in quoted(text, "rule", 1).split(":"))
    metadata_entry = f"{line - 1}:{column - 2}"  # the entry's opening brace
    assert check(tmp_path, "--select", "CFG101,CFG301,CFG303,CFG901", "site.json") == [
        f"site.json:{metadata_entry}: CFG901 [warning] ignore[CFG301] suppresses nothing: "
        "CFG301 (logging-bucket-format) reports nothing on the element it covers; remove CFG301 "
        "from the comment (unused-suppression)",
        "Checked 1 file: 0 errors, 1 warning, 0 info (2 suppressed).",
    ]

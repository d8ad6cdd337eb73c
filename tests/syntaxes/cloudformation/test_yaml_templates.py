"""CloudFormation templates in YAML through the real `cfguard` command: findings at the YAML line
and column of the value (a short tag's at the tag), messages spelt as YAML
(`ViewerProtocolPolicy: allow-all`), YAML that is not a template skipped without being parsed,
broken YAML refused as CFG001, and suppression comments with the scope the README gives them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cfguard
from tests.syntaxes.cloudformation.templates import at

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Policy:
    Type: String
    Default: allow-all
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Aliases:
          - www.example.com
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: !Ref Policy
        CacheBehaviors:
          - PathPattern: /api/*
            TargetOriginId: web
            ViewerProtocolPolicy: !If [IsProd, https-only, allow-all]
        Origins:
          - Id: web
            DomainName: origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1.2_2021
        Logging:
          Bucket: logs.s3.amazonaws.com
"""


def check(tmp_path: Path, text: str, *args: str, name: str = "site.yaml") -> list[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cfguard("check", *args, name, cwd=tmp_path)
    assert_no_traceback(result.err)
    return result.out.splitlines()


def test_findings_are_at_the_yaml_value_and_spelt_as_yaml(tmp_path: Path) -> None:
    assert check(tmp_path, TEMPLATE, "--select", "CFG101") == [
        f"site.yaml:{at(TEMPLATE, '!Ref Policy')}: CFG101 [error] the default cache behavior "
        "accepts plain HTTP (ViewerProtocolPolicy: allow-all); use redirect-to-https or "
        "https-only (parameter Policy's Default, allow-all) (http-allowed)",
        f'site.yaml:{at(TEMPLATE, "allow-all]")}: CFG101 [error] [*] cache behavior "/api/*" '
        "accepts "
        "plain HTTP (ViewerProtocolPolicy: allow-all); use redirect-to-https or https-only (when "
        "condition IsProd is false) (http-allowed)",
        "Checked 1 file: 2 errors, 0 warnings, 0 info (1 fixable with --fix).",
    ]
    report = json.loads(
        run_cfguard(
            "check", "--select", "CFG101", "--format", "json", "site.yaml", cwd=tmp_path
        ).out
    )
    first = report["files"][0]["findings"][0]
    assert first["path"] == (
        "Resources.Site.Properties.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy"
    )
    assert (first["resource"], first["end_column"]) == (
        "Site",
        first["column"] + len("!Ref Policy"),
    )


def test_yaml_that_is_not_a_template_is_skipped_unread(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    # Not even valid YAML: never parsed, so no CFG001 either.
    (tmp_path / "k8s.yaml").write_text("apiVersion: v1\nkind: [Service\n")
    bucket = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
    (tmp_path / "bucket.template").write_text(bucket)
    result = run_cfguard("check", "--format", "json", ".", cwd=tmp_path)
    assert result.code == 0, result.out
    report = json.loads(result.out)
    assert report["files"] == []
    assert sorted(entry["path"].removeprefix("./") for entry in report["skipped"]) == [
        ".github/workflows/ci.yml",
        "bucket.template",
        "compose.yaml",
        "k8s.yaml",
    ]


def test_a_yaml_template_in_a_template_file_is_read(tmp_path: Path) -> None:
    lines = check(tmp_path, TEMPLATE, "--select", "CFG101", name="site.template")
    assert lines[-1] == "Checked 1 file: 2 errors, 0 warnings, 0 info (1 fixable with --fix)."


def test_broken_yaml_is_cfg001_at_its_line(tmp_path: Path) -> None:
    broken = TEMPLATE.replace(
        "          TargetOriginId: web\n", "          TargetOriginId: [web\n", 1
    )
    lines = check(tmp_path, broken)
    assert len(lines) == 2, lines
    assert " CFG001 [error] " in lines[0]
    assert lines[0].startswith("site.yaml:")
    assert lines[1] == "Checked 1 file: 1 error, 0 warnings, 0 info."


def test_a_comment_on_its_own_line_covers_the_next_entry_and_what_is_under_it(
    tmp_path: Path,
) -> None:
    text = TEMPLATE.replace(
        "        CacheBehaviors:\n",
        "        CacheBehaviors:\n          # cfguard: ignore[CFG101] the API is public\n",
    )
    assert check(tmp_path, text, "--select", "CFG101,CFG901") == [
        f"site.yaml:{at(text, '!Ref Policy')}: CFG101 [error] the default cache behavior "
        "accepts plain HTTP (ViewerProtocolPolicy: allow-all); use redirect-to-https or "
        "https-only (parameter Policy's Default, allow-all) (http-allowed)",
        "Checked 1 file: 1 error, 0 warnings, 0 info (1 suppressed).",
    ]


def test_a_comment_after_a_value_covers_that_entry(tmp_path: Path) -> None:
    text = TEMPLATE.replace(
        "ViewerProtocolPolicy: !Ref Policy\n",
        "ViewerProtocolPolicy: !Ref Policy  # cfguard: ignore[CFG101] a mirror\n",
    ).replace("TargetOriginId: web\n", "TargetOriginId: web  # cfguard: ignore[CFG101] no\n", 1)
    assert check(tmp_path, text, "--select", "CFG101,CFG901") == [
        f"site.yaml:{at(text, '# cfguard: ignore[CFG101] no')}: CFG901 [warning] ignore[CFG101] "
        "suppresses nothing: CFG101 (http-allowed) reports nothing on the element it covers; "
        "move the comment to the element the finding is on, or delete it (unused-suppression)",
        f'site.yaml:{at(text, "allow-all]")}: CFG101 [error] [*] cache behavior "/api/*" accepts '
        "plain HTTP (ViewerProtocolPolicy: allow-all); use redirect-to-https or https-only (when "
        "condition IsProd is false) (http-allowed)",
        "Checked 1 file: 1 error, 1 warning, 0 info (1 fixable with --fix, 1 suppressed).",
    ]


def test_file_ignore_and_resource_metadata_cover_the_template(tmp_path: Path) -> None:
    text = "# cfguard: file-ignore[CFG101] a test stack\n" + TEMPLATE
    assert check(tmp_path, text, "--select", "CFG101,CFG901") == [
        "Checked 1 file: no findings (2 suppressed)."
    ]
    metadata = textwrap.indent(
        "Metadata:\n  cfguard:\n    ignore:\n      - rule: CFG101\n        reason: a mirror\n",
        "    ",
    )
    text = TEMPLATE.replace("    Properties:\n", metadata + "    Properties:\n", 1)
    assert check(tmp_path, text, "--select", "CFG101,CFG901") == [
        "Checked 1 file: no findings (2 suppressed)."
    ]


def test_standard_input_that_starts_like_a_yaml_template_is_read_as_one() -> None:
    result = run_cfguard("check", "--select", "CFG101", "-", stdin=TEMPLATE.encode())
    assert result.out.splitlines()[0].startswith(f"-:{at(TEMPLATE, '!Ref Policy')}: CFG101")
    assert result.code == 1


def test_the_readme_shows_what_cfguard_prints(tmp_path: Path) -> None:
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    shown = [line for line in readme if line.startswith("stack.yaml:")]
    lines = check(tmp_path, TEMPLATE, "--select", "CFG101", name="stack.yaml")
    assert shown == lines[:-1]


def test_checking_templates_does_not_load_the_xml_syntax(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(TEMPLATE, encoding="utf-8")
    code = (
        "import sys; from cfguard.cli import main\n"
        "try:\n    main(['check', 'site.yaml'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('lxml', 'cfguard.syntaxes.xml'))))"
    )
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "[]"

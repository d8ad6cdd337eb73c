"""Suppression comments inside an `Fn::If` list (`!If` and `Fn::If:`), through the real command: a
directive on its own line covers the next branch, one at the end of a line the branch on it, as
everywhere else in a template; a directive on the branch that gives no finding suppresses
nothing (CFG901), and the finding of the other branch stays."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import assert_no_traceback, run_cfguard
from tests.syntaxes.cloudformation.templates import at

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
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
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          ViewerProtocolPolicy: !If
            - IsProd
            - https-only
            - allow-all
"""
SHORT = "          ViewerProtocolPolicy: !If\n"
LONG = "          ViewerProtocolPolicy:\n            Fn::If:\n"
MESSAGE = (
    "CFG101 [error] [*] the default cache behavior accepts plain HTTP (ViewerProtocolPolicy: "
    "allow-all); use redirect-to-https or https-only (when condition IsProd is false) "
    "(http-allowed)"
)
UNUSED = (
    "CFG901 [warning] ignore[CFG101] suppresses nothing: CFG101 (http-allowed) reports nothing "
    "on the element it covers; move the comment to the element the finding is on, or delete it "
    "(unused-suppression)"
)


def check(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    result = run_cfguard("check", "--select", "CFG101,CFG901", "site.yaml", cwd=tmp_path)
    assert_no_traceback(result.err)
    return result.out.splitlines()


def forms(text: str) -> list[str]:
    """The template with `!If` and with `Fn::If:` (its list at the key's indentation, as YAML
    allows)."""
    return [text, text.replace(SHORT, LONG)]


def test_without_a_directive_the_branch_is_reported(tmp_path: Path) -> None:
    for text in forms(TEMPLATE):
        assert check(tmp_path, text) == [
            f"site.yaml:{at(text, 'allow-all')}: {MESSAGE}",
            "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix).",
        ]


def test_a_directive_on_its_own_line_covers_the_next_branch(tmp_path: Path) -> None:
    text = TEMPLATE.replace(
        "            - allow-all\n",
        "            # cfguard: ignore[CFG101] staging only\n            - allow-all\n",
    )
    for form in forms(text):
        assert "# cfguard" in form
        assert check(tmp_path, form) == ["Checked 1 file: no findings (1 suppressed)."], form


def test_a_directive_at_the_end_of_a_line_covers_its_branch(tmp_path: Path) -> None:
    text = TEMPLATE.replace(
        "            - allow-all\n", "            - allow-all  # cfguard: ignore[CFG101] staging\n"
    )
    for form in forms(text):
        assert check(tmp_path, form) == ["Checked 1 file: no findings (1 suppressed)."], form


def test_a_directive_on_the_other_branch_covers_nothing(tmp_path: Path) -> None:
    text = TEMPLATE.replace(
        "            - https-only\n",
        "            # cfguard: ignore[CFG101] wrong branch\n            - https-only\n",
    )
    for form in forms(text):
        assert check(tmp_path, form) == [
            f"site.yaml:{at(form, '# cfguard')}: {UNUSED}",
            f"site.yaml:{at(form, 'allow-all')}: {MESSAGE}",
            "Checked 1 file: 1 error, 1 warning, 0 info (1 fixable with --fix).",
        ], form


def test_a_directive_on_the_function_covers_both_branches(tmp_path: Path) -> None:
    text = TEMPLATE.replace(SHORT, SHORT.rstrip() + "  # cfguard: ignore[CFG101] a mirror\n")
    assert check(tmp_path, text) == ["Checked 1 file: no findings (1 suppressed)."]
    long = forms(TEMPLATE)[1].replace(
        "            Fn::If:\n",
        "            # cfguard: ignore[CFG101] a mirror\n            Fn::If:\n",
    )
    assert check(tmp_path, long) == ["Checked 1 file: no findings (1 suppressed)."]

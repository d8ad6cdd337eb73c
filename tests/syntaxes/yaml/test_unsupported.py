"""YAML aliases and merge keys, which CloudFormation refuses ("CloudFormation template format",
AWS CloudFormation User Guide: no aliases, no hash merges): one CFG003 error per feature, at its
first use, saying how many there are; the rest of the template is still checked with them
expanded. Through the parser (both loaders) and the real command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cfguard.syntaxes.yaml.parser import YamlTree, parse
from cfguard.syntaxes.yaml.unsupported import ALIAS, MERGE_KEY
from tests.conftest import assert_no_traceback, run_cfguard
from tests.syntaxes.cloudformation.templates import at

LOADERS = [
    pytest.param(yaml.SafeLoader, id="pure"),
    pytest.param(
        getattr(yaml, "CSafeLoader", None),
        id="libyaml",
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml"),
    ),
]
TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - &origin
            Id: web
            DomainName: origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
          - *origin
        DefaultCacheBehavior: &behavior
          TargetOriginId: web
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
        CacheBehaviors:
          - PathPattern: /api/*
            <<: *behavior
            ViewerProtocolPolicy: allow-all
          - PathPattern: /img/*
            <<: *behavior
"""
ALIAS_MESSAGE = (
    "CFG003 [error] the YAML alias *origin (the first of 3 in this file): CloudFormation refuses "
    "a template that uses aliases; write the anchored values out where each alias is (cfguard "
    "checked the template with them expanded) (schema-violation)"
)
MERGE_MESSAGE = (
    "CFG003 [error] the YAML merge key << (the first of 2 in this file): CloudFormation refuses "
    "a template that uses merge keys; write the merged values out in each mapping (cfguard "
    "checked the template with them merged) (schema-violation)"
)


def check(tmp_path: Path, text: str, rules: str = "CFG003,CFG101") -> tuple[list[str], int]:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    result = run_cfguard("check", "--select", rules, "site.yaml", cwd=tmp_path)
    assert_no_traceback(result.err)
    return result.out.splitlines(), result.code


@pytest.mark.parametrize("loader", LOADERS)
def test_the_parser_notes_the_first_use_of_each_and_counts_them(loader: type[Any]) -> None:
    tree = parse(TEMPLATE.encode(), loader=loader)
    assert isinstance(tree, YamlTree)
    config = "Resources.Site.Properties.DistributionConfig"
    assert [(use.kind, use.path, use.written, use.uses) for use in tree.uses] == [
        (ALIAS, f"{config}.Origins[1]", "*origin", 3),
        (MERGE_KEY, f"{config}.CacheBehaviors[0]", "<<", 2),
    ]
    assert TEMPLATE[tree.uses[0].start : tree.uses[0].end] == "*origin"
    assert TEMPLATE[tree.uses[1].start : tree.uses[1].end] == "<<"
    plain = parse(b"a: 1\nb: [1, 2]\n", loader=loader)
    assert isinstance(plain, YamlTree)
    assert plain.uses == ()


def test_each_feature_is_one_cfg003_error_and_the_rest_is_checked_expanded(
    tmp_path: Path,
) -> None:
    lines, code = check(tmp_path, TEMPLATE)
    assert lines == [
        f"site.yaml:{at(TEMPLATE, '*origin')}: {ALIAS_MESSAGE}",
        f"site.yaml:{at(TEMPLATE, '<<')}: {MERGE_MESSAGE}",
        # The merged behavior's own ViewerProtocolPolicy wins over the anchored one.
        f'site.yaml:{at(TEMPLATE, "allow-all")}: CFG101 [error] [*] cache behavior "/api/*" '
        "accepts "
        "plain HTTP (ViewerProtocolPolicy: allow-all); use redirect-to-https or https-only "
        "(http-allowed)",
        "Checked 1 file: 3 errors, 0 warnings, 0 info (1 fixable with --fix).",
    ]
    assert code == 1


def test_an_alias_alone_says_so_once_and_an_anchor_alone_is_nothing(tmp_path: Path) -> None:
    once = TEMPLATE.partition("        CacheBehaviors:\n")[0]
    lines, _ = check(tmp_path, once, "CFG003")
    assert lines == [
        f"site.yaml:{at(once, '*origin')}: "
        + ALIAS_MESSAGE.replace(" (the first of 3 in this file)", ""),
        "Checked 1 file: 1 error, 0 warnings, 0 info.",
    ]
    anchored = once.replace("          - *origin\n", "")
    assert check(tmp_path, anchored, "CFG003") == (["Checked 1 file: no findings."], 0)


def test_one_finding_per_feature_in_a_file_of_several_distributions(tmp_path: Path) -> None:
    second = TEMPLATE.split("Resources:\n", 1)[1].replace("  Site:\n", "  Other:\n", 1)
    second = second.replace("origin", "origin2").replace("behavior", "behavior2")
    text = TEMPLATE + second
    lines, _ = check(tmp_path, text, "CFG003")
    assert [line.split(": CFG003")[0] for line in lines[:-1]] == [
        f"site.yaml:{at(text, '*origin')}",
        f"site.yaml:{at(text, '<<')}",
    ]
    assert "(the first of 6 in this file)" in lines[0]


def test_a_directive_on_the_entry_that_holds_it_covers_the_finding(tmp_path: Path) -> None:
    # The finding is at the list item or the mapping that uses the alias or merge key.
    text = TEMPLATE.replace(
        "        Origins:\n",
        "        # cfguard: ignore[CFG003] deployed through a tool that expands aliases\n"
        "        Origins:\n",
    ).replace(
        "          - PathPattern: /api/*\n",
        "          # cfguard: ignore[CFG003] deployed through a tool that expands merge keys\n"
        "          - PathPattern: /api/*\n",
    )
    lines, _ = check(tmp_path, text, "CFG003,CFG901")
    assert lines == ["Checked 1 file: no findings (2 suppressed)."]

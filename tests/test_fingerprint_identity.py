"""Fingerprints v2 follow what a finding is about, not where it is (issue 13).

Before v2, inserting a `CacheBehavior` renumbered `CacheBehavior[n]` and every later finding
became a new code-scanning alert. These tests edit a real document the way people do (insert a
behavior, reorder origins, add comments and blank lines) and check through the real CLI that
every finding that is still there keeps its fingerprint, in SARIF and GitLab alike.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cfguard.formatters.fingerprint import FINGERPRINT_KEY, fingerprint
from tests.conftest import run_cfguard

ORIGIN = """      <Origin>
        <Id>{id}</Id>
        <DomainName>{id}.example.com</DomainName>
        <CustomOriginConfig>
          <HTTPPort>80</HTTPPort>
          <HTTPSPort>443</HTTPSPort>
          <OriginProtocolPolicy>http-only</OriginProtocolPolicy>
        </CustomOriginConfig>
      </Origin>
"""
BEHAVIOR = """      <CacheBehavior>
        <PathPattern>{pattern}</PathPattern>
        <TargetOriginId>api</TargetOriginId>
        <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>
        <CachePolicyId>4135ea2d-6df8-44a3-9df3-4b5a84be39ad</CachePolicyId>
      </CacheBehavior>
"""
DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <CallerReference>identity-1</CallerReference>
  <Origins>
    <Quantity>{origin_count}</Quantity>
    <Items>
{origins}    </Items>
  </Origins>
  <DefaultCacheBehavior>
    <TargetOriginId>web</TargetOriginId>
    <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>
    <CachePolicyId>658327ea-f89d-4fab-a63d-7e88639e58f6</CachePolicyId>
  </DefaultCacheBehavior>
  <CacheBehaviors>
    <Quantity>{behavior_count}</Quantity>
    <Items>
{behaviors}    </Items>
  </CacheBehaviors>
  <Comment>identity</Comment>
  <Enabled>true</Enabled>
</DistributionConfig>
"""


def document(patterns: list[str], origins: list[str]) -> str:
    return DOCUMENT.format(
        origin_count=len(origins),
        origins="".join(ORIGIN.format(id=origin) for origin in origins),
        behavior_count=len(patterns),
        behaviors="".join(BEHAVIOR.format(pattern=pattern) for pattern in patterns),
    )


BEFORE = document(["/api/*", "/static/*"], ["web", "api"])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, capture_output=True)
    (tmp_path / "configs").mkdir()
    return tmp_path


def prints(repo: Path, text: str, fmt: str) -> dict[tuple[str, str], str]:
    """(rule id, message) -> fingerprint of each finding, from the real CLI. The message names
    the behavior or origin a finding is about, and no two findings here share one."""
    (repo / "configs" / "dist.xml").write_text(text, encoding="utf-8")
    result = run_cfguard(
        "check", "--format", fmt, "--select", "CFG101,CFG401", "configs/dist.xml", cwd=repo
    )
    assert result.code == 1, result.err
    if fmt == "gitlab":
        found = [
            ((i["check_name"], i["description"]), i["fingerprint"]) for i in json.loads(result.out)
        ]
    else:
        found = [
            (
                (r["ruleId"], f"{r['ruleId']} {r['message']['text']}"),
                r["partialFingerprints"][FINGERPRINT_KEY],
            )
            for r in json.loads(result.out)["runs"][0]["results"]
        ]
    assert len(dict(found)) == len(found), found  # messages tell the findings apart
    return dict(found)


def assert_kept(before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]) -> None:
    for finding, print_ in before.items():
        assert after.get(finding) == print_, finding


@pytest.mark.parametrize("fmt", ["sarif", "gitlab"])
def test_inserting_a_behavior_keeps_every_other_fingerprint(repo: Path, fmt: str) -> None:
    before = prints(repo, BEFORE, fmt)
    assert {rule for rule, _ in before} == {"CFG101", "CFG401"}
    assert sum(rule == "CFG101" for rule, _ in before) == 3  # default, /api/*, /static/*
    after = prints(repo, document(["/new/*", "/api/*", "/static/*"], ["web", "api"]), fmt)
    assert_kept(before, after)
    [new] = set(after.values()) - set(before.values())
    assert len(after) == len(before) + 1
    assert new not in before.values()


@pytest.mark.parametrize("fmt", ["sarif", "gitlab"])
def test_reordering_origins_and_behaviors_keeps_fingerprints(repo: Path, fmt: str) -> None:
    before = prints(repo, BEFORE, fmt)
    after = prints(repo, document(["/static/*", "/api/*"], ["api", "web"]), fmt)
    assert after == before


def test_comments_and_blank_lines_keep_fingerprints(repo: Path) -> None:
    before = prints(repo, BEFORE, "sarif")
    moved = (
        BEFORE.replace("<DistributionConfig ", "<!-- reviewed -->\n\n<DistributionConfig ", 1)
        .replace(
            "    <Items>\n      <CacheBehavior>",
            "    <Items>\n\n      <!-- api -->\n      <CacheBehavior>",
        )
        .replace("<Id>api</Id>", "<!-- the API -->\n        <Id>api</Id>")
    )
    assert prints(repo, moved, "sarif") == before


def test_same_rule_on_different_behaviors_and_origins_differs(repo: Path) -> None:
    found = prints(repo, BEFORE, "sarif")
    assert len(set(found.values())) == len(found) == 5  # 3 CFG101, 2 CFG401


def test_sarif_writes_v2_only_and_gitlab_uses_it(repo: Path) -> None:
    sarif = prints(repo, BEFORE, "sarif")
    gitlab = prints(repo, BEFORE, "gitlab")
    assert sorted(sarif.values()) == sorted(gitlab.values())
    result = run_cfguard("check", "--format", "sarif", "configs/dist.xml", cwd=repo)
    for entry in json.loads(result.out)["runs"][0]["results"]:
        assert list(entry["partialFingerprints"]) == ["cfguard/v2"]


def test_fingerprint_tells_every_part_apart() -> None:
    identity = "DistributionConfig.CacheBehaviors.Items[PathPattern='/api/*'].ViewerProtocolPolicy"
    base = fingerprint("CFG101", "a.xml", None, identity, 0)
    assert len(base) == 32
    assert base == fingerprint("CFG101", "a.xml", None, identity, 0)
    others = {
        fingerprint("CFG102", "a.xml", None, identity, 0),
        fingerprint("CFG101", "b.xml", None, identity, 0),
        fingerprint("CFG101", "a.xml", "MyDistribution", identity, 0),
        fingerprint("CFG101", "a.xml", None, identity.replace("/api/*", "/web/*"), 0),
        fingerprint("CFG101", "a.xml", None, identity, 1),
    }
    assert base not in others
    assert len(others) == 5

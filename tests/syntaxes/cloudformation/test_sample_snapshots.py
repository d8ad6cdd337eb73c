"""Every real template in `data/` (AWS's template collection, CDK integration snapshots, the
cfn-lint, checkov, cfn_nag and KICS fixtures; provenance in its PROVENANCE.md) through the real
command with all rules: none is refused (CFG001, CFG002), what cfguard says of each is pinned in
`snapshots/<name>.snap` (reviewed; CFGUARD_UPDATE_SNAPSHOTS=1 writes `.snap.new` files), and a
value the template does not decide never causes a finding: replacing any value of a
distribution with `!Ref` to an undeclared name (a value cfguard cannot know) adds none.

Reviewed: the allow-all behaviors (the `/proxy/*` ones of the Gitea, GitLab and VSCode servers,
the cfn_nag, checkov and CDK fixtures), the `TLSv1` default of the Lambda@Edge solution's
`MinimumProtocolVersion` parameter and its certificate ARN built with `${AWS::Region}`, the
custom origins that leave `OriginSSLProtocols` to CloudFormation's TLSv1 and SSLv3, the aliases
cfn-lint's `invalid_aliases` fixture is about, and the placeholders of the KICS fixture; the
CFG003 findings are `test_schema_samples`'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import cast

import pytest

from cfguard.engine import lint
from cfguard.rules.registry import all_rules
from cfguard.rules.settings import Settings
from cfguard.syntaxes import Refused, get_syntax, syntax_for
from cfguard.syntaxes.cloudformation.template import DISTRIBUTION_TYPE, intrinsic
from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, items
from tests.conftest import REPO, assert_no_traceback, run_cfguard
from tests.snapshots import assert_snapshot
from tests.test_corpus_snapshots import JsonReport, render

HERE = Path(__file__).resolve().parent
SAMPLES = sorted(p for p in (HERE / "data").iterdir() if p.suffix in (".json", ".yaml", ".yml"))
SNAPSHOTS = HERE / "snapshots"


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@cache
def report() -> JsonReport:
    run = run_cfguard(
        "check",
        "--format",
        "json",
        "--select",
        "ALL",
        *map(relative, SAMPLES),
        cwd=REPO,
        env={"SOURCE_DATE_EPOCH": "1735689600"},
    )
    assert_no_traceback(run.err)
    assert run.code == 1, (run.code, run.err)
    return cast(JsonReport, json.loads(run.out))


def test_the_samples_are_there() -> None:
    assert len(SAMPLES) == 37


def test_no_sample_is_refused_or_skipped() -> None:
    refused = [
        (entry["path"], finding["rule"], finding["message"])
        for entry in report()["files"]
        for finding in entry.get("findings", [])
        if finding["rule"] in ("CFG001", "CFG002")
    ]
    assert refused == []
    assert report()["errors"] == []
    assert report()["skipped"] == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_sample_matches_snapshot(sample: Path) -> None:
    assert_snapshot(render(report(), relative(sample)), SNAPSHOTS / f"{sample.name}.snap")


# --- an unknown value never causes a finding ---------------------------------------------------

SETTINGS = Settings(
    enabled=frozenset(rule.id for rule in all_rules()) - {"CFG003", "CFG901", "CFG902"}
)


def _tree(path: Path, data: bytes) -> JsonTree:
    syntax = syntax_for(path.name, data)
    parsed = syntax.parse(data)
    assert not isinstance(parsed, Refused)
    return parsed if isinstance(parsed, JsonTree) else parsed.tree  # YAML: (tree, comments)


def _scalars(node: Node) -> Iterator[Node]:
    """The scalar values under `node`, an intrinsic function counting as one value."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.kind == "object" and intrinsic(current) is None:
            members: tuple[Member, ...] = current.value  # type: ignore[assignment]
            stack.extend(member.value for member in members)
        elif current.kind == "array":
            stack.extend(items(current))
        elif current.kind not in ("object", "array") or intrinsic(current) is not None:
            yield current


def _values(tree: JsonTree) -> list[Node]:
    resources = fields(tree.root).get("Resources")
    found: list[Node] = []
    for resource in fields(resources.value).values() if resources else ():
        kind = fields(resource.value).get("Type")
        properties = fields(resource.value).get("Properties")
        if kind is None or kind.value.value != DISTRIBUTION_TYPE or properties is None:
            continue
        config = fields(properties.value).get("DistributionConfig")
        if config is not None:
            found.extend(_scalars(config.value))
    return found


def _said(data: bytes, name: str) -> set[tuple[str, int]]:
    result = lint(data, name, SETTINGS)
    return {(finding.rule_id, finding.location.line) for finding in result.findings}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_a_value_made_unknown_adds_no_finding(sample: Path) -> None:
    data = sample.read_bytes()
    tree = _tree(sample, data)
    before = _said(data, sample.name)
    unknown = '{"Ref": "Unknown"}' if sample.suffix == ".json" else "!Ref Unknown"
    text = tree.text
    added: list[tuple[str, set[tuple[str, int]]]] = []
    for node in _values(tree):
        written = text[node.start : node.end]
        if "\n" in written:
            continue  # a block scalar or a multi-line function: replacing it would move lines
        mutated = text[: node.start] + unknown + text[node.end :]
        extra = _said(mutated.encode(), sample.name) - before
        if extra:
            added.append((written, extra))
    assert added == []


def test_the_unknown_value_check_sees_a_finding_it_would_cause() -> None:
    # The harness compares what it should: a literal finding shows up as a difference.
    assert get_syntax("yaml").name == "yaml"
    template = (
        b"Resources:\n  S:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n"
        b"      DistributionConfig:\n        Enabled: true\n"
        b"        DefaultCacheBehavior: {TargetOriginId: a, ViewerProtocolPolicy: X}\n"
    )
    quiet = _said(template.replace(b"X", b"!Ref Unknown"), "t.yaml")
    loud = _said(template.replace(b"X", b"allow-all"), "t.yaml")
    assert loud - quiet == {("CFG101", 7)}

"""Every real Terraform file in `data/` (terraform-aws-modules and cloudposse modules, the
checkov, KICS and moto fixtures, regula's `.tf`, `.tf.json` and plan; provenance in its
PROVENANCE.md) through the real command with all rules: none is refused (CFG001), what cfguard
says of each is pinned in `snapshots/<name>.snap` (reviewed; CFGUARD_UPDATE_SNAPSHOTS=1 writes
`.snap.new` files), the terraform-aws-modules module (every block `dynamic`, every value a
variable) gives nothing, and a value the file does not decide never causes a finding: replacing
any literal argument of a distribution with a variable adds none.

Each sample is in a directory of its own: cfguard reads the other files of a file's directory
for the certificates and providers of its module.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import cast

import pytest

from cfguard.engine import lint
from cfguard.rules.registry import all_rules
from cfguard.rules.settings import Settings
from tests.conftest import REPO, assert_no_traceback, run_cfguard
from tests.snapshots import assert_snapshot
from tests.test_corpus_snapshots import JsonReport, render

HERE = Path(__file__).resolve().parent
SAMPLES = sorted(p for p in (HERE / "data").glob("*/*") if p.name != "PROVENANCE.md")
TF_SAMPLES = [p for p in SAMPLES if p.suffix == ".tf"]
SNAPSHOTS = HERE / "snapshots"
MODULE = HERE / "data" / "terraform-aws-cloudfront-main" / "terraform-aws-cloudfront-main.tf"


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
    assert len(SAMPLES) == 22


def test_no_sample_is_refused() -> None:
    refused = [
        (entry["path"], finding["rule"], finding["message"])
        for entry in report()["files"]
        for finding in entry.get("findings", [])
        if finding["rule"] in ("CFG001", "CFG002")
    ]
    assert refused == []
    assert report()["errors"] == []


def test_the_module_of_dynamic_blocks_and_variables_gives_nothing() -> None:
    [entry] = [e for e in report()["files"] if e["path"] == relative(MODULE)]
    assert entry.get("findings", []) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_sample_matches_snapshot(sample: Path) -> None:
    assert_snapshot(render(report(), relative(sample)), SNAPSHOTS / f"{sample.name}.snap")


# --- an unknown value never causes a finding ---------------------------------------------------

SETTINGS = Settings(
    enabled=frozenset(rule.id for rule in all_rules()) - {"CFG003", "CFG901", "CFG902"}
)
#: A one-line literal argument: `name = "text"`, `name = 443`, `name = true`, `name = [...]`.
LITERAL = re.compile(
    r'^(?P<lead>\s*\w+\s*=\s*)(?P<value>"(?:[^"\\$%]|\\.)*"|-?\d+(?:\.\d+)?|true|false|\[[^\]\n]*\])\s*$',
    re.MULTILINE,
)


def _said(data: bytes, path: str) -> set[tuple[str, int]]:
    result = lint(data, path, SETTINGS)
    return {(finding.rule_id, finding.location.line) for finding in result.findings}


def _distribution_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r'^resource\s+"aws_cloudfront_distribution"', text, re.MULTILINE):
        end = text.find("\n}", match.start())
        spans.append((match.start(), len(text) if end < 0 else end))
    return spans


@pytest.mark.parametrize("sample", TF_SAMPLES, ids=lambda p: p.name)
def test_a_value_made_unknown_adds_no_finding(sample: Path) -> None:
    data = sample.read_bytes()
    text = data.decode()
    path = str(sample)
    before = _said(data, path)
    added: list[tuple[str, set[tuple[str, int]]]] = []
    spans = _distribution_spans(text)
    for match in LITERAL.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            continue
        value = match.group("value")
        mutated = text[: match.start("value")] + "var.unknown" + text[match.end("value") :]
        extra = _said(mutated.encode(), path) - before
        if extra:
            added.append((value, extra))
    assert added == []


def test_the_unknown_value_check_sees_a_finding_it_would_cause(tmp_path: Path) -> None:
    # The harness compares what it should: a literal finding shows up as a difference.
    template = (
        'resource "aws_cloudfront_distribution" "s" {\n'
        "  default_cache_behavior {\n"
        "    viewer_protocol_policy = X\n"
        "  }\n"
        "}\n"
    )
    path = str(tmp_path / "main.tf")
    quiet = _said(template.replace("X", "var.unknown").encode(), path)
    loud = _said(template.replace("X", '"allow-all"').encode(), path)
    assert loud - quiet == {("CFG101", 3)}

"""Per-rule fix fixtures: each `tests/fixtures/<ID>/fail_<format>.xml` of a rule that can fix is
fixed with only its rule selected (unsafe fixes too), and the result is its reviewed snapshot
`fail_<format>.fixed.xml`. The fixed document changes exactly the spans the findings' fixes name
(every other byte as it was), re-lints without the findings that were fixed, and a second
`--fix` changes nothing. The rule file's `fix = "always" | "sometimes" | "none"` is checked
against what the rule's findings carry."""

from __future__ import annotations

from pathlib import Path

import pytest

from cfguard.core.findings import Finding
from cfguard.core.fixes import TextEdit
from cfguard.engine import lint, load
from cfguard.fixing.session import fix_document
from cfguard.model import Distribution
from cfguard.rules.registry import Rule, all_rules, get_rule
from cfguard.rules.settings import Settings
from tests.conftest import FIXTURES
from tests.snapshots import assert_snapshot

# The XML fixtures, and of each rule that fixes, its current-format ones as the AWS CLI writes
# them (`fail_current.json`: the XML read by botocore's own parser, bench/generate.py CliJson),
# a CloudFormation template (`fail_template.yaml`) and a Terraform file (`fail_terraform.tf`):
# each a clean distribution with the rule's one problem.
FAILING = sorted(
    path
    for suffix in ("xml", "json", "yaml", "tf")
    for path in FIXTURES.glob(f"CFG*/fail_*.{suffix}")
)
FAILING = [path for path in FAILING if "." not in path.stem]


def _settings(path: Path) -> Settings:
    return Settings(enabled=frozenset({path.parent.name}))


def _findings(path: Path, data: bytes | None = None) -> tuple[Finding, ...]:
    """The fixture's findings, against its `<stem>.baseline.xml` where it has one (CFG201)."""
    data = path.read_bytes() if data is None else data
    before = path.with_name(f"{path.stem}.baseline.xml")
    if not before.exists():
        return lint(data, path.name, _settings(path)).findings
    baseline = load(before.read_bytes(), Settings(enabled=frozenset())).model
    assert isinstance(baseline, Distribution)
    return lint(data, path.name, _settings(path), baseline=baseline).findings


def apply_text_edits(text: str, edits: list[TextEdit]) -> str:
    """The text with each edit made, by line and column as the report gives them: written
    here, apart from cfguard's own code, so the fixed file is checked against the report."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    for edit in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        start = offset(edit.line, edit.column)
        end = offset(edit.end_line, edit.end_column)
        text = text[:start] + edit.text + text[end:]
    return text


def fixed_by_the_report(data: bytes, name: str, settings: Settings) -> tuple[str, int]:
    """The document as the report's fixes leave it, and how many were made: lint, make every
    fix whose edits overlap no other's (in file order), and again, until none is left."""
    text, made = data.decode("utf-8"), 0
    for _ in range(10):
        taken: list[tuple[int, int, int, int]] = []
        chosen: list[TextEdit] = []
        for finding in lint(text.encode("utf-8"), name, settings).findings:
            edits = finding.fix.edits if finding.fix else ()
            spans = [(e.line, e.column, e.end_line, e.end_column) for e in edits]
            if not edits or any(_overlap(span, other) for span in spans for other in taken):
                continue
            taken.extend(spans)
            chosen.extend(edits)
            made += 1
        if not chosen:
            break
        text = apply_text_edits(text, chosen)
    return text, made


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return ((a[0], a[1]) < (b[2], b[3]) and (b[0], b[1]) < (a[2], a[3])) or a[:2] == b[:2]


#: CFG201's fix writes a new file beside the document and edits none: tested in test_fix.py.
WRITES_A_FILE = {"CFG201"}
FIXABLE = [
    path
    for path in FAILING
    if get_rule(path.parent.name).fix != "none" and path.parent.name not in WRITES_A_FILE
]


@pytest.mark.parametrize("path", FIXABLE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_fixed_fixture_is_the_reviewed_snapshot(path: Path) -> None:
    data = path.read_bytes()
    before = _findings(path)
    fixed = fix_document(data, path.name, _settings(path), unsafe=True)
    # Exactly the spans the report names change (round after round, where two fixes touch one
    # span, as a list's count); every other byte stays.
    assert (fixed.data.decode("utf-8"), fixed.applied) == fixed_by_the_report(
        data, path.name, _settings(path)
    )
    fixed_name = f"{path.stem}.fixed{path.suffix}"
    assert_snapshot(fixed.data.decode("utf-8"), path.with_name(fixed_name))
    # What was fixed is gone; what had no fix is still reported.
    after = _findings(path, fixed.data)
    assert len(after) == sum(1 for finding in before if finding.fix is None)
    again = fix_document(fixed.data, path.name, _settings(path), unsafe=True)
    assert (again.data, again.applied) == (fixed.data, 0)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_the_rule_file_says_whether_its_findings_carry_a_fix(rule: Rule) -> None:
    findings = [
        finding for path in FAILING if path.parent.name == rule.id for finding in _findings(path)
    ]
    carried = [finding.fix is not None for finding in findings]
    if rule.fix == "none":
        assert not any(carried), f"{rule.filename} says fix = none, but a finding carries one"
        assert "\n## Fix\n" not in "\n" + rule.documentation
    else:
        assert "\n## Fix\n" in "\n" + rule.documentation, f"{rule.filename} has no Fix section"
        assert any(carried), f"{rule.filename} says fix = {rule.fix}; no fixture finding has one"
    if rule.fix == "always":
        assert all(carried), f"{rule.filename} says fix = always; a fixture finding has none"


@pytest.mark.parametrize(
    "path", [p for p in FAILING if p.suffix == ".json"], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_the_cli_json_fixture_has_the_findings_of_its_xml(path: Path) -> None:
    def found(document: Path) -> list[tuple[str, bool]]:
        return [(f.rule_id, f.fix is not None) for f in _findings(document)]

    assert found(path) == found(path.with_suffix(".xml"))


def test_every_rule_that_can_fix_has_a_fixed_fixture() -> None:
    fixing = {rule.id for rule in all_rules() if rule.fix != "none"}
    assert fixing - WRITES_A_FILE == {path.parent.name for path in FIXABLE}
    # In the AWS CLI's JSON, CloudFormation and Terraform too, for each rule about distributions.
    for suffix in (".json", ".yaml", ".tf"):
        fixtures = {path.parent.name for path in FIXABLE if path.suffix == suffix}
        assert fixing - WRITES_A_FILE - {"CFG202"} == fixtures, suffix
    assert fixing == {
        "CFG101",
        "CFG103",
        "CFG105",
        "CFG106",
        "CFG201",
        "CFG202",
        "CFG301",
        "CFG302",
        "CFG401",
        "CFG402",
    }

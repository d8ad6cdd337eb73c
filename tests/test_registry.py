"""Meta-tests that keep the one-text-per-rule promise honest."""

from __future__ import annotations

import re

import pytest

from cfguard.checks import BATCH_CHECKS, DISTRIBUTION_CHECKS
from cfguard.cli.rules import markdown_table
from cfguard.rules.registry import all_rules, get_rule, resolve, resolve_selection
from tests.conftest import REPO

SECTIONS = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## References",
]


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_rule_file_is_complete(rule: object) -> None:
    text = rule.documentation  # type: ignore[attr-defined]
    positions = [text.find(section) for section in SECTIONS]
    assert all(p >= 0 for p in positions), f"{rule}: missing sections"
    assert positions == sorted(positions), "sections out of order"
    assert rule.filename == f"{rule.id}-{rule.name}.md"  # type: ignore[attr-defined]
    assert re.fullmatch(r"CFG\d{3}", rule.id)  # type: ignore[attr-defined]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)  # type: ignore[attr-defined]


def test_every_rule_has_logic_and_every_check_has_a_rule() -> None:
    rule_ids = {rule.id for rule in all_rules()}
    specs = [*DISTRIBUTION_CHECKS, *BATCH_CHECKS]
    check_ids = {spec.rule_id for spec in specs}
    assert len(specs) == len(check_ids), "a rule with two checks"
    assert [s.rule_id for s in DISTRIBUTION_CHECKS] == sorted(
        s.rule_id for s in DISTRIBUTION_CHECKS
    )
    for spec in specs:
        assert spec.document in get_rule(spec.rule_id).documents, spec.rule_id
    assert check_ids <= rule_ids, f"checks without a rules/ file: {check_ids - rule_ids}"
    engine_rules = {rule.id for rule in all_rules() if rule.reported_by == "engine"}
    assert rule_ids - engine_rules == check_ids, (
        f"rules without a check: {rule_ids - engine_rules - check_ids}"
    )
    assert not engine_rules & check_ids, (
        f'`reported-by = "engine"` with a check: {engine_rules & check_ids}'
    )


def test_names_are_unique() -> None:
    names = [rule.name for rule in all_rules()]
    assert len(names) == len(set(names))


def test_selectors() -> None:
    assert resolve("http-allowed").rules == ("CFG101",)
    assert resolve("HTTP-ALLOWED").rules == ("CFG101",)
    assert set(resolve("CFG1").rules) >= {"CFG101", "CFG102"}
    assert set(resolve("cfg10").rules) >= {"CFG101", "CFG102"}
    assert "CFG101" not in resolve_selection(None, ["CFG10"])
    assert resolve_selection(["ALL"], []) == {r.id for r in all_rules()}


def test_readme_rules_table_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rules-table:start -->\n", 1)[1].split("<!-- rules-table:end -->")[0]
    assert block == markdown_table(), (
        "README rules table is stale: replace it with `cfguard rules --format markdown`"
    )

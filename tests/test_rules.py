"""Per-rule fixtures: each `tests/fixtures/<ID>/{pass,fail}_<format>.xml` is checked with only its
rule selected. pass_* must give no finding; fail_* must give exactly the lines in fail_*.snap —
the text a user sees."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cfguard.engine import lint, load
from cfguard.formatters.text_lines import finding_line
from cfguard.rules.registry import RuleError, all_rules, get_rule, resolve_one
from cfguard.rules.settings import Settings
from tests.conftest import FIXTURES
from tests.snapshots import assert_snapshot

# `<stem>.baseline.xml` and `<stem>.invalidation*.xml` beside a fixture are its previous version
# and its invalidations (change-aware rules), not cases of their own.
CASES = sorted(p for p in FIXTURES.glob("CFG*/*.xml") if "." not in p.stem)


@pytest.fixture(autouse=True)
def _pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # CFG201 suggests a CallerReference with today's date; snapshots need a fixed one.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01


def _model(path: Path) -> Any:
    return load(path.read_bytes(), Settings(enabled=frozenset())).model


def _enabled(path: Path, rule_id: str) -> frozenset[str]:
    """The fixture's rule; for CFG901/CFG902 also the rules its suppression comments name
    (CFG901 reports an unused suppression only when the rule it names ran)."""
    if rule_id not in ("CFG901", "CFG902"):
        return frozenset({rule_id})
    named = re.findall(r"cfguard:\s*(?:file-)?ignore\[([^\]]*)\]", path.read_text("utf-8"))
    tokens = [token.strip() for group in named for token in group.split(",")]
    return frozenset({rule_id} | {r for t in tokens for r in _named(t)})


def _named(token: str) -> tuple[str, ...]:
    try:
        return (resolve_one(token).id,)
    except RuleError:  # the fixture's point may be an unknown rule or a prefix
        return ()


def lint_with_only(path: Path, rule_id: str) -> list[str]:
    baseline = path.with_name(f"{path.stem}.baseline.xml")
    batches = sorted(path.parent.glob(f"{path.stem}.invalidation*.xml"))
    result = lint(
        path.read_bytes(),
        path.name,
        Settings(enabled=_enabled(path, rule_id)),
        baseline=_model(baseline) if baseline.exists() else None,
        invalidations=[_model(batch) for batch in batches],
    )
    return [finding_line(result.path, finding) for finding in result.findings]


@pytest.mark.parametrize(
    "path",
    [p for p in CASES if p.name.startswith("pass_")],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_pass_fixture_has_no_finding(path: Path) -> None:
    assert lint_with_only(path, path.parent.name) == []


@pytest.mark.parametrize(
    "path",
    [p for p in CASES if p.name.startswith("fail_")],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_fail_fixture_matches_snapshot(path: Path) -> None:
    lines = lint_with_only(path, path.parent.name)
    assert lines, f"{path} should fail {path.parent.name}"
    assert all(f": {path.parent.name} [" in line for line in lines)
    assert_snapshot("\n".join(lines) + "\n", path.with_suffix(".snap"))


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_has_pass_and_fail_fixtures_for_each_format(rule: object) -> None:
    rule = get_rule(rule.id)  # type: ignore[attr-defined]
    folder = FIXTURES / rule.id
    for fmt in rule.dialects:
        assert (folder / f"fail_{fmt}.xml").exists(), f"{rule.id}: no fail_{fmt}.xml"
        assert (folder / f"pass_{fmt}.xml").exists(), f"{rule.id}: no pass_{fmt}.xml"

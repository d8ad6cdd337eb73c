"""`--fix --unsafe-fixes` over mutated documents of every syntax: good values turned bad at
random occurrences (a viewer policy to allow-all, an origin to http-only, a TLS floor to TLSv1,
SNI to vip, an alias to capitals, a bucket to its bare name, an invalidation path without its
"/", an origin protocol to SSLv3). Whatever the mix, the fixed document parses and validates
as well as before, differs from the input only in the spans the report's fixes name, keeps no
finding that has a fix, and a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfguard.engine import lint
from cfguard.fixing.session import fix_document
from cfguard.rules.registry import all_rules
from cfguard.rules.settings import Settings
from tests.conftest import FIXTURES, REPO
from tests.test_fix_fixtures import fixed_by_the_report

EXAMPLES = REPO / "examples"
SEEDS: list[tuple[str, str]] = [
    (path.name, path.read_text(encoding="utf-8"))
    for path in [
        EXAMPLES / "secure-distribution.xml",
        EXAMPLES / "secure-distribution.json",
        EXAMPLES / "insecure-stack.yaml",
        EXAMPLES / "terraform" / "main.tf",
        *sorted(FIXTURES.glob("CFG1*/pass_current.xml")),
        *sorted(FIXTURES.glob("CFG2*/pass_*.xml")),
        *sorted(FIXTURES.glob("CFG3*/pass_current.xml")),
        *sorted(FIXTURES.glob("CFG4*/pass_current.xml")),
    ]
]
MUTATIONS = [
    ("redirect-to-https", "allow-all"),
    ("https-only", "http-only"),
    ("TLSv1.2_2021", "TLSv1"),
    ("TLSv1.2_2021", "TLSv1.1_2016"),
    ("sni-only", "vip"),
    ("www.example.com", "WWW.Example.com"),
    ("logs.s3.amazonaws.com", "logs"),
    ("<Path>/", "<Path>"),
    (">TLSv1.2<", ">SSLv3<"),
    ('"TLSv1.2"', '"TLSv1"'),
    ("- TLSv1.2", "- TLSv1.1"),
]
ALL_RULES = Settings(enabled=frozenset(rule.id for rule in all_rules()))
_SYNTAX_RULES = {"CFG001", "CFG002", "CFG003"}


def _mutated(seed: int, picks: list[tuple[int, int]]) -> tuple[str, str]:
    name, text = SEEDS[seed % len(SEEDS)]
    for mutation, occurrence in picks:
        good, bad = MUTATIONS[mutation % len(MUTATIONS)]
        count = text.count(good)
        if not count:
            continue
        index = -1
        for _ in range(occurrence % count + 1):
            index = text.index(good, index + 1)
        text = text[:index] + bad + text[index + len(good) :]
    return name, text


def _syntax_problems(data: bytes, name: str) -> int:
    return sum(f.rule_id in _SYNTAX_RULES for f in lint(data, name, ALL_RULES).findings)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    st.integers(min_value=0),
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 5)), min_size=1, max_size=5),
)
def test_fix_of_a_mutated_document_changes_only_what_the_fixes_name(
    seed: int, picks: list[tuple[int, int]]
) -> None:
    name, text = _mutated(seed, picks)
    data = text.encode("utf-8")
    fixed = fix_document(data, name, ALL_RULES, unsafe=True)
    assert fixed.notes == ()
    assert (fixed.data.decode("utf-8"), fixed.applied) == fixed_by_the_report(data, name, ALL_RULES)
    assert _syntax_problems(fixed.data, name) <= _syntax_problems(data, name)
    after = lint(fixed.data, name, ALL_RULES).findings
    assert [f.rule_id for f in after if f.fix] == []
    again = fix_document(fixed.data, name, ALL_RULES, unsafe=True)
    assert (again.data, again.applied) == (fixed.data, 0)


def test_the_seeds_cover_every_syntax() -> None:
    suffixes = {Path(name).suffix for name, _ in SEEDS}
    assert suffixes == {".xml", ".json", ".yaml", ".tf"}

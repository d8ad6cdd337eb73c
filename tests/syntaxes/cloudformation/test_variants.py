"""The findings of the variants of one document, merged (`cfguard.core.variants`): once each, and
what only some variants find with the conditions that lead to it."""

from __future__ import annotations

from cfguard.core.findings import Finding, Location, Severity
from cfguard.core.variants import describe, merge

TT = (("A", True), ("B", True))
TF = (("A", True), ("B", False))
FT = (("A", False), ("B", True))
FF = (("A", False), ("B", False))
EVERY = (TT, TF, FT, FF)


def finding(message: str, line: int = 1) -> Finding:
    return Finding("CFG101", "http-allowed", Severity.ERROR, message, Location(line, 1, "x"))


def test_what_every_variant_finds_is_reported_once_as_it_is() -> None:
    same = finding("always")
    assert merge([(variant, [same]) for variant in EVERY]) == [same]


def test_what_some_variants_find_names_their_conditions() -> None:
    merged = merge([(TT, [finding("a")]), (TF, [finding("a")]), (FT, []), (FF, [finding("b")])])
    assert [f.message for f in merged] == [
        "a (when condition A is true)",
        "b (when condition A is false and condition B is false)",
    ]


def test_variants_no_single_set_of_values_describes_are_each_named() -> None:
    assert describe([TF, FT], EVERY) == (
        "when condition A is true and condition B is false, or condition A is false and "
        "condition B is true"
    )


def test_one_variant_is_its_findings() -> None:
    found = [finding("x"), finding("x")]
    assert merge([((), found)]) == found


def test_what_only_another_allowed_value_finds_is_an_info_note() -> None:
    base, other = finding("base"), finding("other", 2)
    merged = merge([((), [base]), ((("Policy", "allow-all"),), [base, other])])
    assert [(f.message, f.severity) for f in merged] == [
        ("base", Severity.ERROR),
        ("other (if parameter Policy is allow-all, which its AllowedValues admit)", Severity.INFO),
    ]

"""The model's three states of a value (absent, literal, unknown), and the rules' silence on
unknowns: a distribution whose every value is an unresolved expression gives no finding."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cfguard.checks.context import Context
from cfguard.core.document import DocumentType
from cfguard.core.findings import Hit, Location
from cfguard.engine import run_checks
from cfguard.model import Behavior, Undecided, Unknown, Value, ViewerProtocol, decided, detach
from cfguard.rules.registry import all_rules
from cfguard.rules.settings import Settings
from cfguard.syntaxes import get_syntax
from tests.model_builders import CURRENT, LEGACY, batch, insecure, literal, unknown

EVERY_RULE = Settings(enabled=frozenset(rule.id for rule in all_rules()))
SPELLING = get_syntax("xml").spelling
HERE = Location(7, 3, "/DistributionConfig/Comment")
HTTPS_ONLY = ViewerProtocol.HTTPS_ONLY


def test_a_literal_reads_as_itself() -> None:
    value = Value("https-only", HERE)
    assert value.value == "https-only"
    assert not value.is_unknown
    assert value == Value("https-only", HERE)


def test_reading_an_unknown_is_undecided() -> None:
    value = Value.unknown(HERE, "!GetAtt Certificate.Arn")
    assert value.is_unknown
    assert value.expression == "!GetAtt Certificate.Arn"
    assert value.location == HERE
    with pytest.raises(Undecided, match=r"!GetAtt Certificate\.Arn"):
        _ = value.value
    assert value != Value(None, HERE)  # an unknown is never a literal, not even None


def test_an_unknown_viewer_policy_accepts_http_undecided() -> None:
    behavior = insecure(unknown).behaviors[0]
    assert isinstance(behavior.viewer_protocol, Unknown)
    with pytest.raises(Undecided):
        _ = behavior.accepts_http


def test_decided_keeps_what_was_said_before_an_unknown_and_nothing_after() -> None:
    values = (Value("a", HERE), Value.unknown(HERE, "var.b"), Value("c", HERE))

    def check(model: tuple[Value[str], ...], context: None) -> Iterator[Hit]:
        for value in model:
            yield Hit(value.location, value.value)

    assert [hit.message for hit in decided(check, values, None)] == ["a"]


@pytest.mark.parametrize("document", [CURRENT, LEGACY], ids=["current", "legacy"])
def test_the_insecure_distribution_breaks_rules_with_literals(document: DocumentType) -> None:
    # The test below is only worth something if the same model with literals is reported.
    model = insecure(literal, document)
    context = Context(baseline=insecure(literal, document), invalidations=(batch(literal),))
    rules = {f.rule_id for f in run_checks(model, context, EVERY_RULE, SPELLING)}
    expected = {"CFG101", "CFG106", "CFG302", "CFG303", "CFG401"}
    if document is CURRENT:
        expected |= {"CFG103", "CFG104", "CFG105", "CFG402"}
    assert rules == expected


def test_the_rules_a_disabled_logging_and_a_custom_certificate_hide_see_literals() -> None:
    # CFG102 (no certificate for the aliases), CFG201 (a switch to HTTPS) and CFG301 (the
    # logging bucket) need a variant of the insecure distribution.
    https = Behavior("default", "the default cache behavior", None, HTTPS_ONLY, HERE, "web")
    base = insecure(literal)
    logging = base.logging._replace(enabled=Value(True, HERE))
    model = base._replace(behaviors=(https,), certificate=None, logging=logging)
    context = Context(baseline=insecure(literal))
    rules = {f.rule_id for f in run_checks(model, context, EVERY_RULE, SPELLING)}
    assert {"CFG102", "CFG201", "CFG301"} <= rules
    silent = model._replace(
        aliases=tuple(Value.unknown(a.location, "var.alias") for a in model.aliases),
        behaviors=(https._replace(viewer_protocol=Unknown("var.policy")),),
        logging=logging._replace(bucket=Value.unknown(HERE, "!Ref LogBucket")),
    )
    rules = {f.rule_id for f in run_checks(silent, context, EVERY_RULE, SPELLING)}
    assert not rules & {"CFG102", "CFG201", "CFG301"}


@pytest.mark.parametrize("document", [CURRENT, LEGACY], ids=["current", "legacy"])
def test_a_distribution_whose_every_value_is_unknown_gives_no_finding(
    document: DocumentType,
) -> None:
    model = insecure(unknown, document)
    context = Context(baseline=insecure(unknown, document), invalidations=(batch(unknown),))
    assert run_checks(model, context, EVERY_RULE, SPELLING) == []


def test_an_invalidation_batch_of_unknown_paths_gives_no_finding() -> None:
    assert {f.rule_id for f in run_checks(batch(literal), Context(), EVERY_RULE, SPELLING)} == {
        "CFG202"
    }
    assert run_checks(batch(unknown), Context(), EVERY_RULE, SPELLING) == []


def test_a_distribution_carries_its_address() -> None:
    assert insecure().address is None  # as an XML body: it names none
    assert insecure(address="AWS::CloudFront::Distribution Site").address == (
        "AWS::CloudFront::Distribution Site"
    )


def test_a_model_with_unknowns_detaches() -> None:
    model = insecure(unknown)
    assert detach(model) is model

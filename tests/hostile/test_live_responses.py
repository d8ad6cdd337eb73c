"""Whatever a CloudFront endpoint answers (a compromised proxy, a broken mock, a future API), a
live scan never crashes, never writes outside `--save DIR`, and reports every distribution it
got: a result or one line saying why not. Driven in-process through a stand-in client, so the
answers can be shapes botocore itself would never produce; `CFGUARD_FUZZ_EXAMPLES` sets the
fuzzing count."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfguard.core.tally import Tally
from cfguard.live.scan import ScanOptions, scan
from cfguard.rules.registry import all_rules
from cfguard.rules.settings import Settings
from tests.hostile.test_fuzz import EXAMPLES, TOKENS

ALL_RULES = Settings(enabled=frozenset(rule.id for rule in all_rules()))
ARN = "arn:aws:cloudfront::123456789012:distribution/"


class StandIn:
    """A client whose answers are given: `pages` for ListDistributions, `configs` by id."""

    def __init__(self, pages: list[Any], configs: dict[str, Any]) -> None:
        self.pages = pages
        self.configs = configs
        self.calls: list[str] = []

    def list_distributions(self, **arguments: Any) -> Any:
        self.calls.append("ListDistributions")
        return self.pages[min(len(self.calls) - 1, len(self.pages) - 1)]

    def get_distribution_config(self, Id: str) -> Any:
        self.calls.append("GetDistributionConfig")
        answer = self.configs[Id]
        if isinstance(answer, BaseException):
            raise answer
        return answer


def _listing(*ids: object) -> dict[str, Any]:
    items = [{"Id": identifier, "ARN": f"{ARN}{identifier}"} for identifier in ids]
    return {"DistributionList": {"Items": items, "IsTruncated": False, "Quantity": len(items)}}


def _scan(client: StandIn, save: Path | None = None) -> tuple[list[Any], Tally]:
    tally = Tally()
    options = ScanOptions(save=str(save) if save is not None else None)
    return list(scan(client, options, ALL_RULES, tally)), tally


@pytest.mark.parametrize("identifier", ["../../evil", "a/b", "..", "E1\nE2", "É1", ".hidden"])
def test_an_id_that_is_not_a_file_name_is_never_a_path(identifier: str, tmp_path: Path) -> None:
    save = tmp_path / "saved"
    save.mkdir()
    config = {"ETag": "E1", "DistributionConfig": {"CallerReference": "x", "Enabled": True}}
    results, tally = _scan(StandIn([_listing(identifier)], {identifier: config}), save)
    assert [result.path for result in results] == [f"{ARN}{identifier}"]  # checked all the same
    assert [problem.path for problem in tally.problems] == [str(save)]
    assert "is no file name" in tally.problems[0].message
    assert sorted(os.listdir(tmp_path)) == ["saved"]
    assert os.listdir(save) == []


@pytest.mark.parametrize(
    "answer",
    [
        {},
        {"DistributionConfig": None},
        {"DistributionConfig": "text"},
        {"DistributionConfig": []},
        {"ETag": None, "DistributionConfig": {}},
        {"ETag": 5, "DistributionConfig": {"Origins": {"Items": [None, 1, "x"]}}},
        {"DistributionConfig": {"DefaultCacheBehavior": {"ViewerProtocolPolicy": ["allow-all"]}}},
        ValueError("a bug in a stand-in"),
        KeyError("ETag"),
    ],
)
def test_a_malformed_answer_is_a_result_or_one_line(answer: Any) -> None:
    results, tally = _scan(StandIn([_listing("E1")], {"E1": answer}))
    assert len(results) + len(tally.problems) == 1
    for problem in tally.problems:
        assert "\n" not in str(problem)


@pytest.mark.parametrize(
    "page",
    [
        None,
        {},
        {"DistributionList": None},
        {"DistributionList": {"Items": None}},
        {"DistributionList": {"Items": [None, 1, {"Id": 5}, {"ARN": "x"}]}},
        {"DistributionList": {"Items": [], "IsTruncated": True, "NextMarker": None}},
    ],
)
def test_a_malformed_listing_checks_nothing_it_cannot_name(page: Any) -> None:
    results, tally = _scan(StandIn([page], {}))
    assert results == []
    assert len(tally.problems) <= 1


VALUES = st.recursive(
    st.one_of(
        st.sampled_from(TOKENS), st.text(max_size=10), st.integers(), st.booleans(), st.none()
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
MEMBERS = st.sampled_from(
    ["CallerReference", "Origins", "DefaultCacheBehavior", "ViewerCertificate", "Logging",
     "Aliases", "CacheBehaviors", "Enabled", "Items", "Quantity"]
)  # fmt: skip


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(config=st.dictionaries(MEMBERS, VALUES, max_size=6), etag=VALUES)
def test_fuzzed_configurations_are_checked_or_told(config: Any, etag: Any) -> None:
    answer = {"ETag": etag, "DistributionConfig": config}
    results, tally = _scan(StandIn([_listing("E1", "E2")], {"E1": answer, "E2": answer}))
    assert len(results) + len(tally.problems) == 2
    names = [result.path for result in results] + [problem.path for problem in tally.problems]
    assert sorted(names) == [f"{ARN}E1", f"{ARN}E2"]

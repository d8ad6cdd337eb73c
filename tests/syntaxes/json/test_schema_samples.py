"""Real CLI and SDK JSON (tests/syntaxes/json/data/, see PROVENANCE.md there) against its shape.

Every aws-cli example validates with no finding: the model, the CLI's way of printing results
(paginated lists, ISO 8601 timestamps, header members at the top) and the service's own quirks
(a summary's capitalised `HttpVersion`) are all in the shapes file. botocore's response-parsing
fixtures are 2014-05-31 responses written by hand: their findings are pinned, each one a real
difference from the 2020-05-31 API. Also the cost of a validation, which runs on every check.
"""

from __future__ import annotations

import timeit
from pathlib import Path

import pytest

from cfguard.syntaxes.json.schema import validate
from cfguard.syntaxes.json.schema.shapes import roots, shapes
from tests.syntaxes.json.trees import tree

DATA = Path(__file__).resolve().parent / "data"

#: Each aws-cli example's document and the shape it is. The distribution-tenant and
#: connection-mode results have the same members as the ones named.
EXAMPLES = {
    "create-distribution-with-tags-1": "DistributionConfigWithTags",
    "create-distribution-with-tags-2": "CreateDistributionWithTagsResult",
    "create-distribution-1": "CreateDistributionResult",
    "create-distribution-2": "DistributionConfig",
    "create-distribution-3": "DistributionConfig",
    "create-distribution-4": "CreateDistributionResult",
    "create-distribution-5": "DistributionConfig",
    "create-distribution-6": "CreateDistributionResult",
    "create-invalidation-for-distribution-tenant-1": "CreateInvalidationResult",
    "create-invalidation-1": "CreateInvalidationResult",
    "create-invalidation-2": "InvalidationBatch",
    "create-invalidation-3": "CreateInvalidationResult",
    "get-distribution-config-1": "GetDistributionConfigResult",
    "get-distribution-1": "GetDistributionResult",
    "get-invalidation-for-distribution-tenant-1": "GetInvalidationResult",
    "get-invalidation-1": "GetInvalidationResult",
    "list-distributions-by-connection-mode-1": "ListDistributionsResult",
    "list-distributions-1": "ListDistributionsResult",
    "list-invalidations-1": "ListInvalidationsResult",
    "update-distribution-1": "UpdateDistributionResult",
    "update-distribution-2": "DistributionConfig",
    "update-distribution-3": "UpdateDistributionResult",
}

_QUANTITY = "they must agree (CloudFront answers InconsistentQuantities otherwise)"
#: botocore's fixtures: (file, shape) -> every finding (line, column, path, message).
BOTOCORE = {
    ("get-distribution", "GetDistributionResult"): [
        (2, 5, "Distribution", 'Missing required parameter in Distribution: "ARN"'),
        (
            100,
            9,
            "Distribution.ActiveTrustedSigners",
            'Missing required parameter in Distribution.ActiveTrustedSigners: "Enabled"',
        ),
        (
            113,
            37,
            "Distribution.ActiveTrustedSigners.Items[1].KeyPairIds.Quantity",
            f'"Quantity" is 2 but there is no "Items"; {_QUANTITY}',
        ),
    ],
    ("get-invalidation", "GetInvalidationResult"): [],
    ("list-distributions", "ListDistributionsResult"): [
        (
            4,
            13,
            "DistributionList.Items[0]",
            'Missing required parameters in DistributionList.Items[0]: "ARN", '
            '"CustomErrorResponses", "HttpVersion", "IsIPV6Enabled", "Restrictions", '
            '"Staging", "WebACLId"',
        ),
    ],
    ("list-invalidations", "ListInvalidationsResult"): [
        (
            line,
            13,
            f"InvalidationList.Items[{index}]",
            f'Missing required parameter in InvalidationList.Items[{index}]: "CreateTime"',
        )
        for index, line in enumerate((4, 8))
    ],
}


def _findings(path: Path, shape: str) -> list[tuple[int, int | None, str | None, str]]:
    parsed = tree(path.read_text(encoding="utf-8"))
    return [
        (hit.location.line, hit.location.column, hit.location.path, str(hit.message))
        for hit in validate(parsed, parsed.root, shape, "")
    ]


def test_every_copied_document_is_tested() -> None:
    named = {f"aws-cli-examples-{stem}.json" for stem in EXAMPLES}
    named |= {f"botocore-response-parsing-cloudfront-{stem}.json" for stem, _ in BOTOCORE}
    assert {path.name for path in DATA.glob("*.json")} == named
    inputs, outputs = roots()
    assert set(EXAMPLES.values()) <= set(inputs) | set(outputs)


@pytest.mark.parametrize(("stem", "shape"), EXAMPLES.items())
def test_an_aws_cli_example_gives_nothing(stem: str, shape: str) -> None:
    assert _findings(DATA / f"aws-cli-examples-{stem}.json", shape) == []


@pytest.mark.parametrize(("key", "expected"), BOTOCORE.items(), ids=[k for k, _ in BOTOCORE])
def test_a_botocore_fixture_gives_its_2014_differences(
    key: tuple[str, str], expected: list[tuple[int, int, str, str]]
) -> None:
    stem, shape = key
    found = _findings(DATA / f"botocore-response-parsing-cloudfront-{stem}.json", shape)
    assert found == expected


def test_the_shapes_are_read_once() -> None:
    assert shapes() is shapes()


def test_validating_a_5_kb_document_takes_well_under_a_millisecond() -> None:
    # ~0.1 ms on the development machine; the bound leaves room for a slow CI runner
    parsed = tree((DATA / "aws-cli-examples-create-distribution-4.json").read_text())
    assert len(parsed.text) > 4000
    validate(parsed, parsed.root, "CreateDistributionResult", "")
    best = min(
        timeit.repeat(
            lambda: validate(parsed, parsed.root, "CreateDistributionResult", ""),
            number=20,
            repeat=5,
        )
    )
    assert best / 20 < 0.001

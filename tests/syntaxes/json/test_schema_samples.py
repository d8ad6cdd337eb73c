"""Real CLI and SDK JSON (tests/syntaxes/json/data/, see PROVENANCE.md there) against its shape.

Every aws-cli example validates with no finding: the model, the CLI's way of printing results
(paginated lists, ISO 8601 timestamps, header members at the top) and the service's own quirks
(a summary's capitalised `HttpVersion`) are all in the shapes file. botocore's response-parsing
fixtures are 2014-05-31 responses written by hand: their findings are pinned, each one a real
difference from the 2020-05-31 API. Also the cost of a validation, which runs on every check.
"""

from __future__ import annotations

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

#: botocore's fixtures, hand-written 2014-05-31 responses: (file, shape). Each lacks members the
#: service has added to its responses since (a distribution's `ARN`, seven members of a list
#: summary, an invalidation summary's `CreateTime`) and one lists `KeyPairIds` outside `Items`;
#: none of that is in what is sent back to CloudFront, so none is a finding (`validate._sent`).
BOTOCORE = [
    ("get-distribution", "GetDistributionResult"),
    ("get-invalidation", "GetInvalidationResult"),
    ("list-distributions", "ListDistributionsResult"),
    ("list-invalidations", "ListInvalidationsResult"),
]


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


@pytest.mark.parametrize(("stem", "shape"), BOTOCORE, ids=[stem for stem, _ in BOTOCORE])
def test_a_2014_botocore_response_gives_nothing(stem: str, shape: str) -> None:
    found = _findings(DATA / f"botocore-response-parsing-cloudfront-{stem}.json", shape)
    assert found == []


def test_what_a_response_holds_of_the_configuration_is_checked_in_full() -> None:
    text = (DATA / "botocore-response-parsing-cloudfront-get-distribution.json").read_text()
    broken = text.replace('"CallerReference": "example.com2012-04-11-5:09pm", ', "", 1)
    parsed = tree(broken)
    messages = [
        str(hit.message) for hit in validate(parsed, parsed.root, "GetDistributionResult", "")
    ]
    assert messages == [
        'Missing required parameter in Distribution.DistributionConfig: "CallerReference"'
    ]


def test_the_shapes_are_read_once() -> None:
    assert shapes() is shapes()

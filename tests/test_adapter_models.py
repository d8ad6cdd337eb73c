"""The XML adapters' models, pinned per document (issue 13: tests that pin the seams).

Every XML document of the real corpus (`tests/data/cloudfront-fixtures/`) and of the rule
fixtures (`tests/fixtures/`) goes through the syntax seam as the engine drives it,
`parse -> documents -> adapt` on `get_syntax("xml")`, and what comes out is written as JSON and
compared with `tests/adapter_models/<corpus|fixtures>/<same relative path>.json`: each value's
literal and expression, each location's line, column, end, xpath, neutral path, identity and
resource, enums by their value. A document the seam refuses (CFG001, CFG002) or skips is
recorded as such, so the list of documents is pinned too. The rules read only this model, so
a change in an adapter that moves a value, drops it or reads it differently fails here even
when no rule notices.

Set CFGUARD_UPDATE_SNAPSHOTS=1 to write `<name>.json.new` beside each expected file that
differs (`tests/snapshots.py`); read each against its document like code, then rename it over
the `.json`.

The hand-written tests below state model facts a user would notice: a legacy document and its
current equivalent, absent against empty values, the inner configuration of a
`DistributionConfigWithTags`, and when no model is built.
"""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cfguard.core.document import DocumentType
from cfguard.core.findings import Location
from cfguard.model import (
    Distribution,
    Document,
    InvalidationBatch,
    Unknown,
    Value,
    ViewerProtocol,
)
from cfguard.syntaxes import Detected, Refused, Skipped, get_syntax
from tests.conftest import FIXTURES, REPO, SHARED_COPY, TESTS
from tests.snapshots import assert_snapshot

XML = get_syntax("xml")
EXPECTED = TESTS / "adapter_models"
#: Each tree of documents and the folder of `EXPECTED` its expected models are kept in.
TREES = {"corpus": SHARED_COPY, "fixtures": FIXTURES}
# A `*.fixed.xml` is a fixture's --fix output (tests/test_fix_fixtures.py), not a document of
# its own: its model differs from its fixture's only in the values fixed.
DOCUMENTS = [
    (name, path)
    for name, tree in TREES.items()
    for path in sorted(tree.rglob("*.xml"))
    if not path.name.endswith(".fixed.xml")
]
LOCATED = "(located)"
WIDTH = 100  # a JSON object or list that fits on one line within this is written on one


# --- the model as JSON ------------------------------------------------------------------------


def location_json(location: Location) -> dict[str, Any]:
    return {
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
        "xpath": location.xpath,
        "path": location.path,
        "identity": location.identity,
        "resource": location.resource,
        # Only where a value is not written where it applies (a CloudFormation parameter's
        # default, at the `!Ref`): every XML and JSON model is without it.
        **({"via": location.via} if location.via is not None else {}),
    }


def as_json(item: object, locations: bool = True) -> Any:
    """The model (or any part of it) as plain JSON data: every field of every record, by name.

    Without `locations`, every `Location` is written as `LOCATED`, for comparing two documents
    that say the same thing in different places (a location that one has and the other has not
    is still a difference).
    """
    if isinstance(item, Location):
        return location_json(item) if locations else LOCATED
    if isinstance(item, Value):
        return {
            "literal": as_json(item.literal),
            "expression": item.expression,
            "location": as_json(item.location, locations),
        }
    if isinstance(item, Unknown):
        return {"unknown": item.expression}
    if isinstance(item, enum.Enum):
        return item.value
    if isinstance(item, DocumentType):
        return {
            "kind": item.kind.value,
            "dialect": item.dialect.value,
            "api_version": item.api_version,
        }
    if isinstance(item, tuple) and hasattr(item, "_fields"):  # the model's records
        return {name: as_json(getattr(item, name), locations) for name in item._fields}
    if isinstance(item, tuple):
        return [as_json(element, locations) for element in item]
    if item is None or isinstance(item, (str, bool, int)):
        return item
    raise TypeError(f"no JSON form for {type(item).__name__}: {item!r}")


def model_json(model: Document | None) -> dict[str, Any] | None:
    if model is None:
        return None
    return {"record": type(model).__name__, **as_json(model)}


def seam_json(data: bytes) -> list[dict[str, Any]]:
    """What the seam gives for one file: each document found, and the model of each."""
    tree = XML.parse(data)
    if isinstance(tree, Refused):
        return [refused_json(tree)]
    entries: list[dict[str, Any]] = []
    for found in XML.documents(tree):
        if isinstance(found, Skipped):
            entries.append({"skipped": found.reason})
        elif isinstance(found, Refused):
            entries.append(refused_json(found))
        else:
            entries.append(
                {
                    "detected": as_json(found.type),
                    "address": found.address,
                    "model": model_json(XML.adapt(found)),
                }
            )
    return entries


def refused_json(refused: Refused) -> dict[str, Any]:
    where = refused.hit.location
    return {"refused": refused.rule_id, "line": where.line, "column": where.column}


def dumps(item: Any, indent: int = 0, column: int = 0) -> str:
    """JSON indented by two, with an object or list on one line when it fits in `WIDTH` from
    `column`: short records read at a glance and long ones diff by field."""
    flat = json.dumps(item, ensure_ascii=False)
    if not isinstance(item, (dict, list)) or not item or column + len(flat) <= WIDTH:
        return flat
    inner = " " * (indent + 2)
    if isinstance(item, dict):
        members = []
        for key, value in item.items():
            head = f"{inner}{json.dumps(key, ensure_ascii=False)}: "
            members.append(head + dumps(value, indent + 2, len(head)))
        return "{\n" + ",\n".join(members) + "\n" + " " * indent + "}"
    members = [inner + dumps(value, indent + 2, len(inner)) for value in item]
    return "[\n" + ",\n".join(members) + "\n" + " " * indent + "]"


def render(path: Path) -> str:
    document = {"document": path.relative_to(REPO).as_posix(), "seam": seam_json(path.read_bytes())}
    return dumps(document) + "\n"


def expected_for(tree: str, path: Path) -> Path:
    return EXPECTED / tree / path.relative_to(TREES[tree]).with_suffix(".json")


def case_id(case: tuple[str, Path]) -> str:
    tree, path = case
    return f"{tree}/{path.relative_to(TREES[tree]).as_posix()}"


# --- every document against its expected model -------------------------------------------------


def test_the_documents_are_there() -> None:
    # An empty glob would make the parametrized test below pass by running nothing.
    counts = {name: sum(1 for tree, _ in DOCUMENTS if tree == name) for name in TREES}
    assert counts["corpus"] >= 31
    assert counts["fixtures"] >= 71


def test_every_expected_model_has_its_document() -> None:
    # An expected file left behind by a renamed or removed document would pin nothing.
    wanted = {expected_for(tree, path) for tree, path in DOCUMENTS}
    assert sorted(set(EXPECTED.rglob("*.json")) - wanted) == []


def test_the_json_form_has_every_field_of_a_location() -> None:
    # location_json lists the fields by hand: a field added to Location must be added there.
    slots = {name.lstrip("_") for name in Location.__slots__} - {"pending"}
    assert set(location_json(Location(1, 1, "/x", via="a parameter's Default"))) == slots


@pytest.mark.parametrize("case", DOCUMENTS, ids=case_id)
def test_model_matches_expected(case: tuple[str, Path]) -> None:
    tree, path = case
    expected = expected_for(tree, path)
    if os.environ.get("CFGUARD_UPDATE_SNAPSHOTS"):
        expected.parent.mkdir(parents=True, exist_ok=True)
    actual = render(path)
    json.loads(actual)  # the layout is still JSON
    if expected.exists() and not os.environ.get("CFGUARD_UPDATE_SNAPSHOTS"):
        # Compared here too, where pytest shows which lines differ (it does not rewrite the
        # assertion in tests/snapshots.py).
        assert actual.splitlines() == expected.read_text(encoding="utf-8").splitlines()
    assert_snapshot(actual, expected)


# --- model facts a user would notice ------------------------------------------------------------

CURRENT_NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
LEGACY_NS = "http://cloudfront.amazonaws.com/doc/2010-11-01/"


def model(text: str) -> Document | None:
    tree = XML.parse(text.encode("utf-8"))
    assert not isinstance(tree, Refused), tree
    [found] = XML.documents(tree)
    assert isinstance(found, Detected), found
    return XML.adapt(found)


def distribution(text: str) -> Distribution:
    built = model(text)
    assert isinstance(built, Distribution), built
    return built


def diff(left: Any, right: Any, where: str = "") -> Iterator[tuple[str, tuple[Any, Any]]]:
    """(`behaviors[0].label`, (left, right)) for each place two JSON forms differ: inside two
    objects, or two lists of one length, the members that differ; else the two whole."""
    if isinstance(left, dict) and isinstance(right, dict) and left.keys() == right.keys():
        for key in left:
            yield from diff(left[key], right[key], f"{where}.{key}" if where else key)
    elif isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            yield from diff(a, b, f"{where}[{index}]")
    elif left != right:
        yield where, (left, right)


def differences(a: Document, b: Document) -> dict[str, tuple[Any, Any]]:
    """Where two models differ, their locations left out (`LOCATED` for each)."""
    return dict(diff(as_json(a, locations=False), as_json(b, locations=False)))


LEGACY_DISTRIBUTION = f"""<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="{LEGACY_NS}">
  <S3Origin>
    <DNSName>my-site.s3.amazonaws.com</DNSName>
  </S3Origin>
  <CallerReference>site-2024-05-01</CallerReference>
  <CNAME>www.example.com</CNAME>
  <CNAME>static.example.com</CNAME>
  <Comment>the site</Comment>
  <Enabled>true</Enabled>
  <Logging>
    <Bucket>my-logs.s3.amazonaws.com</Bucket>
    <Prefix>cf/</Prefix>
  </Logging>
  <RequiredProtocols>
    <Protocol>https</Protocol>
  </RequiredProtocols>
</DistributionConfig>
"""

# The same distribution as a 2020-05-31 document: the origin needs an Id for the behavior to
# target, HTTPS-only is the default behavior's policy, and logging says it is enabled.
CURRENT_DISTRIBUTION = f"""<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="{CURRENT_NS}">
  <CallerReference>site-2024-05-01</CallerReference>
  <Aliases>
    <Quantity>2</Quantity>
    <Items>
      <CNAME>www.example.com</CNAME>
      <CNAME>static.example.com</CNAME>
    </Items>
  </Aliases>
  <Origins>
    <Quantity>1</Quantity>
    <Items>
      <Origin>
        <Id>site</Id>
        <DomainName>my-site.s3.amazonaws.com</DomainName>
        <S3OriginConfig>
          <OriginAccessIdentity></OriginAccessIdentity>
        </S3OriginConfig>
      </Origin>
    </Items>
  </Origins>
  <DefaultCacheBehavior>
    <TargetOriginId>site</TargetOriginId>
    <ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>
  </DefaultCacheBehavior>
  <Comment>the site</Comment>
  <Logging>
    <Enabled>true</Enabled>
    <IncludeCookies>false</IncludeCookies>
    <Bucket>my-logs.s3.amazonaws.com</Bucket>
    <Prefix>cf/</Prefix>
  </Logging>
  <Enabled>true</Enabled>
</DistributionConfig>
"""


def test_a_legacy_document_and_its_current_equivalent_give_the_same_model() -> None:
    legacy, current = distribution(LEGACY_DISTRIBUTION), distribution(CURRENT_DISTRIBUTION)
    # Apart from locations, they differ only where the two API shapes do.
    assert differences(legacy, current) == {
        "document.dialect": ("legacy", "current"),
        "document.api_version": ("2010-11-01", "2020-05-31"),
        "behaviors[0].label": ("the distribution", "the default cache behavior"),
        "behaviors[0].target_origin_id": (None, "site"),
        "origins[0].id": (None, "site"),
        "logging.enabled": (None, {"literal": True, "expression": None, "location": LOCATED}),
        # Legacy only: RequiredProtocols is the policy's element.
        "required_protocols": (LOCATED, None),
        "required_protocol": ({"literal": "https", "expression": None, "location": LOCATED}, None),
    }
    # What the rules read is the same: HTTPS only, the aliases, logging on, to the same bucket.
    for dist in (legacy, current):
        assert [b.accepts_http for b in dist.behaviors] == [False]
        assert [a.value for a in dist.aliases] == ["www.example.com", "static.example.com"]
        assert dist.logging is not None
        assert dist.logging.is_on
        assert dist.certificate is None
    assert legacy.required_protocols is not None
    assert legacy.required_protocols.xpath == "/DistributionConfig/RequiredProtocols"
    # Legacy aliases are located at the first CNAME, current ones at Aliases.
    assert legacy.aliases_location is not None
    assert legacy.aliases_location.xpath == "/DistributionConfig/CNAME[1]"
    assert current.aliases_location is not None
    assert current.aliases_location.xpath == "/DistributionConfig/Aliases"


def test_a_legacy_document_without_required_protocols_accepts_http_at_the_root() -> None:
    text = LEGACY_DISTRIBUTION.replace(
        "  <RequiredProtocols>\n    <Protocol>https</Protocol>\n  </RequiredProtocols>\n", ""
    )
    [behavior] = distribution(text).behaviors
    assert behavior.viewer_protocol is ViewerProtocol.ALLOW_ALL
    assert behavior.accepts_http
    # Nothing to point at but the element that should hold it.
    assert (behavior.location.xpath, behavior.location.line) == ("/DistributionConfig", 2)


def with_logging(logging: str) -> Distribution:
    return distribution(
        f'<DistributionConfig xmlns="{CURRENT_NS}"><CallerReference>r</CallerReference>'
        f"{logging}<Comment/><Enabled>true</Enabled></DistributionConfig>"
    )


def test_an_empty_value_is_an_empty_string_and_an_absent_one_is_none() -> None:
    empty = with_logging("<Logging><Enabled>true</Enabled><Bucket/><Prefix></Prefix></Logging>")
    assert empty.logging is not None
    assert empty.logging.bucket is not None
    assert empty.logging.bucket.value == ""
    assert empty.logging.bucket.location.xpath == "/DistributionConfig/Logging/Bucket"
    assert empty.logging.prefix is not None
    assert empty.logging.prefix.value == ""
    absent = with_logging("<Logging><Enabled>true</Enabled></Logging>")
    assert absent.logging is not None
    assert (absent.logging.bucket, absent.logging.prefix) == (None, None)
    # No Logging element at all: no logging, not a Logging of None values.
    assert with_logging("").logging is None


def test_an_enabled_flag_that_is_not_true_or_false_is_absent_not_false() -> None:
    # `1` is a schema error (CFG003); the model says nothing rather than guess.
    one = with_logging("<Logging><Enabled>1</Enabled><Bucket>b</Bucket></Logging>")
    assert one.logging is not None
    assert one.logging.enabled is None
    off = with_logging("<Logging><Enabled>false</Enabled></Logging>")
    assert off.logging is not None
    assert off.logging.enabled is not None
    assert off.logging.enabled.value is False
    assert not off.logging.is_on


def test_empty_aliases_are_located_and_absent_aliases_are_not() -> None:
    zero = distribution(
        f'<DistributionConfig xmlns="{CURRENT_NS}"><CallerReference>r</CallerReference>'
        "<Aliases><Quantity>0</Quantity></Aliases><Comment/><Enabled>true</Enabled>"
        "</DistributionConfig>"
    )
    assert zero.aliases == ()
    assert zero.aliases_location is not None
    assert zero.aliases_location.xpath == "/DistributionConfig/Aliases"
    none = with_logging("")
    assert (none.aliases, none.aliases_location) == ((), None)


def test_a_missing_or_unknown_viewer_policy_is_none_located_at_the_behavior() -> None:
    def default_behavior(policy: str) -> Distribution:
        return distribution(
            f'<DistributionConfig xmlns="{CURRENT_NS}"><CallerReference>r</CallerReference>'
            f"<DefaultCacheBehavior><TargetOriginId>o</TargetOriginId>{policy}"
            "</DefaultCacheBehavior><Comment/><Enabled>true</Enabled></DistributionConfig>"
        )

    [missing] = default_behavior("").behaviors
    assert missing.viewer_protocol is None
    assert missing.location.xpath == "/DistributionConfig/DefaultCacheBehavior"
    [misspelt] = default_behavior(
        "<ViewerProtocolPolicy>https_only</ViewerProtocolPolicy>"
    ).behaviors
    assert misspelt.viewer_protocol is None
    assert (
        misspelt.location.xpath == "/DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy"
    )
    [empty] = default_behavior("<ViewerProtocolPolicy/>").behaviors
    assert empty.viewer_protocol is None


def test_a_value_is_its_text_stripped_and_a_comment_does_not_split_it() -> None:
    [behavior] = distribution(
        CURRENT_DISTRIBUTION.replace(
            "<ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>",
            "<ViewerProtocolPolicy>\n      allow<!-- not https -->-all\n"
            "    </ViewerProtocolPolicy>",
        )
    ).behaviors
    assert behavior.viewer_protocol is ViewerProtocol.ALLOW_ALL
    spaced = distribution(
        CURRENT_DISTRIBUTION.replace(
            "<CNAME>www.example.com</CNAME>", "<CNAME>  www.example.com\n</CNAME>"
        )
    )
    assert spaced.aliases[0].value == "www.example.com"


WITH_TAGS = SHARED_COPY / "modern" / "cli-create-distribution-with-tags-1.xml"


def test_a_distribution_config_with_tags_gives_its_inner_config() -> None:
    text = WITH_TAGS.read_text(encoding="utf-8")
    tagged = distribution(text)
    # The inner DistributionConfig as a document of its own says the same.
    start = text.index("<DistributionConfig>")
    end = text.index("</DistributionConfig>") + len("</DistributionConfig>")
    inner = text[start:end].replace(
        "<DistributionConfig>", f'<DistributionConfig xmlns="{CURRENT_NS}">', 1
    )
    alone = distribution(inner)
    assert differences(tagged, alone) == {
        "document.kind": ("DistributionConfigWithTags", "DistributionConfig"),
    }
    assert tagged.caller_reference is not None
    assert tagged.caller_reference.value == "cli-example"
    # Every value is located inside the inner config; the model itself at the root.
    assert tagged.location.xpath == "/DistributionConfigWithTags"
    assert tagged.caller_reference.location.xpath == (
        "/DistributionConfigWithTags/DistributionConfig/CallerReference"
    )
    assert tagged.caller_reference.location.path == (
        "DistributionConfigWithTags.DistributionConfig.CallerReference"
    )
    # The tags are not read into the model: nothing is located in them.
    assert "/DistributionConfigWithTags/Tags" not in json.dumps(as_json(tagged))
    assert "/DistributionConfigWithTags/DistributionConfig/" in json.dumps(as_json(tagged))


def test_a_distribution_config_with_tags_without_its_config_has_no_model() -> None:
    text = (
        f'<DistributionConfigWithTags xmlns="{CURRENT_NS}"><Tags><Items><Tag><Key>k</Key>'
        "<Value>v</Value></Tag></Items></Tags></DistributionConfigWithTags>"
    )
    assert model(text) is None


def test_an_element_in_another_namespace_gives_no_model() -> None:
    # CloudFront would not read <Logging xmlns="">; a model without it would say "no logging".
    assert (
        model(
            f'<DistributionConfig xmlns="{CURRENT_NS}"><CallerReference>r</CallerReference>'
            '<Logging xmlns=""><Enabled>true</Enabled></Logging><Comment/><Enabled>true</Enabled>'
            "</DistributionConfig>"
        )
        is None
    )


def test_legacy_and_current_invalidation_batches_give_the_same_paths() -> None:
    legacy = model(
        f'<InvalidationBatch xmlns="{LEGACY_NS}"><Path>/index.html</Path><Path>/img/*</Path>'
        "<CallerReference>batch-1</CallerReference></InvalidationBatch>"
    )
    current = model(
        f'<InvalidationBatch xmlns="{CURRENT_NS}"><Paths><Quantity>2</Quantity><Items>'
        "<Path>/index.html</Path><Path>/img/*</Path></Items></Paths>"
        "<CallerReference>batch-1</CallerReference></InvalidationBatch>"
    )
    assert isinstance(legacy, InvalidationBatch)
    assert isinstance(current, InvalidationBatch)
    assert differences(legacy, current) == {
        "document.dialect": ("legacy", "current"),
        "document.api_version": ("2010-11-01", "2020-05-31"),
    }
    # Legacy paths sit at the root; current ones in Paths.
    assert legacy.paths_location.xpath == "/InvalidationBatch"
    assert current.paths_location.xpath == "/InvalidationBatch/Paths"


def legacy_cnames(*names: str) -> Distribution:
    cnames = "".join(f"<CNAME>{name}</CNAME>" for name in names)
    return distribution(
        f'<DistributionConfig xmlns="{LEGACY_NS}"><S3Origin><DNSName>a.s3.amazonaws.com</DNSName>'
        f"</S3Origin><CallerReference>r</CallerReference>{cnames}<Comment/><Enabled>true</Enabled>"
        "</DistributionConfig>"
    )


def test_legacy_aliases_are_identified_by_their_value() -> None:
    two = legacy_cnames("WWW.example.com", "b.example.com")
    assert [a.location.identity for a in two.aliases] == [
        "DistributionConfig.CNAME['WWW.example.com']",
        "DistributionConfig.CNAME['b.example.com']",
    ]
    assert [a.location.path for a in two.aliases] == [
        "DistributionConfig.CNAME[0]",
        "DistributionConfig.CNAME[1]",
    ]


def test_a_lone_legacy_alias_or_path_is_identified_by_its_value_too() -> None:
    [alias] = legacy_cnames("WWW.example.com").aliases
    assert alias.location.identity == "DistributionConfig.CNAME['WWW.example.com']"
    assert alias.location.path == "DistributionConfig.CNAME[0]"
    batch = model(
        f'<InvalidationBatch xmlns="{LEGACY_NS}"><Path>/index.html</Path>'
        "<CallerReference>batch-1</CallerReference></InvalidationBatch>"
    )
    assert isinstance(batch, InvalidationBatch)
    assert batch.paths[0].location.identity == "InvalidationBatch.Path['/index.html']"

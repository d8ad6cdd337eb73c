"""CloudFront's XML *response* bodies are checked like their JSON counterparts (issue 14).

botocore's response-parsing fixtures are pairs: an XML body and the JSON botocore's parser makes
of it (`tests/data/xml-responses/`, `tests/syntaxes/json/data/`, 2014-05-31 API). Each pair must
give the same model and the same findings in both syntaxes, through the engine with every rule:
the same rule about the same value, at the same path (`Distribution.DistributionConfig...` in
both), with the same message once both are spelt alike. Then the recorded create- and update-
distribution responses (2012-07-01), which were skipped, are checked; then what is read of a
response, what is validated of it and what is not, and which namespaces count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cfguard.checks.context import Context
from cfguard.core.findings import Finding, Location
from cfguard.engine import lint, load, run_checks
from cfguard.model import Distribution, InvalidationBatch, Value
from cfguard.rules.registry import all_rules
from cfguard.rules.settings import Settings
from cfguard.syntaxes import Detected, Skipped, get_syntax
from cfguard.syntaxes.xml.responses import Part, validate_inside
from cfguard.syntaxes.xml.schema.validate import Engine
from tests.conftest import SHARED_COPY, TESTS

XML_DATA = TESTS / "data" / "xml-responses"
JSON_DATA = TESTS / "syntaxes" / "json" / "data"
RECORDED = SHARED_COPY / "recorded"
EVERYTHING = Settings(enabled=frozenset(rule.id for rule in all_rules()))
NOTHING = Settings(enabled=frozenset())
#: The botocore pairs that hold a CloudFront document (list-invalidations holds none).
PAIRS = ["get-distribution", "list-distributions", "get-invalidation"]
NS = "http://cloudfront.amazonaws.com/doc/{}/"


def pair(name: str) -> tuple[bytes, bytes]:
    stem = f"botocore-response-parsing-cloudfront-{name}"
    return (XML_DATA / f"{stem}.xml").read_bytes(), (JSON_DATA / f"{stem}.json").read_bytes()


def where(location: Location, identity: bool) -> tuple[str | None, ...]:
    found = (location.path, location.resource)
    return (*found, location.identity) if identity else found


def seen(model: Any, identity: bool) -> Any:
    """The model with each location as its path and resource (and identity), and the API version
    left out: the XML says 2014-05-31, the JSON (which names none) is read as 2020-05-31."""
    if isinstance(model, Location):
        return ("at", *where(model, identity))
    if isinstance(model, Value):
        return ("Value", model.literal, model.expression, seen(model.location, identity))
    if isinstance(model, tuple) and hasattr(model, "_fields"):
        fields = (f for f in model._fields if f != "document")
        return (type(model).__name__, *(seen(getattr(model, f), identity) for f in fields))
    if isinstance(model, tuple):
        return tuple(seen(item, identity) for item in model)
    return model


def findings(data: bytes, name: str, identity: bool) -> list[tuple[Any, ...]]:
    result = lint(data, name, EVERYTHING)
    assert result.skipped is None
    # Sorted: the findings come in document order, and the XML has its members in another one.
    return sorted((f.rule_id, *where(f.location, identity)) for f in result.findings)


# --- the botocore pairs ------------------------------------------------------------------------


def test_the_xml_halves_are_the_bytes_provenance_gives() -> None:
    import hashlib

    table = (XML_DATA / "PROVENANCE.md").read_text(encoding="utf-8")
    for path in sorted(XML_DATA.glob("*.xml")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        assert f"| `{path.name}` |" in table
        assert f"| {path.stat().st_size} | `{digest}` |" in table


@pytest.mark.parametrize("name", PAIRS)
def test_a_pair_gives_the_same_model_and_paths_in_both_syntaxes(name: str) -> None:
    xml, cli_json = pair(name)
    from_xml = load(xml, NOTHING, "response.xml").models
    from_json = load(cli_json, NOTHING, "response.json").models
    assert from_xml
    assert len(from_xml) == len(from_json)
    # Paths, resources and identities (a list's summaries by their Id in both) agree.
    assert [seen(m, True) for m in from_xml] == [seen(m, True) for m in from_json]


@pytest.mark.parametrize("name", PAIRS)
def test_a_pair_gives_the_same_findings_in_both_syntaxes(name: str) -> None:
    xml, cli_json = pair(name)
    from_xml = findings(xml, "response.xml", True)
    assert from_xml == findings(cli_json, "response.json", True)
    if name != "get-invalidation":
        assert {f[0] for f in from_xml} == {"CFG101", "CFG103", "CFG104", "CFG401"}


@pytest.mark.parametrize("name", PAIRS)
def test_a_pair_says_the_same_things_once_spelt_alike(name: str) -> None:
    xml, cli_json = pair(name)
    spelling = get_syntax("json").spelling

    def messages(data: bytes, file: str) -> list[tuple[str, str | None, str]]:
        said: list[Finding] = []
        for model in load(data, NOTHING, file).models:
            context = Context(EVERYTHING.options, None, (), file, ())
            said.extend(run_checks(model, context, EVERYTHING, spelling))
        return sorted((f.rule_id, f.location.path, f.message) for f in said)

    assert messages(xml, "response.xml") == messages(cli_json, "response.json")


def test_the_get_distribution_paths_are_the_json_paths() -> None:
    xml, _ = pair("get-distribution")
    [model] = load(xml, NOTHING, "response.xml").models
    assert isinstance(model, Distribution)
    [default, jpg] = model.behaviors
    assert default.location.path == (
        "Distribution.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy"
    )
    assert jpg.location.identity == (
        "Distribution.DistributionConfig.CacheBehaviors.Items[PathPattern='*.jpg']"
        ".ViewerProtocolPolicy"
    )
    assert model.location.path == "Distribution.DistributionConfig"
    assert (model.address, model.distribution_id) == ("EDFDVBD6EXAMPLE", "EDFDVBD6EXAMPLE")
    assert default.location.resource == "EDFDVBD6EXAMPLE"
    assert model.document.api_version == "2014-05-31"


def test_a_summary_leaves_logging_and_caller_reference_unknown() -> None:
    xml, _ = pair("list-distributions")
    [summary] = load(xml, NOTHING, "response.xml").models
    assert isinstance(summary, Distribution)
    assert summary.caller_reference is not None
    assert summary.caller_reference.is_unknown
    assert summary.logging is not None
    assert summary.logging.enabled is not None
    assert summary.logging.enabled.is_unknown  # not the fixture's <Logging>: no summary has one
    assert summary.location.path == "DistributionList.Items[0]"


def test_a_list_of_invalidations_is_skipped_as_in_json() -> None:
    xml, cli_json = pair("list-invalidations")
    assert lint(xml, "response.xml", EVERYTHING).skipped is not None
    assert lint(cli_json, "response.json", EVERYTHING).skipped is not None


# --- recorded traffic --------------------------------------------------------------------------

RESPONSES = sorted(
    p for p in RECORDED.glob("*-response.xml") if b"<Distribution " in p.read_bytes()
)


def test_there_are_recorded_distribution_responses() -> None:
    assert len(RESPONSES) == 2


@pytest.mark.parametrize("path", RESPONSES, ids=lambda p: p.name)
def test_a_recorded_distribution_response_is_checked(path: Path) -> None:
    result = lint(path.read_bytes(), path.name, EVERYTHING)
    assert result.skipped is None
    assert result.document is not None
    assert result.document.api_version == "2012-07-01"
    found = {(f.rule_id, f.location.path) for f in result.findings}
    assert (
        "CFG101",
        "Distribution.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy",
    ) in found
    assert not {rule for rule, _ in found} & {"CFG001", "CFG002", "CFG003"}
    assert {f.location.resource for f in result.findings} == {path_id(path)}


def path_id(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("<Id>", 1)[1].split("</Id>", 1)[0]


@pytest.mark.parametrize("path", RESPONSES, ids=lambda p: p.name)
def test_a_recorded_response_gives_what_its_cli_json_gives(path: Path) -> None:
    """The AWS CLI's `get-distribution` output for the same body (botocore's own parser)."""
    session = pytest.importorskip("botocore.session")
    parsers = pytest.importorskip("botocore.parsers")
    model = session.get_session().get_service_model("cloudfront")
    shape = model.operation_model("GetDistribution").output_shape
    body = {"body": path.read_bytes(), "headers": {"ETag": "E2QWRUHEXAMPLE"}, "status_code": 200}
    parsed = parsers.RestXMLParser().parse(body, shape)
    parsed.pop("ResponseMetadata", None)
    cli_json = json.dumps(parsed, indent=4, default=str).encode()
    assert findings(path.read_bytes(), "response.xml", True) == findings(
        cli_json, "response.json", True
    )


# --- what is read, what is validated --------------------------------------------------------

GET = (XML_DATA / "botocore-response-parsing-cloudfront-get-distribution.xml").read_text("utf-8")
LIST = (XML_DATA / "botocore-response-parsing-cloudfront-list-distributions.xml").read_text("utf-8")


def hits(text: str, engine: Engine = "auto") -> list[tuple[int, str | None, str]]:
    syntax = get_syntax("xml")
    tree = syntax.parse(text.encode())
    found = []
    for document in syntax.documents(tree):
        assert isinstance(document, Detected)
        assert isinstance(document.node, Part)
        for hit in validate_inside(document.node, document.type, engine):
            found.append((hit.location.line, hit.location.path, str(hit.message)))
    return found


@pytest.mark.parametrize("engine", ["auto", "xmlschema"])
def test_the_configuration_inside_is_validated_where_it_is(engine: Engine) -> None:
    text = GET.replace("<ViewerProtocolPolicy>https-only<", "<ViewerProtocolPolicy>https-0nly<")
    [(line, path, message)] = hits(text, engine)
    assert line == 89
    assert path == "Distribution.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy"
    assert "https-0nly" in message


@pytest.mark.parametrize("engine", ["auto", "xmlschema"])
def test_the_response_s_own_elements_are_not_held_to_today_s_model(engine: Engine) -> None:
    text = GET.replace("<Status>Deployed</Status>", "<Status>Whatever</Status><Extra/>")
    assert hits(text, engine) == []  # nor is the 2014 response's lack of <ARN>


@pytest.mark.parametrize("engine", ["auto", "xmlschema"])
def test_an_element_today_s_model_lacks_is_not_part_of_the_2020_format(engine: Engine) -> None:
    text = GET.replace("<Comment>example comment</Comment>", "<Comment>c</Comment><Gone/>")
    [(_, path, message)] = hits(text, engine)
    assert path == "Distribution.DistributionConfig.Gone"
    assert "not part of the 2020-05-31 format" in message


@pytest.mark.parametrize("engine", ["auto", "xmlschema"])
def test_a_summary_is_validated_as_a_configuration_but_not_its_own_members(engine: Engine) -> None:
    assert hits(LIST, engine) == []  # no CallerReference, DefaultRootObject: a summary's
    text = LIST.replace("<Comment>example comment</Comment>", "").replace(
        "<OriginProtocolPolicy>match-viewer<", "<OriginProtocolPolicy>match-viewers<"
    )
    [(_, path, message)] = hits(text, engine)  # the missing <Comment> is the summary's
    assert (
        path == "DistributionList.Items[0].Origins.Items[1].CustomOriginConfig.OriginProtocolPolicy"
    )
    assert "match-viewers" in message


def test_a_summary_member_in_another_namespace_is_reported() -> None:
    text = LIST.replace("<ViewerCertificate>", '<ViewerCertificate xmlns="">')
    [(_, path, message)] = hits(text)
    assert path == "DistributionList.Items[0].ViewerCertificate"
    assert "no namespace" in message
    assert load(text.encode(), NOTHING, "list.xml").models == ()  # not read as absent


def test_each_summary_is_a_distribution_named_by_its_id() -> None:
    start, end = LIST.index("<DistributionSummary>"), LIST.index("</Items>\n</DistributionList>")
    summary = LIST[start:end]
    second = summary.replace("EDFDVBD6EXAMPLE", "E2SECONDEXAMPLE").replace(
        "allow-all", "redirect-to-https"
    )
    text = LIST[:end] + second + LIST[end:]
    result = lint(text.encode(), "list.xml", EVERYTHING)
    models = load(text.encode(), NOTHING, "list.xml").models
    assert [m.address for m in models if isinstance(m, Distribution)] == [
        "EDFDVBD6EXAMPLE",
        "E2SECONDEXAMPLE",
    ]
    http = [f for f in result.findings if f.rule_id == "CFG101"]
    assert [f.message.split(":")[0] for f in http] == ["distribution EDFDVBD6EXAMPLE"]
    assert (
        http[0].location.path
        == "DistributionList.Items[0].CacheBehaviors.Items[0].ViewerProtocolPolicy"
    )


def test_a_summary_without_logging_is_not_said_to_have_none() -> None:
    def logging_findings(text: str) -> list[str]:
        text = text.replace(text[text.index("<Logging>") : text.index("</Logging>") + 10], "")
        result = lint(text.encode(), "response.xml", EVERYTHING)
        return [f.rule_id for f in result.findings if f.rule_id.startswith("CFG3")]

    assert logging_findings(GET) == ["CFG303"]  # a configuration without <Logging> has none
    assert logging_findings(LIST) == []  # a summary never says


def test_an_invalidation_response_is_its_batch() -> None:
    xml, _ = pair("get-invalidation")
    documents = get_syntax("xml").documents(get_syntax("xml").parse(xml))
    [document] = documents
    assert isinstance(document, Detected)
    assert document.address is None
    [batch] = load(xml, NOTHING, "response.xml").models
    assert isinstance(batch, InvalidationBatch)
    assert [p.value for p in batch.paths] == ["/image1.jpg", "/image2.jpg", "/videos/movie.flv"]


# --- which responses are read --------------------------------------------------------------


def response(version: str, root: str = "Distribution", body: str | None = None) -> bytes:
    """A response in namespace `NS` of `version` (or `version` itself, a URI), holding `body`,
    else the configuration of the botocore get-distribution fixture."""
    if body is None:
        body = "<DistributionConfig>" + GET.split("<DistributionConfig>", 1)[1]
        body = body.replace("</Distribution>", "").strip()
    namespace = version if "/" in version else NS.format(version)
    return f'<{root} xmlns="{namespace}"><Id>E1</Id>{body}</{root}>'.encode()


@pytest.mark.parametrize("version", ["2012-05-05", "2014-05-31", "2019-03-26", "2020-05-31"])
def test_a_response_of_the_quantity_items_api_is_read(version: str) -> None:
    result = lint(response(version), "response.xml", EVERYTHING)
    assert result.skipped is None
    assert result.document is not None
    assert result.document.api_version == version
    assert not [f for f in result.findings if f.rule_id in ("CFG002", "CFG003")]


@pytest.mark.parametrize(
    "version",
    ["2010-11-01", "2012-03-15", "2021-01-01", "http://cloudfront.amazonaws.com/doc/2014-05-31"],
)
def test_a_response_of_another_version_is_skipped(version: str) -> None:
    result = lint(response(version), "response.xml", EVERYTHING)
    assert result.skipped is not None
    assert "Quantity/Items" in result.skipped
    assert result.findings == ()


def test_a_request_root_of_an_older_quantity_items_version_is_still_cfg002() -> None:
    inner = GET.split("<DistributionConfig>", 1)[1].split("</DistributionConfig>", 1)[0]
    text = f'<DistributionConfig xmlns="{NS.format("2014-05-31")}">{inner}</DistributionConfig>'
    result = lint(text.encode(), "dist.xml", EVERYTHING)
    assert [f.rule_id for f in result.findings] == ["CFG002"]


@pytest.mark.parametrize(
    ("root", "body", "reason"),
    [
        ("Distribution", "<Status>Deployed</Status>", "without its <DistributionConfig>"),
        ("Invalidation", "<Status>Completed</Status>", "without its <InvalidationBatch>"),
        ("DistributionList", "<Quantity>0</Quantity>", "no distribution in it"),
    ],
)
def test_a_response_with_nothing_inside_is_skipped(root: str, body: str, reason: str) -> None:
    found = get_syntax("xml").documents(get_syntax("xml").parse(response("2020-05-31", root, body)))
    [skipped] = found
    assert isinstance(skipped, Skipped)
    assert reason in skipped.reason


def test_other_responses_are_still_skipped() -> None:
    root = "StreamingDistribution"
    text = f'<{root} xmlns="{NS.format("2020-05-31")}"><Id>E1</Id></{root}>'
    result = lint(text.encode(), "response.xml", EVERYTHING)
    assert (
        result.skipped == "<StreamingDistribution> is a CloudFront document cfguard does not lint"
    )


def test_a_suppression_comment_in_a_response_applies() -> None:
    text = GET.replace(
        "<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>",
        "<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>"
        "<!-- cfguard: ignore[CFG101] legacy image clients -->",
    )
    result = lint(text.encode(), "response.xml", EVERYTHING)
    assert "CFG101" not in {f.rule_id for f in result.findings}
    assert [s.finding.rule_id for s in result.suppressed] == ["CFG101"]

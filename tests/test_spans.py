"""Locations are spans with a neutral path (issue 13): what a user sees in JSON and SARIF.

An element holding a value spans from its start tag to the end of its end tag; one holding
elements spans its start tag; the end is the position just past the last character (SARIF's
and LSP's convention). Positions go through the document's one line index, so CR LF and lone CR
documents give the lines an editor shows.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from lxml import etree

from cfguard.syntaxes.xml.source import SourceDocument, parse_document
from tests.conftest import REPO, run_cfguard

INSECURE = REPO / "examples" / "insecure-distribution.xml"
NS = "{http://cloudfront.amazonaws.com/doc/2020-05-31/}"


def _element(source: SourceDocument, xpath: str) -> etree._Element:
    """The element whose readable path is `xpath`."""
    found = [e for e in source.root.iter(etree.Element) if source.locate(e).xpath == xpath]
    assert len(found) == 1, xpath
    return found[0]


def _span(source: SourceDocument, xpath: str) -> tuple[int, int | None, int | None, int | None]:
    where = source.locate(_element(source, xpath))
    return where.line, where.column, where.end_line, where.end_column


def _offsets(text: str, fragment: str) -> tuple[int, int]:
    """The offsets of `fragment` in `text` and of the character after it."""
    start = text.index(fragment)
    return start, start + len(fragment)


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def test_a_value_spans_its_element_and_a_container_its_start_tag() -> None:
    text = INSECURE.read_text(encoding="utf-8")
    source = parse_document(text.encode())
    policy = "<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>"
    start, end = _offsets(text, policy)
    xpath = "/DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy"
    assert _span(source, xpath) == (*_position(text, start), *_position(text, end))
    start, end = _offsets(text, "<DefaultCacheBehavior>")
    assert _span(source, "/DistributionConfig/DefaultCacheBehavior") == (
        *_position(text, start),
        *_position(text, end),
    )
    # The root: its start tag with the namespace declaration, not the whole document.
    start, end = _offsets(
        text, '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
    )
    assert _span(source, "/DistributionConfig") == (*_position(text, start), *_position(text, end))


def test_an_empty_element_spans_its_tag_and_a_value_may_span_lines() -> None:
    text = (
        '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">\n'
        "  <Comment/>\n"
        "  <CallerReference>two\nlines</CallerReference><!-- </Comment> -->"
        "<![CDATA[</Enabled>]]>\n"
        "  <Enabled a=\"x>/\" b='>'>true</Enabled>\n"
        "</DistributionConfig>\n"
    )
    source = parse_document(text.encode())
    assert _span(source, "/DistributionConfig/Comment") == (2, 3, 2, 13)
    assert _span(source, "/DistributionConfig/CallerReference") == (3, 3, 4, 24)
    # A `>` or `/` in a quoted attribute value, and end tags inside a comment or CDATA section,
    # are not markup.
    assert _span(source, "/DistributionConfig/Enabled") == (5, 3, 5, 40)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_spans_are_on_the_lines_an_editor_shows(newline: str) -> None:
    text = INSECURE.read_text(encoding="utf-8")
    source = parse_document(text.replace("\n", newline).encode())
    expected = parse_document(text.encode())
    for xpath in (
        "/DistributionConfig/Logging/Bucket",
        "/DistributionConfig/Origins/Items/Origin",
        "/DistributionConfig/CacheBehaviors/Items/CacheBehavior/PathPattern",
    ):
        assert _span(source, xpath) == _span(expected, xpath)


def test_neutral_path_and_identity_name_list_entries() -> None:
    text = INSECURE.read_text(encoding="utf-8").replace(
        "<Quantity>1</Quantity>\n    <Items>\n      <CacheBehavior>",
        "<Quantity>2</Quantity>\n    <Items>\n      <CacheBehavior><PathPattern>/a/*</PathPattern>"
        "<TargetOriginId>web</TargetOriginId><ViewerProtocolPolicy>allow-all"
        "</ViewerProtocolPolicy></CacheBehavior>\n      <CacheBehavior>",
    )
    source = parse_document(text.encode())
    xpath = "/DistributionConfig/CacheBehaviors/Items/CacheBehavior[2]/ViewerProtocolPolicy"
    where = source.locate(_element(source, xpath))
    assert where.path == "DistributionConfig.CacheBehaviors.Items[1].ViewerProtocolPolicy"
    assert where.identity == (
        "DistributionConfig.CacheBehaviors.Items[PathPattern='/account/*'].ViewerProtocolPolicy"
    )
    assert where.resource is None  # an XML document names no distribution
    alias = source.locate(_element(source, "/DistributionConfig/Aliases/Items/CNAME"))
    assert alias.path == "DistributionConfig.Aliases.Items[0]"
    assert alias.identity == "DistributionConfig.Aliases.Items['www.example.com']"


def test_json_findings_carry_span_path_and_resource() -> None:
    result = run_cfguard("check", "--format", "json", "--select", "CFG101", INSECURE)
    assert result.code == 1, result.err
    [entry] = json.loads(result.out)["files"]
    [finding] = entry["findings"]
    text = INSECURE.read_text(encoding="utf-8")
    start, end = _offsets(text, "<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>")
    assert (finding["line"], finding["column"]) == _position(text, start)
    assert (finding["end_line"], finding["end_column"]) == _position(text, end)
    assert finding["path"] == "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy"
    assert finding["resource"] is None
    assert finding["xpath"] == "/DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy"
    assert json.loads(result.out)["version"] == 1


def test_a_document_that_cannot_be_parsed_has_no_span_or_path(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<DistributionConfig>\n  <Comment>x</Coment>\n")
    result = run_cfguard("check", "--format", "json", broken)
    [finding] = json.loads(result.out)["files"][0]["findings"]
    assert finding["rule"] == "CFG001"
    assert finding["line"] == 2
    assert (finding["end_line"], finding["end_column"], finding["path"]) == (None, None, None)


def test_sarif_regions_end_where_the_element_ends() -> None:
    result = run_cfguard("check", "--format", "sarif", "--select", "CFG101", INSECURE)
    assert result.code == 1, result.err
    [sarif_result] = json.loads(result.out)["runs"][0]["results"]
    region = sarif_result["locations"][0]["physicalLocation"]["region"]
    text = INSECURE.read_text(encoding="utf-8")
    start, end = _offsets(text, "<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>")
    assert (region["startLine"], region["startColumn"]) == _position(text, start)
    assert (region["endLine"], region["endColumn"]) == _position(text, end)


def test_spans_stay_linear_on_hostile_markup() -> None:
    """200,000 attributes whose values hold `>`, and 100,000 comments holding end tags: one
    scan, no backtracking."""
    attributes = " ".join(f'a{n}="x>/&gt;"' for n in range(200_000))
    comments = "<!-- </Comment> -->" * 100_000
    text = (
        f'<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/" {attributes}>'
        f"{comments}<Comment>x</Comment></DistributionConfig>"
    )
    source = parse_document(text.encode())
    started = time.perf_counter()
    where = source.locate(_element(source, "/DistributionConfig/Comment"))
    assert time.perf_counter() - started < 5
    start, end = _offsets(text, "<Comment>x</Comment>")
    assert (where.column, where.end_column) == (start + 1, end + 1)

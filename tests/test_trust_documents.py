"""Issue 12, documents: what cfguard decides a document is, and where its findings are.

Each test runs the real CLI (or the engine the CLI calls, for the terminal excerpt) on a document
that used to get a wrong verdict: a namespace without its trailing slash, a misspelt root, a
prefixed root over unprefixed children, a TargetOriginId naming nothing, a broken skeleton, a
line separator that moved the excerpt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cfguard.engine import lint
from cfguard.rules.registry import resolve_selection
from cfguard.rules.settings import Settings
from tests.conftest import FIXTURES, Run, assert_no_traceback, run_cfguard

NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
LEGACY_NS = "http://cloudfront.amazonaws.com/doc/2010-11-01/"
CLEAN = (FIXTURES / "CFG003" / "pass_current.xml").read_text(encoding="utf-8")
CLEAN_LEGACY = (FIXTURES / "CFG003" / "pass_legacy.xml").read_text(encoding="utf-8")
_FINDING = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<rule>CFG\d{3}) ", re.M)


def check(tmp_path: Path, text: str, *args: str, name: str = "dist.xml") -> Run:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_cfguard("check", *args, path, cwd=tmp_path)
    assert_no_traceback(result.err)
    return result


def findings(result: Run) -> list[str]:
    """`line:column: RULE message` of each finding, without the path."""
    return [
        f"{m['line']}:{m['column']}: {line[m.end('column') + 2 :]}"
        for line in result.out.splitlines()
        if (m := _FINDING.match(line))
    ]


def rules(result: Run) -> list[str]:
    return [m["rule"] for m in _FINDING.finditer(result.out)]


# --- namespaces --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "namespace"),
    [
        pytest.param(CLEAN.replace(NS, NS.rstrip("/")), NS, id="current-no-slash"),
        pytest.param(
            CLEAN_LEGACY.replace(LEGACY_NS, LEGACY_NS.rstrip("/")), LEGACY_NS, id="legacy-no-slash"
        ),
        pytest.param(CLEAN.replace(NS, NS.replace("http:", "https:")), NS, id="current-https"),
    ],
)
def test_an_inexact_cloudfront_namespace_is_cfg002_naming_the_exact_one(
    tmp_path: Path, text: str, namespace: str
) -> None:
    result = check(tmp_path, text)
    found = re.search(r'xmlns="([^"]*)"', text)
    assert found is not None
    assert findings(result) == [
        f'2:1: CFG002 [error] <DistributionConfig> has namespace "{found.group(1)}"; expected '
        f'"{namespace}" (CloudFront matches namespaces exactly, trailing slash included) '
        "(unsupported-document)"
    ]
    assert result.code == 1  # and no rule ran: no CFG003, CFG101, CFG103 or CFG303


def test_a_misspelt_root_in_the_cloudfront_namespace_is_cfg002_with_a_suggestion(
    tmp_path: Path,
) -> None:
    text = CLEAN.replace("<DistributionConfig ", "<DistributionConfg ").replace(
        "</DistributionConfig>", "</DistributionConfg>"
    )
    result = check(tmp_path, text)
    assert findings(result) == [
        "2:1: CFG002 [error] <DistributionConfg> is in a CloudFront namespace but is not a "
        "CloudFront document (did you mean <DistributionConfig>?); cfguard checks "
        "<DistributionConfig>, <DistributionConfigWithTags>, <InvalidationBatch> "
        "(unsupported-document)"
    ]
    assert result.code == 1
    assert "skipped" not in result.out


@pytest.mark.parametrize("root", ["Distribution", "StreamingDistributionConfig", "ErrorResponse"])
def test_cloudfront_response_and_other_bodies_are_still_skipped(tmp_path: Path, root: str) -> None:
    result = check(tmp_path, f'<{root} xmlns="{NS}"><Id>E1</Id></{root}>')
    assert findings(result) == []
    assert result.code == 0
    assert "1 skipped" in result.out


def test_a_misspelt_root_outside_the_cloudfront_namespace_is_still_skipped(
    tmp_path: Path,
) -> None:
    result = check(tmp_path, '<DistributionConfg xmlns="urn:example"/>')
    assert (findings(result), result.code) == ([], 0)


# --- one line index ----------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_the_excerpt_is_the_line_the_finding_points_at(tmp_path: Path, separator: str) -> None:
    """U+2028 and friends are not line ends in XML: the finding's line number and the excerpt
    shown under it on a terminal must come from the same count of lines."""
    text = CLEAN.replace("<Comment>fixture</Comment>", f"<Comment>a{separator}b</Comment>")
    text = text.replace(
        "<CallerReference>fixture-1</CallerReference>",
        f"<CallerReference>x{separator}y</CallerReference>",
    ).replace(
        "<ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>",
        "<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>",
    )
    settings = Settings(enabled=resolve_selection(["CFG101"], []))
    result = lint(text.encode("utf-8"), "dist.xml", settings, keep_lines=True)
    [finding] = result.findings
    assert (finding.rule_id, finding.location.line, finding.location.column) == ("CFG101", 26, 9)
    assert result.lines == {26: "        <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>"}
    # The CLI reports the same line and column.
    path = tmp_path / "dist.xml"
    path.write_text(text, encoding="utf-8")
    run = run_cfguard("check", "--select", "CFG101", path, cwd=tmp_path)
    assert findings(run)[0].startswith("26:9: CFG101 ")


def test_suppression_comments_are_located_by_the_same_line_index(tmp_path: Path) -> None:
    """A lone CR ends a line (XML 1.0 §2.11) for elements and comments alike: a directive's
    finding used to be put on line 1, at a column past the end of the document's first line."""
    policy = "<ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>"
    text = CLEAN.replace(
        f"    {policy}\n  </DefaultCacheBehavior>",
        f"    {policy} <!-- cfguard: ignore[CFG101] no HTTP here -->\n  </DefaultCacheBehavior>",
    ).replace("\n", "\r")
    result = check(tmp_path, text, "--select", "CFG101,CFG901")
    # (The wording of CFG901 is the suppressions' business; where it is, the line index's.)
    assert [f.split(" [")[0] for f in findings(result)] == ["18:68: CFG901"]


# --- namespaces of the children ----------------------------------------------------------


def test_a_prefixed_root_over_unprefixed_children_is_one_finding(tmp_path: Path) -> None:
    text = CLEAN.replace("<DistributionConfig xmlns=", "<cf:DistributionConfig xmlns:cf=").replace(
        "</DistributionConfig>", "</cf:DistributionConfig>"
    )
    expected = [
        "2:1: CFG003 [error] <DistributionConfig> is in the CloudFront 2020-05-31 namespace "
        'through its prefix "cf:", but elements <CallerReference>, <Origins>, <Quantity> and 22 '
        f"more have no prefix and so are in no namespace; every element must be in {NS}: write "
        f'<cf:CallerReference>, or declare the namespace as the default (xmlns="{NS}") and drop '
        "the prefixes (schema-violation)"
    ]
    # Both schema engines: the libxml2 path (auto) and xmlschema alone (as for legacy documents).
    result = check(tmp_path, text)
    assert (findings(result), result.code) == (expected, 1)  # no CFG103/CFG303 notes either
    from cfguard.core.document import DocumentType
    from cfguard.syntaxes.xml.detect import detect_type
    from cfguard.syntaxes.xml.schema.validate import validate
    from cfguard.syntaxes.xml.source import parse_document

    document = parse_document(text.encode())
    doc_type = detect_type(document.root)
    assert isinstance(doc_type, DocumentType)
    for engine in ("auto", "xmlschema"):
        [hit] = validate(document, doc_type, engine=engine)  # type: ignore[arg-type]
        assert hit.message in expected[0]


def test_children_in_the_wrong_namespace_do_not_list_each_other_as_missing(
    tmp_path: Path,
) -> None:
    text = CLEAN.replace("<Comment>", '<Comment xmlns="">').replace(
        "<Enabled>", '<Enabled xmlns="">'
    )
    result = check(tmp_path, text, "--select", "CFG003")
    assert findings(result) == [
        f"{line}:3: CFG003 [error] <{name}> in <DistributionConfig> is in no namespace; expected "
        f"the CloudFront 2020-05-31 namespace {NS} (schema-violation)"
        for line, name in ((35, "Comment"), (36, "Enabled"))
    ]


# --- a broken skeleton: no model, no rule notes -------------------------------------------


def test_a_distribution_config_with_tags_without_its_config_gets_no_rule_notes(
    tmp_path: Path,
) -> None:
    text = (
        f'<DistributionConfigWithTags xmlns="{NS}">\n'
        "  <Tags><Items><Tag><Key>team</Key><Value>web</Value></Tag></Items></Tags>\n"
        "</DistributionConfigWithTags>\n"
    )
    result = check(tmp_path, text)
    assert findings(result) == [
        "1:1: CFG003 [error] <DistributionConfigWithTags> is missing required element "
        "<DistributionConfig> (schema-violation)"
    ]
    assert result.code == 1


def test_an_incomplete_config_is_still_checked_by_the_rules(tmp_path: Path) -> None:
    """The criterion is the skeleton (the configuration element, read in its namespace), not
    completeness: a fragment missing required elements still gets the rules' findings about
    what it does say."""
    text = (
        f'<DistributionConfig xmlns="{NS}">\n'
        "  <DefaultCacheBehavior>\n"
        "    <TargetOriginId>o</TargetOriginId>\n"
        "    <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>\n"
        "  </DefaultCacheBehavior>\n"
        "</DistributionConfig>\n"
    )
    result = check(tmp_path, text, "--select", "CFG003,CFG101")
    assert rules(result) == ["CFG003", "CFG101"]


# --- TargetOriginId ----------------------------------------------------------------------

GROUPS = """  <OriginGroups>
    <Quantity>1</Quantity>
    <Items>
      <OriginGroup>
        <Id>failover</Id>
        <FailoverCriteria><StatusCodes><Quantity>1</Quantity><Items><StatusCode>503</StatusCode></Items></StatusCodes></FailoverCriteria>
        <Members>
          <Quantity>2</Quantity>
          <Items>
            <OriginGroupMember><OriginId>s3</OriginId></OriginGroupMember>
            <OriginGroupMember><OriginId>{member}</OriginId></OriginGroupMember>
          </Items>
        </Members>
      </OriginGroup>
    </Items>
  </OriginGroups>
"""


def _targets(default: str, first: str, member: str = "s3") -> str:
    text = CLEAN.replace(
        "<TargetOriginId>s3</TargetOriginId>", f"<TargetOriginId>{default}</TargetOriginId>", 1
    )
    text = text.replace(
        "<PathPattern>/api/*</PathPattern>\n        <TargetOriginId>s3</TargetOriginId>",
        f"<PathPattern>/api/*</PathPattern>\n        <TargetOriginId>{first}</TargetOriginId>",
    )
    return text.replace(
        "  <DefaultCacheBehavior>", GROUPS.format(member=member) + "  <DefaultCacheBehavior>"
    )


def test_a_target_origin_id_that_names_nothing_is_cfg003(tmp_path: Path) -> None:
    result = check(tmp_path, _targets("web", "failover"), "--select", "CFG003")
    assert findings(result) == [
        '33:5: CFG003 [error] <TargetOriginId> is "web", which names no origin or origin group '
        "of this distribution (CloudFront refuses it: NoSuchOrigin); expected an origin Id "
        '("s3") or an origin group Id ("failover") (schema-violation)'
    ]
    assert result.code == 1


def test_an_ordered_behavior_and_a_group_member_are_checked_too(tmp_path: Path) -> None:
    text = _targets("failover", "s4", member="gone")
    result = check(tmp_path, text, "--select", "CFG003")
    assert findings(result) == [
        '26:32: CFG003 [error] <OriginId> is "gone", which names no origin of this distribution '
        '(CloudFront refuses it); expected an origin Id ("s3") (schema-violation)',
        '41:9: CFG003 [error] <TargetOriginId> is "s4", which names no origin or origin group '
        "of this distribution (CloudFront refuses it: NoSuchOrigin); expected an origin Id "
        '("s3") or an origin group Id ("failover") (schema-violation)',
    ]


@pytest.mark.parametrize("target", ["failover", "s3", " s3\n", "s<!-- a comment -->3"])
def test_targets_that_name_an_origin_or_a_group_pass(tmp_path: Path, target: str) -> None:
    """Compared as the model reads values (XML's text, whitespace around it ignored)."""
    result = check(tmp_path, _targets(target, "s3"), "--select", "CFG003")
    assert (findings(result), result.code) == ([], 0)


def test_both_schema_engines_report_the_dangling_target(tmp_path: Path) -> None:
    from cfguard.core.document import DocumentType
    from cfguard.syntaxes.xml.detect import detect_type
    from cfguard.syntaxes.xml.schema.validate import validate
    from cfguard.syntaxes.xml.source import parse_document

    # A second error the quick path cannot explain sends the document to xmlschema.
    for text in (
        _targets("web", "s3"),
        _targets("web", "s3").replace("<Comment>", "<Comment a='1'>"),
    ):
        document = parse_document(text.encode())
        doc_type = detect_type(document.root)
        assert isinstance(doc_type, DocumentType)
        verdicts = [
            [(h.location.line, h.message) for h in validate(document, doc_type, engine=engine)]
            for engine in ("auto", "xmlschema")
        ]
        assert verdicts[0] == verdicts[1]
        assert any(line == 33 and "NoSuchOrigin" in message for line, message in verdicts[0])


def test_a_parse_error_in_a_cr_document_is_on_the_line_its_excerpt_shows(tmp_path: Path) -> None:
    """libxml2 ends lines at LF only; its position is put on the one line index (where a lone CR
    ends a line, as for every other finding), so the excerpt is the line at fault."""
    lines = [f'<DistributionConfig xmlns="{NS}">', "  <CallerReference>x</CallerReference>"]
    text = "\r".join([*lines, "  <Comment>a & b</Comment>", "</DistributionConfig>", ""])
    settings = Settings(enabled=resolve_selection(None, []))
    result = lint(text.encode(), "dist.xml", settings, keep_lines=True)
    [finding] = result.findings
    assert (finding.rule_id, finding.location.line, finding.location.column) == ("CFG001", 3, 15)
    assert result.lines == {3: "  <Comment>a & b</Comment>"}
    assert findings(check(tmp_path, text))[0].startswith("3:15: CFG001 ")


def test_a_batch_with_nothing_to_model_is_said_to_be_refused_not_foreign(tmp_path: Path) -> None:
    """An `InvalidationBatch` with no element in its namespace has no model (its skeleton is
    absent); the CFG201 note about it still says why it does not count."""
    from tests.change_docs import current

    (tmp_path / "before.xml").write_text(current("allow-all"), encoding="utf-8")
    (tmp_path / "after.xml").write_text(current("https-only"), encoding="utf-8")
    (tmp_path / "after.invalidation.xml").write_text(
        f'<InvalidationBatch xmlns="{NS}"/>\n', encoding="utf-8"
    )
    result = run_cfguard("check", "after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert_no_traceback(result.err)
    assert (
        "(after.invalidation.xml would be refused by CloudFront (see its errors, line 1), so it "
        "does not count)"
    ) in result.out


_LOGGING = (
    '<Logging xmlns=""><Enabled>true</Enabled><IncludeCookies>false</IncludeCookies>'
    "<Bucket>logs.s3.amazonaws.com</Bucket><Prefix>p/</Prefix></Logging>"
)


@pytest.mark.parametrize(
    ("element", "replacement", "expected"),
    [
        # Was also: CFG303 "no <Logging>" and the CFG103 default-certificate note.
        pytest.param(
            "<Comment>fixture</Comment>",
            f"<Comment>fixture</Comment>\n  {_LOGGING}",
            "36:3: CFG003 [error] <Logging> in <DistributionConfig> is in no namespace",
            id="logging",
        ),
        # Was also: "TargetOriginId names no origin" three times, CFG103 and CFG303.
        pytest.param(
            "<Origin>",
            '<Origin xmlns="">',
            "7:7: CFG003 [error] <Origin> in <Items> is in no namespace",
            id="origin",
        ),
    ],
)
def test_an_element_the_model_needs_in_no_namespace_is_only_cfg003(
    tmp_path: Path, element: str, replacement: str, expected: str
) -> None:
    result = check(tmp_path, CLEAN.replace(element, replacement, 1))
    assert findings(result) == [
        f"{expected}; expected the CloudFront 2020-05-31 namespace {NS} (schema-violation)"
    ]

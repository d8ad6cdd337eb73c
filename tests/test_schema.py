"""Schema validation as a user sees it: which documents pass, and what a failure says, where.

Documents come from tests/data/cloudfront-fixtures (provenance in its README). Every test runs
on both engines: `auto` (libxml2 fast path, xmlschema to explain) and `xmlschema`.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from cfguard.core.document import DocumentType
from cfguard.core.findings import Hit
from cfguard.syntaxes.xml.detect import detect_type
from cfguard.syntaxes.xml.schema.validate import MAX_HITS, validate
from cfguard.syntaxes.xml.source import SourceDocument, parse_document

FIXTURES = Path(__file__).resolve().parent / "data" / "cloudfront-fixtures"
REPO_EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ENGINES = ("auto", "xmlschema")
BOTH_ORIGINS = "awsdoc-2010-11-01-syntax-both-origins.xml"


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never touch the developer's own cache; one directory for the session keeps tests fast.
    monkeypatch.setenv("CFGUARD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "schema-cache"))


def load(path: Path) -> tuple[SourceDocument, DocumentType]:
    document = parse_document(path.read_bytes())
    doc_type = detect_type(document.root)
    assert isinstance(doc_type, DocumentType), path
    return document, doc_type


def from_text(text: str) -> tuple[SourceDocument, DocumentType]:
    document = parse_document(text.encode("utf-8"))
    doc_type = detect_type(document.root)
    assert isinstance(doc_type, DocumentType)
    return document, doc_type


def check(text: str, engine: str = "xmlschema") -> list[Hit]:
    return validate(*from_text(text), engine=engine)  # type: ignore[arg-type]


def lintable(folder: str) -> list[Path]:
    """Files in `folder` that are CloudFront documents in a namespace cfguard supports."""
    paths = []
    for path in sorted((FIXTURES / folder).glob("*.xml")):
        if isinstance(detect_type(parse_document(path.read_bytes()).root), DocumentType):
            paths.append(path)
    return paths


VALID = [p for p in lintable("modern") + lintable("legacy") if p.name != BOTH_ORIGINS]
HANDMADE = (FIXTURES / "modern" / "handmade-https-only-alias-acm-logging.xml").read_text()


def test_the_fixture_sets_are_what_the_readme_lists() -> None:
    names = {p.name for p in VALID}
    assert len(VALID) == 16
    assert "cli-shorthand-as-2016-11-25.xml" not in names  # unsupported version: CFG002's job
    assert "boto-streaming-distconfig.xml" not in names  # not a document cfguard lints
    assert {"boto-s3origin-distconfig.xml", "cli-create-distribution-with-tags-1.xml"} <= names


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixtures_have_no_hits(path: Path, engine: str) -> None:
    assert validate(*load(path), engine=engine) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_both_origins_is_one_hit_saying_so(engine: str) -> None:
    path = FIXTURES / "legacy" / BOTH_ORIGINS
    [hit] = validate(*load(path), engine=engine)  # type: ignore[arg-type]
    assert hit.message == (
        "<DistributionConfig> has both <S3Origin> and <CustomOrigin>; exactly one origin is allowed"
    )
    assert (hit.location.line, hit.location.xpath) == (1, "/DistributionConfig")


# file -> (text that starts the offending element, its readable path, the message)
INVALID = {
    "aliases-quantity-mismatch.xml": (
        "<Aliases>",
        "/DistributionConfig/Aliases",
        "<Aliases> says Quantity 5 but Items holds 2 elements",
    ),
    "bad-min-protocol-version.xml": (
        "<MinimumProtocolVersion>",
        "/DistributionConfig/ViewerCertificate/MinimumProtocolVersion",
        '<MinimumProtocolVersion> is "TLSv1.2_2022"; expected one of: SSLv3, TLSv1, TLSv1_2016, '
        "TLSv1.1_2016, TLSv1.2_2018, TLSv1.2_2019, TLSv1.2_2021, TLSv1.3_2025, TLSv1.2_2025",
    ),
    "bad-viewer-protocol-enum.xml": (
        "<ViewerProtocolPolicy>http-only",
        "/DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy",
        '<ViewerProtocolPolicy> is "http-only"; expected one of: allow-all, https-only, '
        "redirect-to-https",
    ),
    "boolean-as-1.xml": (
        "<Enabled>1",
        "/DistributionConfig/Enabled",
        '<Enabled> is "1"; expected true or false',
    ),
    "legacy-element-injected.xml": (
        "<RequiredProtocols>",
        "/DistributionConfig/RequiredProtocols",
        "unexpected element <RequiredProtocols> in <DistributionConfig> "
        "(not part of the 2020-05-31 format)",
    ),
    "missing-comment.xml": (
        "<DistributionConfig",
        "/DistributionConfig",
        "<DistributionConfig> is missing required element <Comment>",
    ),
    "missing-default-cache-behavior.xml": (
        "<DistributionConfig",
        "/DistributionConfig",
        "<DistributionConfig> is missing required element <DefaultCacheBehavior>",
    ),
}


def test_every_invalid_fixture_has_an_expectation() -> None:
    assert {p.name for p in (FIXTURES / "modern-invalid").glob("*.xml")} == set(INVALID)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_fixture_hit_names_the_element_where_it_is(name: str, engine: str) -> None:
    marker, xpath, message = INVALID[name]
    path = FIXTURES / "modern-invalid" / name
    [hit] = validate(*load(path), engine=engine)  # type: ignore[arg-type]
    assert hit.message == message
    # The documents are one long line, as botocore sends them: the column is what points.
    assert hit.location.line == 1
    assert hit.location.column == path.read_text().index(marker) + 1
    assert hit.location.xpath == xpath


@pytest.mark.parametrize("engine", ENGINES)
def test_a_multi_line_document_reports_the_line(engine: str) -> None:
    text = HANDMADE.replace("><", ">\n<").replace("<Enabled>true</Enabled><Viewer", "")
    text = text.replace("<PriceClass>PriceClass_100</PriceClass>", "<PriceClass>cheap</PriceClass>")
    [hit] = check(text, engine)
    line = text[: text.index("<PriceClass>")].count("\n") + 1
    assert hit.location.line == line
    assert hit.location.column == 1
    assert hit.message.startswith('<PriceClass> is "cheap"; expected one of: PriceClass_100,')


@pytest.mark.parametrize("engine", ENGINES)
def test_child_order_does_not_matter(engine: str) -> None:
    for path in VALID:
        document, _ = load(path)
        shuffler = random.Random(path.name)
        for element in list(document.root.iter()):
            children = list(element)
            shuffler.shuffle(children)
            element[:] = children
        shuffled = etree.tostring(document.root).decode()
        assert check(shuffled, engine) == [], path.name


MESSAGES = [
    pytest.param(
        ("<Comment>HTTPS only, custom cert, logging</Comment>", ""),
        ("<Enabled>true</Enabled><ViewerCertificate>", "<ViewerCertificate>"),
        "<DistributionConfig> is missing required elements <Comment>, <Enabled>",
        id="two-missing",
    ),
    pytest.param(
        ("<Comment>", "<Comment>a</Comment><Comment>"),
        ("", ""),
        "<DistributionConfig> has 2 <Comment> elements; only one is allowed",
        id="duplicate",
    ),
    pytest.param(
        ("<Bucket>", "<Comment>x</Comment><Bucket>"),
        ("", ""),
        "unexpected element <Comment> in <Logging> "
        "(<Comment> belongs in <DistributionConfig> or <StringSchema>)",
        id="misplaced",
    ),
    pytest.param(
        ("<Comment>HTTPS only, custom cert, logging</Comment>", '<Comment xmlns="">c</Comment>'),
        ("", ""),
        "<Comment> in <DistributionConfig> is in no namespace; expected the CloudFront "
        "2020-05-31 namespace http://cloudfront.amazonaws.com/doc/2020-05-31/",
        id="no-namespace",
    ),
    pytest.param(
        ("<Aliases><Quantity>2</Quantity>", "<Aliases><Quantity>two</Quantity>"),
        ("", ""),
        '<Quantity> is "two"; expected an integer',
        id="not-an-integer",
    ),
    pytest.param(
        ("<HTTPPort>80</HTTPPort>", "<HTTPPort>1_0</HTTPPort>"),
        ("<HTTPSPort>443</HTTPSPort>", "<HTTPSPort>٤٤٣</HTTPSPort>"),
        '<HTTPPort> is "1_0"; expected an integer',
        id="python-int-is-not-xsd-integer",
    ),
    pytest.param(
        ("<Compress>true</Compress>", "<Compress>yes</Compress>"),
        ("", ""),
        '<Compress> is "yes"; expected true or false',
        id="boolean-word",
    ),
    pytest.param(
        ("<Aliases>", '<Aliases id="a">'),
        ("", ""),
        'unexpected attribute id="a" on <Aliases>; CloudFront elements take none',
        id="attribute",
    ),
    pytest.param(
        ("<Aliases>", "<Aliases>text"),
        ("", ""),
        '<Aliases> contains text "text"; only elements are allowed there',
        id="stray-text",
    ),
    pytest.param(
        ("<Comment>HTTPS", "<Comment><b/>HTTPS"),
        ("", ""),
        "<Comment> must contain only text, but holds element <b>",
        id="element-in-text",
    ),
    pytest.param(
        ("<Items><CNAME>www.example.com</CNAME><CNAME>*.static.example.com</CNAME></Items>", ""),
        ("", ""),
        "<Aliases> says Quantity 2 but has no Items",
        id="quantity-without-items",
    ),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("first", "second", "message"), MESSAGES)
def test_messages_say_what_was_expected_and_found(
    first: tuple[str, str], second: tuple[str, str], message: str, engine: str
) -> None:
    text = HANDMADE.replace(*first, 1).replace(*second, 1)
    assert text != HANDMADE
    messages = [hit.message for hit in check(text, engine)]
    assert messages[0] == message
    if second == ("<HTTPSPort>443</HTTPSPort>", "<HTTPSPort>٤٤٣</HTTPSPort>"):
        assert messages[1:] == ['<HTTPSPort> is "٤٤٣"; expected an integer']
    else:
        assert messages[1:] == []


LEGACY = (FIXTURES / "legacy" / "boto-s3origin-distconfig.xml").read_text()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("version", ["2010-07-15", "2012-03-15"])
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "<DefaultRootObject>",
            "<RequiredProtocols><Protocol>http</Protocol></RequiredProtocols><DefaultRootObject>",
            '<Protocol> is "http"; expected one of: https',
        ),
        (
            "<AwsAccountNumber>111122223333</AwsAccountNumber>",
            "<AwsAccountNumber>1111-2222-3333</AwsAccountNumber>",
            '<AwsAccountNumber> is "1111-2222-3333"; expected a value matching [0-9]{12}',
        ),
        (
            "<S3Origin>",
            "<CustomOrigin><DNSName>a.example.com</DNSName>"
            "<OriginProtocolPolicy>https-only</OriginProtocolPolicy></CustomOrigin><S3Origin>",
            '<OriginProtocolPolicy> is "https-only"; expected one of: http-only, match-viewer',
        ),
        (
            "<Enabled>true</Enabled>",
            "<Enabled>true</Enabled><ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>",
            "unexpected element <ViewerProtocolPolicy> in <DistributionConfig> "
            "(not part of the {version} format)",
        ),
    ],
    ids=["protocol", "account-number", "origin-policy", "modern-element"],
)
def test_legacy_namespaces_use_the_2010_11_01_schema(
    old: str, new: str, message: str, version: str, engine: str
) -> None:
    # boto 2 writes the 2010-07-15 namespace: every flat-format namespace is validated with the
    # 2010-11-01 schema, and messages name the document's own version.
    text = LEGACY.replace("doc/2010-07-15/", f"doc/{version}/")
    assert check(text, engine) == []
    hits = [hit.message for hit in check(text.replace(old, new, 1), engine)]
    assert message.replace("{version}", version) in hits


@pytest.mark.parametrize("engine", ENGINES)
def test_many_cnames_and_no_paths_are_left_to_rules(engine: str) -> None:
    # CNAME count is rule CFG106's job, an empty or huge invalidation batch rule CFG202's.
    cnames = "".join(f"<CNAME>c{i}.example.com</CNAME>" for i in range(30))
    assert check(LEGACY.replace("<CNAME>", cnames + "<CNAME>", 1), engine) == []
    empty = (FIXTURES / "legacy" / "boto-invalidation-batch.xml").read_text()
    empty = "".join(part for part in empty.split("\n") if "<Path>" not in part)
    assert check(empty, engine) == []
    paths = "".join(f"<Path>/p{i}</Path>" for i in range(1500))
    batch = (
        '<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
        f"<Paths><Quantity>1500</Quantity><Items>{paths}</Items></Paths>"
        "<CallerReference>r</CallerReference></InvalidationBatch>"
    )
    assert check(batch, engine) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_rule_owned_values_are_not_schema_errors(engine: str) -> None:
    text = HANDMADE.replace("www.example.com", "WWW.Example.COM!")
    text = text.replace("amzn-s3-demo-logs.s3.amazonaws.com", "not a bucket")
    text = text.replace("arn:aws:acm:us-east-1:", "arn:aws:acm:eu-west-1:")
    text = text.replace(
        "<SSLSupportMethod>",
        "<IAMCertificateId>" + "X" * 40 + "</IAMCertificateId><SSLSupportMethod>",
    )
    assert check(text, engine) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_hits_are_capped(engine: str) -> None:
    origins = "".join(
        f"<Origin><Id>o{i}</Id><DomainName>d</DomainName>"
        f"<ConnectionAttempts>x{i}</ConnectionAttempts></Origin>"
        for i in range(70)
    )
    text = HANDMADE.replace(
        "<Origins><Quantity>1</Quantity><Items>",
        f"<Origins><Quantity>71</Quantity><Items>{origins}",
    )
    hits = check(text, engine)
    assert len(hits) == MAX_HITS + 1
    assert hits[0].message == '<ConnectionAttempts> is "x0"; expected an integer'
    assert hits[-2].message == '<ConnectionAttempts> is "x49"; expected an integer'
    assert hits[-1].message == "... and 20 more schema errors"
    capped = hits[-1].location  # at the first hit left out
    assert (capped.line, capped.column) == (1, text.index("<ConnectionAttempts>x50") + 1)


def test_unknown_engine_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown schema engine 'lxml'"):
        validate(*from_text(HANDMADE), engine="lxml")  # type: ignore[arg-type]


def test_schema_location_hints_are_ignored() -> None:
    # A document must not make cfguard read files or the network.
    text = HANDMADE.replace(
        "<DistributionConfig ",
        '<DistributionConfig xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://cloudfront.amazonaws.com/doc/2020-05-31/ /nonexistent.xsd" ',
    )
    for engine in ENGINES:
        assert check(text, engine) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unexpected_child_does_not_hide_a_missing_one(engine: str) -> None:
    # xmlschema stops checking a parent's content at the first unexpected child.
    text = HANDMADE.replace("<CallerReference>", "<Bogus/><CallerReference>")
    text = text.replace("<Comment>HTTPS only, custom cert, logging</Comment>", "")
    hits = check(text, engine)
    assert [(hit.location.column, hit.message) for hit in hits] == [
        (1, "<DistributionConfig> is missing required element <Comment>"),
        (
            text.index("<Bogus/>") + 1,
            "unexpected element <Bogus> in <DistributionConfig> "
            "(not part of the 2020-05-31 format)",
        ),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_length_and_xsi_messages(engine: str) -> None:
    long_comment = LEGACY.replace(
        "<Comment>My comments</Comment>", f"<Comment>{'c' * 130}</Comment>"
    )
    [hit] = check(long_comment, engine)
    assert hit.message == f'<Comment> is "{"c" * 60}…"; 130 characters long; at most 128 allowed'
    nil = HANDMADE.replace(
        "<Compress>true</Compress>",
        '<Compress xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>',
    )
    assert [hit.message for hit in check(nil, engine)] == [
        'unexpected attribute xsi:nil="true" on <Compress>; CloudFront elements take none'
    ]


def test_an_origin_port_outside_1_to_65535_is_a_schema_finding() -> None:
    """The model leaves ports unbounded; the generated schema gives them the TCP range."""
    from cfguard.engine import lint
    from cfguard.rules.settings import Settings

    document = (REPO_EXAMPLES / "insecure-distribution.xml").read_text()
    for value, expected in (("-80", "expected at least 1"), ("70000", "expected at most 65535")):
        data = document.replace("<HTTPPort>80</HTTPPort>", f"<HTTPPort>{value}</HTTPPort>")
        result = lint(data.encode(), "dist.xml", Settings(enabled=frozenset({"CFG003"})))
        assert [(f.location.line, f.location.column, f.message) for f in result.findings] == [
            (18, 11, f'<HTTPPort> is "{value}"; {expected}')
        ]

"""Rule messages carry no XML: checks name fields in model terms and the syntax spells them.

The XML spelling gives the messages users have always read (the `.snap` files and corpus
snapshots prove it byte for byte); a second, fake spelling with Terraform-like `snake_case` names
and no `Quantity` shows that no check writes `<Element>` markup itself: over the whole fixture
corpus, every check message rendered with it is free of `<` and `>`. And no check's string
literal names a CloudFront member bare (`MinimumProtocolVersion SSLv3`): the other syntaxes name
them differently, so each is a part the syntax spells.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cfguard.checks import BATCH_CHECKS, DISTRIBUTION_CHECKS
from cfguard.checks.context import Context
from cfguard.core.findings import Hit
from cfguard.core.message import (
    Field,
    Item,
    Mention,
    Message,
    NewDocument,
    Placeholder,
    Recount,
    Scalar,
    Setting,
    Stated,
    Text,
    joined,
    message,
    render,
)
from cfguard.engine import lint, load
from cfguard.model import Distribution, Document, InvalidationBatch
from cfguard.rules.settings import Settings
from cfguard.syntaxes.xml.spelling import XML_SPELLING
from tests.conftest import FIXTURES, REPO, SHARED_COPY

CHECKS = REPO / "cfguard" / "checks"


def _snake(name: str) -> str:
    """`MinimumProtocolVersion` -> `minimum_protocol_version`, `SSLSupportMethod` ->
    `ssl_support_method`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _hcl(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else f'"{value}"'


class SnakeSpelling:
    """A syntax that is not XML: `a_field`, `outer.inner`, `name = "value"`, `{placeholder}`, and
    lists without a count (`Quantity`), as Terraform has them."""

    def field(self, path: tuple[str, ...]) -> str:
        return ".".join(_snake(name) for name in path)

    def mention(self, path: tuple[str, ...]) -> str:
        return self.field(path)

    def stated(self, path: tuple[str, ...], value: Scalar) -> str:
        return f"{self.field(path)} = {_hcl(value)}"

    def setting(self, setting: Setting) -> str:
        value = setting.value
        if isinstance(value, (str, int)):
            return f"{_snake(setting.name)} = {_hcl(value)}"
        children = (value,) if isinstance(value, Setting) else value
        return f"{_snake(setting.name)} {{ {'; '.join(self.setting(c) for c in children)} }}"

    def item(self, owner: str, wrapper: str, value: Scalar | None) -> str:
        return f"value in {_snake(owner)}" if value is None else _hcl(value)

    def recount(self, clause: str) -> str:
        return ""

    def placeholder(self, what: str) -> str:
        return "{" + what.replace(" ", "-") + "}"

    def noun(self, kind: str) -> str:
        return "block" if kind == "member" else "entry"

    def comment(self, text: str) -> str:
        return f"# {text}"

    def document(self, root: Setting) -> str:
        return f"resource {self.setting(root)}"


SNAKE = SnakeSpelling()


# -- the message form -------------------------------------------------------------------------


def test_xml_spells_fields_as_elements() -> None:
    text = message(
        Field("ViewerCertificate"),
        " has no ",
        Field("RequiredProtocols", "Protocol"),
        "; add ",
        Setting("RequiredProtocols", Setting("Protocol", "https")),
        " and ",
        Placeholder("bucket-name"),
        ".s3.amazonaws.com",
    )
    assert render(text, XML_SPELLING) == (
        "<ViewerCertificate> has no <RequiredProtocols><Protocol>; add "
        "<RequiredProtocols><Protocol>https</Protocol></RequiredProtocols> and "
        "<bucket-name>.s3.amazonaws.com"
    )
    assert render(text, SNAKE) == (
        "viewer_certificate has no required_protocols.protocol; add "
        'required_protocols { protocol = "https" } and {bucket-name}.s3.amazonaws.com'
    )


def test_a_new_document_names_the_current_api_in_xml() -> None:
    batch = NewDocument(
        Setting("InvalidationBatch", (Setting("Paths", Setting("Path", "/*")), Setting("X", "1")))
    )
    assert render(message("save ", batch), XML_SPELLING) == (
        'save <InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
        "<Paths><Path>/*</Path></Paths><X>1</X></InvalidationBatch>"
    )


def test_xml_names_a_field_in_prose_bare_as_messages_always_have() -> None:
    # The wording of the rule snapshots: a field named in a sentence is its bare name, a list's
    # entry its wrapper element, a boolean or a number its text.
    text = message(
        Mention("ACMCertificateArn"),
        ", ",
        Stated("MinimumProtocolVersion", "SSLv3"),
        " (",
        Stated(("Logging", "Enabled"), False),
        "), a ",
        Item("Aliases", "CNAME"),
        "; add ",
        Item("Paths", "Path", "/*"),
        Recount(" (update ", Mention("Quantity"), " to match)"),
        ", ",
        Setting("Paths", (Setting("Quantity", 1), Setting("Items", Setting("Path", "/*")))),
        ", ",
        Setting("Enabled", True),
    )
    assert render(text, XML_SPELLING) == (
        "ACMCertificateArn, MinimumProtocolVersion SSLv3 (Logging/Enabled false), a CNAME; add "
        "<Path>/*</Path> (update Quantity to match), "
        "<Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths>, "
        "<Enabled>true</Enabled>"
    )
    assert render(text, SNAKE) == (
        'acm_certificate_arn, minimum_protocol_version = "SSLv3" (logging.enabled = false), a '
        'value in aliases; add "/*", paths { quantity = 1; items { path = "/*" } }, '
        "enabled = true"
    )


def test_a_syntax_without_counts_leaves_the_recount_out() -> None:
    # CFG402's fix, as a CloudFormation or Terraform user would read it: no Quantity to update.
    fix = message(
        "remove it and keep TLSv1.2", Recount(" (update ", Mention("Quantity"), " to match)")
    )
    assert render(fix, XML_SPELLING) == "remove it and keep TLSv1.2 (update Quantity to match)"
    assert render(fix, SNAKE) == "remove it and keep TLSv1.2"


def test_joined_puts_the_separator_between_texts_only() -> None:
    assert render(joined("; ", ["a", message(Field("B")), "c"]), XML_SPELLING) == "a; <B>; c"
    assert joined(", ", []) == Message(())


def test_plain_text_is_its_own_rendering() -> None:
    assert render("no field named", SNAKE) == "no field named"
    assert message("a", message("b", Field("C")), "d") == Message(("a", "b", Field("C"), "d"))


# -- what a user sees -------------------------------------------------------------------------


def _current(certificate: str) -> bytes:
    return (
        '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
        f"<ViewerCertificate>{certificate}</ViewerCertificate></DistributionConfig>"
    ).encode()


def test_the_same_rule_speaks_xml_to_an_xml_user_and_snake_case_to_another() -> None:
    data = _current(
        "<ACMCertificateArn>arn:aws:acm:us-east-1:123456789012:certificate/a-1"
        "</ACMCertificateArn><SSLSupportMethod>sni-only</SSLSupportMethod>"
    )
    result = lint(data, "dist.xml", Settings(enabled=frozenset({"CFG103"})))
    [finding] = result.findings
    assert (finding.rule_id, finding.location.line, finding.location.column) == ("CFG103", 1, 77)
    xml = (
        "<ViewerCertificate> has a custom certificate but no <MinimumProtocolVersion>, so "
        "CloudFront applies its default, TLSv1 (TLS 1.0); add "
        "<MinimumProtocolVersion>TLSv1.2_2021</MinimumProtocolVersion>"
    )
    assert finding.message == xml
    [hit] = _hits(load(data, Settings(enabled=frozenset())).model, Context(), only="CFG103")
    assert render(hit.message, SNAKE) == (
        "viewer_certificate has a custom certificate but no minimum_protocol_version, so "
        "CloudFront applies its default, TLSv1 (TLS 1.0); add minimum_protocol_version = "
        '"TLSv1.2_2021"'
    )


# -- no check writes XML ----------------------------------------------------------------------


def _hits(model: Document | None, context: Context, only: str | None = None) -> Iterator[Hit]:
    """Every check's hits on `model`, run in-process as the engine runs them."""
    if isinstance(model, InvalidationBatch):
        for batch_spec in BATCH_CHECKS:
            if only in (None, batch_spec.rule_id):
                yield from batch_spec.function(model, context)
    elif isinstance(model, Distribution):
        for spec in DISTRIBUTION_CHECKS:
            if only in (None, spec.rule_id):
                yield from spec.function(model, context)


def _model(path: Path) -> Document | None:
    return load(path.read_bytes(), Settings(enabled=frozenset())).model


def _context(path: Path) -> Context:
    """A rule fixture's previous version and invalidations (CFG201), when it has them."""
    stem = path.name.split(".")[0]
    baseline = path.with_name(f"{stem}.baseline.xml")
    batches = sorted(path.parent.glob(f"{stem}.invalidation*.xml"))
    previous = _model(baseline) if baseline.exists() and baseline != path else None
    return Context(
        baseline=previous if isinstance(previous, Distribution) else None,
        invalidations=tuple(b for p in batches if isinstance(b := _model(p), InvalidationBatch)),
        path=path.name,
    )


CORPUS = sorted(FIXTURES.rglob("*.xml")) + sorted(SHARED_COPY.rglob("*.xml"))


@functools.cache
def check_messages() -> tuple[tuple[str, Text], ...]:
    """Every message the checks give on the fixture corpus (every rule's pass and fail fixtures,
    baselines and batches included, and the real API documents), with the file it came from:
    what any spelling must render (tests/test_json_spelling.py renders them as JSON)."""
    found: list[tuple[str, Text]] = []
    for path in CORPUS:
        for hit in _hits(_model(path), _context(path)):
            found.append((str(path.relative_to(REPO)), hit.message))
    return tuple(found)


@pytest.fixture(scope="module")
def corpus_messages() -> list[tuple[str, Message | str]]:
    return list(check_messages())


def test_no_check_message_holds_markup_in_another_spelling(
    corpus_messages: list[tuple[str, Message | str]],
) -> None:
    marked = [
        (path, rendered)
        for path, text in corpus_messages
        if "<" in (rendered := render(text, SNAKE)) or ">" in rendered
    ]
    assert marked == []


def test_the_corpus_exercises_field_references(
    corpus_messages: list[tuple[str, Message | str]],
) -> None:
    # Without this the test above could pass on a corpus whose messages name no field.
    kinds = {
        type(part)
        for _, text in corpus_messages
        if isinstance(text, Message)
        for part in text.parts
    }
    assert {Field, Mention, Stated, Setting, Item, Recount, Placeholder, NewDocument} <= kinds
    with_fields = [text for _, text in corpus_messages if isinstance(text, Message)]
    assert len(with_fields) >= 20
    assert any("<" in render(text, XML_SPELLING) for text in with_fields)


# Markup in a check's string literal: `<Element>` or `</Element>`, not a regex's `(?P<name>`.
MARKUP = re.compile(r"(?<!\?P)</?[A-Za-z][\w -]*>")


def _literals(path: Path) -> Iterator[tuple[int, str]]:
    for _, line, text in _literal_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        yield line, text


def _literal_nodes(tree: ast.AST) -> Iterator[tuple[ast.Constant, int, str]]:
    """Every string constant of a module but its docstrings, with its line."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node, node.lineno, node.value


@pytest.mark.parametrize("path", sorted(CHECKS.glob("*.py")), ids=lambda p: p.name)
def test_no_check_writes_xml_markup(path: Path) -> None:
    # Also the branches no fixture reaches: a field is a `Field`, a value to write a `Setting`.
    found = [(line, text) for line, text in _literals(path) if MARKUP.search(text)]
    assert found == []


# -- no check names a CloudFront member bare --------------------------------------------------


def _member_names() -> frozenset[str]:
    """Every element name of the API's schemas, legacy and current: the CloudFront members a
    message may name. An all-lowercase name (`member`) is an ordinary word, and "logging" or
    "aliases" in lower case are English, not the members `Logging` and `Aliases`."""
    names: set[str] = set()
    for schema in sorted((REPO / "schemas").glob("cloudfront-*.xsd")):
        names.update(re.findall(r'<xs:element name="([A-Za-z]+)"', schema.read_text("utf-8")))
    return frozenset(name for name in names if not name.islower())


MEMBER_NAMES = _member_names()
# A member name as a word of its own: not inside `TooManyDistributionCNAMEs` or `max-aliases`.
_BARE_MEMBER = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(MEMBER_NAMES, key=len, reverse=True)) + r")(?![\w-])"
)
#: Parts that take member names, and which of their positional arguments are names.
_NAME_ARGUMENTS = {"Field": None, "Mention": None, "Setting": 1, "Stated": 1, "Item": 2}


def _part_names(tree: ast.AST) -> set[int]:
    """The string constants that are a part's member names (`Field("Logging")`,
    `Stated(("Logging", "Enabled"), False)`): names the syntax spells, not prose."""
    names: set[int] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in _NAME_ARGUMENTS:
            continue
        count = _NAME_ARGUMENTS[node.func.id]
        for argument in node.args[:count]:
            inside = argument.elts if isinstance(argument, ast.Tuple) else [argument]
            names.update(id(constant) for constant in inside if isinstance(constant, ast.Constant))
    return names


def _bare_members(path: Path) -> list[tuple[int, str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _part_names(tree)
    return [
        (line, found.group(1), text)
        for node, line, text in _literal_nodes(tree)
        if id(node) not in names
        for found in _BARE_MEMBER.finditer(text)
    ]


def test_the_member_names_come_from_the_schemas() -> None:
    assert {"MinimumProtocolVersion", "Quantity", "CNAME", "Logging", "Enabled"} <= MEMBER_NAMES
    assert {"RequiredProtocols", "OriginSslProtocols", "CallerReference"} <= MEMBER_NAMES
    assert "member" not in MEMBER_NAMES
    found = _BARE_MEMBER.findall
    assert found("MinimumProtocolVersion SSLv3 (update Quantity to match)") == [
        "MinimumProtocolVersion",
        "Quantity",
    ]
    assert found("logging is enabled; 12 aliases; TooManyDistributionCNAMEs; max-aliases") == []


@pytest.mark.parametrize("path", sorted(CHECKS.glob("*.py")), ids=lambda p: p.name)
def test_no_check_names_a_member_bare(path: Path) -> None:
    # A member a message names is a part (`Mention`, `Stated`, `Item`, `Recount` ...), which the
    # XML spelling writes as the text always was and another syntax in its own terms.
    assert _bare_members(path) == []

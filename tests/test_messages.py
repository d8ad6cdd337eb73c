"""Rule messages carry no XML: checks name fields in model terms and the syntax spells them.

The XML spelling gives the messages users have always read (the `.snap` files and corpus
snapshots prove it byte for byte); a second, fake spelling with Terraform-like `snake_case` names
shows that no check writes `<Element>` markup itself: over the whole fixture corpus, every check
message rendered with it is free of `<` and `>`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cfguard.checks import BATCH_CHECKS, DISTRIBUTION_CHECKS
from cfguard.checks.context import Context
from cfguard.core.findings import Hit
from cfguard.core.message import (
    Field,
    Message,
    NewDocument,
    Placeholder,
    Setting,
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


class SnakeSpelling:
    """A syntax that is not XML: `a_field`, `outer.inner`, `name = "value"`, `{placeholder}`."""

    def field(self, path: tuple[str, ...]) -> str:
        return ".".join(_snake(name) for name in path)

    def setting(self, setting: Setting) -> str:
        value = setting.value
        if isinstance(value, str):
            return f'{_snake(setting.name)} = "{value}"'
        children = (value,) if isinstance(value, Setting) else value
        return f"{_snake(setting.name)} {{ {'; '.join(self.setting(c) for c in children)} }}"

    def placeholder(self, what: str) -> str:
        return "{" + what.replace(" ", "-") + "}"

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


@pytest.fixture(scope="module")
def corpus_messages() -> list[tuple[str, Message | str]]:
    found: list[tuple[str, Message | str]] = []
    for path in CORPUS:
        for hit in _hits(_model(path), _context(path)):
            found.append((str(path.relative_to(REPO)), hit.message))
    return found


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
    assert {Field, Setting, Placeholder, NewDocument} <= kinds
    with_fields = [text for _, text in corpus_messages if isinstance(text, Message)]
    assert len(with_fields) >= 20
    assert any("<" in render(text, XML_SPELLING) for text in with_fields)


# Markup in a check's string literal: `<Element>` or `</Element>`, not a regex's `(?P<name>`.
_MARKUP = re.compile(r"(?<!\?P)</?[A-Za-z][\w -]*>")


def _literals(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
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
            yield node.lineno, node.value


@pytest.mark.parametrize("path", sorted(CHECKS.glob("*.py")), ids=lambda p: p.name)
def test_no_check_writes_xml_markup(path: Path) -> None:
    # Also the branches no fixture reaches: a field is a `Field`, a value to write a `Setting`.
    found = [(line, text) for line, text in _literals(path) if _MARKUP.search(text)]
    assert found == []

"""The AWS CLI JSON spelling of check messages (`cfguard.syntaxes.json.spelling`, issue 14).

Every message the checks give on the fixture corpus (`tests/test_messages.check_messages`) is
rendered as a JSON user reads it: no `<Element>` markup, every member, value and document it
embeds is valid JSON of the 2020-05-31 API's shape (`Quantity` and `Items` kept, no per-entry
wrapper element, booleans and numbers unquoted), and a few messages are pinned word for word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cfguard.checks import DISTRIBUTION_CHECKS
from cfguard.checks.context import Context
from cfguard.core.message import (
    Field,
    Item,
    Mention,
    Message,
    NewDocument,
    Part,
    Placeholder,
    Recount,
    Setting,
    Stated,
    Text,
    message,
    render,
)
from cfguard.engine import load
from cfguard.model import Distribution, InvalidationBatch
from cfguard.rules.settings import Settings
from cfguard.syntaxes.json.spelling import JSON_SPELLING
from tests.conftest import FIXTURES
from tests.test_messages import MARKUP, check_messages

# -- the spelling -----------------------------------------------------------------------------


def _json(part: Part) -> str:
    return render(message(part), JSON_SPELLING)


def test_fields_are_their_keys_and_a_path_is_a_jmespath_expression() -> None:
    assert JSON_SPELLING.field(("MinimumProtocolVersion",)) == '"MinimumProtocolVersion"'
    assert JSON_SPELLING.field(("Logging", "Enabled")) == '"Logging"."Enabled"'
    assert JSON_SPELLING.field(("Aliases", "Items", "CNAME")) == '"Aliases"."Items"[]'
    assert JSON_SPELLING.mention(("ACMCertificateArn",)) == '"ACMCertificateArn"'


def test_values_are_typed_as_the_api_types_them() -> None:
    assert _json(Stated("ViewerProtocolPolicy", "allow-all")) == (
        '"ViewerProtocolPolicy": "allow-all"'
    )
    assert _json(Stated(("Logging", "Enabled"), False)) == ('"Logging": {"Enabled": false}')
    assert _json(Setting("Enabled", True)) == '"Enabled": true'
    assert _json(Setting("HTTPSPort", 443)) == '"HTTPSPort": 443'
    assert _json(Setting("RequiredProtocols", Setting("Protocol", "https"))) == (
        '"RequiredProtocols": {"Protocol": "https"}'
    )


def test_items_are_a_list_without_the_entries_wrapper_elements() -> None:
    paths = Setting("Paths", (Setting("Quantity", 2), Setting("Items", (Setting("Path", "/a"),))))
    assert _json(paths) == '"Paths": {"Quantity": 2, "Items": ["/a"]}'
    origins = Setting("Items", (Setting("Origin", (Setting("Id", "web"),)),))
    assert _json(origins) == '"Items": [{"Id": "web"}]'
    assert _json(Item("Paths", "Path", "/*")) == '"/*"'
    assert render(message("a ", Item("Aliases", "CNAME")), JSON_SPELLING) == (
        'a value in "Aliases"."Items"'
    )


def test_quantity_is_kept_and_placeholders_and_comments_are_plain() -> None:
    recount = Recount(" (update ", Mention("Quantity"), " to match)")
    assert render(message("keep TLSv1.2", recount), JSON_SPELLING) == (
        'keep TLSv1.2 (update "Quantity" to match)'
    )
    assert _json(Placeholder("bucket-name")) == "{bucket-name}"
    assert JSON_SPELLING.comment("cfguard: ignore[CFG101] why") == "cfguard: ignore[CFG101] why"


def test_a_document_is_the_json_the_cli_reads_from_a_file() -> None:
    batch = NewDocument(
        Setting(
            "InvalidationBatch",
            (
                Setting("Paths", (Setting("Quantity", 1), Setting("Items", Setting("Path", "/*")))),
                Setting("CallerReference", 'say "hi" — ünïcode'),
            ),
        )
    )
    rendered = _json(batch)
    assert rendered == (
        '{"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": "say \\"hi\\" — ünïcode"}'
    )
    assert json.loads(rendered) == {
        "Paths": {"Quantity": 1, "Items": ["/*"]},
        "CallerReference": 'say "hi" — ünïcode',
    }


# -- every message the checks give ------------------------------------------------------------


def _parts(text: Text) -> Iterator[Part]:
    """The parts of a message, those inside a `Recount` included."""
    if isinstance(text, str):
        return
    for part in text.parts:
        yield part
        if isinstance(part, Recount):
            yield from _parts(Message(part.parts))


_KEYS = re.compile(r'^"[A-Za-z]+"(\."[A-Za-z]+"|\[\])*$')


def _embedded_json_problem(part: Part) -> str | None:
    """Why the JSON a part renders as is not valid, or None."""
    rendered = _json(part)
    try:
        if isinstance(part, NewDocument):
            assert isinstance(json.loads(rendered), dict)
        elif isinstance(part, (Setting, Stated)):
            json.loads("{" + rendered + "}")
        elif isinstance(part, Item) and part.value is not None:
            json.loads(rendered)
        elif isinstance(part, (Field, Mention)):
            assert _KEYS.match(rendered)
    except (ValueError, AssertionError):
        return rendered
    return None


def test_no_message_holds_markup_in_json() -> None:
    marked = [
        (path, rendered)
        for path, text in check_messages()
        if MARKUP.search(rendered := render(text, JSON_SPELLING))
    ]
    assert marked == []


def test_every_member_value_and_document_a_message_embeds_is_json() -> None:
    kinds: set[type] = set()
    broken = []
    for path, text in check_messages():
        for part in _parts(text):
            kinds.add(type(part))
            problem = _embedded_json_problem(part)
            if problem is not None:
                broken.append((path, problem))
    assert broken == []
    # Not vacuous: the corpus has each kind of part that embeds JSON.
    assert {Field, Mention, Stated, Setting, Item, Recount, NewDocument} <= kinds


# -- what a JSON user reads -------------------------------------------------------------------


def _model(path: Path) -> Distribution:
    model = load(path.read_bytes(), Settings(enabled=frozenset())).model
    assert isinstance(model, Distribution)
    return model


def _messages(rule_id: str, dist: Distribution, context: Context) -> list[str]:
    [spec] = [spec for spec in DISTRIBUTION_CHECKS if spec.rule_id == rule_id]
    return [render(hit.message, JSON_SPELLING) for hit in spec.function(dist, context)]


def test_cfg101_names_the_policy_as_a_json_member() -> None:
    found = _messages("CFG101", _model(FIXTURES / "CFG101" / "fail_current.xml"), Context())
    assert found[0] == (
        'the default cache behavior accepts plain HTTP ("ViewerProtocolPolicy": "allow-all"); '
        "use redirect-to-https or https-only"
    )


def test_cfg103_names_the_policy_and_the_member_to_add() -> None:
    [weak] = _messages("CFG103", _model(FIXTURES / "CFG103" / "fail_current.xml"), Context())
    assert weak == (
        '"MinimumProtocolVersion": "TLSv1.1_2016" is below the floor TLSv1.2_2021: it lets '
        "viewers connect with TLS 1.1, the floor starts at TLS 1.2; use TLSv1.2_2021 or newer"
    )
    dist = _model(FIXTURES / "CFG103" / "fail_current.xml")
    assert dist.certificate is not None
    certificate = dist.certificate._replace(minimum_protocol_version=None)
    [missing] = _messages("CFG103", dist._replace(certificate=certificate), Context())
    assert missing == (
        '"ViewerCertificate" has a custom certificate but no "MinimumProtocolVersion", so '
        "CloudFront applies its default, TLSv1 (TLS 1.0); add "
        '"MinimumProtocolVersion": "TLSv1.2_2021"'
    )


def test_cfg201_gives_the_batch_to_save_as_cli_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    folder = FIXTURES / "CFG201"
    dist, baseline = (
        _model(folder / "fail_current.xml"),
        _model(folder / "fail_current.baseline.xml"),
    )
    first = _messages("CFG201", dist, Context(baseline=baseline, path="www.json"))[0]
    batch = (
        '{"Paths": {"Quantity": 1, "Items": ["/*"]}, '
        '"CallerReference": "cfguard-https-switch-20260101"}'
    )
    assert first == (
        "the default cache behavior switched from allow-all (baseline) to redirect-to-https; "
        "objects cached over HTTP stay cached (the cache is protocol agnostic) and no new "
        f"invalidation clears them: save {batch} beside this file as www.invalidation.json "
        "(see cfguard explain CFG201)"
    )
    assert json.loads(batch)["Paths"]["Items"] == ["/*"]
    given = load(
        (folder / "fail_current.invalidation.xml").read_bytes(), Settings(enabled=frozenset())
    ).model
    assert isinstance(given, InvalidationBatch)
    context = Context(baseline=baseline, invalidations=(given,), path="www.json")
    assert _messages("CFG201", dist, context)[0].endswith(
        'the invalidation given ("www-deploy-42": /index.html /img/*) does not clear the whole '
        'cache, only the path /* does: add "/*" to it and raise its "Quantity" by one (see '
        "cfguard explain CFG201)"
    )

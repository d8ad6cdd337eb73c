"""Values: absurd numbers, and characters that could drive a terminal, reach a message without
crashing anything and without reaching the terminal raw; JSON stays valid and keeps them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from cfguard.core.tally import Tally
from cfguard.formatters import OutputOptions
from cfguard.formatters.text import render
from cfguard.rules.registry import resolve_selection
from cfguard.rules.settings import Settings
from cfguard.run import runner
from cfguard.run.lint import RunOptions
from tests.hostile.conftest import NS, finding_lines, well_configured, with_element

# Raw ESC cannot appear in an XML 1.0 document (not even as &#x1b;), so what a document can
# smuggle into a message is C1 controls (CSI U+009B, OSC U+009D, ST U+009C), bidirectional
# overrides and invisible characters; a file name can hold ESC itself (test_paths covers it).
HOSTILE = "\u009b31m\u009d0;title\u009c\u202eevil\u200b\u2028"
RAW = ("\u009b", "\u009d", "\u009c", "\u202e", "\u200b", "\u2028", "\x1b", "\x07")


def _write(tmp_path: Path, name: str, document: str) -> Path:
    path = tmp_path / name
    path.write_text(document, encoding="utf-8")
    return path


def _hostile_document() -> str:
    document = with_element(well_configured(), "Bucket", f"logs{HOSTILE}.s3.amazonaws.com")
    return document.replace("<CNAME>www.example.com</CNAME>", f"<CNAME>www.{HOSTILE}.com</CNAME>")


def test_control_and_bidi_characters_never_reach_the_terminal(tmp_path: Path, check: Any) -> None:
    path = _write(tmp_path, "hostile.xml", _hostile_document())
    result = check(path)
    assert result.code == 1
    findings = finding_lines(result.out)
    messages = [m.group(0) for m in findings if m["rule"] in ("CFG301", "CFG106", "CFG003")]
    assert messages, result.out
    for raw in RAW:
        assert raw not in result.out + result.err, repr(raw)
    assert "\\x9b31m\\x9d0;title\\x9c\\u202eevil\\u200b\\u2028" in result.out


def test_json_keeps_the_characters_and_stays_valid(tmp_path: Path, check: Any) -> None:
    path = _write(tmp_path, "hostile.xml", _hostile_document())
    report = json.loads(check(path, args=("--format", "json")).out)
    messages = [f["message"] for f in report["files"][0]["findings"]]
    assert any(HOSTILE in message for message in messages), messages


def _results(path: Path) -> tuple[list[Any], Tally]:
    tally = Tally()
    settings = Settings(enabled=resolve_selection(None, []))
    results = list(runner.run([str(path)], settings, RunOptions(keep_lines=True), tally))
    return results, tally


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(_hostile_document(), id="hostile-values"),
        # Not XML: the CFG001 excerpt shows the raw line, ESC and BEL included.
        pytest.param("<Distribution\x1b[31mConfig>\x1b]0;title\x07\u202e", id="raw-escapes"),
    ],
)
def test_rich_terminal_output_escapes_document_text(tmp_path: Path, document: str) -> None:
    """The coloured writer (used when stdout is a terminal) with source excerpts: the only escape
    sequences in its output are its own colours."""
    import re

    path = _write(tmp_path, "doc\x1b[31m.xml", document)
    results, tally = _results(path)
    out = io.StringIO()
    render(results, tally, out, OutputOptions(color=True, excerpt=True))
    text = out.getvalue()
    assert "\x1b[" in text  # it did colour
    without_colours = re.sub(r"\x1b\[[0-9;]*m", "", text)
    for raw in RAW:
        assert raw not in without_colours, repr(raw)
    assert "doc\\x1b[31m.xml" in without_colours
    if "\x1b]" in document:
        assert "\\x1b]0;title\\x07" in without_colours


@pytest.mark.parametrize(
    ("element", "value"),
    [
        ("HTTPPort", "99999999999999999999999"),
        ("HTTPPort", "-80"),
        ("HTTPSPort", "0"),
        ("HTTPSPort", "65536"),
        ("HTTPSPort", "9" * 5000),  # past Python's int() digit limit
        ("OriginReadTimeout", "1e999"),
        ("OriginKeepaliveTimeout", "NaN"),
        ("Quantity", "9" * 5000),
        ("Quantity", "-1"),
        ("Quantity", "99999999999999999999999"),
    ],
)
def test_absurd_numbers_are_schema_findings(
    element: str, value: str, tmp_path: Path, check: Any
) -> None:
    path = _write(tmp_path, "numbers.xml", with_element(well_configured(), element, value))
    result = check(path)
    assert result.code == 1
    rules = {m["rule"] for m in finding_lines(result.out)}
    assert "CFG003" in rules, result.out


def test_five_thousand_aliases(tmp_path: Path, check: Any) -> None:
    aliases = "".join(f"<CNAME>a{i}.example.com</CNAME>" for i in range(5000))
    document = well_configured().replace(
        "<Aliases><Quantity>2</Quantity><Items><CNAME>www.example.com</CNAME>"
        "<CNAME>*.static.example.com</CNAME></Items>",
        f"<Aliases><Quantity>5000</Quantity><Items>{aliases}</Items>",
    )
    assert "a4999.example.com" in document
    path = _write(tmp_path, "aliases.xml", document)
    result = check(path, args=("--format", "json"))
    assert result.code in (0, 1)
    entry = json.loads(result.out)["files"][0]
    assert all(f["rule"] != "CFG001" for f in entry["findings"])
    assert all(len(f["message"]) < 2000 for f in entry["findings"])  # lists stay summarised


@pytest.mark.parametrize("namespace", [f"http://cloudfront.amazonaws.com/doc/{HOSTILE}/", HOSTILE])
def test_namespace_with_hostile_characters(namespace: str, tmp_path: Path, check: Any) -> None:
    """The namespace, an attribute value the document controls, is quoted in the message (by
    libxml2 when it is not a valid URI: CFG001; by cfguard when it is not CloudFront's: CFG002)."""
    result = check(_write(tmp_path, "ns.xml", well_configured().replace(NS, namespace)))
    [finding] = finding_lines(result.out)
    assert finding["rule"] in ("CFG001", "CFG002")
    assert "\\u202eevil" in finding.group(0)
    for raw in RAW:
        assert raw not in result.out, repr(raw)

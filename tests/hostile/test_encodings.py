"""Encodings: valid ones lint normally with the right line and column; broken ones get one CFG001
that says what is wrong with the bytes."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.conftest import NS, cfg001_lines, finding_lines

# A multi-line document whose default behavior allows HTTP: CFG101 at line 7, column 5.
LINES = [
    '<?xml version="1.0" encoding="{encoding}"?>',
    f'<DistributionConfig xmlns="{NS}">',
    "  <CallerReference>ref-1</CallerReference>",
    "  <Comment>Café für Ünïcödé — 配信 ✓</Comment>",
    "  <DefaultCacheBehavior>",
    "    <TargetOriginId>o1</TargetOriginId>",
    "    <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>",
    "  </DefaultCacheBehavior>",
    "</DistributionConfig>",
]
CFG101_AT = ("7", "5")


def _text(encoding: str, newline: str = "\n") -> str:
    return newline.join(LINES).replace("{encoding}", encoding) + newline


def _undeclared(text: str) -> str:
    """`text` without its XML declaration (a comment keeps the line numbers)."""
    return "<!-- no declaration -->\n" + text.split("\n", 1)[1]


VALID: dict[str, bytes] = {
    "utf-8": _text("UTF-8").encode("utf-8"),
    "utf-8-bom": codecs.BOM_UTF8 + _text("UTF-8").encode("utf-8"),
    "utf-8-bom-undeclared": codecs.BOM_UTF8 + _undeclared(_text("UTF-8")).encode(),
    "utf-16-le-bom": codecs.BOM_UTF16_LE + _text("UTF-16").encode("utf-16-le"),
    "utf-16-be-bom": codecs.BOM_UTF16_BE + _text("UTF-16").encode("utf-16-be"),
    "utf-16-le-no-bom-declared": _text("UTF-16LE").encode("utf-16-le"),
    "utf-16-be-no-bom-declared": _text("UTF-16BE").encode("utf-16-be"),
    "latin-1-declared": _text("ISO-8859-1").replace(" — 配信 ✓", "").encode("latin-1"),
    "windows-1252-declared": _text("windows-1252").replace(" 配信 ✓", "").encode("cp1252"),
    "crlf-line-endings": _text("UTF-8", "\r\n").encode(),
    "cr-line-endings": _text("UTF-8", "\r").encode(),
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_encoding_lints_with_exact_positions(name: str, tmp_path: Path, check: Any) -> None:
    path = tmp_path / f"{name}.xml"
    path.write_bytes(VALID[name])
    result = check(path, args=("--select", "CFG101"))
    [finding] = finding_lines(result.out)
    assert finding["rule"] == "CFG101"
    assert (finding["line"], finding["column"]) == CFG101_AT
    assert result.code == 1


def test_utf16_document_reports_in_json_too(tmp_path: Path, check: Any) -> None:
    path = tmp_path / "utf16.xml"
    path.write_bytes(VALID["utf-16-le-bom"])
    entry = json.loads(check(path, args=("--format", "json")).out)["files"][0]
    assert entry["api_version"] == "2020-05-31"
    [http] = [f for f in entry["findings"] if f["rule"] == "CFG101"]
    assert (http["line"], http["column"]) == (7, 5)


BROKEN: dict[str, tuple[bytes, str]] = {
    "declared-utf-8-but-latin-1": (
        _text("UTF-8").replace(" — 配信 ✓", "").encode("latin-1"),
        "the bytes are not valid UTF-8, which it declares",
    ),
    "undeclared-latin-1": (
        _undeclared(_text("UTF-8")).replace(" — 配信 ✓", "").encode("latin-1"),
        "the bytes are not valid UTF-8, which XML assumes without a declaration",
    ),
    "declared-utf-16-but-utf-8": (
        _text("UTF-16").encode("utf-8"),
        'declares encoding="UTF-16" but is not UTF-16',
    ),
    "unknown-encoding": (_text("x-cfguard-none").encode(), "Unsupported encoding"),
    "invalid-utf-8-bytes": (
        _text("UTF-8").encode().replace(b"Caf\xc3\xa9", b"Caf\xff\xfe"),
        "not valid UTF-8",
    ),
    "nul-bytes": (_text("UTF-8").encode().replace(b"ref-1", b"ref\x00\x001"), "NUL byte"),
    "png-named-xml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a PNG image"),
    "random-bytes": (random.Random(1).randbytes(4096).replace(b"<", b"\x00"), "binary data"),
    "gzip-named-xml": (b"\x1f\x8b\x08\x00" + bytes(100), "a gzip archive"),
    "empty": (b"", "the file is empty"),
    "whitespace-only": (b" \n\t\r\n  ", "the file is empty"),
    "utf-16-whitespace-only": (codecs.BOM_UTF16_LE + "  \n ".encode("utf-16-le"), "empty"),
    "plain-text": (b"hello, this is not XML\n", "not an XML document"),
    "control-character": (
        _text("UTF-8").encode().replace(b"ref-1", b"ref\x1b[31m"),
        "U+001B is not allowed",
    ),
    "control-character-reference": (
        _text("UTF-8").encode().replace(b"ref-1", b"ref&#x1b;[31m"),
        "U+001B is not allowed",
    ),
    "truncated-utf-16": (VALID["utf-16-le-bom"][:-7], "not well-formed XML"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_bytes_get_a_clear_cfg001(name: str, tmp_path: Path, check: Any) -> None:
    data, reason = BROKEN[name]
    path = tmp_path / f"{name}.xml"
    path.write_bytes(data)
    result = check(path)
    assert result.code == 1
    [finding] = cfg001_lines(result.out)
    assert reason in finding.group(0), finding.group(0)
    assert len(finding_lines(result.out)) == 1
    assert "XML_PARSE" not in result.out
    assert "\x1b" not in result.out


def test_invalid_byte_is_located(tmp_path: Path, check: Any) -> None:
    data, _ = BROKEN["declared-utf-8-but-latin-1"]
    path = tmp_path / "latin.xml"
    path.write_bytes(data)
    [finding] = cfg001_lines(check(path).out)
    assert finding["line"] == "4"

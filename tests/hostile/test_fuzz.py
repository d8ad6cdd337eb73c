"""Property-based fuzzing of real documents: whatever is deleted, duplicated, reordered, rewritten,
injected or cut off, cfguard exits 0, 1 or 2, never crashes, keeps its output well-formed and
leaves the file as it was.

Most examples run in-process through `cfguard.cli.main` (fast); a smaller number run through the
real process. `CFGUARD_FUZZ_EXAMPLES` sets the in-process count (default 300, under a minute);
a longer run: `CFGUARD_FUZZ_EXAMPLES=20000 pytest tests/hostile -k fuzz`.
"""

from __future__ import annotations

import copy
import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cfguard.cli import main
from cfguard.formatters import FORMATS
from tests.conftest import TESTS
from tests.hostile.conftest import (
    FINDING_LINE,
    LEGACY_VALID,
    MODERN_VALID,
    SUMMARY_LINE,
    assert_clean_stderr,
    run_real,
)

EXAMPLES = int(os.environ.get("CFGUARD_FUZZ_EXAMPLES", "300"))
SOURCES = [path.read_bytes() for path in MODERN_VALID + LEGACY_VALID]
SARIF_SCHEMA = TESTS / "data" / "sarif-schema-2.1.0.json"
OUTPUTS = ["text", "json", *(["sarif"] if "sarif" in FORMATS else [])]

# Values that mean something to CloudFront or to a parser, mixed with arbitrary text.
TOKENS = [
    "", "allow-all", "https-only", "redirect-to-https", "true", "false", "1", "0", "-1",
    "2147483648", "99999999999999999999999", "TLSv1", "TLSv1.2_2021", "SSLv3", "sni-only",
    "vip", "*.example.com", "www.example.com", "*", "/*", "http-only", "match-viewer",
    "arn:aws:acm:eu-west-1:123456789012:certificate/x", "logs.s3.amazonaws.com", "a" * 300,
    "é\u202e\u200b\u0085", "cfguard: ignore[CFG101]",
]  # fmt: skip
XML_TEXT = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cs",), exclude_characters="\ufffe\uffff",
        min_codepoint=0x20,
    ),
    max_size=40,
)  # fmt: skip
INJECTIONS = [
    b"<", b">", b"&", b"&amp", b"\x00", b"\x1b[31m", b"\x07", b"\x0b", b"\xc3\xa9", b"\xff",
    b"\xe2\x80\xae", b"]]>", b"<!--", b"-->", b"<![CDATA[", b"<?x?>", b"&#0;", b"&#x1b;",
    b'"', b"'", b"</a>", b"<a>", b"\r", b"\n\n", "配信".encode(), b"\xef\xbb\xbf",
    b"<?a?>" * 60, b"<!---->" * 60, b"<!DOCTYPE d>", b"<!DOCTYPE d [<!ENTITY x 'y'>]>", b"&x;",
    b"<xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='/etc/passwd'/>",
    b" " * 5000, b"<a>" * 300,
]  # fmt: skip


def _mutate_tree(draw: Any, root: etree._Element) -> None:
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    target = draw(st.sampled_from(elements))
    parent = target.getparent()
    action = draw(st.sampled_from(["delete", "duplicate", "reorder", "text", "text"]))
    if action == "delete" and parent is not None:
        parent.remove(target)
    elif action == "duplicate" and parent is not None:
        parent.insert(parent.index(target), copy.deepcopy(target))
    elif action == "reorder" and len(target) > 1:
        children = list(target)
        for child in children:
            target.remove(child)
        target.extend(draw(st.permutations(children)))
    elif action == "text":
        target.text = draw(st.one_of(st.sampled_from(TOKENS), XML_TEXT))


@st.composite
def mutated_documents(draw: Any) -> bytes:
    root = etree.fromstring(draw(st.sampled_from(SOURCES)))  # our own fixtures: trusted
    for _ in range(draw(st.integers(0, 4))):
        _mutate_tree(draw, root)
    data: bytes = etree.tostring(root, xml_declaration=draw(st.booleans()), encoding="UTF-8")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        piece = draw(st.one_of(st.sampled_from(INJECTIONS), st.binary(min_size=1, max_size=4)))
        data = data[:at] + piece + data[at:]
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


def run_in_process(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code: int = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    return code, out.getvalue(), err.getvalue()


@cache
def _sarif_validator() -> Any:
    from jsonschema import Draft4Validator, FormatChecker

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return Draft4Validator(schema, format_checker=FormatChecker())


def assert_well_formed(output: str, out: str) -> None:
    if output == "json":
        report = json.loads(out)
        assert report["version"] == 1
    elif output == "sarif":
        log = json.loads(out)
        if SARIF_SCHEMA.exists():
            errors = [e.message for e in _sarif_validator().iter_errors(log)]
            assert errors == [], errors
    else:
        lines = out.splitlines()
        assert lines, "no output"
        assert SUMMARY_LINE.match(lines[-1]), lines[-1]
        bad = [line for line in lines[:-1] if not FINDING_LINE.match(line)]
        assert bad == [], bad


def check_one(path: Path, data: bytes, output: str, runner: Any) -> None:
    path.write_bytes(data)
    code, out, err = runner("check", "--format", output, str(path))
    assert code in (0, 1, 2), (code, out, err)
    assert_clean_stderr(err)
    assert path.read_bytes() == data, "cfguard changed the file it checked"
    assert_well_formed(output, out)
    if code == 2:  # only an unreadable input: a document always gets a finding instead
        assert err.strip(), out


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "mutated.xml"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=mutated_documents(), output=st.sampled_from(OUTPUTS))
def test_fuzz_in_process(scratch: Path, data: bytes, output: str) -> None:
    check_one(scratch, data, output, run_in_process)


def _real(*args: str) -> tuple[int, str, str]:
    result = run_real(*args)
    return result.code, result.out, result.err


@settings(
    max_examples=max(5, EXAMPLES // 30),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=mutated_documents(), output=st.sampled_from(OUTPUTS))
def test_fuzz_real_process(scratch: Path, data: bytes, output: str) -> None:
    check_one(scratch, data, output, _real)


def test_fuzz_harness_sees_a_crash(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process harness would notice a crash: cfguard's last-resort handler turns it into
    an 'internal error' line, which the checks above refuse."""
    import cfguard.syntaxes.xml  # the engine parses through the XML syntax

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(cfguard.syntaxes.xml, "parse_document", broken)
    with pytest.raises(AssertionError, match="internal error"):
        check_one(scratch, SOURCES[0], "text", run_in_process)

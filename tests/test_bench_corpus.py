"""The benchmark corpus (bench/generate.py): deterministic, realistic, and a place where the two
schema engines must agree, like on every fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cfguard.core.document import DocumentType
from cfguard.syntaxes.xml.detect import detect_type
from cfguard.syntaxes.xml.schema.validate import validate
from cfguard.syntaxes.xml.source import DocumentError, parse_document
from tests.conftest import FIXTURES, SHARED_COPY, run_cfguard
from tests.corpus import write_corpus


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CFGUARD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "schema-cache"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("bench") / "docs", 300, seed=1)


def test_same_seed_same_corpus_and_a_smaller_one_is_a_prefix(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", 30, seed=5)
    again = write_corpus(tmp_path / "b", 30, seed=5)
    shorter = write_corpus(tmp_path / "c", 10, seed=5)
    other = write_corpus(tmp_path / "d", 30, seed=6)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in shorter] == [p.read_bytes() for p in first[:10]]
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in first]


def test_distributions_weigh_2_to_10_kb(corpus: list[Path]) -> None:
    sizes = [p.stat().st_size for p in corpus if p.name.startswith("dist")]
    assert len(sizes) > 150
    assert min(sizes) >= 2 * 1024
    assert max(sizes) <= 10 * 1024


def test_the_corpus_mixes_every_kind_of_document(corpus: list[Path]) -> None:
    result = run_cfguard("check", "--format", "json", "--show-suppressed", corpus[0].parent)
    report = json.loads(result.out)
    rules = {f["rule"] for entry in report["files"] for f in entry["findings"]}
    # Rule findings, schema errors, broken and hostile XML, suppression comments, invalidations.
    expected = {"CFG001", "CFG003", "CFG101", "CFG102", "CFG103", "CFG105", "CFG106"}
    expected |= {"CFG202", "CFG301", "CFG302", "CFG303", "CFG401", "CFG402", "CFG901", "CFG902"}
    assert expected <= rules
    formats = {entry["format"] for entry in report["files"]}
    assert formats == {"current", "legacy", None}  # None: a file that did not parse
    assert report["skipped"]  # XML that is not CloudFront's
    assert report["summary"]["suppressed"] > 0
    clean = [entry for entry in report["files"] if not entry["findings"]]
    assert 0.3 < len(clean) / len(report["files"]) < 0.7


def _documents(paths: list[Path]) -> list[Path]:
    chosen = []
    for path in paths:
        try:
            document = parse_document(path.read_bytes())
        except DocumentError:
            continue
        if isinstance(detect_type(document.root), DocumentType):
            chosen.append(path)
    return chosen


def _verdicts(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    document = parse_document(path.read_bytes())
    doc_type = detect_type(document.root)
    assert isinstance(doc_type, DocumentType)
    auto, reference = (
        [
            (h.location.line, h.location.column, h.location.xpath, h.message)
            for h in validate(document, doc_type, engine=engine)
        ]
        for engine in ("auto", "xmlschema")
    )
    return auto, reference


def test_schema_engines_agree_on_the_benchmark_corpus(corpus: list[Path]) -> None:
    documents = _documents(corpus)
    assert len(documents) > 250
    disagreements = [p.name for p in documents if _verdicts(p)[0] != _verdicts(p)[1]]
    assert disagreements == []


RULE_FIXTURES = sorted(FIXTURES.glob("*/*.xml")) + sorted(SHARED_COPY.glob("*/*.xml"))


@pytest.mark.parametrize(
    "path", _documents(RULE_FIXTURES), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_schema_engines_agree_on_every_fixture(path: Path) -> None:
    auto, reference = _verdicts(path)
    assert auto == reference

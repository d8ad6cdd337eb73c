"""The benchmark corpus (bench/generate.py): deterministic, realistic, and a place where the two
schema engines must agree, like on every fixture. Its JSON rendering (what the AWS CLI prints,
made by botocore's own parser) says what the XML says, and the unrelated JSON files (package.json,
tsconfig, lock files) are all skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cfguard.core.document import DocumentType
from cfguard.syntaxes.xml.detect import detect_type
from cfguard.syntaxes.xml.schema.validate import validate
from cfguard.syntaxes.xml.source import DocumentError, parse_document
from tests.conftest import FIXTURES, SHARED_COPY, run_cfguard
from tests.corpus import generator, write_corpus


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


# The JSON corpus (issue 14): the XML corpus as the AWS CLI writes it, by botocore's parser.


def _json_corpus(directory: Path, count: int, seed: int) -> list[Path]:
    pytest.importorskip("botocore")
    paths: list[Path] = generator().generate_json(directory, count, seed)
    return paths


@pytest.fixture(scope="module")
def json_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """The same 300 documents as XML (no legacy ones: they have no JSON form) and as JSON."""
    root = tmp_path_factory.mktemp("bench-json")
    xml = write_corpus(root / "xml", 300, seed=1, legacy_share=0.0)
    return xml, _json_corpus(root / "json", 300, seed=1)


def test_same_seed_same_json_corpus_and_a_smaller_one_is_a_prefix(tmp_path: Path) -> None:
    first = _json_corpus(tmp_path / "a", 30, seed=5)
    again = _json_corpus(tmp_path / "b", 30, seed=5)
    shorter = _json_corpus(tmp_path / "c", 10, seed=5)
    other = _json_corpus(tmp_path / "d", 30, seed=6)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in shorter] == [p.read_bytes() for p in first[:10]]
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in first]


def test_json_document_i_is_xml_document_i(json_pair: tuple[list[Path], list[Path]]) -> None:
    xml, json_paths = json_pair
    stems = [(x.stem, j.stem) for x, j in zip(xml, json_paths, strict=True)]
    assert all(a == b for a, b in stems if not a.startswith("pom"))
    assert {b.rpartition("-")[0] for a, b in stems if a.startswith("pom")} <= {"package"}


def test_json_is_what_the_aws_cli_prints(json_pair: tuple[list[Path], list[Path]]) -> None:
    """4-space indent, the CLI's key order, typed booleans and integers, no item wrappers."""
    checked = 0
    for path in json_pair[1]:
        if path.name.startswith("package"):
            continue  # where the XML corpus has a POM: skipped, as the POM is
        text = path.read_text("utf-8")
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            continue  # truncated, or a byte order mark: 1% of the corpus
        assert text == json.dumps(document, indent=4, ensure_ascii=False) + "\n"
        if path.name.startswith("dist-tags"):
            assert list(document) == ["DistributionConfig", "Tags"]
        elif path.name.startswith("dist"):
            assert list(document) == ["ETag", "DistributionConfig"]
            assert len(document["ETag"]) == 14
        elif path.name.startswith("batch"):
            assert list(document) == ["DistributionId", "InvalidationBatch"]
            paths = document["InvalidationBatch"]["Paths"]
            assert paths["Quantity"] == len(paths["Items"])
            assert all(isinstance(item, str) for item in paths["Items"])
            continue
        config = document["DistributionConfig"]
        assert config["IsIPV6Enabled"] is True
        assert config["DefaultCacheBehavior"]["MinTTL"] == 0
        assert all(isinstance(o, dict) and "Id" in o for o in config["Origins"]["Items"])
        checked += 1
    assert checked > 250


def _rules(report: dict[str, Any]) -> dict[str, list[str]]:
    """Each file's rule ids (suppressed findings too), by file stem."""
    found = {}
    for entry in report["files"]:
        rules = [f["rule"] for f in entry["findings"] + entry.get("suppressed", [])]
        found[Path(entry["path"]).stem] = sorted(rules)
    return found


def test_the_json_corpus_finds_what_the_xml_corpus_finds(
    json_pair: tuple[list[Path], list[Path]],
) -> None:
    """Document for document, the same rules, less the suppression comments JSON cannot hold:
    what an XML comment suppressed is a finding in JSON, and CFG901/CFG902 (unused and invalid
    suppressions) have nothing to say. Schema errors and broken files survive the conversion."""
    xml, json_paths = json_pair
    reports = [
        json.loads(run_cfguard("check", "--format", "json", "--show-suppressed", p[0].parent).out)
        for p in (xml, json_paths)
    ]
    from_xml, from_json = (_rules(report) for report in reports)
    expected = {
        stem: [r for r in rules if r not in ("CFG901", "CFG902")]
        for stem, rules in from_xml.items()
    }
    assert from_json == expected
    assert sum("CFG003" in rules for rules in from_json.values()) >= 5
    assert {"CFG001", "CFG101", "CFG103", "CFG202", "CFG401"} <= {
        rule for rules in from_json.values() for rule in rules
    }
    assert [Path(s["path"]).name for s in reports[1]["skipped"]] == [
        p.name for p in json_paths if p.name.startswith("package")
    ]


def test_the_cli_sample_is_about_5_kb_and_clean(tmp_path: Path) -> None:
    pytest.importorskip("botocore")
    module = generator()
    cli = module.CliJson()
    clean = module.cli_sample(cli, 1, [])
    assert clean == module.cli_sample(cli, 1, [])
    assert 4500 <= len(clean.encode()) <= 6000
    assert list(json.loads(clean)) == ["ETag", "DistributionConfig"]
    (tmp_path / "clean.json").write_text(clean, "utf-8")
    (tmp_path / "findings.json").write_text(module.cli_sample(cli, 1, ["allow-all"]), "utf-8")
    assert run_cfguard("check", "clean.json", cwd=tmp_path).code == 0
    result = run_cfguard("check", "findings.json", cwd=tmp_path)
    assert result.code == 1
    assert "CFG101" in result.out


def test_unrelated_json_is_deterministic_varied_and_all_skipped(tmp_path: Path) -> None:
    module = generator()
    first = module.generate_unrelated(tmp_path / "a", 400, seed=3)
    again = module.generate_unrelated(tmp_path / "b", 400, seed=3)
    other = module.generate_unrelated(tmp_path / "c", 20, seed=4)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in first[:20]]
    kinds = {p.name.rpartition("-")[0]: 0 for p in first}
    for path in first:
        kinds[path.name.rpartition("-")[0]] += 1
    assert set(kinds) == {"package", "tsconfig", "package-lock"}
    assert kinds["package-lock"] >= 5
    assert max(p.stat().st_size for p in first) > 20_000  # lock files are large
    for path in first:
        data = path.read_bytes()
        assert b"DistributionConfig" not in data
        assert b"InvalidationBatch" not in data
        assert b"CallerReference" not in data
        assert b"DistributionList" not in data
        if not path.name.startswith("tsconfig"):
            json.loads(data)  # tsconfig files may hold comments, like tsc --init writes them
    report = json.loads(run_cfguard("check", "--format", "json", tmp_path / "a").out)
    assert report["files"] == []
    assert len(report["skipped"]) == 400

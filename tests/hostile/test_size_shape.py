"""Size and shape: huge files, huge text, deep nesting, long lines and very many elements each
end in bounded time and memory with a finding or an error, never a hang.

Each case is measured (wall time and peak RSS of the cfguard process); the figures are printed
in the terminal summary. Only a generous memory ceiling is asserted, never a time.
"""

from __future__ import annotations

import json
from pathlib import Path

from cfguard.syntaxes.xml.parse_errors import MAX_DEPTH, MAX_TEXT_LENGTH
from cfguard.syntaxes.xml.source import MAX_DOCUMENT_BYTES
from tests.hostile.conftest import (
    NS,
    cfg001_lines,
    file_states,
    finding_lines,
    run_measured,
    well_configured,
    with_element,
)

#: Far above anything measured (the worst, ~2.6 million elements, peaks near 420 MiB): a leak or
#: a blow-up fails, ordinary variation does not.
MEMORY_CEILING_MIB = 1536
HEAD = f'<DistributionConfig xmlns="{NS}">'
TAIL = "</DistributionConfig>"


def _measured_check(name: str, path: Path, *args: str) -> tuple[int, str]:
    before = file_states(path)
    measured = run_measured(name, "check", *args, path)
    assert file_states(path) == before
    assert measured.peak_mib < MEMORY_CEILING_MIB, measured
    return measured.run.code, measured.run.out


def _behaviors(count: int) -> str:
    """A valid 2020-05-31 document with `count` cache behaviors, every odd one allow-all."""
    document = well_configured()
    start = document.index("<CacheBehavior>")
    end = document.index("</CacheBehavior>") + len("</CacheBehavior>")
    template = document[start:end]
    items = "".join(
        template.replace("/api/*", f"/p{i}/*").replace(
            "<ViewerProtocolPolicy>https-only",
            "<ViewerProtocolPolicy>allow-all" if i % 2 else "<ViewerProtocolPolicy>https-only",
        )
        for i in range(count)
    )
    document = document[:start] + items + document[end:]
    return document.replace(
        "<CacheBehaviors><Quantity>1</Quantity>", f"<CacheBehaviors><Quantity>{count}</Quantity>"
    )


def test_file_just_over_the_size_limit(tmp_path: Path) -> None:
    document = well_configured()
    path = tmp_path / "over.xml"
    path.write_bytes(document.encode() + b" " * (MAX_DOCUMENT_BYTES + 1 - len(document)))
    assert path.stat().st_size == MAX_DOCUMENT_BYTES + 1
    code, out = _measured_check("file of 10 MiB + 1 byte", path)
    assert code == 1
    [finding] = cfg001_lines(out)
    assert "over cfguard's size limit of 10,485,760 bytes (10 MiB)" in finding.group(0)


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    # Padded with comments of 1 MB: one run of text or whitespace over 10,000,000 characters
    # is refused by libxml2 (next test), a file of 10 MiB in smaller pieces is not.
    document = well_configured().encode()
    path = tmp_path / "at-limit.xml"
    padding = MAX_DOCUMENT_BYTES - len(document)
    comments = [b"<!--" + b"c" * 999_993 + b"-->"] * (padding // 1_000_000)
    document += b"".join(comments)
    path.write_bytes(document + b" " * (MAX_DOCUMENT_BYTES - len(document)))
    assert path.stat().st_size == MAX_DOCUMENT_BYTES
    code, out = _measured_check("file of exactly 10 MiB (valid)", path)
    assert cfg001_lines(out) == []
    assert code == 0, out


def test_fifty_megabyte_text_node(tmp_path: Path) -> None:
    path = tmp_path / "text-50mb.xml"
    with path.open("wb") as handle:
        handle.write(f"{HEAD}<Comment>".encode())
        for _ in range(50):
            handle.write(b"x" * 1_000_000)
        handle.write(f"</Comment>{TAIL}".encode())
    code, out = _measured_check("50 MB text node", path)
    assert code == 1
    assert "size limit" in cfg001_lines(out)[0].group(0)


def test_text_node_over_libxml2s_limit_but_under_the_file_limit(tmp_path: Path) -> None:
    path = tmp_path / "text-10m.xml"
    document = with_element(well_configured(), "Comment", "x" * (MAX_TEXT_LENGTH + 1))
    path.write_text(document)
    assert path.stat().st_size <= MAX_DOCUMENT_BYTES
    code, out = _measured_check("text node of 10,000,001 characters", path)
    assert code == 1
    [finding] = cfg001_lines(out)
    assert "longer than 10,000,000 characters" in finding.group(0)
    assert "XML_PARSE_HUGE" not in out  # libxml2's advice is not the user's to follow


def test_hundred_thousand_nested_elements(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_text(HEAD + "<a>" * 100_000 + "</a>" * 100_000 + TAIL)
    code, out = _measured_check("100,000 nested elements", path)
    assert code == 1
    [finding] = cfg001_lines(out)
    assert f"nested more than {MAX_DEPTH} levels deep" in finding.group(0)


def test_nesting_at_the_limit_parses(tmp_path: Path) -> None:
    """256 levels (the root counts) is what libxml2 allows: no CFG001, the schema speaks."""
    path = tmp_path / "deep-256.xml"
    inner = MAX_DEPTH - 1
    path.write_text(HEAD + "<a>" * inner + "</a>" * inner + TAIL)
    code, out = _measured_check("256 nested elements (the limit)", path)
    assert cfg001_lines(out) == []
    assert code == 1
    assert any(m["rule"] == "CFG003" for m in finding_lines(out))
    path.write_text(HEAD + "<a>" * (inner + 1) + "</a>" * (inner + 1) + TAIL)
    assert "nested more than" in cfg001_lines(_measured_check("257 nested", path)[1])[0].group(0)


def test_single_line_of_ten_megabytes(tmp_path: Path) -> None:
    """A valid document on one 10 MB line (a long comment): findings keep exact columns."""
    document = well_configured().replace(
        "<DefaultCacheBehavior>", "<!--" + "y" * 9_990_000 + "--><DefaultCacheBehavior>"
    )
    document = document.replace(
        "<ViewerProtocolPolicy>redirect-to-https", "<ViewerProtocolPolicy>allow-all"
    )
    path = tmp_path / "line.xml"
    path.write_text(document)
    assert "\n" not in document
    code, out = _measured_check("one line of 10 MB", path, "--select", "CFG101")
    assert code == 1
    [finding] = finding_lines(out)
    column = document.index("<ViewerProtocolPolicy>allow-all") + 1
    assert (finding["rule"], finding["line"], finding["column"]) == ("CFG101", "1", str(column))


def test_ten_thousand_cache_behaviors(tmp_path: Path) -> None:
    document = _behaviors(10_000)
    path = tmp_path / "behaviors.xml"
    path.write_text(document)
    code, out = _measured_check("10,000 CacheBehaviors (valid)", path, "--format", "json")
    assert code == 1
    [entry] = json.loads(out)["files"]
    http = [f for f in entry["findings"] if f["rule"] == "CFG101"]
    assert len(http) == 5_000  # every odd behavior is allow-all
    assert [f for f in entry["findings"] if f["rule"] in ("CFG001", "CFG003")] == []
    second = "/DistributionConfig/CacheBehaviors/Items/CacheBehavior[2]/ViewerProtocolPolicy"
    assert http[0]["xpath"] == second
    assert http[0]["column"] == document.index("<ViewerProtocolPolicy>allow-all") + 1
    assert http[-1]["xpath"].endswith("CacheBehavior[10000]/ViewerProtocolPolicy")


def test_millions_of_stray_elements(tmp_path: Path) -> None:
    """10 MiB of `<a/>`: ~2.6 million elements in the root. One schema finding names the
    crowded element; the rules still run; lines are given (columns are not computed past a
    million tags)."""
    path = tmp_path / "many.xml"
    count = (MAX_DOCUMENT_BYTES - len(HEAD) - len(TAIL)) // 4
    path.write_text(HEAD + "<a/>" * count + TAIL)
    code, out = _measured_check("2.6 million sibling elements", path)
    assert code == 1
    schema = [m for m in finding_lines(out) if m["rule"] == "CFG003"]
    assert len(schema) == 1
    assert f"<DistributionConfig> has {count:,} children" in schema[0].group(0)


def test_many_stray_elements_get_capped_schema_findings(tmp_path: Path) -> None:
    path = tmp_path / "stray.xml"
    path.write_text(HEAD + "<a/>" * 5_000 + TAIL)
    code, out = _measured_check("5,000 stray elements (schema errors)", path)
    assert code == 1
    schema = [m for m in finding_lines(out) if m["rule"] == "CFG003"]
    assert len(schema) == 51  # 50 and a line saying there are more
    assert "and more schema errors" in schema[-1].group(0)


def test_two_hundred_thousand_attributes(tmp_path: Path) -> None:
    path = tmp_path / "attributes.xml"
    attributes = " ".join(f'a{i}="1"' for i in range(200_000))
    path.write_text(f"{HEAD}<Comment {attributes}>x</Comment>{TAIL}")
    code, out = _measured_check("200,000 attributes on one element", path)
    assert code == 1
    assert any(m["rule"] == "CFG003" for m in finding_lines(out))

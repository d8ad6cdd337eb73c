"""The plain `text` formatter (no colour) against the shared cases (issue 13)."""

from __future__ import annotations

import io

import pytest

from cfguard.formatters import OutputOptions
from cfguard.formatters.text import render
from tests.formatters import cases
from tests.snapshots import assert_snapshot

DEFAULT = OutputOptions()
SHOW_SUPPRESSED = OutputOptions(show_suppressed=True)


def text(options: OutputOptions = DEFAULT) -> str:
    out = io.StringIO()
    render(iter(cases.RESULTS), cases.tally(), out, options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("options", "golden"),
    [(DEFAULT, "text.txt"), (SHOW_SUPPRESSED, "text-show-suppressed.txt")],
    ids=["default", "show-suppressed"],
)
def test_golden(options: OutputOptions, golden: str) -> None:
    assert_snapshot(text(options), cases.EXPECTED / golden)


def test_one_line_per_finding_and_nothing_raw() -> None:
    lines = text().splitlines()
    # 5 findings of dist.xml, 1 odd name, 1 outside, 1 stdin; the summary last. A clean or
    # skipped file and an unreadable input (stderr, from the CLI) print no line.
    assert len(lines) == 9
    assert lines[-1].startswith("Checked 5 files (1 skipped: not CloudFront documents): ")
    # The CR LF inside a message is shown escaped, so one finding stays one line.
    assert all(c.isprintable() for line in lines for c in line)


def test_suppressed_findings_are_shown_where_they_are_with_their_reason() -> None:
    lines = text(SHOW_SUPPRESSED).splitlines()
    assert len(lines) == 10
    [suppressed] = [line for line in lines if "[suppressed:" in line]
    assert suppressed.startswith("dist.xml:27:5: CFG101 ")
    assert suppressed.endswith(" [suppressed: health checks from firmware 1.x]")
    # In line order: after the line-27 finding without a column, before the next file.
    assert lines.index(suppressed) == 5


def test_quiet_leaves_out_the_summary() -> None:
    lines = text(OutputOptions(quiet=True)).splitlines()
    assert len(lines) == 8
    assert not any(line.startswith("Checked ") for line in lines)

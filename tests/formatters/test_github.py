"""The GitHub Actions annotation formatter against the shared cases."""

from __future__ import annotations

import io

from cfguard.formatters import OutputOptions
from cfguard.formatters.github import escape_data, escape_property, write_annotations
from tests.formatters import cases
from tests.snapshots import assert_snapshot

DEFAULT = OutputOptions()


def annotations(options: OutputOptions = DEFAULT) -> str:
    out = io.StringIO()
    write_annotations(iter(cases.RESULTS), cases.tally(), out, options, cases.PATHS)
    return out.getvalue()


def test_golden() -> None:
    assert_snapshot(annotations(), cases.EXPECTED / "github.txt")


def test_escaping_matches_the_actions_toolkit() -> None:
    # actions/toolkit packages/core/src/command.ts: escapeData and escapeProperty.
    assert escape_data("50% a:b,c\r\nd") == "50%25 a:b,c%0D%0Ad"
    assert escape_property("50% a:b,c\r\nd") == "50%25 a%3Ab%2Cc%0D%0Ad"
    assert escape_data("%0A") == "%250A"  # escaped first, so an existing escape stays literal


def test_one_command_per_line_and_nothing_unescaped() -> None:
    lines = annotations().splitlines()
    commands = [line for line in lines if line.startswith("::")]
    # 5 findings of dist.xml, 1 odd name, 1 outside, 1 stdin, 1 unreadable input; summary last.
    assert len(commands) == 9
    assert len(lines) == 10
    assert lines[-1].startswith("Checked 5 files (1 skipped: not CloudFront documents): ")
    assert all("\r" not in line for line in lines)


def test_severity_commands_and_titles() -> None:
    lines = annotations().splitlines()
    assert lines[0].startswith(
        "::error file=deploy/dist.xml,line=5,col=3,title=CFG102 cname-https-mismatch::"
    )
    assert any(line.startswith("::warning file=deploy/dist.xml,line=12,col=7,") for line in lines)
    # Column unknown: no `col`; info is a notice.
    assert any(
        line.startswith(
            "::notice file=deploy/dist.xml,line=27,title=CFG201 https-switch-without-invalidation::"
        )
        for line in lines
    )
    # Standard input has no file to annotate.
    assert any(line.startswith("::error line=3,col=24,title=CFG202 ") for line in lines)


def test_quiet_leaves_out_the_summary() -> None:
    lines = annotations(OutputOptions(quiet=True)).splitlines()
    assert all(line.startswith("::") for line in lines)

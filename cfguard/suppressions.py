"""Inline suppressions in XML comments (placeholder until directives are parsed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cfguard.findings import Finding
from cfguard.source import SourceDocument

if TYPE_CHECKING:
    from cfguard.engine import Settings, Suppressed


def apply_suppressions(
    source: SourceDocument, findings: list[Finding], settings: Settings
) -> tuple[list[Finding], tuple[Suppressed, ...]]:
    return findings, ()

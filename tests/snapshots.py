"""Snapshot comparison: the expected text lives beside the input and is reviewed like code.

Set CFGUARD_UPDATE_SNAPSHOTS=1 to write `<name>.snap.new` files for review (never in CI); rename
them over the `.snap` once they read right.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def assert_snapshot(actual: str, snapshot: Path) -> None:
    if os.environ.get("CFGUARD_UPDATE_SNAPSHOTS") and not os.environ.get("CI"):
        if not snapshot.exists() or snapshot.read_text(encoding="utf-8") != actual:
            snapshot.with_name(snapshot.name + ".new").write_text(actual, encoding="utf-8")
        return
    if not snapshot.exists():
        pytest.fail(
            f"missing snapshot {snapshot}; run with CFGUARD_UPDATE_SNAPSHOTS=1 and review "
            f"{snapshot.name}.new. Actual output:\n{actual}"
        )
    assert actual == snapshot.read_text(encoding="utf-8")

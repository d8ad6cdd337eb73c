"""The benchmark's document generator (bench/generate.py), for tests that need a realistic batch."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

from tests.conftest import REPO


@cache
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cfguard_bench_generate", REPO / "bench" / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_corpus(
    directory: Path, count: int, seed: int = 1, legacy_share: float = 0.1
) -> list[Path]:
    paths: list[Path] = generator().generate(directory, count, seed, legacy_share)
    return paths

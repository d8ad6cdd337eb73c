"""Where the data that ships with cfguard (rules/, schemas/) lives.

The wheel maps both folders into `cfguard/_data/`; a source checkout or an editable install finds
them beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cfguard installation is incomplete: no {name}/ directory found")

"""Where the data that ships with cfguard (rules/, schemas/) lives.

The wheel maps both folders into `cfguard/_data/`; a source checkout or an editable install finds
them beside the package. Paths are strings: pathlib costs a plain run ~10 ms to import.
"""

from __future__ import annotations

import os
from functools import cache

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # cfguard/, above core/


@cache
def data_dir(name: str) -> str:
    """The directory of one kind of shipped data (`rules`, `schemas`)."""
    for candidate in (os.path.join(_PACKAGE, "_data", name), os.path.join(_PACKAGE, "..", name)):
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
    raise FileNotFoundError(f"cfguard installation is incomplete: no {name}/ directory found")

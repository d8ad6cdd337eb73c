"""The shapes file (`schemas/cloudfront-2020-05-31.shapes.json`), read once, on first use.

One `json.load` of a ~20 KB file: the records are used as they are (see `schemas/generate_json.py`
for what each holds). Only a pattern is compiled, the first time a value of its shape is checked.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from cfguard.core.resources import data_dir

API_VERSION = "2020-05-31"
FILE_NAME = f"cloudfront-{API_VERSION}.shapes.json"

#: A shape's record: `type` and, by type, `members`/`required`/`quantity`, `member`, `enum`,
#: `min`/`max`, `pattern`/`regex`.
Shape = Mapping[str, Any]


class ShapesFileError(RuntimeError):
    """The shapes file is missing or unreadable: an installation problem, not a document's."""


@cache
def _data() -> Mapping[str, Any]:
    try:
        path = os.path.join(data_dir("schemas"), FILE_NAME)
        with open(path, encoding="ascii") as handle:
            data: Mapping[str, Any] = json.load(handle)
    except (OSError, ValueError) as error:
        raise ShapesFileError(f"cfguard installation is incomplete: {error}") from None
    return data


def shapes() -> Mapping[str, Shape]:
    """Every shape by its botocore name."""
    table: Mapping[str, Shape] = _data()["shapes"]
    return table


def roots() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The shapes a whole document can be: (request documents, what the CLI prints)."""
    data = _data()
    return tuple(data["inputs"]), tuple(data["outputs"])


_PATTERNS: dict[str, re.Pattern[str]] = {}


def pattern(shape_name: str, shape: Shape) -> re.Pattern[str]:
    """The compiled `regex` of a string shape (matched whole, as the XSD's pattern is)."""
    compiled = _PATTERNS.get(shape_name)
    if compiled is None:
        compiled = _PATTERNS[shape_name] = re.compile(shape["regex"])
    return compiled

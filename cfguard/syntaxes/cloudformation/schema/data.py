"""The resource schemas file (`schemas/cloudformation-resources.schema.json`), read on first use.

One `json.load` of a ~17 KB file: the records are used as they are (see
`schemas/generate_cloudformation.py` for what each holds). Only a pattern is compiled, the first
time a value of its property is checked.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from cfguard.core.resources import data_dir

FILE_NAME = "cloudformation-resources.schema.json"
REF_PREFIX = "#/definitions/"

#: A JSON Schema node as the generator kept it: `type`, `properties`, `required`, `items`,
#: `enum`, `pattern`/`regex`, bounds, `$ref`, `default`, `dependentRequired`/`Excluded`.
Schema = Mapping[str, Any]


class SchemaFileError(RuntimeError):
    """The schemas file is missing or unreadable: an installation problem, not a template's."""


@cache
def _data() -> Mapping[str, Any]:
    try:
        path = os.path.join(data_dir("schemas"), FILE_NAME)
        with open(path, encoding="ascii") as handle:
            data: Mapping[str, Any] = json.load(handle)
    except (OSError, ValueError) as error:
        raise SchemaFileError(f"cfguard installation is incomplete: {error}") from None
    return data


def resource_types() -> tuple[str, ...]:
    """The resource types the file describes."""
    return tuple(_data()["resources"])


def resource(type_name: str) -> Mapping[str, Any]:
    """One resource's record: `properties`, `required`, `readOnly`, `definitions`. Raises
    KeyError for a type the file does not describe."""
    record: Mapping[str, Any] = _data()["resources"][type_name]
    return record


def resolve(record: Mapping[str, Any], schema: Schema) -> tuple[Schema, str | None]:
    """A node with its `$ref` followed (the referring node's own keys, such as a `default`, are
    kept over it), and the definition's name (None for an inline node)."""
    ref = schema.get("$ref")
    if ref is None:
        return schema, None
    name: str = ref[len(REF_PREFIX) :]
    target: Schema = record["definitions"][name]
    if len(schema) == 1:
        return target, name
    return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}, name


_PATTERNS: dict[str, re.Pattern[str]] = {}


def pattern(schema: Schema) -> re.Pattern[str]:
    """The compiled `regex` of a string node, to be matched whole (the schema's `^...$`)."""
    source: str = schema["regex"]
    compiled = _PATTERNS.get(source)
    if compiled is None:
        compiled = _PATTERNS[source] = re.compile(source)
    return compiled

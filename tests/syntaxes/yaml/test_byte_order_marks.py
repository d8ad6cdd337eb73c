"""A byte order mark is allowed at the start of a YAML file and nowhere else: past the start,
libyaml and the pure-Python loader read one differently, so cfguard refuses it at its place
rather than check a tree that depends on the loader (found by tests/hostile/test_yaml_fuzz.py)."""

from __future__ import annotations

import pytest
import yaml

from cfguard.syntaxes.yaml.parser import YamlError, YamlTree, parse

MESSAGE = "a byte order mark (U+FEFF) inside the file: remove it, or save the file as UTF-8 again"
LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_one_mark_at_the_start_is_read_and_dropped(loader: type) -> None:
    parsed = parse(b"\xef\xbb\xbfResources: {}\n", loader=loader)
    assert isinstance(parsed, YamlTree)
    assert parsed.tree.text == "Resources: {}\n"


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"\xef\xbb\xbf\xef\xbb\xbfResources: {}\n", 1, 1),
        (b"Resources:\n  # a comment\n\xef\xbb\xbf  Site: {}\n", 3, 1),
        (b'Resources:\n  Site: "a\xef\xbb\xbfb"\n', 2, 11),
    ],
)
def test_a_mark_past_the_start_is_cfg001_at_its_place(
    loader: type, data: bytes, line: int, column: int
) -> None:
    assert parse(data, loader=loader) == YamlError(line, column, MESSAGE)

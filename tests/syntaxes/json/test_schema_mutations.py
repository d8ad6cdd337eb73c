"""Random edits of valid documents never make the validator raise, and every finding it gives
has a place in the document and words: hypothesis replaces, removes, adds and renames members
and items of real CLI documents, with any JSON value (huge integers, floats, unicode keys)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfguard.syntaxes.json.schema import validate
from cfguard.syntaxes.json.schema.shapes import shapes
from tests.syntaxes.json.trees import tree

DATA = Path(__file__).resolve().parent / "data"
DOCUMENTS = [
    ("aws-cli-examples-create-distribution-4.json", "CreateDistributionResult"),
    ("aws-cli-examples-create-distribution-with-tags-1.json", "DistributionConfigWithTags"),
    ("aws-cli-examples-create-invalidation-2.json", "InvalidationBatch"),
    ("aws-cli-examples-list-distributions-1.json", "ListDistributionsResult"),
    ("aws-cli-examples-update-distribution-2.json", "DistributionConfig"),
]
ORIGINALS = [(json.loads((DATA / name).read_text()), shape) for name, shape in DOCUMENTS]
#: Keys the shapes know, so that edits reach deep members as often as unknown ones.
KNOWN_KEYS = sorted({key for shape in shapes().values() for key in shape.get("members", {})})

keys = st.sampled_from(KNOWN_KEYS) | st.text(max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["true", "1", "", "http2", "HTTP2", "2019-12-04T23:35:41.433Z"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=10,
)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value, as the keys and indexes that lead to it."""
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _places(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _places(child, (*path, index))
    return found


def _edit(document: Any, place: tuple[Any, ...], how: str, key: str, new: Any) -> Any:
    if not place:
        return new if how == "replace" else document
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    if how == "replace":
        parent[last] = new
    elif how == "delete":
        del parent[last]
    elif how == "insert" and isinstance(parent[last], dict):
        parent[last][key] = new
    elif how == "insert" and isinstance(parent[last], list):
        parent[last].append(new)
    elif how == "rename" and isinstance(parent, dict):
        parent[key] = parent.pop(last)
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_edits_never_raise(data: st.DataObject) -> None:
    original, shape = data.draw(st.sampled_from(ORIGINALS))
    document = json.loads(json.dumps(original))
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        place = data.draw(st.sampled_from(_places(document)))
        how = data.draw(st.sampled_from(["replace", "delete", "insert", "rename"]))
        document = _edit(document, place, how, data.draw(keys), data.draw(values))
    indent = data.draw(st.sampled_from([None, 2, 4]))
    text = json.dumps(document, indent=indent, ensure_ascii=data.draw(st.booleans()))
    parsed = tree(text)
    hits = validate(parsed, parsed.root, shape, "")
    assert hits == validate(parsed, parsed.root, shape, "")
    lines = len(parsed.lines)
    for hit in hits:
        location = hit.location
        assert 1 <= location.line <= lines
        assert location.column is not None
        assert location.column >= 1
        assert location.path is not None
        assert isinstance(hit.message, str)
        assert hit.message
    assert [h.location.line for h in hits] == sorted(h.location.line for h in hits)


def test_an_unedited_document_gives_nothing() -> None:
    for original, shape in ORIGINALS:
        parsed = tree(json.dumps(original, indent=2))
        assert validate(parsed, parsed.root, shape, "") == []

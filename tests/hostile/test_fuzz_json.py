"""Property-based fuzzing of real AWS CLI JSON documents, as `test_fuzz` does for XML: whatever
is deleted, duplicated, retyped, rewritten, injected or cut off, cfguard exits 0, 1 or 2, never
crashes, keeps its output well-formed and leaves the file as it was.

`CFGUARD_FUZZ_EXAMPLES` sets the in-process count (default 300); a longer run:
`CFGUARD_FUZZ_EXAMPLES=20000 pytest tests/hostile -k fuzz_json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TESTS
from tests.hostile.test_fuzz import EXAMPLES, OUTPUTS, TOKENS, _real, check_one, run_in_process

DATA = TESTS / "syntaxes" / "json" / "data"
SOURCES = [
    json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(DATA.glob("*.json"))
    if "invalidations" not in path.name  # skipped unparsed: nothing to fuzz past the sniff
]
# JSON values of every type, and of the wrong type where CloudFront wants another.
VALUES = st.one_of(
    st.sampled_from(TOKENS),
    st.sampled_from([True, False, None, 0, -1, 2**31, 2**63, 1.5, 1e308, [], {}, [[]], {"": ""}]),
    st.text(max_size=20),
    st.integers(),
)
INJECTIONS = [
    b",", b"}", b"]", b"{", b"[", b":", b'"', b"'", b"\\", b"\\u", b"\\ud800", b"//", b"/*",
    b"NaN", b"Infinity", b"-", b"0", b"00", b"1e", b"\x00", b"\xff", b"\xef\xbb\xbf", b"\r",
    b"\xc3\xa9", b"\xe2\x80\xae", b" " * 5000, b"[" * 600, b'{"a":' * 600, b"\t",
]  # fmt: skip


def _containers(value: Any) -> list[Any]:
    found = [value] if isinstance(value, (dict, list)) else []
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    for child in children:
        found.extend(_containers(child))
    return found


def _mutate(draw: Any, document: Any) -> None:
    target = draw(st.sampled_from(_containers(document)))
    if not target:
        return
    if isinstance(target, dict):
        key = draw(st.sampled_from(sorted(target)))
        action = draw(st.sampled_from(["delete", "retype", "retype", "rename"]))
        if action == "delete":
            del target[key]
        elif action == "retype":
            target[key] = draw(VALUES)
        else:
            target[key.lower() if draw(st.booleans()) else key + "x"] = target.pop(key)
    else:
        index = draw(st.integers(0, len(target) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "retype"]))
        if action == "delete":
            del target[index]
        elif action == "duplicate":
            target.insert(index, json.loads(json.dumps(target[index])))
        else:
            target[index] = draw(VALUES)


@st.composite
def mutated_documents(draw: Any) -> bytes:
    document = json.loads(json.dumps(draw(st.sampled_from(SOURCES))))
    for _ in range(draw(st.integers(0, 4))):
        _mutate(draw, document)
    data = json.dumps(document, indent=draw(st.sampled_from([None, 2, 4]))).encode()
    if draw(st.booleans()) and data.startswith(b"{"):
        # A repeated key: json.dumps cannot write one.
        data = b'{"ETag": "x", ' + data[1:] if data[1:2] != b"}" else data
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        piece = draw(st.one_of(st.sampled_from(INJECTIONS), st.binary(min_size=1, max_size=4)))
        data = data[:at] + piece + data[at:]
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-json") / "mutated.json"


def test_there_is_json_to_fuzz() -> None:
    assert len(SOURCES) >= 20


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=mutated_documents(), output=st.sampled_from(OUTPUTS))
def test_fuzz_json_in_process(scratch: Path, data: bytes, output: str) -> None:
    check_one(scratch, data, output, run_in_process)


@settings(
    max_examples=max(5, EXAMPLES // 30),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=mutated_documents(), output=st.sampled_from(OUTPUTS))
def test_fuzz_json_real_process(scratch: Path, data: bytes, output: str) -> None:
    check_one(scratch, data, output, _real)


def test_fuzz_json_harness_sees_a_crash(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash in the JSON syntax would be noticed: the last-resort handler's 'internal error'
    line is refused by the checks above."""
    import cfguard.syntaxes.json.adapter

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(cfguard.syntaxes.json.adapter, "to_model", broken)
    document = (DATA / "aws-cli-examples-get-distribution-config-1.json").read_bytes()
    with pytest.raises(AssertionError, match="internal error"):
        check_one(scratch, document, "text", run_in_process)

"""The xmlschema pickle cache: used when sound, rebuilt when anything is wrong, never fatal."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path
from typing import Any

import pytest

from cfguard.core.document import Dialect, DocumentKind, DocumentType
from cfguard.syntaxes.xml.schema import cache as schema_cache
from cfguard.syntaxes.xml.schema.files import schema_text
from cfguard.syntaxes.xml.schema.layout import SchemaLayout
from cfguard.syntaxes.xml.schema.messages import explain
from cfguard.syntaxes.xml.schema.model import schema_model
from cfguard.syntaxes.xml.source import parse_document

FIXTURES = Path(__file__).resolve().parent / "data" / "cloudfront-fixtures"
CURRENT = DocumentType(DocumentKind.DISTRIBUTION, Dialect.CURRENT, "2020-05-31")
TEXT = schema_text(CURRENT)
load = schema_cache.load_xmlschema.__wrapped__  # bypass the per-process cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CFGUARD_CACHE_DIR", str(directory))
    monkeypatch.delenv("CFGUARD_NO_CACHE", raising=False)
    return directory


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every real build, so a test can tell a cache hit from a rebuild."""
    calls: list[str] = []
    real = schema_cache.build_xmlschema

    def counting(text: str) -> Any:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(schema_cache, "build_xmlschema", counting)
    return calls


def pickle_path(directory: Path) -> Path:
    [path] = directory.glob("xmlschema11-*.pickle")
    return path


def messages(schema: Any, fixture: str) -> list[str]:
    document = parse_document((FIXTURES / fixture).read_bytes())
    layout = SchemaLayout(schema_model(TEXT), "2020-05-31")
    return [hit.message for hit in explain(schema.iter_errors(document.tree), document, layout)]


def test_second_load_comes_from_the_cache(cache_dir: Path, builds: list[str]) -> None:
    load(TEXT)
    path = pickle_path(cache_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    schema = load(TEXT)
    assert len(builds) == 1
    # The Quantity assertion casts to xs:integer: that broke in unpickled schemas until the
    # assertions were re-parsed on load.
    assert messages(schema, "modern-invalid/aliases-quantity-mismatch.xml") == [
        "<Aliases> says Quantity 5 but Items holds 2 elements"
    ]
    assert messages(schema, "modern/handmade-https-only-alias-acm-logging.xml") == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"\x00garbage"), id="corrupt"),
        pytest.param(
            lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
            id="truncated",
        ),
        pytest.param(lambda path: path.write_bytes(pickle.dumps({"a": 1})), id="foreign"),
        pytest.param(lambda path: path.write_bytes(pickle.dumps(("0" * 64, 1))), id="wrong-key"),
    ],
)
def test_a_damaged_cache_is_rebuilt_and_replaced(
    cache_dir: Path, builds: list[str], damage: Any
) -> None:
    load(TEXT)
    path = pickle_path(cache_dir)
    damage(path)
    schema = load(TEXT)
    assert len(builds) == 2
    assert messages(schema, "modern-invalid/boolean-as-1.xml") == [
        '<Enabled> is "1"; expected true or false'
    ]
    load(TEXT)  # the rebuilt schema was written back
    assert len(builds) == 2


class _Planted:
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (exec, ("import pathlib; pathlib.Path('PLANTED').write_text('ran')",))


def test_a_pickle_others_can_write_is_never_loaded(
    cache_dir: Path, builds: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    load(TEXT)
    path = pickle_path(cache_dir)
    path.write_bytes(pickle.dumps((schema_cache.cache_key(TEXT), _Planted())))
    path.chmod(0o666)
    load(TEXT)
    assert not (tmp_path / "PLANTED").exists()
    assert len(builds) == 2


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs chown")
def test_a_pickle_owned_by_someone_else_is_never_loaded(
    cache_dir: Path, builds: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    load(TEXT)
    path = pickle_path(cache_dir)
    path.write_bytes(pickle.dumps((schema_cache.cache_key(TEXT), _Planted())))
    path.chmod(0o600)
    os.chown(path, 65534, 65534)
    load(TEXT)
    assert not (tmp_path / "PLANTED").exists()
    assert len(builds) == 2


def test_a_symlinked_pickle_is_not_followed(cache_dir: Path, builds: list[str]) -> None:
    load(TEXT)
    path = pickle_path(cache_dir)
    elsewhere = cache_dir / "elsewhere.bin"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    load(TEXT)
    assert len(builds) == 2
    assert not path.is_symlink()  # replaced by a regular file


def test_a_directory_in_the_way_is_survived(cache_dir: Path, builds: list[str]) -> None:
    load(TEXT)
    path = pickle_path(cache_dir)
    path.unlink()
    path.mkdir()
    assert messages(load(TEXT), "modern-invalid/boolean-as-1.xml")
    assert len(builds) == 2
    assert not [p for p in cache_dir.iterdir() if p.name.endswith(".tmp")]


def test_an_unusable_cache_directory_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: list[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CFGUARD_CACHE_DIR", str(blocker / "cache"))
    assert messages(load(TEXT), "modern/handmade-https-only-alias-acm-logging.xml") == []
    assert len(builds) == 1


def test_no_cache_writes_nothing(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CFGUARD_NO_CACHE", "1")
    assert schema_cache.cache_directory() is None
    load(TEXT)
    assert not cache_dir.exists()


def test_cache_directory_follows_xdg_and_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CFGUARD_CACHE_DIR", "CFGUARD_NO_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert schema_cache.cache_directory() == tmp_path / ".cache" / "cfguard"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert schema_cache.cache_directory() == tmp_path / ".cache" / "cfguard"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert schema_cache.cache_directory() == tmp_path / "xdg" / "cfguard"
    monkeypatch.setenv("CFGUARD_CACHE_DIR", str(tmp_path / "mine"))
    assert schema_cache.cache_directory() == tmp_path / "mine"


def test_the_key_changes_with_the_schema_text() -> None:
    assert schema_cache.cache_key(TEXT) != schema_cache.cache_key(TEXT + " ")
    assert schema_cache.cache_key(TEXT) == schema_cache.cache_key(str(TEXT))


def test_a_write_keeps_only_the_most_recently_used_pickles(
    cache_dir: Path, builds: list[str]
) -> None:
    # Pickles of other keys (older cfguard, xmlschema or Python), used at different times.
    cache_dir.mkdir(mode=0o700)
    others = [cache_dir / f"xmlschema11-{n:040d}.pickle" for n in range(6)]
    for age, path in enumerate(others):
        path.write_bytes(b"0" * 1024)
        os.utime(path, (1_000_000 - age, 1_000_000 - age))  # others[0] used most recently
    abandoned = cache_dir / ".xmlschema11-killed.tmp"
    abandoned.write_bytes(b"half")
    os.utime(abandoned, (1_000_000, 1_000_000))
    in_progress = cache_dir / ".xmlschema11-writing.tmp"
    in_progress.write_bytes(b"half")
    unrelated = cache_dir / "notes.txt"
    unrelated.write_text("not cfguard's")

    load(TEXT)

    current = cache_dir / f"xmlschema11-{schema_cache.cache_key(TEXT)[:40]}.pickle"
    kept = {p.name for p in cache_dir.glob("xmlschema11-*.pickle")}
    assert len(kept) == schema_cache.MAX_ENTRIES
    assert kept == {current.name, *(p.name for p in others[: schema_cache.MAX_ENTRIES - 1])}
    assert not abandoned.exists()
    assert in_progress.exists()  # another run may be writing it right now
    assert unrelated.read_text() == "not cfguard's"


def test_a_cache_hit_marks_its_pickle_as_recently_used(cache_dir: Path, builds: list[str]) -> None:
    load(TEXT)
    path = pickle_path(cache_dir)
    os.utime(path, (1_000_000, 1_000_000))
    load(TEXT)
    assert len(builds) == 1
    assert path.stat().st_mtime > 1_000_000

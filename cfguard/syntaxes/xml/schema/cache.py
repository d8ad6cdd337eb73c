"""Build xmlschema's XSD 1.1 validator once per machine, not once per run.

Building `xmlschema.XMLSchema11` from the 2020-05-31 schema takes about half a second; loading
it from a pickle takes a fifth of that. The pickle lives in the user cache directory
(`$CFGUARD_CACHE_DIR`, else `$XDG_CACHE_HOME/cfguard`, else `~/.cache/cfguard`;
`CFGUARD_NO_CACHE=1` turns it off) under a name derived from everything that shapes it: the XSD
text, cfguard's, xmlschema's, elementpath's and Python's versions.

Every key gets its own file, and a new cfguard, xmlschema or Python leaves the old ones behind
(about 0.5 MB each), so a write keeps only the `MAX_ENTRIES` most recently used pickles (a read
marks its file as used): a few interpreters taking turns share the cache without rebuilding,
and the directory does not grow with every upgrade.

Unpickling runs code chosen by whoever wrote the file, so a cache file is read only if it is a
regular file owned by the current user and writable by nobody else. Anything wrong with the
cache (corrupt, truncated, foreign, unreadable, unwritable directory) means: build the schema
and carry on. The cache is an optimisation, never a reason to fail.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import elementpath
import xmlschema
from xmlschema.validators import XsdAssert

import cfguard

_DISABLED = {"1", "true", "yes", "on"}
#: Pickles kept in the cache directory: the one just written and the most recently used others.
MAX_ENTRIES = 4
_PREFIX, _SUFFIX = "xmlschema11-", ".pickle"
#: A temporary file this old was left by a run that was killed while writing its pickle.
_STALE_TEMPORARY_SECONDS = 3600


def cache_directory() -> Path | None:
    """Where schema pickles go, or None when caching is off or there is no home."""
    if os.environ.get("CFGUARD_NO_CACHE", "").strip().lower() in _DISABLED:
        return None
    override = os.environ.get("CFGUARD_CACHE_DIR")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore a relative path
        return Path(xdg) / "cfguard"
    try:
        return Path.home() / ".cache" / "cfguard"
    except RuntimeError:  # no HOME and no password entry
        return None


def cache_key(xsd_text: str) -> str:
    digest = hashlib.sha256()
    for part in (
        xsd_text,
        cfguard.__version__,
        xmlschema.__version__,
        elementpath.__version__,
        sys.implementation.name,
        sys.version,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@functools.cache
def load_xmlschema(xsd_text: str) -> Any:
    """The XSD 1.1 validator for `xsd_text`: from this process, the disk cache, or built."""
    key = cache_key(xsd_text)
    directory = cache_directory()
    path = directory / f"{_PREFIX}{key[:40]}{_SUFFIX}" if directory else None
    if path is not None:
        schema = _read_cached(path, key)
        if schema is not None:
            return schema
    schema = build_xmlschema(xsd_text)
    if path is not None:
        _write_cached(path, key, schema)
    return schema


def build_xmlschema(xsd_text: str) -> Any:
    # allow="none": the schema text is complete; never fetch anything while building it.
    return xmlschema.XMLSchema11(xsd_text, allow="none")


def _trusted(info: os.stat_result) -> bool:
    if not stat.S_ISREG(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the profile's cache directory is private to the user
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_cached(path: Path, key: str) -> Any:
    data = _read_trusted(path)
    if data is None:
        return None
    try:
        stored_key, schema = pickle.loads(data)
        if stored_key != key or not isinstance(schema, xmlschema.XMLSchema11):
            return None
        _rebuild_assertions(schema)
    except Exception:  # a damaged pickle can raise almost anything; rebuild instead
        return None
    return schema


def _read_trusted(path: Path) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        # Check the file actually opened, so it cannot be swapped between check and read.
        if not _trusted(os.fstat(descriptor)):
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read()
        # Used now: pruning (`_prune`) keeps the most recently used pickles.
        with contextlib.suppress(OSError):
            os.utime(descriptor)
        return data
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _rebuild_assertions(schema: Any) -> None:
    # elementpath's XPath parser loses its slot attributes in a pickle, and an assertion that
    # casts (`castable as`, `xs:integer(...)`) then fails while validating. Re-parsing the
    # assertions gives them a fresh parser; it costs a few milliseconds.
    for assertion in schema.iter_components(XsdAssert):
        assertion._built = False
        assertion.build()


def _write_cached(path: Path, key: str, schema: Any) -> None:
    try:
        data = pickle.dumps((key, schema), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a schema that does not pickle only costs speed
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=".xmlschema11-", suffix=".tmp"
        )
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            # Atomic: a concurrent run sees the old file or the new one, never half of one.
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:  # read-only or full disk, foreign directory: run without the cache
        return
    _prune(path)


def _prune(kept: Path) -> None:
    """Remove all but the `MAX_ENTRIES` most recently used pickles (`kept` among them) and
    temporary files abandoned by killed runs. Only cfguard's own names are touched: the
    directory may be one `CFGUARD_CACHE_DIR` shares with other tools."""
    now = time.time()
    pickles: list[tuple[float, str]] = []
    try:
        with os.scandir(kept.parent) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith(_PREFIX) and name.endswith(_SUFFIX) and name != kept.name:
                    pickles.append((_mtime(entry), entry.path))
                elif (
                    name.startswith("." + _PREFIX)
                    and name.endswith(".tmp")
                    and now - _mtime(entry) > _STALE_TEMPORARY_SECONDS
                ):
                    _remove(entry.path)
    except OSError:
        return
    pickles.sort(reverse=True)
    for _, stale in pickles[MAX_ENTRIES - 1 :]:
        _remove(stale)


def _mtime(entry: os.DirEntry[str]) -> float:
    try:
        return entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0


def _remove(path: str) -> None:
    # Gone already (a concurrent run pruned it), or not ours to remove: either way, fine.
    with contextlib.suppress(OSError):
        os.unlink(path)

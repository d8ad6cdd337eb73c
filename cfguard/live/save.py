"""`--save DIR`: each fetched configuration as `DIR/<Id>.json`, written whole (a temporary file
renamed over the old one) and only over a previous save of the same distribution: a regular
file holding just an ETag and a DistributionConfig with the same CallerReference, which
CloudFront never changes for a distribution and never gives two."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from typing import Any

from cfguard.core.limits import MAX_DOCUMENT_BYTES
from cfguard.core.sanitize import printable


class SaveError(Exception):
    """The configuration was not written (one line; it is still checked, under its ARN)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{printable(path)}: {message}")
        self.path = path
        self.message = message


def prepare_directory(directory: str) -> None:
    """Create `directory` if needed; SaveError if it is something else."""
    try:
        os.makedirs(directory, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise SaveError(directory, "not a directory (given with --save)") from None
    except OSError as error:
        raise SaveError(directory, f"{error.strerror} (given with --save)") from None


def saved_path(directory: str, identifier: str) -> str:
    if not identifier.isascii() or not identifier.isalnum():  # never a path of its own
        raise SaveError(directory, f"not saved: the distribution id {identifier!r} is no file name")
    return os.path.join(directory, f"{identifier}.json")


def save(path: str, data: bytes, caller_reference: object) -> None:
    """Write `data` to `path` unless `path` holds something that is not a previous save of the
    distribution whose CallerReference is `caller_reference`. SaveError says why not."""
    current = _current(path, caller_reference)
    if current == data:
        return  # unchanged since the last save: the file (and its time stamp) stay as they are
    directory = os.path.dirname(path) or "."
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".cfguard-", suffix=".json")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise SaveError(path, f"not saved: {error.strerror}") from None


def _current(path: str, caller_reference: object) -> bytes | None:
    """What `path` holds now if it is a previous save of this distribution (None: no file)."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SaveError(path, f"not saved: {error.strerror}") from None
    refuse = "not overwritten: it"
    if not stat.S_ISREG(status.st_mode):
        raise SaveError(path, f"{refuse} is not a regular file (a symlink, a directory)")
    if status.st_size > MAX_DOCUMENT_BYTES:
        raise SaveError(path, f"{refuse} is not a configuration cfguard saved (too large)")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        document: Any = json.loads(data)
    except (OSError, ValueError):
        raise SaveError(
            path, f"{refuse} is not a configuration cfguard saved (not its JSON)"
        ) from None
    if not isinstance(document, dict) or set(document) != {"ETag", "DistributionConfig"}:
        raise SaveError(path, f"{refuse} is not a configuration cfguard saved (other members)")
    config = document["DistributionConfig"]
    if not isinstance(config, dict) or config.get("CallerReference") != caller_reference:
        raise SaveError(path, f"{refuse} is the configuration of another distribution")
    return data


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

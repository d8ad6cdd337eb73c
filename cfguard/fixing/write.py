"""A fixed file written back: a new file beside it renamed over it, so that a reader (an editor,
a second cfguard) sees the old text or the new one, never half of each. A symbolic link stays a
link (the file it names is replaced), the file keeps its mode and, where allowed, its owner,
and a file that changed on disk since cfguard read it is left as it is (its new text was not
checked). A file with hard links is rewritten in place instead: a rename would leave its other
names holding the old text."""

from __future__ import annotations

import contextlib
import os
import tempfile

from cfguard.core.file_modes import same_mode_and_owner


def write_fixed(path: str, original: bytes, fixed: bytes) -> str | None:
    """Replace `path`, read as `original`, with `fixed`; a one-line problem if it was not."""
    real = os.path.realpath(path)
    try:
        current = os.stat(real)
        with open(real, "rb") as handle:
            now = handle.read(len(original) + 1)
    except OSError as error:
        return f"not fixed: {_reason(error)}"
    if now != original:
        return "not fixed: the file changed on disk while cfguard checked it; run cfguard again"
    if current.st_nlink > 1:
        return _rewritten_in_place(real, fixed)
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=os.path.dirname(real), prefix=".cfguard-", suffix=".tmp"
        )
    except OSError as error:
        return f"not fixed: {_reason(error)} (cfguard writes a new file beside it)"
    try:
        same_mode_and_owner(descriptor, current)
        with os.fdopen(descriptor, "wb") as out:
            out.write(fixed)
        os.replace(temporary, real)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return f"not fixed: {_reason(error)}"
    return None


def _rewritten_in_place(real: str, fixed: bytes) -> str | None:
    try:
        with open(real, "r+b") as out:
            out.write(fixed)
            out.truncate()
    except OSError as error:
        return f"not fixed: {_reason(error)}"
    return None


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()

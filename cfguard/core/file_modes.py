"""The mode and owner a file replaced in place keeps, shared by `-o FILE` and `--fix`: both
write a new file beside the old one and rename it over it, which would otherwise leave the
temporary file's 0o600 and its creator as owner."""

from __future__ import annotations

import contextlib
import os
import stat


def same_mode_and_owner(descriptor: int, current: os.stat_result | None) -> None:
    """The mode (and, where allowed, the owner) that writing the file in place would leave:
    the existing file's, or 0o666 less the umask for a new one (tempfile makes 0o600)."""
    if current is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(descriptor, 0o666 & ~umask)
        return
    if hasattr(os, "fchown"):  # first: a change of owner clears the set-id bits
        with contextlib.suppress(OSError):  # not root: the file becomes the user's own
            os.fchown(descriptor, current.st_uid, current.st_gid)
    os.fchmod(descriptor, stat.S_IMODE(current.st_mode))

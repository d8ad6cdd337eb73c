"""How a document's bytes become text: the codec from its byte order mark or declaration.

The text is what columns are counted in and what source excerpts show; libxml2 has already
decided the document is well-formed in that encoding.
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def python_codec(data: bytes, declared: str | None) -> tuple[str, int]:
    """The Python codec for `data` and the length of its byte order mark."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    name = (declared or "utf-8").lower().replace("_", "-")
    if name in ("utf-16", "utf-32"):  # no BOM: the byte order shows in where `<` is
        width = 2 if name == "utf-16" else 4
        big = data[:width].endswith(b"<")
        return f"{name}-{'be' if big else 'le'}", 0
    return name, 0


def decode(data: bytes, declared: str | None) -> str | None:
    """The document as text, without its byte order mark (None for a codec Python lacks)."""
    name, skip = python_codec(data, declared)
    try:
        return data[skip:].decode(name, errors="replace")
    except LookupError:  # an encoding libxml2 knows under a name Python does not
        return None


def sniff_head(data: bytes) -> str:
    """The first 64 KB as text, good enough to look for markup (never fails)."""
    head = data[:65536]
    name, skip = python_codec(head, None)
    if name == "utf-8" and head[:2] in (b"<\x00", b"\x00<"):
        name = "utf-16-le" if head[0:1] == b"<" else "utf-16-be"
    return head[skip:].decode(name, errors="replace")

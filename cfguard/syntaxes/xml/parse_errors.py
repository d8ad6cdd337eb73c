"""Why libxml2 refused a document, said in the user's terms (the CFG001 message).

libxml2's own words name parser options a user cannot set ("use XML_PARSE_HUGE option") or say
nothing about the cause ("Start tag expected" for a PNG), so the common hostile and broken cases
get a message that says what is wrong with the file and what to do.
"""

from __future__ import annotations

import codecs
import re

#: libxml2's nesting limit without XML_PARSE_HUGE, which cfguard never sets: 256 levels parse,
#: the 257th is refused. CloudFront documents nest about 10 levels.
MAX_DEPTH = 256
#: libxml2's limit on one text node or attribute value without XML_PARSE_HUGE
#: (XML_MAX_TEXT_LENGTH); below cfguard's file size limit, so it can be hit.
MAX_TEXT_LENGTH = 10_000_000

_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)
_UTF16_OR_32_START = (b"<\x00", b"\x00<", codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DECLARED = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml\s[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_LIBXML_POSITION = re.compile(r"\s*,? line \d+, column \d+\s*$")
_HUGE_HINT = re.compile(r",?\s*(?:try|use) XML_PARSE_HUGE(?: option)?", re.IGNORECASE)
_CHAR_VALUE = re.compile(r"(?:invalid Char value|invalid xmlChar value) (\d+)")


def declared_encoding(data: bytes) -> str | None:
    """The encoding named in an ASCII-compatible XML declaration, if any."""
    match = _DECLARED.match(data[:200])
    return match.group(1).decode("ascii") if match else None


def binary_kind(data: bytes) -> str | None:
    """What a file that is clearly not text is ("a PNG image", "binary data"), else None."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    # Text with a stray NUL starts like XML; binary data does not.
    head = data[:512]
    if b"\x00" in head and not head.lstrip().startswith((b"<", *_UTF16_OR_32_START)):
        return "binary data"
    return None


def explain(message: str, data: bytes) -> str:
    """The CFG001 message for libxml2's `message` about `data`."""
    reason = _LIBXML_POSITION.sub("", message).strip()
    kind = binary_kind(data)
    if kind is not None:
        return f"the file is {kind}, not an XML document"
    if "Char 0x0 " in reason:
        return (
            "the file contains a NUL byte: it is binary, or text in an encoding it does not "
            "declare; save it as UTF-8"
        )
    if reason.startswith("Excessive depth in document"):
        return (
            f"elements are nested more than {MAX_DEPTH} levels deep, cfguard's limit (a "
            "CloudFront document nests about 10): this is not a CloudFront document"
        )
    if "Resource limit exceeded" in reason or "huge text node" in reason:
        return (
            f"a single run of text, whitespace or an attribute value is longer than "
            f"{MAX_TEXT_LENGTH:,} characters, cfguard's limit (CloudFront values are at most a "
            "few KB)"
        )
    return "not well-formed XML: " + _encoding_hint(_HUGE_HINT.sub("", reason), data)


def _encoding_hint(reason: str, data: bytes) -> str:
    declared = declared_encoding(data)
    if declared and declared.lower().startswith("utf-16") and b"\x00" not in data[:200]:
        return (
            f'{reason} (the file declares encoding="{declared}" but is not UTF-16: remove the '
            "encoding declaration or save the file as UTF-16)"
        )
    if "Invalid bytes in character encoding" in reason or "not proper UTF-8" in reason:
        encoding = declared or "UTF-8"
        how = "which it declares" if declared else "which XML assumes without a declaration"
        return (
            f"the bytes are not valid {encoding}, {how}; save the file as UTF-8 or declare its "
            'real encoding, e.g. <?xml version="1.0" encoding="ISO-8859-1"?>'
        )
    if reason.startswith("Unsupported encoding"):
        return f"{reason}; save the file as UTF-8"
    char = _CHAR_VALUE.search(reason)
    if char:
        return (
            f"character U+{int(char.group(1)):04X} is not allowed in XML 1.0 (control "
            "characters cannot appear in a document, not even as &#...; references)"
        )
    if reason in ("Document is empty", "Start tag expected, '<' not found"):
        return f"{reason}: the file is not an XML document"
    return reason

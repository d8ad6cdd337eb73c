"""How cfguard names its inputs: `-` for standard input, and the file a document's invalidation
batch is saved beside it as (`www.xml` -> `www.invalidation.xml`, `www.json` ->
`www.invalidation.json`)."""

from __future__ import annotations

import os

STDIN = "-"
SIBLING_MARK = ".invalidation"
#: The suffixes of the files a document and its sibling batches may have, in the order an owner
#: is looked for: a batch of either syntax counts for a document of either.
DOCUMENT_SUFFIXES = (".xml", ".json")


def split_suffix(name: str) -> tuple[str, str]:
    """`www.xml` -> (`www`, `.xml`); a name without a document suffix -> (name, "")."""
    lower = name.lower()
    for suffix in DOCUMENT_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)], name[-len(suffix) :]
    return name, ""


def sibling_name(document: str) -> str | None:
    """The file name a batch for `document` is saved as (`www.xml` -> `www.invalidation.xml`);
    None for standard input, which has no name to put a batch beside."""
    if document == STDIN:
        return None
    stem, suffix = split_suffix(os.path.basename(document))
    return stem + SIBLING_MARK + (suffix.lower() or ".xml")

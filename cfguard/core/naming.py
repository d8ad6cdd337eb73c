"""How cfguard names its inputs: `-` for standard input, and the file a document's invalidation
batch is saved beside it as (`www.xml` -> `www.invalidation.xml`)."""

from __future__ import annotations

import os

STDIN = "-"
SIBLING_MARK = ".invalidation"


def sibling_name(document: str) -> str | None:
    """The file name a batch for `document` is saved as (`www.xml` -> `www.invalidation.xml`);
    None for standard input, which has no name to put a batch beside."""
    if document == STDIN:
        return None
    name = os.path.basename(document)
    stem = name[:-4] if name.lower().endswith(".xml") else name
    return stem + SIBLING_MARK + ".xml"

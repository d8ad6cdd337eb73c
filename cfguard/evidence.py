"""Which `InvalidationBatch` documents count as sent with a change to a distribution (CFG201).

A batch names no distribution (the id is in the request URL) and carries no timestamp, only a
`CallerReference` that must be new for each request (cloudfront-notes.md §5). So cfguard goes by
where a batch is and what it is called:

* named after the document: `<stem>.invalidation.xml` or `<stem>.invalidation*.xml` beside
  `<stem>.xml` counts for that document only;
* given on the command line (`--invalidation FILE`, or a file argument that is not named after
  another document) counts for every distribution checked in that run;
* with `--baseline-ref REV`, a batch whose `CallerReference` is the one the same file had at REV
  is an old request, already sent (or refused) before, and does not count for a new switch.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from functools import cache

from cfguard.engine import Loaded, Settings, load
from cfguard.inputs import Input, InputProblem, read
from cfguard.model import Distribution, InvalidationBatch, detach
from cfguard.records import replace

SIBLING_MARK = ".invalidation"


class EvidenceError(Exception):
    """An invalidation file cfguard was told, or is expected, to use cannot be used (exit 2)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def load_model(data: bytes) -> Loaded:
    """Parse and model a document without running any rule or the schema (fast)."""
    return load(data, Settings(enabled=frozenset()))


@cache
def load_file(path: str) -> Loaded | InputProblem:
    """A file's model, read safely; cached (without its tree), since a batch may count for many
    documents."""
    data = read(Input(path))
    if isinstance(data, InputProblem):
        return data
    loaded = load_model(data)
    if loaded.model is not None:
        detach(loaded.model)  # its locations, worked out now, no longer need the tree
    return replace(loaded, source=None)


def load_batch(path: str, purpose: str) -> InvalidationBatch:
    """The `InvalidationBatch` in `path`; EvidenceError naming `purpose` if it is anything else."""
    loaded = load_file(path)
    if isinstance(loaded, InputProblem):
        raise EvidenceError(path, f"{loaded.message} (given as {purpose})")
    if isinstance(loaded.model, InvalidationBatch):
        return loaded.model
    if loaded.findings:
        what = loaded.findings[0].message
    elif isinstance(loaded.model, Distribution):
        what = f"<{loaded.model.document.kind}> is not an <InvalidationBatch>"
    else:
        what = loaded.skipped or "not an <InvalidationBatch>"
    raise EvidenceError(path, f"cannot be used as {purpose}: {what}")


def owner_document(path: str) -> str | None:
    """The document an invalidation file is named after (`www.invalidation-2.xml` -> `www.xml`
    beside it), if that document exists."""
    directory, name = os.path.split(path)
    if not name.lower().endswith(".xml"):
        return None
    stem, mark, _rest = name.rpartition(SIBLING_MARK)
    if not mark or not stem:
        return None
    owner = os.path.join(directory, stem + ".xml")
    return owner if os.path.isfile(owner) else None


def siblings(document: str) -> list[str]:
    """`<stem>.invalidation*.xml` files beside `document`, sorted."""
    directory, name = os.path.split(document)
    stem = name[:-4] if name.lower().endswith(".xml") else name
    pattern = os.path.join(glob.escape(directory), glob.escape(stem) + SIBLING_MARK + "*.xml")
    return sorted(p for p in glob.glob(pattern) if os.path.isfile(p))


def evidence_for(
    document: str, shared: Iterable[str], revision: str | None
) -> tuple[InvalidationBatch, ...]:
    """The batches that count for `document`: those named after it and the shared ones, less
    the ones unchanged since `revision`. Raises EvidenceError for an unusable sibling."""
    counted: list[InvalidationBatch] = []
    seen: set[str] = set()
    named = siblings(document) if document != "-" else []
    for path in [*named, *shared]:
        key = os.path.realpath(path)
        if key in seen:
            continue
        seen.add(key)
        purpose = f"the invalidation for {document}" if path in named else "an invalidation"
        batch = load_batch(path, purpose)
        if revision is None or not is_old(path, batch, revision):
            counted.append(batch)
    return tuple(counted)


@cache
def _reference_at(path: str, revision: str) -> str | None:
    from cfguard.gitrev import GitError, file_at

    try:
        data = file_at(path, revision)
    except GitError:
        return None  # a batch outside the repository (or its history) cannot be an old one
    if data is None:
        return None
    model = load_model(data).model
    if isinstance(model, InvalidationBatch) and model.caller_reference is not None:
        return model.caller_reference.value
    return None


def is_old(path: str, batch: InvalidationBatch, revision: str) -> bool:
    """The file had this batch's `CallerReference` at `revision`: the same request as before."""
    if batch.caller_reference is None:
        return False
    return _reference_at(path, revision) == batch.caller_reference.value

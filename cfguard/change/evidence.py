"""Which `InvalidationBatch` documents count as sent with a change to a distribution (CFG201).

A batch names no distribution (the id is in the request URL) and carries no timestamp, only a
`CallerReference` that must be new for each request
(https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_InvalidationBatch.html). So
cfguard goes by where a batch is and what it is called, with one rule that gives the same answer
however the files are split between runs (a pre-commit hook splits them into parallel batches;
CI scans a directory). A batch counts for a distribution document only when:

* it is named after it: `<stem>.invalidation*.xml` or `.json` beside `<stem>.xml` or `.json`
  (either syntax for either; read whether or not it was named on the command line, and then
  checked and reported as a document of its own);
* it is given with `--invalidation FILE`: the user's explicit word, the same in every run since
  a hook passes the same options to each batch of files;
* with `--baseline FILE` (one distribution), it is a file argument not named after another
  document.

A batch that is merely a file argument with `--baseline-ref`, or found by a directory scan,
counts for nothing but itself. Of those, only a batch CloudFront would accept counts (no
CFG001-CFG003 or CFG202 problem), and with `--baseline-ref REV` not one whose `CallerReference`
is the one the same file had at REV (an old request, already sent or refused).
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from cfguard.core.naming import (
    BATCH_SUFFIXES,
    DOCUMENT_SUFFIXES,
    SIBLING_MARK,
    STDIN,
    split_suffix,
)
from cfguard.core.results import InputProblem
from cfguard.core.sanitize import printable
from cfguard.engine import Loaded, load
from cfguard.inputs import Input, read
from cfguard.model import Distribution, InvalidationBatch, detach
from cfguard.rules.settings import Settings


class EvidenceError(Exception):
    """An invalidation file cfguard was told, or is expected, to use cannot be used (exit 2)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def load_model(data: bytes, path: str | None = None) -> Loaded:
    """Parse and model a document without running any rule or the schema (fast). `path` picks
    the syntax a name decides (a `.tf` file has no content that says it is Terraform)."""
    return load(data, Settings(enabled=frozenset()), path)


@cache
def load_file(path: str) -> Loaded | InputProblem:
    """A file's model, read safely; cached (without its tree), since a batch may count for many
    documents."""
    data = read(Input(path))
    if isinstance(data, InputProblem):
        return data
    loaded = load_model(data, path)
    if loaded.model is not None:
        detach(loaded.model)  # its locations, worked out now, no longer need the tree
    return loaded._replace(source=None)


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
    """The document an invalidation file is named after (`www.invalidation-2.xml` -> `www.xml`,
    else `www.json`, a template's `www.yaml`, `.yml` or `.template`, beside it), if that
    document exists."""
    directory, name = os.path.split(path)
    base, suffix = split_suffix(name, BATCH_SUFFIXES)
    if not suffix:
        return None
    stem, mark, _rest = base.rpartition(SIBLING_MARK)
    if not mark or not stem:
        return None
    for owner_suffix in sorted(DOCUMENT_SUFFIXES, key=lambda s: s != suffix.lower()):
        owner = os.path.join(directory, stem + owner_suffix)
        if os.path.isfile(owner):
            return owner
    return None


def siblings(document: str) -> list[str]:
    """`<stem>.invalidation*.xml` and `.json` files beside `document`, sorted. Each directory is
    listed once per process, so asking for the siblings of every file of a large scan stays
    linear."""
    directory, name = os.path.split(document)
    prefix = split_suffix(name)[0] + SIBLING_MARK
    names = _listing(directory)
    found: list[str] = []
    # Sorted names: the ones starting with the prefix are together, from bisect on.
    for other in names[bisect.bisect_left(names, prefix) :]:
        if not other.startswith(prefix):
            break
        sibling = os.path.join(directory, other)
        if split_suffix(other, BATCH_SUFFIXES)[1] and os.path.isfile(sibling):
            found.append(sibling)
    return found


@cache
def _listing(directory: str) -> tuple[str, ...]:
    try:
        return tuple(sorted(os.listdir(directory or os.curdir)))
    except OSError:
        return ()  # the document's own line says why it cannot be read


def unlisted_siblings(inputs: Iterable[str]) -> list[str]:
    """The sibling batches of `inputs` that are not among them (compared by real path): the
    files `evidence_for` may read besides the inputs, so they are checked and reported too."""
    paths = [p for p in inputs if p != STDIN]
    listed = {os.path.realpath(p) for p in paths}
    found: list[str] = []
    for path in paths:
        for sibling in siblings(path):
            key = os.path.realpath(sibling)
            if key not in listed:
                listed.add(key)
                found.append(sibling)
    return found


@dataclass(frozen=True, slots=True)
class Evidence:
    """What was read for one document: the batches that count, and those that do not, each as
    "<file> <why>" for the CFG201 message."""

    counted: tuple[InvalidationBatch, ...] = ()
    rejected: tuple[str, ...] = ()


def evidence_for(document: str, shared: Iterable[str], revision: str | None) -> Evidence:
    """The batches that count for `document`: those named after it and the shared ones, if
    CloudFront would accept them, less the ones unchanged since `revision`. Never raises for a
    batch: a batch that cannot be used is reported as its own document and listed as rejected."""
    counted: list[InvalidationBatch] = []
    rejected: list[str] = []
    seen: set[str] = set()
    named = siblings(document) if document != STDIN else []
    for path in [*named, *shared]:
        key = os.path.realpath(path)
        if key in seen:
            continue
        seen.add(key)
        judged = judge(path)
        if isinstance(judged, str):
            rejected.append(f"{printable(path)} {judged}")
        elif revision is not None and is_old(path, judged, revision):
            rejected.append(
                f"{printable(path)} has the CallerReference it had at {revision} (an old "
                "request; give it a new one)"
            )
        else:
            counted.append(judged)
    return Evidence(tuple(counted), tuple(rejected))


@cache
def judge(path: str) -> InvalidationBatch | str:
    """The batch in `path` if CloudFront would accept it (no CFG001, CFG002, CFG003 or CFG202
    problem), else why not, worded to follow "<path> ". The user's rule selection does not
    matter here: it hides findings, it does not change what CloudFront accepts."""
    data = read(Input(path))
    if isinstance(data, InputProblem):
        return "cannot be read (see its own line)"
    loaded = load(data, Settings(enabled=frozenset({"CFG003"})))
    model = loaded.model
    first = loaded.findings[0] if loaded.findings else None
    if first is not None and first.rule_id == "CFG001":
        return f"is not well-formed XML (line {first.location.line})"
    if first is not None and first.rule_id == "CFG002":
        return f"is not a document cfguard can check (see its own line {first.location.line})"
    if loaded.skipped is not None or (model is None and first is None):
        return "is not a CloudFront document"
    if model is None and first is not None:  # no skeleton to model (`adapters.has_skeleton`)
        return f"would be refused by CloudFront (see its errors, line {first.location.line})"
    if isinstance(model, Distribution):
        return f"is a <{model.document.kind}>, not an <InvalidationBatch>"
    if not isinstance(model, InvalidationBatch):
        return "is not an <InvalidationBatch>"
    from cfguard.checks.caching import invalidation_path
    from cfguard.checks.context import Context

    lines = sorted(
        {finding.location.line for finding in loaded.findings}
        | {hit.location.line for hit in invalidation_path(model, Context())}
    )
    if lines:
        where = ", ".join(str(n) for n in lines[:3]) + (", …" if len(lines) > 3 else "")
        plural = "s" if len(lines) > 1 else ""
        return f"would be refused by CloudFront (see its errors, line{plural} {where})"
    detach(model)  # cached: its locations are worked out, the tree is no longer needed
    return model


@cache
def _reference_at(path: str, revision: str) -> str | None:
    from cfguard.change.git import GitError, file_at

    try:
        data = file_at(path, revision)
    except GitError:
        return None  # a batch outside the repository (or its history) cannot be an old one
    if data is None:
        return None
    model = load_model(data, path).model
    if isinstance(model, InvalidationBatch) and model.caller_reference is not None:
        return model.caller_reference.value
    return None


def is_old(path: str, batch: InvalidationBatch, revision: str) -> bool:
    """The file had this batch's `CallerReference` at `revision`: the same request as before."""
    if batch.caller_reference is None:
        return False
    return _reference_at(path, revision) == batch.caller_reference.value


def forget_files() -> None:
    """Drop every cached read of a file: after `--fix` has written files, a batch judged
    before may now be one CloudFront accepts."""
    for cached in (load_file, judge, _listing):
        cached.cache_clear()

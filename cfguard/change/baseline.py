"""The previous version of a distribution, for change-aware rules (CFG201).

`--baseline FILE` names it for the one distribution checked; `--baseline-ref REV` reads each
checked file's own path at a git revision. Either way the baseline is only modelled, never
linted: it must be a well-formed CloudFront distribution document, but its schema problems are
not cfguard's business now (it is the version being replaced).

A problem beside a document never replaces the document's own findings:

* `--baseline FILE` that cannot be used is a usage error before anything is checked (exit 2):
  the user named it, and every result would be wrong without it;
* a revision at which the file was broken, or not a distribution, is a one-line note on stderr
  and the document is checked with no baseline (no exit 2: a hook must let the user commit the
  fix for a file that was committed broken);
* git failing for one file (a time-out, a file outside the repository) is a one-line problem
  (exit 2), and the document is still checked, with no baseline;
* an invalidation file that cannot be used is checked and reported as a document of its own, and
  does not count (see cfguard.change.evidence).

Nothing here runs unless one of the options is given: a plain `cfguard check` neither starts git
nor parses anything twice.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from cfguard.change.evidence import (
    Evidence,
    EvidenceError,
    evidence_for,
    load_batch,
    load_file,
    load_model,
    owner_document,
    unlisted_siblings,
)
from cfguard.change.git import GitError
from cfguard.core.naming import STDIN
from cfguard.core.results import FileResult, InputProblem
from cfguard.core.sanitize import printable
from cfguard.core.variants import Variant
from cfguard.engine import Loaded, lint
from cfguard.inputs import Input, expand
from cfguard.model import Distribution, InvalidationBatch
from cfguard.rules.settings import Settings


class ChangeError(Exception):
    """The change-aware options cannot work as given (exit 2, one line)."""


@dataclass(frozen=True, slots=True)
class ChangeOptions:
    """What `--baseline`, `--baseline-ref` and `--invalidation` asked for (plain data, so it can
    travel to worker processes; every loaded file is cached per process)."""

    baseline_file: str | None = None
    baseline_ref: str | None = None
    #: InvalidationBatch files that count for every distribution checked in this run: the
    #: `--invalidation` files and, with `--baseline FILE` only, batch file arguments.
    shared_invalidations: tuple[str, ...] = ()
    #: With `--baseline FILE`: the one distribution given (a path, or "-"), the only document
    #: the baseline is the previous version of; a sibling that turns out to be a distribution
    #: is checked with no baseline.
    baseline_for: str | None = None


def prepare(
    paths: Sequence[str],
    baseline_file: str | None,
    baseline_ref: str | None,
    invalidations: Sequence[str],
    exclude: Sequence[str] = (),
    *,
    respect_gitignore: bool = True,
) -> tuple[ChangeOptions, tuple[str, ...]]:
    """Check the options before anything is linted; return them and the paths to check: the
    `--invalidation` files and every sibling batch that may be read as evidence are checked
    too, each once. Raises ChangeError."""
    if baseline_file and baseline_ref:
        raise ChangeError(
            "--baseline and --baseline-ref cannot be combined: give the previous version as a "
            "file or as a git revision"
        )
    if not baseline_file and not baseline_ref:
        raise ChangeError(
            "--invalidation needs --baseline FILE or --baseline-ref REV: an invalidation only "
            "matters after a change, and cfguard needs the previous version to see the change"
        )
    try:
        for path in invalidations:
            load_batch(path, "--invalidation")
        shared = list(invalidations)
        baseline_for = None
        if baseline_file:
            baseline_for = _check_single_distribution(
                paths, baseline_file, exclude, respect_gitignore
            )
            # One distribution: a batch beside it on the command line can only be for it. With
            # --baseline-ref a file argument counts for nothing but itself, or the answer would
            # depend on which files a hook happens to pass to the same process.
            arguments = [p for p in paths if p != STDIN and os.path.isfile(p)]
            named = [p for p in arguments if isinstance(_model(p), InvalidationBatch)]
            shared += [p for p in named if owner_document(p) is None]
        else:
            _check_revision(paths, baseline_ref or "")
    except (EvidenceError, GitError) as error:
        raise ChangeError(str(error)) from None
    extra = [p for p in dict.fromkeys(invalidations) if p not in paths]
    found = expand([*paths, *extra], exclude, respect_gitignore=respect_gitignore)
    inputs = [item.path for item in found if isinstance(item, Input)]
    extra += unlisted_siblings(inputs)
    options = ChangeOptions(baseline_file, baseline_ref, tuple(dict.fromkeys(shared)), baseline_for)
    return options, (*paths, *extra)


def _model(path: str) -> object:
    loaded = load_file(path)
    return None if isinstance(loaded, InputProblem) else loaded.model


def _check_single_distribution(
    paths: Sequence[str], baseline_file: str, exclude: Sequence[str], respect_gitignore: bool
) -> str | None:
    """The one distribution among the inputs (None: none); ChangeError if there are more."""
    baseline_from_file(baseline_file)
    found = [
        item.path
        for item in expand(paths, exclude, respect_gitignore=respect_gitignore)
        if isinstance(item, Input)
        and (item.path == STDIN or isinstance(_model(item.path), Distribution))
    ]
    if len(found) > 1:
        listed = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
        raise ChangeError(
            f"--baseline is the previous version of one distribution document, but "
            f"{len(found)} were given ({listed}); check them one at a time, or use "
            "--baseline-ref REV to compare each file with its own version in git"
        )
    return found[0] if found else None


def _check_revision(paths: Sequence[str], revision: str) -> None:
    from cfguard.change.git import check_revision

    if STDIN in paths:
        raise ChangeError(
            "--baseline-ref reads each file's previous version from git, and standard input "
            "has no path there: use --baseline FILE with -"
        )
    for path in paths:
        if os.path.isdir(path):
            check_revision(path, revision)
        elif os.path.exists(path):
            check_revision(os.path.dirname(path) or ".", revision)


@cache
def baseline_from_file(path: str) -> Baseline:
    """The `--baseline` document's models; EvidenceError (naming the file) if unusable."""
    loaded = load_file(path)
    if isinstance(loaded, InputProblem):
        raise EvidenceError(path, f"{loaded.message} (given as --baseline)")
    return _distribution(loaded, path, "cannot be used as --baseline")


def baseline_from_git(path: str, revision: str) -> Baseline | None:
    """`path` as it was at `revision`, or None if it did not exist there (a new file).
    EvidenceError if that version is not a usable distribution; GitError if git cannot say."""
    from cfguard.change.git import file_at

    data = file_at(path, revision)
    if data is None:
        return None
    what = f"its version at {revision} cannot be used as the baseline"
    return _distribution(load_model(data, path), path, what)


def baseline_from_data(data: bytes, name: str, what: str) -> Baseline:
    """The distribution in `data` (a deployed configuration, say) as a baseline; EvidenceError
    ("<name>: <what>: <why>") if it is not one."""
    return _distribution(load_model(data, name), name, what)


class Baseline(NamedTuple):
    """The previous version of a file's distributions: the first, and every one with the
    conditions it assumes (a template's, matched by logical id to the ones checked now)."""

    first: Distribution
    every: tuple[tuple[Distribution, Variant], ...]


def _distribution(loaded: Loaded, path: str, what: str) -> Baseline:
    if isinstance(loaded.model, Distribution):
        variants = loaded.variants or ((),) * len(loaded.models)
        every = tuple(
            (model, variant)
            for model, variant in zip(loaded.models, variants, strict=True)
            if isinstance(model, Distribution)
        )
        return Baseline(loaded.model, every)
    if loaded.findings:
        finding = loaded.findings[0]
        reason = f"{finding.message} (line {finding.location.line})"
    elif loaded.model is not None:
        reason = "it is an <InvalidationBatch>, not a distribution"
    else:
        reason = loaded.skipped or "not a CloudFront distribution document"
    raise EvidenceError(path, f"{what}: {reason}")


def lint_changed(
    data: bytes, item: Input, settings: Settings, change: ChangeOptions, *, keep_lines: bool
) -> FileResult:
    """`lint` with the baseline and the invalidations that count for this document. Whatever
    goes wrong with the baseline, the document itself is checked and reported."""
    other = change.baseline_file is not None and item.path != change.baseline_for
    if other or not isinstance(load_model(data, item.path).model, Distribution):
        return lint(data, item.path, settings, keep_lines=keep_lines)
    notes: list[str] = []
    problems: list[str] = []
    baseline: Baseline | None = None
    try:
        if change.baseline_file is not None:
            baseline = baseline_from_file(change.baseline_file)
        else:
            baseline = baseline_from_git(item.path, change.baseline_ref or "HEAD")
    except EvidenceError as error:
        if change.baseline_file is not None:  # checked up front: it changed since (exit 2)
            problems.append(f"{error}; checked without a baseline")
        else:
            notes.append(
                f"cfguard: {printable(item.path)}: note: {printable(error.message)}; checked "
                "without a baseline, so CFG201 has nothing to compare"
            )
    except GitError as error:
        problems.append(f"{error}; checked without a baseline")
    evidence = Evidence()
    if baseline is not None:
        evidence = evidence_for(item.path, change.shared_invalidations, change.baseline_ref)
    result = lint(
        data,
        item.path,
        settings,
        baseline=baseline.first if baseline is not None else None,
        baselines=baseline.every if baseline is not None else (),
        invalidations=evidence.counted,
        rejected_invalidations=evidence.rejected,
        keep_lines=keep_lines,
    )
    return result._replace(notes=tuple(notes), problems=tuple(problems))

"""The previous version of a distribution, for change-aware rules (CFG201).

`--baseline FILE` names it for the one distribution checked; `--baseline-ref REV` reads each
checked file's own path at a git revision. Either way the baseline is only modelled, never
linted: it must be a well-formed CloudFront distribution document, but its schema problems are
not cfguard's business now (it is the version being replaced). A baseline that is not usable is a
one-line error and exit 2, never a silent "no baseline".

Nothing here runs unless one of the options is given: a plain `cfguard check` neither starts git
nor parses anything twice.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache

from cfguard.engine import FileResult, Loaded, Settings, lint
from cfguard.evidence import (
    EvidenceError,
    evidence_for,
    load_batch,
    load_file,
    load_model,
    owner_document,
)
from cfguard.gitrev import GitError
from cfguard.inputs import STDIN, Input, InputProblem, expand
from cfguard.model import Distribution, InvalidationBatch
from cfguard.records import record


class ChangeError(Exception):
    """The change-aware options cannot work as given (exit 2, one line)."""


@record
class ChangeOptions:
    """What `--baseline`, `--baseline-ref` and `--invalidation` asked for (plain data, so it can
    travel to worker processes; every loaded file is cached per process)."""

    baseline_file: str | None = None
    baseline_ref: str | None = None
    #: InvalidationBatch files that count for every distribution checked in this run.
    shared_invalidations: tuple[str, ...] = ()


def prepare(
    paths: Sequence[str],
    baseline_file: str | None,
    baseline_ref: str | None,
    invalidations: Sequence[str],
    exclude: Sequence[str] = (),
) -> tuple[ChangeOptions, tuple[str, ...]]:
    """Check the options before anything is linted; return them and the paths to check (the
    `--invalidation` files are checked too). Raises ChangeError."""
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
        arguments = [p for p in paths if p != STDIN and os.path.isfile(p)]
        named = [p for p in arguments if isinstance(_model(p), InvalidationBatch)]
        shared = [*invalidations, *(p for p in named if owner_document(p) is None)]
        if baseline_file:
            _check_single_distribution(paths, baseline_file, exclude)
        else:
            _check_revision(paths, baseline_ref or "")
    except (EvidenceError, GitError) as error:
        raise ChangeError(str(error)) from None
    extra = tuple(p for p in dict.fromkeys(invalidations) if p not in paths)
    options = ChangeOptions(baseline_file, baseline_ref, tuple(dict.fromkeys(shared)))
    return options, (*paths, *extra)


def _model(path: str) -> object:
    loaded = load_file(path)
    return None if isinstance(loaded, InputProblem) else loaded.model


def _check_single_distribution(
    paths: Sequence[str], baseline_file: str, exclude: Sequence[str]
) -> None:
    baseline_from_file(baseline_file)
    found = [
        item.path
        for item in expand(paths, exclude)
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


def _check_revision(paths: Sequence[str], revision: str) -> None:
    from cfguard.gitrev import check_revision

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
def baseline_from_file(path: str) -> Distribution:
    """The `--baseline` document's model; EvidenceError (naming the file) if unusable."""
    loaded = load_file(path)
    if isinstance(loaded, InputProblem):
        raise EvidenceError(path, f"{loaded.message} (given as --baseline)")
    return _distribution(loaded, path, "cannot be used as --baseline")


def baseline_from_git(path: str, revision: str) -> Distribution | None:
    """`path` as it was at `revision`, or None if it did not exist there (a new file)."""
    from cfguard.gitrev import file_at

    data = file_at(path, revision)
    if data is None:
        return None
    what = f"its version at {revision} cannot be used as the baseline"
    return _distribution(load_model(data), path, what)


def _distribution(loaded: Loaded, path: str, what: str) -> Distribution:
    if isinstance(loaded.model, Distribution):
        return loaded.model
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
) -> FileResult | InputProblem:
    """`lint` with the baseline and the invalidations that count for this document."""
    if not isinstance(load_model(data).model, Distribution):
        return lint(data, item.path, settings, keep_lines=keep_lines)
    try:
        if change.baseline_file is not None:
            baseline: Distribution | None = baseline_from_file(change.baseline_file)
        else:
            baseline = baseline_from_git(item.path, change.baseline_ref or "HEAD")
        invalidations: tuple[InvalidationBatch, ...] = ()
        if baseline is not None:
            invalidations = evidence_for(
                item.path, change.shared_invalidations, change.baseline_ref
            )
    except EvidenceError as error:
        return InputProblem(error.path, error.message)
    except GitError as error:
        return InputProblem(item.path, str(error))
    return lint(
        data,
        item.path,
        settings,
        baseline=baseline,
        invalidations=invalidations,
        keep_lines=keep_lines,
    )

"""`--baseline-live`: a document compared with the distribution it configures as deployed now,
the question to ask before `update-distribution` (CFG201: does this change turn plain HTTP off
while the cache still holds what was fetched over it?).

A document names its distribution by `--distribution-id` (one document), by the
`Distribution.Id` of `get-distribution` output, or by its file name, `<Id>.json` as `--save`
writes it. Whatever goes wrong with the deployed side, the document itself is still checked."""

from __future__ import annotations

import json
import os
from collections.abc import Generator, Sequence
from typing import Any

from cfguard.change.baseline import Baseline, baseline_from_data
from cfguard.change.evidence import EvidenceError, evidence_for
from cfguard.core.naming import split_suffix
from cfguard.core.results import FileResult, InputProblem
from cfguard.core.tally import Tally
from cfguard.engine import lint
from cfguard.inputs import Input, read
from cfguard.live.fetch import Failed, Listed, fetch
from cfguard.live.render import render
from cfguard.rules.settings import Settings

_UNNAMED = (
    "cannot tell which deployed distribution this is: give --distribution-id ID, or name the "
    "file <Id>.json as `cfguard check --aws --save DIR` does; checked without a baseline"
)


def check_against_live(
    client: Any,
    inputs: Sequence[Input],
    named: str | None,
    settings: Settings,
    tally: Tally,
    *,
    keep_lines: bool = False,
) -> Generator[FileResult, None, None]:
    """Each input checked with its deployed distribution as the baseline (`named`: the id
    `--distribution-id` gave the one input)."""
    for item in inputs:
        data = read(item)
        if isinstance(data, InputProblem):
            tally.problems.append(data)
            continue
        identifier = named or distribution_id(item.path, data)
        problems: list[str] = []
        baseline: Baseline | None = None
        if identifier is None:
            problems.append(_UNNAMED)
        else:
            baseline = _deployed(client, identifier, problems)
        evidence = evidence_for(item.path, (), None) if baseline is not None else None
        result = lint(
            data,
            item.path,
            settings,
            baseline=baseline.first if baseline is not None else None,
            baselines=baseline.every if baseline is not None else (),
            invalidations=evidence.counted if evidence is not None else (),
            rejected_invalidations=evidence.rejected if evidence is not None else (),
            keep_lines=keep_lines,
        )
        result = result._replace(problems=result.problems + tuple(problems))
        tally.add(result)
        yield result


def _deployed(client: Any, identifier: str, problems: list[str]) -> Baseline | None:
    fetched = fetch(client, Listed(identifier))
    if isinstance(fetched, Failed):
        problems.append(
            f"cannot read the deployed distribution {identifier}: {fetched.message}; checked "
            "without a baseline"
        )
        return None
    what = "the deployed configuration cannot be used as the baseline"
    try:
        return baseline_from_data(render(fetched.etag, fetched.config), fetched.arn, what)
    except EvidenceError as error:
        problems.append(f"{error}; checked without a baseline")
        return None


def distribution_id(path: str, data: bytes) -> str | None:
    """The id a document names its distribution by: `get-distribution` output's
    `Distribution.Id`, else a file name that is a distribution id (`EDFDVBD6EXAMPLE.json`)."""
    try:
        document = json.loads(data)
    except ValueError:
        document = None
    if isinstance(document, dict):
        distribution = document.get("Distribution")
        if isinstance(distribution, dict) and _looks_like_id(distribution.get("Id")):
            return str(distribution["Id"])
    stem = split_suffix(os.path.basename(path))[0]
    return stem if _looks_like_id(stem) else None


def _looks_like_id(value: object) -> bool:
    """CloudFront's ids are upper-case letters and digits (`E2QWRUHEXAMPLE`)."""
    return (
        isinstance(value, str)
        and 8 <= len(value) <= 32
        and value.isascii()
        and value.isalnum()
        and value.upper() == value
    )

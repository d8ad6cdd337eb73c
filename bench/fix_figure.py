"""The `--fix` figure: `cfguard check --fix` on N documents with findings beside `cfguard check`
on the same documents (the target: within 2 x). The documents are the benchmark corpus with
every viewer protocol policy turned to allow-all, so each distribution has something to fix
(CFG101) beside what it had. Each --fix run gets a fresh copy, made before the clock starts, so
every run has the same fixes to make; the copy is checked afterwards to have changed, or the
figure would be of a run that fixed nothing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Documents in the figure by default (`--fix-documents`), in the full run too.
FIX_DOCUMENTS = 1000


def fix_figure(
    cfguard: list[str],
    source: Path,
    root: Path,
    *,
    env: dict[str, str],
    repeat: int,
    run_once: Callable[..., Any],
    median_of: Callable[..., Any],
) -> dict[str, Any]:
    """`check` and `--fix` of a copy of `source` (a directory of documents), interleaved."""
    pristine = root / "fix-pristine"
    if not pristine.exists():
        pristine.mkdir()
        for document in sorted(source.iterdir()):  # new files: the corpus may be hard links
            (pristine / document.name).write_bytes(_allowing_http(document.read_bytes()))
    checked, fixed = [], []
    changed = 0
    for _ in range(repeat):
        work = root / "fix-work"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(pristine, work)
        checked.append(run_once([*cfguard, "check", work.name], root, env))
        fixed.append(run_once([*cfguard, "check", "--fix", work.name], root, env))
        changed = sum(
            (work / name).read_bytes() != (pristine / name).read_bytes()
            for name in sorted(p.name for p in pristine.iterdir())
        )
    check, fix = median_of(checked), median_of(fixed)
    return {
        "documents": sum(1 for _ in pristine.iterdir()),
        "changed": changed,
        "repeat": repeat,
        "check": check,
        "fix": fix,
        "x_check": fix.wall / check.wall,
    }


def _allowing_http(data: bytes) -> bytes:
    for policy in (b"redirect-to-https", b"https-only"):
        data = data.replace(
            b"<ViewerProtocolPolicy>" + policy + b"</ViewerProtocolPolicy>",
            b"<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>",
        )
    return data


def fix_lines(figure: dict[str, Any]) -> list[str]:
    check, fix = figure["check"], figure["fix"]
    lines = [
        "",
        f"--fix on {figure['documents']:,} documents with findings (a fresh copy each run; "
        f"{figure['changed']:,} changed), median of {figure['repeat']}, interleaved:",
        f"{'command':24} {'wall':>8} {'files/s':>9} {'cpu':>8} {'peak RSS':>9} {'exit':>5}",
    ]
    for name, m in (("cfguard check", check), ("cfguard check --fix", fix)):
        rate = figure["documents"] / m.wall
        rss = f"{m.rss_mb:6.1f} MB" if m.rss_mb is not None else "      -  "
        lines.append(f"{name:24} {m.wall:6.2f} s {rate:9.0f} {m.cpu:6.2f} s {rss} {m.exit_code:>5}")
    lines.append(f"--fix takes {figure['x_check']:.2f} x the time of check (target: 2 x or less)")
    if not figure["changed"]:
        lines.append("WARNING: --fix changed no document: the figure is not a fix figure")
    return lines

"""Checking a large batch on several cores: results in input order, memory bounded.

* With `jobs` N, N - 1 worker processes check chunks of documents while the main process,
  besides writing the report, checks the next chunk itself whenever the result due next is not
  ready. One process fewer than N workers: a fork and ~25 MB (a worker that meets a broken
  document loads xmlschema) saved, and no core idles.
* Chunks of `CHUNK` inputs go out in order and come back in order; at most `WINDOW_PER_JOB`
  chunks per process are in flight or waiting to be reported, so memory stays flat however many
  files are checked, and no document outlives its report.
* Start method: `fork` on Linux — a worker starts in a few milliseconds with everything already
  imported and the settings already in memory; the main process has no threads when it forks
  (the pool's threads start afterwards) and multiprocessing flushes standard output first.
  `spawn` elsewhere: macOS system libraries are not fork-safe and Windows has no fork; spawn
  costs a fresh interpreter and cfguard's imports (~0.15 s) per worker.
* Ctrl-C is the main process's to report (one line, exit 130): workers ignore SIGINT, finish
  the chunk at hand and exit when the pool shuts down. A worker that dies (killed, out of memory)
  is one line naming the problem, never a hang.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import TYPE_CHECKING, TypeAlias

from cfguard.engine import FileResult, Settings
from cfguard.inputs import STDIN, Input, InputProblem

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from cfguard.runner import RunOptions

Item: TypeAlias = Input | InputProblem
Outcome: TypeAlias = FileResult | InputProblem

#: Up to this many inputs, one process unless `--jobs` says otherwise: starting a worker costs
#: about as much as checking 10-20 clean documents (a pre-commit hook passes a handful).
PARALLEL_THRESHOLD = 32
#: Inputs per task: large enough that passing results between processes is noise (~1 ms of
#: work per clean document), small enough that a slow document does not hold many others.
CHUNK = 8
WINDOW_PER_JOB = 4


class WorkerError(RuntimeError):
    """A worker process died; the message says so in one line."""


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask, where the system has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def plan(items: Iterator[Item], jobs: int | None) -> tuple[int, Iterator[Item]]:
    """The number of processes for `items` (`jobs`, or by default all CPUs for a batch larger
    than `PARALLEL_THRESHOLD`, else 1) and the items, none consumed."""
    if jobs is not None:
        return max(jobs, 1), items
    cpus = available_cpus()
    if cpus < 2:
        return 1, items
    head = list(islice(items, PARALLEL_THRESHOLD + 1))
    return (cpus if len(head) > PARALLEL_THRESHOLD else 1), chain(head, items)


def start_method() -> str:
    """`fork` on Linux, `spawn` elsewhere (see the module's docstring)."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


def check_chunk(chunk: list[Item], settings: Settings, options: RunOptions) -> list[Outcome]:
    from cfguard.runner import lint_input

    return [
        item if isinstance(item, InputProblem) else lint_input(item, settings, options)
        for item in chunk
    ]


def run_parallel(
    items: Iterable[Item], jobs: int, settings: Settings, options: RunOptions
) -> Iterator[Outcome]:
    """Each item's outcome, in the order of `items`, using `jobs` processes (this one included)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    executor = ProcessPoolExecutor(
        jobs - 1,
        mp_context=multiprocessing.get_context(start_method()),
        initializer=_start_worker,
        initargs=(settings, options),
    )
    finished = False
    try:
        yield from _ordered(_chunks(items), executor, jobs, settings, options)
        finished = True
    except BrokenProcessPool:
        raise WorkerError(
            "a worker process died (killed, or out of memory?); run again with --jobs 1"
        ) from None
    finally:
        # On an error or Ctrl-C, drop the queued chunks and do not wait for the running ones.
        executor.shutdown(wait=finished, cancel_futures=not finished)


def _ordered(
    chunks: Iterator[list[Item]],
    executor: ProcessPoolExecutor,
    jobs: int,
    settings: Settings,
    options: RunOptions,
) -> Iterator[Outcome]:
    pending: deque[Future[list[Outcome]] | list[Outcome]] = deque()
    in_flight, window = 0, WINDOW_PER_JOB * jobs
    exhausted = False
    while pending or not exhausted:
        while not exhausted and in_flight < window and len(pending) < 2 * window:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
            elif any(isinstance(i, Input) and i.path == STDIN for i in chunk):
                pending.append(check_chunk(chunk, settings, options))  # stdin is ours
            else:
                pending.append(executor.submit(_check_in_worker, chunk))
                in_flight += 1
        head = pending[0]
        if isinstance(head, list) or head.done() or exhausted or len(pending) >= 2 * window:
            pending.popleft()
            if not isinstance(head, list):
                in_flight -= 1
            yield from head if isinstance(head, list) else head.result()
            continue
        chunk = next(chunks, None)  # the next result is not ready: check a chunk here
        if chunk is None:
            exhausted = True
        else:
            pending.append(check_chunk(chunk, settings, options))


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


_WORKER: tuple[Settings, RunOptions] | None = None


def _start_worker(settings: Settings, options: RunOptions) -> None:
    import signal

    global _WORKER  # noqa: PLW0603 - per-process state, set once when the worker starts
    _WORKER = (settings, options)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_in_worker(chunk: list[Item]) -> list[Outcome]:
    assert _WORKER is not None, "worker used before it was started"
    return check_chunk(chunk, *_WORKER)

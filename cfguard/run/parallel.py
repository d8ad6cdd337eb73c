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
* A worker dies with its parent. If the main process is killed (`kill -9`, the OOM killer, a CI
  timeout), nothing shuts the pool down, and a worker waits for its next chunk, or to hand back
  a result, on pipes whose other ends it holds itself: without help it waits for ever. On Linux
  the kernel sends it SIGKILL when the parent dies (`prctl(PR_SET_PDEATHSIG)`); everywhere, a
  thread waits on multiprocessing's parent sentinel (a pipe whose write end only the parent
  holds, or the parent's process handle on Windows) and ends the worker when it fires.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import TYPE_CHECKING, TypeAlias

from cfguard.core.naming import STDIN
from cfguard.core.results import FileResult, InputProblem
from cfguard.inputs import Input
from cfguard.rules.settings import Settings
from cfguard.run.lint import RunOptions, lint_input

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


Item: TypeAlias = Input | InputProblem
Outcome: TypeAlias = FileResult | InputProblem

#: Up to this many inputs, one process unless `--jobs` says otherwise: starting workers costs
#: ~45 ms (importing multiprocessing, forking, passing results), as much as checking 40-60
#: typical documents; measured break-even: ~100 clean documents, ~60 of the benchmark's mix.
#: A pre-commit hook passes a handful.
PARALLEL_THRESHOLD = 64
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
        initargs=(settings, options, os.getpid()),
    )
    finished = False
    try:
        yield from _Pipeline(_chunks(items), executor, jobs, settings, options).outcomes()
        finished = True
    except BrokenProcessPool:
        raise WorkerError(
            "a worker process died (killed, or out of memory?); run again with --jobs 1"
        ) from None
    finally:
        # On an error or Ctrl-C, drop the queued chunks and do not wait for the running ones.
        executor.shutdown(wait=finished, cancel_futures=not finished)


class _Slot:
    """One chunk, in input order: queued for a worker (`future`) or checked here (`results`)."""

    __slots__ = ("chunk", "future", "results")

    def __init__(self, chunk: list[Item]) -> None:
        self.chunk = chunk
        self.future: Future[list[Outcome]] | None = None
        self.results: list[Outcome] | None = None


class _Pipeline:
    """Feeds the workers and hands results back in input order. While the result due next is
    not ready, this process checks a chunk itself: the next new one or, at the end of the batch,
    the last one queued that no worker has started (so no process idles while others work)."""

    def __init__(
        self,
        chunks: Iterator[list[Item]],
        executor: ProcessPoolExecutor,
        jobs: int,
        settings: Settings,
        options: RunOptions,
    ) -> None:
        self.chunks, self.executor = chunks, executor
        self.settings, self.options = settings, options
        self.pending: deque[_Slot] = deque()
        self.in_flight, self.window = 0, WINDOW_PER_JOB * jobs
        self.exhausted = False

    def outcomes(self) -> Iterator[Outcome]:
        while self.pending or not self.exhausted:
            self._feed()
            if not self.pending:
                continue
            head = self.pending[0]
            waiting = head.results is None and head.future is not None and not head.future.done()
            if waiting and self._work_here():
                continue
            self.pending.popleft()
            yield from self._take(head)

    def _feed(self) -> None:
        while self.in_flight < self.window and len(self.pending) < 2 * self.window:
            slot = self._next()
            if slot is None:
                return
            if any(isinstance(item, Input) and item.path == STDIN for item in slot.chunk):
                slot.results = self._check(slot.chunk)  # standard input is this process's
            else:
                slot.future = self.executor.submit(_check_in_worker, slot.chunk)
                self.in_flight += 1

    def _work_here(self) -> bool:
        if len(self.pending) < 2 * self.window:
            slot = self._next()
            if slot is not None:
                slot.results = self._check(slot.chunk)
                return True
        for slot in reversed(self.pending):
            if slot.future is not None and slot.results is None and slot.future.cancel():
                self.in_flight -= 1
                slot.results = self._check(slot.chunk)
                return True
        return False

    def _next(self) -> _Slot | None:
        chunk = None if self.exhausted else next(self.chunks, None)
        if chunk is None:
            self.exhausted = True
            return None
        slot = _Slot(chunk)
        self.pending.append(slot)
        return slot

    def _check(self, chunk: list[Item]) -> list[Outcome]:
        return check_chunk(chunk, self.settings, self.options)

    def _take(self, slot: _Slot) -> list[Outcome]:
        if slot.results is not None:
            return slot.results
        assert slot.future is not None
        self.in_flight -= 1
        return slot.future.result()


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


_WORKER: tuple[Settings, RunOptions] | None = None


def _start_worker(settings: Settings, options: RunOptions, parent: int) -> None:
    import signal

    global _WORKER  # noqa: PLW0603 - per-process state, set once when the worker starts
    _WORKER = (settings, options)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _set_parent_death_signal()
    if os.getppid() != parent:  # the parent died before the death signal was asked for
        os._exit(1)
    _watch_parent()


#: From <linux/prctl.h>: the signal the kernel sends this process when its parent dies.
_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal() -> None:
    """On Linux, SIGKILL from the kernel as soon as the parent dies: nothing in a worker needs
    cleaning up (it writes no file), and SIGKILL cannot be caught or ignored by library code."""
    if not sys.platform.startswith("linux"):
        return
    import contextlib
    import ctypes
    import signal

    # No prctl (another libc, a sandbox): the watchdog thread still ends the worker.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch_parent() -> None:
    """A daemon thread that ends this worker when the parent's sentinel is ready, which it
    becomes only when the parent is gone. With fork, a worker started later also holds the
    write end of an earlier worker's sentinel; it sees its own sentinel fire, exits, and so
    releases the earlier one's: the workers end one after another, within milliseconds."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing: nothing to watch
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)  # the report is lost with the parent; nothing here is worth finishing

    threading.Thread(target=watch, name="cfguard-parent-watch", daemon=True).start()


def _check_in_worker(chunk: list[Item]) -> list[Outcome]:
    assert _WORKER is not None, "worker used before it was started"
    return check_chunk(chunk, *_WORKER)

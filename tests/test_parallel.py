"""`--jobs`: the report does not depend on the number of processes, a batch is parallel only when
it is large, and Ctrl-C or a dead worker ends the run with one line, never a traceback or a hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cfguard.run.parallel import PARALLEL_THRESHOLD, available_cpus
from tests.conftest import Run, assert_no_traceback, run_cfguard
from tests.corpus import generator, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~120 generated documents of every kind (clean, findings, schema errors, not well-formed,
    DOCTYPE, suppressions, invalidations, legacy, not CloudFront), plus inputs that cannot be
    read: a directory and a FIFO named *.xml."""
    directory = tmp_path_factory.mktemp("corpus")
    write_corpus(directory / "docs", 120, seed=7)
    (directory / "docs" / "dir.xml").mkdir()
    os.mkfifo(directory / "docs" / "pipe.xml")
    return directory


def check(corpus: Path, *args: str) -> Run:
    return run_cfguard("check", "--format", "json", *args, "docs", "missing.xml", cwd=corpus)


def test_the_report_is_the_same_whatever_the_number_of_processes(corpus: Path) -> None:
    serial = check(corpus, "--jobs", "1")
    assert serial.code == 2  # the missing file and the FIFO
    for rule in ("CFG001", "CFG003", "CFG101", "CFG902"):
        assert f'"{rule}"' in serial.out
    assert "missing.xml: no such file or directory" in serial.err
    for jobs in ("2", "3"):
        parallel = check(corpus, "--jobs", jobs)
        assert (parallel.code, parallel.out, parallel.err) == (serial.code, serial.out, serial.err)
    default = check(corpus)
    assert (default.code, default.out, default.err) == (serial.code, serial.out, serial.err)


def test_text_report_in_input_order_with_two_processes(corpus: Path) -> None:
    serial = run_cfguard("check", "--jobs", "1", "--show-suppressed", "docs", cwd=corpus)
    parallel = run_cfguard("check", "--jobs", "2", "--show-suppressed", "docs", cwd=corpus)
    assert parallel.out == serial.out
    assert parallel.err == serial.err
    assert_no_traceback(parallel.err)


def test_workers_started_with_spawn_get_the_configuration(corpus: Path) -> None:
    """Other systems than Linux spawn workers: settings travel to them pickled."""
    (corpus / ".cfguard.toml").write_text(
        'ignore = ["CFG303"]\n[severity]\nCFG101 = "info"\n'
        '[per-file-ignores]\n"dist-000*.xml" = ["CFG103"]\n[rules.CFG106]\nmax-aliases = 1\n',
        encoding="utf-8",
    )
    try:
        serial = run_cfguard("check", "--format", "json", "--jobs", "1", "docs", cwd=corpus)
        probe = (
            "import sys, cfguard.run.parallel as p; p.start_method = lambda: 'spawn'; "
            "from cfguard.cli import main; sys.argv[0] = 'cfguard'; main()"
        )
        spawned = subprocess.run(
            [sys.executable, "-c", probe, *("check", "--format", "json", "--jobs", "2"), "docs"],
            cwd=corpus,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        (corpus / ".cfguard.toml").unlink()
    assert '"severity": "info"' in serial.out
    assert (spawned.returncode, spawned.stdout, spawned.stderr) == (
        serial.code,
        serial.out,
        serial.err,
    )


_MODULES_PROBE = (
    "import runpy, sys\n"
    "sys.argv = ['cfguard', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('cfguard', run_name='__main__')\n"
    "finally:\n"
    "    sys.stderr.write('multiprocessing' in sys.modules and 'PARALLEL' or 'SERIAL')\n"
)


def _mode(directory: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", _MODULES_PROBE, "check", "-q", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stderr.strip().rsplit("\n", 1)[-1][-8:].strip()


def test_a_handful_of_files_is_checked_in_one_process(tmp_path: Path) -> None:
    write_corpus(tmp_path, PARALLEL_THRESHOLD, seed=3)
    assert _mode(tmp_path) == "SERIAL"


@pytest.mark.skipif(available_cpus() < 2, reason="one CPU: cfguard never starts workers")
def test_a_large_batch_uses_every_cpu_by_default(tmp_path: Path) -> None:
    write_corpus(tmp_path, PARALLEL_THRESHOLD + 1, seed=3)
    assert _mode(tmp_path) == "PARALLEL"


def test_jobs_must_be_a_positive_number(corpus: Path) -> None:
    result = run_cfguard("check", "--jobs", "0", "docs", cwd=corpus)
    assert result.code == 2
    assert "Invalid value for '-j' / '--jobs'" in result.err


def _start_large_run(tmp_path: Path, jobs: str = "2", setup: str = "") -> subprocess.Popen[bytes]:
    write_corpus(tmp_path / "big", 1500, seed=11)
    env = {**os.environ, "NO_COLOR": "1"}
    # A shell starts background jobs (and so, maybe, this test) with SIGINT ignored, which the
    # child would inherit; a terminal's foreground job has Python's usual handler.
    probe = (
        f"{setup}import runpy, signal, sys; "
        "signal.signal(signal.SIGINT, signal.default_int_handler); "
        "sys.argv = ['cfguard', *sys.argv[1:]]; runpy.run_module('cfguard', run_name='__main__')"
    )
    return subprocess.Popen(
        [sys.executable, "-c", probe, "check", "--jobs", jobs, "big"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group, like a job in a terminal
    )


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _wait_for_worker(proc: subprocess.Popen[bytes]) -> int:
    assert proc.stdout is not None
    proc.stdout.readline()  # a first result: the workers are running
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = _children(proc.pid)
        if children:
            return children[0]
        time.sleep(0.01)
    raise AssertionError("no worker process appeared")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_ends_the_run_with_one_line(tmp_path: Path, jobs: str) -> None:
    proc = _start_large_run(tmp_path, jobs)
    if jobs == "1":
        assert proc.stdout is not None
        proc.stdout.readline()
        worker = None
    else:
        worker = _wait_for_worker(proc)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole process group
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.decode() == "cfguard: interrupted\n"
    deadline = time.monotonic() + 10
    while worker and Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not (worker and Path(f"/proc/{worker}").exists()), "the worker outlived the run"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_dead_worker_is_one_line_not_a_hang(tmp_path: Path) -> None:
    proc = _start_large_run(tmp_path)
    os.kill(_wait_for_worker(proc), signal.SIGKILL)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    message = err.decode()
    assert message.startswith("cfguard: a worker process died"), message
    assert "--jobs 1" in message
    assert_no_traceback(message)


def _alive(pid: int) -> bool:
    """Whether `pid` still runs: a zombie (dead, not yet reaped by whoever adopted it) is gone."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    "setup",
    [
        pytest.param("", id="death-signal-and-watchdog"),
        # Where prctl does not exist (macOS, Windows) only the watchdog thread is left.
        pytest.param(
            "import cfguard.run.parallel as p; p._set_parent_death_signal = lambda: None; ",
            id="watchdog-only",
        ),
    ],
)
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path, setup: str) -> None:
    """`kill -9` of cfguard during `-j 3`: nothing shuts the pool down, and a worker blocked on
    its pipes used to stay for ever. Both workers must be gone within a few seconds."""
    proc = _start_large_run(tmp_path, "3", setup)
    _wait_for_worker(proc)
    deadline = time.monotonic() + 30
    while len(workers := _children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(workers) == 2, workers
    os.kill(proc.pid, signal.SIGKILL)
    # Not communicate(): a surviving worker holds the output pipes open.
    assert proc.wait(timeout=60) == -signal.SIGKILL
    for pipe in (proc.stdout, proc.stderr):
        assert pipe is not None
        pipe.close()
    deadline = time.monotonic() + 5
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:  # do not leave them behind for the next test
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "workers outlived their parent"


def test_standard_input_in_a_large_batch_is_read_once_in_order(corpus: Path) -> None:
    """`-` between two halves of a large batch is checked in its place; a second `-` and the
    directory named again after its files add nothing (each input once)."""
    stdin = generator().sample(1, ["allow-all"]).encode()
    files = sorted(
        f"docs/{path.name}" for path in (corpus / "docs").glob("dist-*.xml") if path.is_file()
    )
    first, second = files[: len(files) // 2], files[len(files) // 2 :]
    args = (*first, "-", *second, "-", "docs")
    runs = [
        run_cfguard("check", "--jobs", jobs, *args, cwd=corpus, stdin=stdin) for jobs in ("1", "2")
    ]
    assert runs[1].out == runs[0].out
    assert runs[1].code == runs[0].code
    *lines, _summary = runs[1].out.splitlines()
    from_stdin = [line for line in lines if line.startswith("-:")]
    assert from_stdin, "the document on standard input was not checked"
    start = lines.index(from_stdin[0])
    before, rest = lines[:start], lines[start + len(from_stdin) :]
    assert lines[start : start + len(from_stdin)] == from_stdin
    assert {line.split(":")[0] for line in before} <= set(first)
    # After it: the second half, then the directory's other files, never the first half again.
    rest_paths = [line.split(":")[0] for line in rest]
    assert set(rest_paths) & set(second)
    assert not set(rest_paths) & set(first)
    # Read once: a second read would find standard input empty, one more problem line. The
    # directory adds only what its files do not: the FIFO and the directory named *.xml.
    assert runs[1].err == (
        "cfguard: docs/pipe.xml: not a regular file (a FIFO, socket or device); cfguard reads "
        "only files\n"
    )

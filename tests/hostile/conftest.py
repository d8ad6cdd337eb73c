"""Shared machinery for the hostile-input suite: a run that proves the checked files were not
touched, a local HTTP listener that proves nothing was fetched, a FIFO canary that proves a file
was never opened, and a measured run (wall time, peak memory) for the size cases.

Every generated input is built in a tmp directory at test time; nothing hostile is committed.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SHARED_COPY, Run

#: A hang fails the test; nothing is asserted about time itself.
TIMEOUT = 120
#: One finding line of the plain text format, and the summary line that ends it.
FINDING_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+)(?::(?P<column>\d+))?: (?P<rule>CFG\d{3}) "
    r"\[(?:error|warning|info)\] .+ \((?P<name>[a-z0-9-]+)\)$"
)
SUMMARY_LINE = re.compile(r"^Checked \d+ files?\b.*\.$")
MODERN_VALID = sorted((SHARED_COPY / "modern").glob("*.xml"))
LEGACY_VALID = sorted(
    p
    for p in (SHARED_COPY / "legacy").glob("*.xml")
    if "both-origins" not in p.name  # invalid by construction (its README says so)
)
WELL_CONFIGURED = SHARED_COPY / "modern" / "handmade-https-only-alias-acm-logging.xml"
NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"


def file_states(*paths: Path) -> dict[str, tuple[str, int, int]]:
    """sha256, size and mtime of every regular file at or below `paths` (links not followed)."""
    states: dict[str, tuple[str, int, int]] = {}
    for path in paths:
        candidates = [path] if not path.is_dir() or path.is_symlink() else sorted(path.rglob("*"))
        for item in candidates:
            if item.is_symlink() or not item.is_file():
                continue
            info = item.stat()
            digest = hashlib.sha256(item.read_bytes()).hexdigest()
            states[str(item)] = (digest, info.st_size, info.st_mtime_ns)
    return states


def assert_clean_stderr(err: str) -> None:
    assert "Traceback" not in err, err
    assert "internal error" not in err, err


def run_real(
    *args: str | os.PathLike[str],
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = TIMEOUT,
) -> Run:
    """The real `python -m cfguard` process; never a traceback, whatever the input."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("GITHUB_ACTIONS", None)
    proc = subprocess.run(
        [sys.executable, "-m", "cfguard", *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=environment,
        cwd=cwd or REPO,
        timeout=timeout,
        check=False,
    )
    result = Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
    assert_clean_stderr(result.err)
    return result


@pytest.fixture
def check() -> Any:
    """`check(*paths, args=...)`: run `cfguard check` on files, asserting none was changed."""

    def run(*paths: Path, args: tuple[str, ...] = (), **kwargs: Any) -> Run:
        before = file_states(*paths)
        result = run_real("check", *args, *paths, **kwargs)
        assert file_states(*paths) == before, "cfguard changed a file it checked"
        return result

    return run


def cfg001_lines(out: str) -> list[re.Match[str]]:
    return [m for m in map(FINDING_LINE.match, out.splitlines()) if m and m["rule"] == "CFG001"]


def finding_lines(out: str) -> list[re.Match[str]]:
    """The finding lines of plain text output; fails if any other line is not the summary."""
    lines = out.splitlines()
    assert lines, "no output at all"
    assert SUMMARY_LINE.match(lines[-1]), lines[-1]
    matches = [FINDING_LINE.match(line) for line in lines[:-1]]
    assert all(matches), [line for line, m in zip(lines, matches, strict=False) if not m]
    return [m for m in matches if m]


# --- documents -----------------------------------------------------------------------------


def well_configured() -> str:
    return WELL_CONFIGURED.read_text(encoding="utf-8")


def with_element(document: str, element: str, text: str) -> str:
    """`document` with the text of the first `<element>` replaced (already escaped XML)."""
    start = document.index(f"<{element}>") + len(element) + 2
    end = document.index(f"</{element}>", start)
    return document[:start] + text + document[end:]


# --- a local listener that must never be called ---------------------------------------------


@dataclass
class Listener:
    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[Listener]:
    """An HTTP server on 127.0.0.1 (random port) that records every request it gets and
    answers with an entity definition, so a fetch would also change the document."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            body = b'<!ENTITY leaked "FETCHED-FROM-LISTENER">'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Listener(f"http://127.0.0.1:{server.server_address[1]}", seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- a FIFO that tells whether anyone opened it ---------------------------------------------


@dataclass
class Canary:
    path: Path
    opened: threading.Event


@pytest.fixture
def canary(tmp_path: Path) -> Iterator[Canary]:
    """A named pipe standing where a secret file would be. Opening a FIFO for writing without
    blocking succeeds only while someone has it open for reading, so a watcher thread notices any
    read attempt (and unblocks the reader, so a failure cannot hang the run)."""
    path = tmp_path / "canary-secret"
    os.mkfifo(path)
    opened, stop = threading.Event(), threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader
                time.sleep(0.002)
                continue
            opened.set()
            os.write(fd, b"CANARY-CONTENT")
            os.close(fd)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield Canary(path, opened)
    finally:
        stop.set()
        thread.join(timeout=10)


# --- measured runs (size cases) -------------------------------------------------------------

MEASUREMENTS: list[tuple[str, float, float, int]] = []


@dataclass(frozen=True)
class Measured:
    run: Run
    seconds: float
    peak_mib: float


# Runs the command given after its two arguments (report fd, timeout) and writes that child's
# peak RSS (KiB) to the report fd. Measuring from this small launcher, not from pytest, matters:
# a forked child starts with its parent's resident set, so pytest's memory would be the floor.
_LAUNCHER = """
import os, resource, subprocess, sys
try:
    code = subprocess.call(sys.argv[3:], timeout=float(sys.argv[2]))
except subprocess.TimeoutExpired:
    code = 124
os.write(int(sys.argv[1]), str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss).encode())
sys.exit(code)
"""


def run_limited(
    command: list[str], timeout: float, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[bytes], float, float]:
    """Run `command` under `timeout` (exit 124 when killed), from the repository root: the
    process, its wall time and its peak RSS in MiB, measured by the kernel for its children."""
    read_end, write_end = os.pipe()
    start = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, str(write_end), str(timeout), *command],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=env,
            cwd=REPO,
            timeout=timeout + 60,
            check=False,
            pass_fds=(write_end,),
        )
    finally:
        os.close(write_end)
    seconds = time.monotonic() - start
    with os.fdopen(read_end, "rb") as pipe:
        peak = int(pipe.read() or b"0") / 1024  # ru_maxrss is in KiB on Linux
    return proc, seconds, peak


def run_measured(name: str, *args: str | os.PathLike[str], timeout: float = TIMEOUT) -> Measured:
    """Run the real process; record its wall time and peak RSS for the terminal summary."""
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "cfguard", *map(str, args)]
    proc, seconds, peak = run_limited(command, timeout, environment)
    assert proc.returncode != 124, f"{name}: still running after {timeout} s (killed)"
    run = Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
    assert_clean_stderr(run.err)
    MEASUREMENTS.append((name, seconds, peak, run.code))
    return Measured(run, seconds, peak)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not MEASUREMENTS:
        return
    terminalreporter.section("hostile inputs: wall time and peak memory per size case")
    for name, seconds, peak, code in MEASUREMENTS:
        terminalreporter.write_line(f"{name:<44} {seconds:6.2f} s {peak:8.1f} MiB  exit {code}")

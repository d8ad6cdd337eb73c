"""cfguard's benchmark: start-up time, throughput and peak memory, beside the machine's floor.

    python bench/run.py                          # sizes 1, 100, 1000, 10000; 15 cold starts
    python bench/run.py --sizes 1,20 --repeat 3  # the CI smoke run (a few seconds)

Every figure is a median of `--repeat` runs of the real command with its output sent to
/dev/null. The floor — `python -c "import lxml.etree, click"`, the least any Python CLI built on
those libraries can cost — is measured in the same run, interleaved with cfguard's runs, so
figures on a busy machine still read as ratios. Peak memory is the resident set of the whole
process tree (cfguard and its workers), sampled every 20 ms, and its PSS (which counts the pages
processes share once) every 100 ms; a cold start is one process, measured exactly by the kernel
(`ru_maxrss`) and not sampled, so sampling does not slow it. The commands are started by a bare
interpreter (`LAUNCHER`), whose own size the kernel would otherwise count in theirs. Corpora come
from bench/generate.py (deterministic for a seed) and go to a temporary directory unless
`--corpus-dir` is given (bench/corpus/ is ignored by git).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/ is not a package)

SAMPLE_SECONDS = 0.02
PSS_EVERY = 5


@dataclass
class Measure:
    """Medians over the repeats: wall seconds, CPU seconds of the tree, peak memory in MB."""

    wall: float
    cpu: float
    rss_mb: float | None
    pss_mb: float | None
    exit_code: int


def machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return {
        "cpu": model,
        "cpus": str(cpus),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load average": load,
    }


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        return found
    return found + [grandchild for child in found for grandchild in _children(child)]


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def _rss_kb(pid: int) -> int:
    """Resident set of one process in KB (0 once it is gone): /proc/PID/statm, ~20 µs."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kb(pid: int) -> int:
    """Proportional set of one process in KB: /proc/PID/smaps_rollup, ~1 ms (walks its pages)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Peak RSS and PSS summed over a process and its descendants (Linux /proc). RSS is read
    every `SAMPLE_SECONDS`, PSS every `PSS_EVERY` samples: reading PSS costs enough CPU to slow
    down what is measured on a small machine."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        count = 0
        while not self.done.is_set():
            tree = (self.pid, *_children(self.pid))
            self.peak_rss = max(self.peak_rss, sum(_rss_kb(p) for p in tree))
            if count % PSS_EVERY == PSS_EVERY - 1:  # not at once: the process is starting
                self.peak_pss = max(self.peak_pss, sum(_pss_kb(p) for p in tree))
            count += 1
            self.done.wait(SAMPLE_SECONDS)


#: Starts each measured command and reports its wall time, CPU time and peak memory: a bare
#: interpreter (`python -I -S`, about 9 MB), so that the peak it hands down is below any
#: measured command's. On Linux a process's `ru_maxrss` counts the memory of the process that
#: started it (the kernel takes the old address space's peak at exec), and this one is about
#: 18 MB: started from here, `cfguard --version` (13.5 MB) read as 18.4 MB, like the floor.
LAUNCHER = r"""
import os, sys, time
null = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1)]
for line in sys.stdin.buffer:
    cwd, *argv = os.fsdecode(line[:-1]).split("\0")
    os.chdir(cwd)
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    print(pid, flush=True)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    print(wall, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status), flush=True)
"""


class Launcher:
    """The launcher process for one environment; it ends when this process does."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def _line(self) -> list[str]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if not line:
            raise RuntimeError("the benchmark's launcher process ended")
        return [part.decode() for part in line]

    def start(self, command: list[str], cwd: Path) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(os.fsencode("\0".join([str(cwd.resolve()), *command])) + b"\n")
        self.proc.stdin.flush()
        return int(self._line()[0])

    def result(self) -> tuple[float, float, int, int]:
        """Wall and CPU seconds (the process tree's), peak RSS (KB on Linux), exit code."""
        wall, cpu, rss, code = self._line()
        return float(wall), float(cpu), int(rss), int(code)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


_LAUNCHERS: dict[tuple[tuple[str, str], ...], Launcher] = {}


def launcher(env: dict[str, str]) -> Launcher:
    key = tuple(sorted(env.items()))
    if key not in _LAUNCHERS:
        _LAUNCHERS[key] = Launcher(env)
    return _LAUNCHERS[key]


def run_once(command: list[str], cwd: Path, env: dict[str, str], sample: bool = True) -> Measure:
    runner = launcher(env)
    pid = runner.start(command, cwd)
    sampler = TreeSampler(pid) if sample and Path("/proc/self/statm").exists() else None
    if sampler is not None:
        sampler.start()
    wall, cpu, maxrss, code = runner.result()
    # The main process's own peak is exact (KB on Linux); the sampler adds the workers.
    rss: float | None = maxrss / 1024 if sys.platform.startswith("linux") else None
    pss = None
    if sampler is not None:
        sampler.done.set()
        sampler.join()
        rss = max(sampler.peak_rss / 1024, rss or 0)
        pss = sampler.peak_pss / 1024 if sampler.peak_pss else None
    # ru_utime/stime include the workers (reaped by cfguard before it exits).
    return Measure(wall, cpu, rss, pss, code)


def median_of(runs: list[Measure]) -> Measure:
    def med(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None

    return Measure(
        wall=statistics.median(r.wall for r in runs),
        cpu=statistics.median(r.cpu for r in runs),
        rss_mb=med([r.rss_mb for r in runs]),
        pss_mb=med([r.pss_mb for r in runs]),
        exit_code=runs[0].exit_code,
    )


def cfguard_command(python: str) -> list[str]:
    script = Path(python).with_name("cfguard")
    return [str(script)] if script.is_file() else [python, "-m", "cfguard"]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    # Installed packages run from cached bytecode; a developer shell may turn writing it off,
    # and every run would then compile cfguard from source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    return env


def cold_start(
    python: str, cfguard: list[str], work: Path, repeat: int, env: dict[str, str]
) -> dict[str, Measure]:
    (work / "clean.xml").write_text(generate.sample(1, []), encoding="utf-8")
    (work / "findings.xml").write_text(generate.sample(1, ["allow-all", "weak-tls"]), "utf-8")
    commands = {
        "floor: python -c 'import lxml.etree, click'": [python, "-c", "import lxml.etree, click"],
        "cfguard --version": [*cfguard, "--version"],
        "cfguard check clean.xml": [*cfguard, "check", "clean.xml"],
        "cfguard check findings.xml": [*cfguard, "check", "findings.xml"],
    }
    for command in commands.values():  # warm: bytecode, the OS's file cache
        run_once(command, work, env, sample=False)
    runs: dict[str, list[Measure]] = {name: [] for name in commands}
    for _ in range(repeat):  # interleaved, so a burst of load hits every command alike
        for name, command in commands.items():
            runs[name].append(run_once(command, work, env, sample=False))
    return {name: median_of(values) for name, values in runs.items()}


def _index(name: str) -> int:
    """Document `i` of the corpus is named `<kind>-<i>.<ext>` (bench/generate.py)."""
    return int(name.rpartition("-")[2].partition(".")[0])


def corpus(root: Path, size: int, everything: Path, prefix: str = "n") -> Path:
    """The first `size` documents of the corpus (hard links into `everything`): documents 0 to
    size - 1, not the first names in sorted order, which would put every `batch-*` first."""
    directory = root / f"{prefix}{size}"
    if directory.exists():
        return directory
    directory.mkdir(parents=True)
    for name in sorted(os.listdir(everything), key=_index)[:size]:
        try:
            os.link(everything / name, directory / name)
        except OSError:
            shutil.copyfile(everything / name, directory / name)
    return directory


def throughput(
    cfguard: list[str], args: argparse.Namespace, root: Path, env: dict[str, str]
) -> list[dict[str, object]]:
    sizes = sorted(int(s) for s in args.sizes.split(","))
    everything = root / "all"
    if not everything.exists() or len(os.listdir(everything)) < sizes[-1]:
        generate.generate(everything, sizes[-1], args.seed, args.legacy_share)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    rows: list[dict[str, object]] = []
    for size in sizes:
        directory = corpus(root, size, everything)
        command = [*cfguard, "check", *jobs, directory.name]
        run_once(command, root, env)  # warm
        repeat = max(1, args.repeat if size <= 1000 else min(args.repeat, 3))
        measure = median_of([run_once(command, root, env) for _ in range(repeat)])
        rows.append({"documents": size, "repeat": repeat, **asdict(measure)})
    return rows


def report(info: dict[str, str], starts: dict[str, Measure], rows: list[dict[str, object]]) -> str:
    lines = ["machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), ""]
    floor = next(iter(starts.values())).wall
    lines.append(
        f"{'cold start (median)':44} {'wall':>8} {'x floor':>8} {'cpu':>8} {'peak RSS':>9}"
    )
    for name, m in starts.items():
        rss = f"{m.rss_mb:6.1f} MB" if m.rss_mb else "       ?"
        lines.append(
            f"{name:44} {m.wall * 1000:6.0f} ms {m.wall / floor:7.2f}x {m.cpu * 1000:5.0f} ms {rss}"
        )
    lines += [
        "",
        f"{'documents':>9} {'wall':>9} {'files/s':>9} {'ms/file':>8} {'cpu':>8} "
        f"{'peak RSS':>9} {'peak PSS':>9}  exit",
    ]
    for row in rows:
        n, wall, cpu = int(row["documents"]), float(row["wall"]), float(row["cpu"])  # type: ignore[arg-type]
        rss = f"{row['rss_mb']:6.1f} MB" if row["rss_mb"] else "       ?"
        pss = f"{row['pss_mb']:6.1f} MB" if row["pss_mb"] else "       ?"
        lines.append(
            f"{n:9} {wall:7.2f} s {n / wall:9.0f} {wall / n * 1000:8.2f} {cpu:6.2f} s "
            f"{rss} {pss}  {row['exit_code']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1,100,1000,10000", help="corpus sizes (comma-separated)"
    )
    parser.add_argument("--repeat", type=int, default=15, help="runs per figure (median)")
    parser.add_argument("--jobs", type=int, default=0, help="pass --jobs N (default: cfguard's)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--legacy-share",
        type=float,
        default=0.0,
        help="legacy documents in the corpus (default 0: current format)",
    )
    parser.add_argument("--python", default=sys.executable, help="the Python cfguard runs on")
    parser.add_argument("--corpus-dir", type=Path, help="keep corpora here (e.g. bench/corpus)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    env, cfguard = environment(), cfguard_command(args.python)
    with (
        tempfile.TemporaryDirectory(prefix="cfguard-bench-") as temporary,
        contextlib.ExitStack() as stack,
    ):
        stack.callback(lambda: [runner.close() for runner in _LAUNCHERS.values()])
        root = args.corpus_dir or Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        info = {**machine(), "command": " ".join(cfguard)}
        starts = cold_start(args.python, cfguard, root, args.repeat, env)
        rows = throughput(cfguard, args, root, env)
    if args.json:
        print(
            json.dumps(
                {
                    "machine": info,
                    "cold_start": {k: asdict(v) for k, v in starts.items()},
                    "throughput": rows,
                },
                indent=2,
            )
        )
    else:
        print(report(info, starts, rows))
    failed = [m for m in starts.values() if m.exit_code not in (0, 1)]
    return 1 if failed or any(r["exit_code"] not in (0, 1) for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

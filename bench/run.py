"""cfguard's benchmark: start-up time, throughput and peak memory, beside the machine's floor.

    python bench/run.py                          # sizes 1, 100, 1000, 10000; 15 cold starts;
                                                 # 10,000 unrelated JSON files skipped
    python bench/run.py --sizes 1,20 --repeat 3  # the CI smoke run (a few seconds)
    python bench/run.py --sizes 1,1000 --repeat 11 --skip-files   # + the skip figure

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

The AWS CLI's JSON (issue 14) is measured beside the XML, in the same run: the cold check of a
~5 KB `get-distribution-config` document (the distribution of clean.xml and findings.xml with a
cache behavior more) with its ratio to the XML one's, and for each size the same corpus as JSON
(botocore's own parser converts it; no legacy documents, which have no JSON form), its runs
interleaved with the XML ones, with the ratio of their wall times. These need botocore (a test
dependency); without it they are left out, with a line that says so. The skip figure is a
directory of `--skip-files` unrelated JSON files (package.json-, tsconfig- and lock-file-like),
every one of which must be skipped (checked once with `--format json`): the whole run's wall time
per file, and the same less a run on a directory of one such file (the command's cold start).

CloudFormation (issue 15): the cold check of a real 27.8 KB template (`webapp.yaml`, copied from
tests/syntaxes/cloudformation/data/, not generated) with its ratio to clean.xml's. The anchors,
`cfn-lint` and `checkov`, found on PATH or in `--anchors-bin DIR`, are measured only when asked
(`--anchors`, `--anchors-bin`) or in the full run: their cold check of the same template
(`--anchor-repeat` runs, 3 by default: they are slow; checkov with BC_SKIP_MAPPING=TRUE,
`--skip-download` and its proxies pointed at a closed loopback port, so it reaches no network)
beside cfguard's, and `--templates N` copies of the template checked in one run by cfguard and
by `cfn-lint` (100 by default, the full run's too: cfn-lint takes about 0.5 s a template, so the
1,000 of the issue take minutes a run; checkov's throughput is not measured, a few seconds a
template).

Terraform (issue 16): the cold check of a real 31 KB module file (`cdn.tf`: cloudposse's
terraform-aws-cloudfront-s3-cdn main.tf, copied alone from tests/syntaxes/terraform/data/, as
cfguard reads the other .tf files of a file's directory) with its ratio to clean.xml's, in every
run. With the anchors: checkov's cold check of it (`-f cdn.tf --framework terraform`) beside
cfguard's, and `--tf-files N` copies (100 by default, the full run's too: checkov takes about
1.4 s a module, so 1,000 take most of half an hour a run), each in a directory of its own
(`tf-N/m00001/main.tf`: a repository of modules), checked in one run by `cfguard check tf-N` and
by `checkov -d tf-N --framework terraform`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/ is not a package)
from fix_figure import FIX_DOCUMENTS, fix_figure, fix_lines  # noqa: E402
from live_figure import live_figure, live_lines  # noqa: E402

SAMPLE_SECONDS = 0.02
SKIP_FILES = 10_000
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


def close_launchers() -> None:
    for runner in _LAUNCHERS.values():
        runner.close()


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


def in_child(function: Callable[..., object], *args: object) -> bool:
    """Run `function(*args)` in a forked process; whether it succeeded. What it loads never
    enters this process: on Linux a child's peak memory (`ru_maxrss`) counts the memory of
    the process that started it (the kernel's accounting at exec), so loading botocore's model
    here (about 20 MB) would raise every cold start's figure to this process's size."""
    if not hasattr(os, "fork"):
        function(*args)
        return True
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            function(*args)
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


JSON_SAMPLES = {"clean.json": [], "findings.json": ["allow-all", "weak-tls"]}

#: The real CloudFormation template of the cold check and of the template throughput.
TEMPLATE = (
    HERE.parent
    / "tests/syntaxes/cloudformation/data/aws-cloudformation-templates-Solutions-WebApp-webapp.yaml"
)
TEMPLATE_NAME = "webapp.yaml"
TEMPLATES = 100
ANCHOR_REPEAT = 3

#: The real Terraform module of the .tf cold check and throughput (issue 16): cloudposse's
#: terraform-aws-cloudfront-s3-cdn main.tf, 31 KB, the size the issue names. Its values are
#: mostly variables and locals, as in the modules a repository holds; it is copied alone (as
#: `cdn.tf`), because cfguard reads the other .tf files of a file's directory.
TERRAFORM = (
    HERE.parent
    / "tests/syntaxes/terraform/data/cloudposse-terraform-aws-cloudfront-s3-cdn-main"
    / "cloudposse-terraform-aws-cloudfront-s3-cdn-main.tf"
)
TERRAFORM_NAME = "cdn.tf"
TERRAFORM_ORIGIN = "cloudposse/terraform-aws-cloudfront-s3-cdn main.tf"
TF_FILES = 100

#: The XML cold check each other document's is compared with ("x XML").
VERSUS_XML = {
    "cfguard check clean.json": "cfguard check clean.xml",
    "cfguard check findings.json": "cfguard check findings.xml",
    f"cfguard check {TEMPLATE_NAME}": "cfguard check clean.xml",
    f"cfguard check {TERRAFORM_NAME}": "cfguard check clean.xml",
}


def write_json_samples(work: Path) -> None:
    """The distribution of clean.xml and findings.xml as get-distribution-config output, with
    the number of cache behaviors that makes it about 5 KB (bench/generate.py `cli_sample`)."""
    cli = generate.CliJson()
    for name, faults in JSON_SAMPLES.items():
        (work / name).write_bytes(generate.cli_sample(cli, 1, faults).encode())


def cold_start(
    python: str,
    cfguard: list[str],
    work: Path,
    repeat: int,
    env: dict[str, str],
    *,
    with_json: bool,
) -> dict[str, Measure]:
    """Cold starts, the JSON samples' too if `write_json_samples` has written them."""
    (work / "clean.xml").write_text(generate.sample(1, []), encoding="utf-8")
    (work / "findings.xml").write_text(generate.sample(1, ["allow-all", "weak-tls"]), "utf-8")
    commands = {
        "floor: python -c 'import lxml.etree, click'": [python, "-c", "import lxml.etree, click"],
        "cfguard --version": [*cfguard, "--version"],
        "cfguard check clean.xml": [*cfguard, "check", "clean.xml"],
        "cfguard check findings.xml": [*cfguard, "check", "findings.xml"],
    }
    for name in JSON_SAMPLES if with_json else ():
        if (work / name).exists():
            commands[f"cfguard check {name}"] = [*cfguard, "check", name]
    if TEMPLATE.is_file():
        shutil.copyfile(TEMPLATE, work / TEMPLATE_NAME)
        commands[f"cfguard check {TEMPLATE_NAME}"] = [*cfguard, "check", TEMPLATE_NAME]
    if TERRAFORM.is_file():
        shutil.copyfile(TERRAFORM, work / TERRAFORM_NAME)
        commands[f"cfguard check {TERRAFORM_NAME}"] = [*cfguard, "check", TERRAFORM_NAME]
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
    cfguard: list[str],
    args: argparse.Namespace,
    root: Path,
    env: dict[str, str],
    with_json: bool,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for XML and, with botocore, for the same documents as JSON (no legacy ones: the
    2010 API has no JSON form), each size's XML and JSON runs interleaved."""
    sizes = sorted(int(s) for s in args.sizes.split(","))
    everything, everything_json = root / "all", root / "all-json"
    stale = not everything.exists() or len(os.listdir(everything)) < sizes[-1]
    if stale and not in_child(
        generate.generate, everything, sizes[-1], args.seed, args.legacy_share
    ):
        raise SystemExit("bench/generate.py failed to write the XML corpus")
    if with_json and (not everything_json.exists() or len(os.listdir(everything_json)) < sizes[-1]):
        with_json = in_child(generate.generate_json, everything_json, sizes[-1], args.seed)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    rows: list[dict[str, Any]] = []
    json_rows: list[dict[str, Any]] = []
    for size in sizes:
        commands = {"xml": [*cfguard, "check", *jobs, corpus(root, size, everything).name]}
        if with_json:
            directory = corpus(root, size, everything_json, "json-n")
            commands["json"] = [*cfguard, "check", *jobs, directory.name]
        for command in commands.values():
            run_once(command, root, env)  # warm
        repeat = max(1, args.repeat if size <= 1000 else min(args.repeat, 3))
        runs: dict[str, list[Measure]] = {syntax: [] for syntax in commands}
        for _ in range(repeat):
            for syntax, command in commands.items():
                runs[syntax].append(run_once(command, root, env))
        xml = median_of(runs["xml"])
        rows.append({"documents": size, "repeat": repeat, **asdict(xml)})
        if "json" in runs:
            measure = median_of(runs["json"])
            row = {"documents": size, "repeat": repeat, **asdict(measure)}
            json_rows.append({**row, "x_xml": measure.wall / xml.wall})
    return rows, json_rows


def skip_unrelated(
    cfguard: list[str], args: argparse.Namespace, root: Path, env: dict[str, str]
) -> dict[str, Any]:
    """`cfguard check` of a directory of `--skip-files` unrelated JSON files, interleaved with
    the same command on a directory of one such file (the cold start of that command)."""
    count = args.skip_files
    many, one = root / f"unrelated-{count}", root / "unrelated-1"
    if not many.exists() or len(os.listdir(many)) != count:
        shutil.rmtree(many, ignore_errors=True)
        if not in_child(generate.generate_unrelated, many, count, args.seed):
            raise SystemExit("bench/generate.py failed to write the unrelated JSON files")
    if not one.exists() and not in_child(generate.generate_unrelated, one, 1, args.seed):
        raise SystemExit("bench/generate.py failed to write the unrelated JSON file")
    size = sum(entry.stat().st_size for entry in os.scandir(many))
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    # Once with the JSON report: every file must be skipped, or the figure means nothing.
    checked = subprocess.run(
        [*cfguard, "check", *jobs, "--format", "json", many.name],
        cwd=root,
        env=env,
        capture_output=True,
        check=False,
    )
    try:
        answer = json.loads(checked.stdout)
        skipped, read = len(answer["skipped"]), len(answer["files"])
    except (ValueError, KeyError, TypeError):
        skipped, read = -1, -1
    commands = {
        count: [*cfguard, "check", *jobs, many.name],
        1: [*cfguard, "check", *jobs, one.name],
    }
    for command in commands.values():
        run_once(command, root, env)  # warm
    runs: dict[int, list[Measure]] = {n: [] for n in commands}
    for _ in range(max(1, args.repeat)):
        for n, command in commands.items():
            runs[n].append(run_once(command, root, env))
    measures = {n: median_of(values) for n, values in runs.items()}
    return {
        "files": count,
        "bytes": size,
        "repeat": max(1, args.repeat),
        "skipped": skipped,
        "checked": read,
        "one_file": asdict(measures[1]),
        "all_files": asdict(measures[count]),
        "ms_per_file": measures[count].wall / count * 1000,
        "ms_per_file_less_one_file_run": (measures[count].wall - measures[1].wall)
        / max(count - 1, 1)
        * 1000,
    }


def find_anchors(directory: Path | None) -> dict[str, str]:
    """The anchors' executables: in `directory` if given, else on PATH."""
    found = {}
    for name in ("cfn-lint", "checkov"):
        path = shutil.which(name, path=str(directory)) if directory else shutil.which(name)
        if path:
            found[name] = path
    return found


def wanted_anchors(args: argparse.Namespace, full: bool, notes: list[str]) -> dict[str, str]:
    """The anchors to measure (the full run's, or asked for), a note for those that are not."""
    if not (full or args.anchors or args.anchors_bin is not None) or not TEMPLATE.is_file():
        notes.append("anchors (cfn-lint, checkov): not measured; --anchors or --anchors-bin DIR")
        return {}
    found = find_anchors(args.anchors_bin)
    if not found:
        where = args.anchors_bin or "PATH"
        notes.append(f"anchors: not measured: neither cfn-lint nor checkov is installed ({where})")
    notes += [
        f"anchors: {name} not measured: not installed"
        for name in ("cfn-lint", "checkov")
        if found and name not in found
    ]
    return found


def anchor_env(env: dict[str, str]) -> dict[str, str]:
    """checkov without its network: no mapping or guideline download, and its HTTP(S) proxies a
    closed loopback port, so a request it still makes fails at once."""
    dead = "http://127.0.0.1:9"
    return {
        **env,
        "BC_SKIP_MAPPING": "TRUE",
        "HTTP_PROXY": dead,
        "HTTPS_PROXY": dead,
        "http_proxy": dead,
        "https_proxy": dead,
        "NO_PROXY": "",
        "no_proxy": "",
    }


def anchor_command(
    name: str,
    path: str,
    target: list[str],
    *,
    framework: str | None = None,
    directory: bool = False,
) -> list[str]:
    """An anchor's command line for files (or, for checkov, directories: `directory`). checkov is
    given its framework when the target is Terraform: left to guess, it runs every framework that
    reads .tf files and .json files (secrets among them), which is not what cfguard checks."""
    if name == "checkov":
        flag = "-d" if directory else "-f"
        parts = [part for item in target for part in (flag, item)]
        frameworks = ["--framework", framework] if framework else []
        return [path, *parts, *frameworks, "--compact", "--quiet", "--skip-download"]
    return [path, *target]


Commands = dict[str, tuple[list[str], dict[str, str]]]


def interleaved(
    commands: Commands, root: Path, repeats: dict[str, int], *, sample: bool
) -> dict[str, dict[str, Any]]:
    """Each command's median over its `repeats` runs, the runs interleaved (a burst of load hits
    every command alike): round i runs every command that has more than i runs to make."""
    runs: dict[str, list[Measure]] = {name: [] for name in commands}
    for i in range(max(repeats.values())):
        for name, (command, cenv) in commands.items():
            if i < repeats[name]:
                runs[name].append(run_once(command, root, cenv, sample=sample))
    return {name: asdict(median_of(values)) for name, values in runs.items()}


def _version(path: str, env: dict[str, str]) -> str:
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, env=env, timeout=120, check=False
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return out.splitlines()[-1].removeprefix("cfn-lint ").strip() if out else "?"


def anchors(
    cfguard: list[str],
    found: dict[str, str],
    args: argparse.Namespace,
    root: Path,
    env: dict[str, str],
) -> dict[str, Any]:
    """The anchors' cold check of the template, interleaved with cfguard's (`--anchor-repeat`
    runs), and `--templates` copies of it checked in one run by cfguard and by cfn-lint; then
    the same for Terraform (`terraform_anchors`)."""
    aenv = anchor_env(env)
    repeat = max(1, args.anchor_repeat)
    commands: Commands = {"cfguard": ([*cfguard, "check", TEMPLATE_NAME], env)}
    for name, path in found.items():
        commands[name] = (anchor_command(name, path, [TEMPLATE_NAME]), aenv)
    for command, cenv in commands.values():  # warm
        run_once(command, root, cenv, sample=False)
    cold = interleaved(commands, root, dict.fromkeys(commands, repeat), sample=False)
    count = args.templates
    directory = root / f"templates-{count}"
    if not directory.exists():
        directory.mkdir()
        for i in range(count):
            shutil.copyfile(TEMPLATE, directory / f"template-{i:05d}.yaml")
    files = sorted(f"{directory.name}/{entry}" for entry in os.listdir(directory))
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    batch: Commands = {"cfguard": ([*cfguard, "check", *jobs, directory.name], env)}
    if "cfn-lint" in found:
        batch["cfn-lint"] = (anchor_command("cfn-lint", found["cfn-lint"], files), aenv)
    # cfguard `--repeat` runs, cfn-lint `--anchor-repeat` of them, interleaved; cfn-lint is not
    # warmed again (its cold checks above were, and a run of it takes most of a minute).
    run_once(batch["cfguard"][0], root, env)  # warm
    brepeat = {"cfguard": max(1, args.repeat, repeat), "cfn-lint": repeat}
    brepeat = {name: brepeat[name] for name in batch}
    return {
        "repeat": repeat,
        "versions": {name: _version(path, aenv) for name, path in found.items()},
        "cold": cold,
        "templates": count,
        "throughput_repeat": brepeat,
        "throughput": interleaved(batch, root, brepeat, sample=True),
        "terraform": terraform_anchors(cfguard, found, args, root, env),
    }


def tf_directory(root: Path, count: int) -> Path:
    """`count` copies of the .tf file, each in a directory of its own (`tf-N/m00001/main.tf`):
    a repository of modules, and what cfguard reads beside a file (its directory's other .tf
    files) is what it would read there; copies side by side would each read all the others."""
    directory = root / f"tf-{count}"
    if directory.exists() and len(os.listdir(directory)) == count:
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    for i in range(1, count + 1):
        module = directory / f"m{i:05d}"
        module.mkdir(parents=True)
        shutil.copyfile(TERRAFORM, module / "main.tf")
    return directory


def terraform_anchors(
    cfguard: list[str],
    found: dict[str, str],
    args: argparse.Namespace,
    root: Path,
    env: dict[str, str],
) -> dict[str, Any] | None:
    """checkov's cold check of the .tf file (`-f cdn.tf --framework terraform`), interleaved with
    cfguard's (`--anchor-repeat` runs), and `--tf-files` copies, one a module directory, checked
    in one run by `cfguard check tf-N` and by `checkov -d tf-N --framework terraform`. cfn-lint
    reads no Terraform; without checkov only cfguard's throughput is measured."""
    if not TERRAFORM.is_file() or args.tf_files <= 0:
        return None
    aenv = anchor_env(env)
    repeat = max(1, args.anchor_repeat)
    checkov = found.get("checkov")
    commands: Commands = {"cfguard": ([*cfguard, "check", TERRAFORM_NAME], env)}
    if checkov:
        command = anchor_command("checkov", checkov, [TERRAFORM_NAME], framework="terraform")
        commands["checkov"] = (command, aenv)
    for command, cenv in commands.values():  # warm
        run_once(command, root, cenv, sample=False)
    cold = interleaved(commands, root, dict.fromkeys(commands, repeat), sample=False)
    count = args.tf_files
    directory = tf_directory(root, count)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    batch: Commands = {"cfguard": ([*cfguard, "check", *jobs, directory.name], env)}
    if checkov:
        command = anchor_command(
            "checkov", checkov, [directory.name], framework="terraform", directory=True
        )
        batch["checkov"] = (command, aenv)
    # As for the templates: checkov is not warmed again (about 1.4 s a module: 1,000 take most
    # of half an hour a run), its cold checks above warmed it.
    run_once(batch["cfguard"][0], root, env)  # warm
    brepeat = {"cfguard": max(1, args.repeat, repeat), "checkov": repeat}
    brepeat = {name: brepeat[name] for name in batch}
    return {
        "file": TERRAFORM_NAME,
        "source": str(TERRAFORM.relative_to(HERE.parent)),
        "bytes": TERRAFORM.stat().st_size,
        "repeat": repeat,
        "cold": cold,
        "files": count,
        "layout": f"{directory.name}/m00001/main.tf ...",
        "throughput_repeat": brepeat,
        "throughput": interleaved(batch, root, brepeat, sample=True),
    }


def _anchor_lines(anchor: dict[str, Any], floor: float) -> list[str]:
    mine = float(anchor["cold"]["cfguard"]["wall"])
    lines = [
        "",
        f"anchors: cold check of {TEMPLATE_NAME} ({TEMPLATE.stat().st_size:,} B), "
        f"median of {anchor['repeat']}, interleaved:",
        f"{'command':44} {'wall':>8} {'x floor':>8} {'cpu':>8} {'peak RSS':>9}  exit",
    ]
    for name, m in anchor["cold"].items():
        wall = float(m["wall"])
        label = f"cfguard check {TEMPLATE_NAME}" if name == "cfguard" else name
        if name in anchor["versions"]:
            label += f" {anchor['versions'][name]}"
        faster = f"  cfguard is {wall / mine:.1f} x faster" if name != "cfguard" else ""
        lines.append(
            f"{label:44} {wall * 1000:6.0f} ms {wall / floor:7.2f}x {float(m['cpu']) * 1000:5.0f} "
            f"ms {_memory(m['rss_mb'])}  {m['exit_code']:>4}{faster}"
        )
    count = int(anchor["templates"])
    lines += [
        "",
        f"{count:,} copies of {TEMPLATE_NAME} in one run (cfn-lint given every file), interleaved:",
        f"{'command':12} {'wall':>9} {'files/s':>9} {'ms/file':>8} {'cpu':>8} "
        f"{'peak RSS':>9}  exit {'runs':>5}",
    ]
    mine_batch = float(anchor["throughput"]["cfguard"]["wall"])
    for name, m in anchor["throughput"].items():
        wall = float(m["wall"])
        faster = f"  cfguard is {wall / mine_batch:.1f} x faster" if name != "cfguard" else ""
        lines.append(
            f"{name:12} {wall:7.2f} s {count / wall:9.0f} {wall / count * 1000:8.2f} "
            f"{float(m['cpu']):6.2f} s {_memory(m['rss_mb'])}  {m['exit_code']:>4} "
            f"{anchor['throughput_repeat'][name]:>5}{faster}"
        )
    if "cfn-lint" not in anchor["throughput"]:
        lines.append("cfn-lint throughput: not measured: cfn-lint is not installed")
    elif count < 1000:
        per_file = float(anchor["throughput"]["cfn-lint"]["wall"]) / count
        lines.append(
            f"1,000 templates (issue 15) not measured: at {per_file * 1000:.0f} ms a template "
            f"cfn-lint would take about {per_file * 1000 / 60:.0f} minutes a run; "
            "--templates 1000 measures it"
        )
    lines.append(
        "checkov throughput: not measured (a few seconds a template: --templates copies would "
        "take minutes)"
    )
    if anchor.get("terraform"):
        lines += _terraform_lines(anchor["terraform"], anchor["versions"], floor)
    return lines


def _terraform_lines(tf: dict[str, Any], versions: dict[str, str], floor: float) -> list[str]:
    """The Terraform anchors: checkov's cold check of the .tf file beside cfguard's, and the
    `--tf-files` module directories checked in one run by each."""
    name, mine = tf["file"], float(tf["cold"]["cfguard"]["wall"])
    lines = [
        "",
        f"anchors, Terraform: cold check of {name} ({tf['bytes']:,} B: {TERRAFORM_ORIGIN}; "
        f"checkov -f {name} --framework terraform), median of {tf['repeat']}, interleaved:",
        f"{'command':44} {'wall':>8} {'x floor':>8} {'cpu':>8} {'peak RSS':>9}  exit",
    ]
    for tool, m in tf["cold"].items():
        wall = float(m["wall"])
        label = f"cfguard check {name}" if tool == "cfguard" else f"{tool} {versions[tool]}"
        faster = f"  cfguard is {wall / mine:.1f} x faster" if tool != "cfguard" else ""
        lines.append(
            f"{label:44} {wall * 1000:6.0f} ms {wall / floor:7.2f}x {float(m['cpu']) * 1000:5.0f} "
            f"ms {_memory(m['rss_mb'])}  {m['exit_code']:>4}{faster}"
        )
    count = int(tf["files"])
    lines += [
        "",
        f"{count:,} copies of {name}, each in a directory of its own ({tf['layout']}), in one "
        f"run (cfguard check tf-{count}, checkov -d tf-{count} --framework terraform), "
        "interleaved:",
        f"{'command':12} {'wall':>9} {'files/s':>9} {'ms/file':>8} {'cpu':>8} "
        f"{'peak RSS':>9}  exit {'runs':>5}",
    ]
    mine_batch = float(tf["throughput"]["cfguard"]["wall"])
    for tool, m in tf["throughput"].items():
        wall = float(m["wall"])
        faster = f"  cfguard is {wall / mine_batch:.1f} x faster" if tool != "cfguard" else ""
        lines.append(
            f"{tool:12} {wall:7.2f} s {count / wall:9.1f} {wall / count * 1000:8.2f} "
            f"{float(m['cpu']):6.2f} s {_memory(m['rss_mb'])}  {m['exit_code']:>4} "
            f"{tf['throughput_repeat'][tool]:>5}{faster}"
        )
    if "checkov" not in tf["throughput"]:
        lines.append("checkov on Terraform: not measured: checkov is not installed")
    elif count < 1000:
        per_file = float(tf["throughput"]["checkov"]["wall"]) / count
        lines.append(
            f"1,000 .tf files (issue 16) not measured: at {per_file * 1000:.0f} ms a file "
            f"checkov would take about {per_file * 1000 / 60:.0f} minutes a run; "
            "--tf-files 1000 measures it"
        )
    return lines


def _memory(mb: object) -> str:
    return f"{mb:6.1f} MB" if mb else "       ?"


def measure_fix(
    cfguard: list[str], args: argparse.Namespace, root: Path, env: dict[str, str]
) -> dict[str, Any]:
    """The --fix figure on the first --fix-documents documents of the XML corpus (generated
    for it when the throughput corpus is smaller)."""
    everything = root / "all"
    if len(os.listdir(everything)) < args.fix_documents:
        everything = root / "fix-all"
        if not in_child(generate.generate, everything, args.fix_documents, args.seed, 0.0):
            raise SystemExit("bench/generate.py failed to write the --fix corpus")
    source = corpus(root, args.fix_documents, everything, "fix-n")
    repeat = max(1, min(args.repeat, 5))
    return fix_figure(
        cfguard, source, root, env=env, repeat=repeat, run_once=run_once, median_of=median_of
    )


def report(
    info: dict[str, str],
    starts: dict[str, Measure],
    rows: list[dict[str, Any]],
    *,
    json_rows: list[dict[str, Any]],
    skip: dict[str, Any] | None,
    notes: list[str],
    sizes: dict[str, int],
    anchor: dict[str, Any] | None = None,
    fixing: dict[str, Any] | None = None,
) -> str:
    lines = ["machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), ""]
    floor = next(iter(starts.values())).wall
    lines.append(
        f"{'cold start (median)':44} {'wall':>8} {'x floor':>8} {'cpu':>8} {'peak RSS':>9} "
        f"{'x XML':>7}"
    )
    for name, m in starts.items():
        xml = starts.get(VERSUS_XML.get(name, ""))
        versus = f" {m.wall / xml.wall:6.2f}x" if xml else ""
        lines.append(
            f"{name:44} {m.wall * 1000:6.0f} ms {m.wall / floor:7.2f}x {m.cpu * 1000:5.0f} ms "
            f"{_memory(m.rss_mb)}{versus}"
        )
    if sizes:
        lines.append(
            "sizes: "
            + ", ".join(f"{name} {size:,} B" for name, size in sizes.items())
            + (
                "; x XML: the JSON document's (the template's, the .tf file's) wall time / "
                "the XML one's (clean.xml's)"
                if len(sizes) > 1
                else ""
            )
        )
    lines += [
        "",
        f"{'documents':>9} {'syntax':6} {'wall':>9} {'files/s':>9} {'ms/file':>8} {'cpu':>8} "
        f"{'peak RSS':>9} {'peak PSS':>9}  exit {'x XML':>7}",
    ]
    by_size = {int(row["documents"]): row for row in json_rows}
    for row in rows:
        n = int(row["documents"])
        for syntax, line in (("xml", row), ("json", by_size.get(n))):
            if line is None:
                continue
            wall, cpu = float(line["wall"]), float(line["cpu"])
            versus = f" {line['x_xml']:6.2f}x" if "x_xml" in line else ""
            lines.append(
                f"{n:9} {syntax:6} {wall:7.2f} s {n / wall:9.0f} {wall / n * 1000:8.2f} "
                f"{cpu:6.2f} s {_memory(line['rss_mb'])} {_memory(line['pss_mb'])}  "
                f"{line['exit_code']:>4}{versus}"
            )
    if json_rows:
        lines.append(
            "x XML: JSON wall time / XML wall time of the same size (= XML files/s / JSON files/s)"
        )
    if skip is not None:
        count, one, every = int(skip["files"]), skip["one_file"], skip["all_files"]
        megabytes = int(skip["bytes"]) / 1e6
        lines += [
            "",
            f"unrelated JSON (package.json, tsconfig, package-lock; {megabytes:.1f} MB), "
            f"skipped unparsed, median of {skip['repeat']}:",
            f"{'files':>9} {'wall':>9} {'ms/file':>10} {'cpu':>8} {'peak RSS':>9} "
            f"{'peak PSS':>9}  exit",
        ]
        for n, m in ((1, one), (count, every)):
            wall = float(m["wall"])
            lines.append(
                f"{n:9} {wall:7.2f} s {wall / n * 1000:10.3f} {float(m['cpu']):6.2f} s "
                f"{_memory(m['rss_mb'])} {_memory(m['pss_mb'])}  {m['exit_code']:>4}"
            )
        lines.append(
            f"per file: {skip['ms_per_file']:.3f} ms (the whole run / {count:,}); "
            f"{skip['ms_per_file_less_one_file_run']:.3f} ms less the 1-file run "
            f"((wall - 1-file wall) / {count - 1:,})"
        )
        if skip["skipped"] != count or skip["checked"] != 0:
            lines.append(
                f"WARNING: cfguard skipped {skip['skipped']} of the {count:,} files and checked "
                f"{skip['checked']}: the figure is not a skip figure"
            )
    if anchor is not None:
        lines += _anchor_lines(anchor, floor)
    if fixing is not None:
        lines += fix_lines(fixing)
    lines += ["", *notes] if notes else []
    return "\n".join(lines)


EPILOG = """The JSON figures (the AWS CLI's JSON beside the XML: cold checks of a ~5 KB
get-distribution-config document, files/s of the same corpus) need botocore, a test dependency
of cfguard, not a dependency (pip install -e '.[test]', or botocore==1.44.8): bench/generate.py
converts the XML with botocore's own response parser. Without it they are left out, with a line
that says so. The skip figure (a directory of --skip-files unrelated JSON files: package.json,
tsconfig, lock files) needs no botocore; the full run (no --sizes) measures it with 10,000 files,
other runs when --skip-files is given. The anchors (cfn-lint, checkov: on PATH or in
--anchors-bin DIR) are measured in the full run and when --anchors or --anchors-bin is given,
on the CloudFormation template and (checkov) on the Terraform file; the .tf file's cold check by
cfguard is in every run."""


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=EPILOG)
    parser.add_argument(
        "--sizes", help="corpus sizes (comma-separated; default 1,100,1000,10000: the full run)"
    )
    parser.add_argument("--repeat", type=int, default=15, help="runs per figure (median)")
    parser.add_argument("--jobs", type=int, default=0, help="pass --jobs N (default: cfguard's)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--legacy-share",
        type=float,
        default=0.0,
        help="legacy documents in the XML corpus (default 0: current format)",
    )
    parser.add_argument(
        "--skip-files",
        type=int,
        nargs="?",
        const=SKIP_FILES,
        help=f"measure skipping N unrelated JSON files (N: {SKIP_FILES:,}; 0: not at all); "
        "default: in the full run only",
    )
    parser.add_argument(
        "--anchors",
        action="store_true",
        help="measure cfn-lint and checkov on PATH (default: in the full run only)",
    )
    parser.add_argument(
        "--anchors-bin", type=Path, help="find cfn-lint and checkov here (implies --anchors)"
    )
    parser.add_argument(
        "--anchor-repeat",
        type=int,
        default=ANCHOR_REPEAT,
        help=f"runs per anchor figure (default {ANCHOR_REPEAT}: they are slow)",
    )
    parser.add_argument(
        "--templates",
        type=int,
        default=TEMPLATES,
        help=f"copies of the template for the throughput beside cfn-lint (default {TEMPLATES}, "
        "the full run's too: cfn-lint takes about 0.5 s a template, 1,000 would take minutes)",
    )
    parser.add_argument(
        "--tf-files",
        type=int,
        default=TF_FILES,
        help=f"copies of the .tf file, each in a directory of its own, for the throughput beside "
        f"checkov (default {TF_FILES}, the full run's too: checkov takes about 1.4 s a file, "
        "1,000 take about half an hour a run; 0: not measured)",
    )
    parser.add_argument(
        "--fix-documents",
        type=int,
        help=f"measure --fix on N documents with findings beside check on them (N: default "
        f"{FIX_DOCUMENTS:,} in the full run; 0: not at all, the default otherwise)",
    )
    parser.add_argument(
        "--live",
        type=int,
        default=0,
        metavar="N",
        help="measure `cfguard check --aws` of N distributions on moto's local CloudFront server "
        "(needs the test extra; default 0: not measured)",
    )
    parser.add_argument(
        "--live-latency",
        type=float,
        default=50.0,
        metavar="MS",
        help="with --live: also through a proxy holding each answer MS ms, as the real API's "
        "round trips do (default 50; 0: not measured)",
    )
    parser.add_argument("--python", default=sys.executable, help="the Python cfguard runs on")
    parser.add_argument("--corpus-dir", type=Path, help="keep corpora here (e.g. bench/corpus)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    full = args.sizes is None
    args.sizes = args.sizes or "1,100,1000,10000"
    if args.skip_files is None:
        args.skip_files = SKIP_FILES if full else 0
    if args.fix_documents is None:
        args.fix_documents = FIX_DOCUMENTS if full else 0
    env, cfguard = environment(), cfguard_command(args.python)
    with_json = importlib.util.find_spec("botocore") is not None
    notes = []
    if not with_json:
        notes.append(
            "JSON figures: not measured: botocore is not installed (a test dependency: "
            "pip install -e '.[test]', or botocore==1.44.8)"
        )
    if not args.skip_files:
        notes.append(
            "skip figure (unrelated JSON files): not measured; --skip-files [N] measures it "
            f"(the full run does, with {SKIP_FILES:,})"
        )
    found = wanted_anchors(args, full, notes)
    with (
        tempfile.TemporaryDirectory(prefix="cfguard-bench-") as temporary,
        contextlib.ExitStack() as stack,
    ):
        stack.callback(close_launchers)
        root = args.corpus_dir or Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        info = {**machine(), "command": " ".join(cfguard)}
        if with_json and not in_child(write_json_samples, root):
            with_json = False
            notes.append("JSON figures: not measured: botocore failed to convert (see above)")
        starts = cold_start(args.python, cfguard, root, args.repeat, env, with_json=with_json)
        sizes = {
            name: (root / name).stat().st_size
            for name in ("clean.xml", "clean.json", TEMPLATE_NAME, TERRAFORM_NAME)
            if (root / name).exists() and (with_json or not name.endswith(".json"))
        }
        rows, json_rows = throughput(cfguard, args, root, env, with_json)
        skip = skip_unrelated(cfguard, args, root, env) if args.skip_files else None
        anchor = anchors(cfguard, found, args, root, env) if found else None
        fixing = measure_fix(cfguard, args, root, env) if args.fix_documents else None
        live = (
            live_figure(
                cfguard,
                args.live,
                root,
                env=env,
                repeat=max(1, min(args.repeat, 5)),
                latency_ms=args.live_latency,
                run_once=run_once,
                median_of=median_of,
            )
            if args.live
            else None
        )
    if args.json:
        print(
            json.dumps(
                {
                    "machine": info,
                    "cold_start": {k: asdict(v) for k, v in starts.items()},
                    "sizes": sizes,
                    "throughput": rows,
                    "throughput_json": json_rows,
                    "skip_unrelated_json": skip,
                    "anchors": anchor,
                    "fix": None
                    if fixing is None
                    else {
                        **fixing,
                        "check": asdict(fixing["check"]),
                        "fix": asdict(fixing["fix"]),
                    },
                    "live": None
                    if live is None
                    else {
                        key: asdict(value) if isinstance(value, Measure) else value
                        for key, value in live.items()
                    },
                    "notes": notes,
                },
                indent=2,
            )
        )
    else:
        print(
            report(
                info,
                starts,
                rows,
                json_rows=json_rows,
                skip=skip,
                notes=notes,
                sizes=sizes,
                anchor=anchor,
                fixing=fixing,
            )
        )
        if live is not None:
            print("\n".join(live_lines(live)))
    failed = [m for m in starts.values() if m.exit_code not in (0, 1)]
    failed_rows = [r for r in rows + json_rows if r["exit_code"] not in (0, 1)]
    # cfguard's own runs in the anchor sections must have checked too (an anchor's exit code is
    # its own business: checkov exits 1 on findings, cfn-lint 2 to 14).
    for section in (anchor, (anchor or {}).get("terraform")):
        for figures in ("cold", "throughput"):
            if section and section[figures]["cfguard"]["exit_code"] not in (0, 1):
                failed_rows.append(section[figures]["cfguard"])
    if fixing is not None:
        failed_rows += [
            asdict(fixing[run]) for run in ("check", "fix") if fixing[run].exit_code not in (0, 1)
        ]
    if live is not None:
        failed_rows += [
            asdict(live[run])
            for run in ("loopback", "delayed")
            if run in live
            if live[run].exit_code not in (0, 1)
        ]
    skip_failed = skip is not None and (
        skip["all_files"]["exit_code"] != 0 or skip["skipped"] != args.skip_files
    )
    return 1 if failed or failed_rows or skip_failed else 0


if __name__ == "__main__":
    sys.exit(main())

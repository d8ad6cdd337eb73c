"""Issue 12, the output side: `-o` never destroys a file the run reads, writes through devices,
FIFOs and symlinks, gives a report file a plain file's mode, and exits 2 on every problem with
it; a closed pipe is not a finding; colour and the source excerpt are separate; --show-suppressed
keeps line order; --help shows its defaults right. Every case runs the real CLI."""

from __future__ import annotations

import os
import pty
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cfguard.cli import main
from cfguard.cli import output as output_module
from tests.conftest import FIXTURES, REPO, Run, assert_no_traceback, run_cfguard

INSECURE = REPO / "examples" / "insecure-distribution.xml"
SECURE = REPO / "examples" / "secure-distribution.xml"
SWITCH = FIXTURES / "CFG201"
REFUSED = "cfguard will not overwrite it (given with -o/--output)"
FIRST_FINDING = (
    "CFG102 [error] aliases www.example.com cannot be covered by a certificate: "
    "<ViewerCertificate> uses CloudFront's default *.cloudfront.net certificate; attach an ACM "
    "certificate from us-east-1 that covers every alias (cname-https-mismatch)"
)


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return target


def _refused(result: Run, what: str) -> None:
    """Exit 2, one line on stderr, nothing on stdout."""
    assert result.code == 2, result
    assert result.err.splitlines() == [f"cfguard: {what}; {REFUSED}"]
    assert result.out == ""


# -- the guard: every file the run reads, by identity -------------------------------------


def test_output_refuses_a_document_found_by_a_directory_scan(tmp_path: Path) -> None:
    doc = _copy(INSECURE, tmp_path / "configs" / "dist.xml")
    result = run_cfguard("check", "-o", "configs/dist.xml", "configs/", cwd=tmp_path)
    _refused(result, "configs/dist.xml is one of the files being checked")
    assert doc.read_bytes() == INSECURE.read_bytes()


def test_output_refuses_the_baseline(tmp_path: Path) -> None:
    before = _copy(SWITCH / "fail_current.baseline.xml", tmp_path / "before.xml")
    _copy(SWITCH / "fail_current.xml", tmp_path / "after.xml")
    result = run_cfguard(
        "check", "-o", "before.xml", "after.xml", "--baseline", "before.xml", cwd=tmp_path
    )
    _refused(result, "before.xml is the baseline")
    assert before.read_bytes() == (SWITCH / "fail_current.baseline.xml").read_bytes()


def test_output_refuses_a_sibling_invalidation_read_as_evidence(tmp_path: Path) -> None:
    _copy(SWITCH / "pass_current.xml", tmp_path / "www.xml")
    _copy(SWITCH / "pass_current.baseline.xml", tmp_path / "before.xml")
    batch = _copy(SWITCH / "pass_current.invalidation.xml", tmp_path / "www.invalidation-1.xml")
    result = run_cfguard(
        "check",
        *("--baseline", "before.xml", "-o", "www.invalidation-1.xml", "www.xml"),
        cwd=tmp_path,
    )
    _refused(result, "www.invalidation-1.xml is an invalidation read as evidence for www.xml")
    assert batch.read_bytes() == (SWITCH / "pass_current.invalidation.xml").read_bytes()


def test_output_refuses_an_invalidation_given_with_the_option(tmp_path: Path) -> None:
    _copy(SWITCH / "pass_current.xml", tmp_path / "www.xml")
    _copy(SWITCH / "pass_current.baseline.xml", tmp_path / "before.xml")
    batch = _copy(SWITCH / "pass_current.invalidation.xml", tmp_path / "flush.xml")
    result = run_cfguard(
        "check",
        *("--baseline", "before.xml", "--invalidation", "flush.xml", "-o", "flush.xml"),
        "www.xml",
        cwd=tmp_path,
    )
    _refused(result, "flush.xml is an invalidation read as evidence")
    assert batch.read_bytes() == (SWITCH / "pass_current.invalidation.xml").read_bytes()


@pytest.mark.parametrize(
    ("name", "args"),
    [("c.toml", ("--config", "c.toml")), (".cfguard.toml", ())],
    ids=["given-with-config", "discovered"],
)
def test_output_refuses_the_configuration_file(
    tmp_path: Path, name: str, args: tuple[str, ...]
) -> None:
    (tmp_path / ".git").mkdir()  # discovery stops here, whatever is above tmp_path
    config = tmp_path / name
    config.write_text('fail-on = "error"\n')
    _copy(SECURE, tmp_path / "dist.xml")
    result = run_cfguard("check", *args, "-o", name, "dist.xml", cwd=tmp_path)
    _refused(result, f"{name} is the configuration file")
    assert config.read_text() == 'fail-on = "error"\n'


def test_output_refuses_a_pyproject_read_while_looking_for_the_configuration(
    tmp_path: Path,
) -> None:
    # Another tool's pyproject.toml is read (and passed over) by discovery: it is an input too.
    (tmp_path / ".git").mkdir()
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "cfguard-site"\n')
    _copy(SECURE, tmp_path / "dist.xml")
    result = run_cfguard("check", "-o", "pyproject.toml", "dist.xml", cwd=tmp_path)
    _refused(
        result,
        "pyproject.toml is read while looking for the configuration (it has no [tool.cfguard])",
    )
    assert pyproject.read_text() == '[project]\nname = "cfguard-site"\n'


def test_output_refuses_the_file_on_standard_input(tmp_path: Path) -> None:
    doc = _copy(INSECURE, tmp_path / "dist.xml")
    with doc.open("rb") as stdin:
        proc = subprocess.run(
            [sys.executable, "-m", "cfguard", "check", "-o", "dist.xml", "-"],
            stdin=stdin,
            capture_output=True,
            cwd=tmp_path,
            env={**os.environ, "NO_COLOR": "1"},
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [
        f"cfguard: dist.xml is the file on standard input (being checked); {REFUSED}"
    ]
    assert doc.read_bytes() == INSECURE.read_bytes()


@pytest.mark.parametrize("kind", ["symlink", "hard-link"])
def test_output_refuses_another_name_of_a_checked_file(tmp_path: Path, kind: str) -> None:
    doc = _copy(INSECURE, tmp_path / "configs" / "dist.xml")
    other = tmp_path / "report.txt"
    if kind == "symlink":
        other.symlink_to(doc)
    else:
        os.link(doc, other)
    result = run_cfguard("check", "-o", "report.txt", "configs", cwd=tmp_path)
    _refused(result, "report.txt is one of the files being checked")
    assert doc.read_bytes() == INSECURE.read_bytes()


def test_output_beside_the_scanned_documents_is_written(tmp_path: Path) -> None:
    """Not a refusal by place: a report in the scanned directory that is not read is fine."""
    _copy(INSECURE, tmp_path / "configs" / "dist.xml")
    (tmp_path / "configs" / "report.txt").write_text("old report\n")
    result = run_cfguard("check", "-o", "configs/report.txt", "configs", cwd=tmp_path)
    assert result.code == 1
    assert result.err == ""
    lines = (tmp_path / "configs" / "report.txt").read_text().splitlines()
    assert lines[0] == f"configs/dist.xml:5:3: {FIRST_FINDING}"
    assert lines[-1] == (
        "Checked 1 file: 3 errors, 1 warning, 1 info (1 fixable with --fix, 1 more with "
        "--unsafe-fixes)."
    )
    assert sorted(p.name for p in (tmp_path / "configs").iterdir()) == ["dist.xml", "report.txt"]


# -- where the report goes -------------------------------------------------------------------


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    result = run_cfguard("check", "-o", "-", INSECURE, cwd=tmp_path)
    assert result.code == 1
    assert result.out.splitlines()[0] == f"{INSECURE}:5:3: {FIRST_FINDING}"
    assert list(tmp_path.iterdir()) == []


def test_output_through_a_symlink_to_a_device_writes_through(tmp_path: Path) -> None:
    """The link and the device stay what they are (the old code replaced the link, and as root
    `-o /dev/stdout` replaced /dev/stdout, with a regular file)."""
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    result = run_cfguard("check", "-o", link, INSECURE)
    assert (result.code, result.out, result.err) == (1, "", "")
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_dev_stdout_writes_to_the_pipe() -> None:
    result = run_cfguard("check", "-o", "/dev/stdout", INSECURE)
    assert result.code == 1
    assert result.out.splitlines()[0] == f"{INSECURE}:5:3: {FIRST_FINDING}"
    assert os.path.islink("/dev/stdout")


def test_output_to_a_fifo_writes_through(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = run_cfguard("check", "-o", fifo, INSECURE)
    report, _ = reader.communicate(timeout=30)
    assert result.code == 1
    assert report.decode().splitlines()[0] == f"{INSECURE}:5:3: {FIRST_FINDING}"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "latest.txt"
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "report.txt"
    link.symlink_to(real)
    result = run_cfguard("check", "-o", link, INSECURE)
    assert result.code == 1
    assert link.is_symlink()
    assert real.read_text().splitlines()[-1] == (
        "Checked 1 file: 3 errors, 1 warning, 1 info (1 fixable with --fix, 1 more with "
        "--unsafe-fixes)."
    )
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # an existing file keeps its mode
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["latest.txt", "report.txt", "reports"]


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_new_report_file_gets_the_umask_mode(tmp_path: Path, umask: int) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cfguard", "check", "-o", "report.txt", str(SECURE)],
        cwd=tmp_path,
        capture_output=True,
        umask=umask,
        check=False,
    )
    assert proc.returncode == 0
    assert stat.S_IMODE((tmp_path / "report.txt").stat().st_mode) == 0o666 & ~umask


# -- problems with -o are usage errors: exit 2, one line -------------------------------------


def test_empty_output_name_is_a_usage_error() -> None:
    result = run_cfguard("check", "-o", "", INSECURE)
    assert result.code == 2
    assert result.err.splitlines() == [
        "cfguard: -o/--output: the file name is empty (use -o - for standard output)"
    ]
    assert result.out == ""


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("missing/dir/r.json", "no such directory"),
        ("configs", "is a directory"),
        ("configs/", "is a directory"),
        ("reports/", "no such directory"),  # not a file called "reports"
        ("configs/dist.xml/r.txt", "not a directory"),
        ("loop", "too many levels of symbolic links"),
    ],
)
def test_output_that_cannot_be_created_exits_2(tmp_path: Path, target: str, reason: str) -> None:
    _copy(INSECURE, tmp_path / "configs" / "dist.xml")
    (tmp_path / "loop").symlink_to("loop")
    result = run_cfguard("check", "-o", target, "configs/dist.xml", cwd=tmp_path)
    assert result.code == 2
    assert result.err.splitlines() == [f"cfguard: {target}: {reason} (given with -o/--output)"]
    assert result.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["configs", "loop"]
    assert (tmp_path / "loop").is_symlink()


def test_report_that_cannot_be_written_exits_2() -> None:
    """/dev/full refuses every write (ENOSPC): the report is lost, and the exit code says so."""
    result = run_cfguard("check", "-o", "/dev/full", INSECURE)
    assert result.code == 2
    assert result.err.splitlines() == [
        "cfguard: /dev/full: no space left on device (given with -o/--output)"
    ]


def _in_process(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[object, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    return exited.value.code, capsys.readouterr().err


def test_read_only_report_file_exits_2_and_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a user, not root: a file `open()` could not write is not replaced behind its back.
    Simulated (the tests run as root, for whom every file is writable)."""
    report = tmp_path / "report.txt"
    report.write_text("kept\n")
    real_access = os.access
    monkeypatch.setattr(
        output_module.os,
        "access",
        lambda path, mode: False if path == str(report) else real_access(path, mode),
    )
    code, err = _in_process(["check", "-o", str(report), str(INSECURE)], capsys)
    assert code == 2
    assert err.splitlines() == [f"cfguard: {report}: permission denied (given with -o/--output)"]
    assert report.read_text() == "kept\n"


def test_unwritable_directory_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Simulated for root: creating the temporary file beside the report is refused."""
    import tempfile

    def refused(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refused)
    code, err = _in_process(["check", "-o", str(tmp_path / "r.txt"), str(INSECURE)], capsys)
    assert code == 2
    assert err.splitlines() == [
        f"cfguard: {tmp_path / 'r.txt'}: permission denied (given with -o/--output)"
    ]
    assert list(tmp_path.iterdir()) == []


# -- a closed pipe is not a finding -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("check", str(SECURE)), ("check", "--help"), ("--help",), ("--version",)],
    ids=["clean-run", "check-help", "help", "version"],
)
def test_closed_pipe_exits_141_quietly(args: tuple[str, ...]) -> None:
    """The reader is gone before cfguard writes (what `| head -1` leaves behind)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.run(
        [sys.executable, "-m", "cfguard", *args],
        stdout=write_end,
        stderr=subprocess.PIPE,
        check=False,
    )
    os.close(write_end)
    assert proc.returncode == 141
    assert proc.stderr == b""


@pytest.mark.parametrize(
    "args",
    [("check", str(INSECURE)), ("check", "--format", "json", str(INSECURE)), ("--version",)],
    ids=["text", "json", "version"],
)
def test_full_standard_output_exits_2_in_one_line(args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "cfguard", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [
        "cfguard: standard output: no space left on device"
    ]


PIPELINE = '"$@" | head -1; echo "status ${PIPESTATUS[0]}"'


def test_head_1_pipeline_exits_141(tmp_path: Path) -> None:
    """A real shell pipeline; 150 documents make more output than a pipe holds, so cfguard is
    still writing (with worker processes) when head exits."""
    for number in range(150):
        _copy(INSECURE, tmp_path / "configs" / f"dist-{number:03}.xml")
    proc = subprocess.run(
        ["bash", "-c", PIPELINE, "bash", sys.executable, "-m", "cfguard", "check", "configs"],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    out = proc.stdout.decode().splitlines()
    assert out == [f"configs/dist-000.xml:5:3: {FIRST_FINDING}", "status 141"]
    assert proc.stderr == b""


# -- --help, colour and excerpt, --show-suppressed ------------------------------------------


def test_help_renders_the_fail_on_default() -> None:
    result = run_cfguard("check", "--help")
    assert result.code == 0
    words = " ".join(result.out.split())  # click wraps to the terminal's width
    assert "(warning)" not in words
    assert (
        "--fail-on [error|warning|info|never] Exit 1 when a finding is at or above this "
        "severity (default: warning, or fail-on in the configuration). --config FILE"
    ) in words
    assert "-o, --output FILE Write the report to FILE (- for standard output)." in words
    assert "141 the output was closed before the report was written (| head)." in words


def _on_a_terminal(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """`cfguard` with its standard output on a pseudo-terminal."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cfguard", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**environment, "COLUMNS": "400", **env},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO once the process has closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) is not None
    assert_no_traceback(proc.stderr.read().decode() if proc.stderr else "")
    return proc.returncode, b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("args", "env"),
    [(("--no-color",), {}), ((), {"NO_COLOR": "1"})],
    ids=["--no-color", "NO_COLOR"],
)
def test_no_color_keeps_the_excerpt_on_a_terminal(
    args: tuple[str, ...], env: dict[str, str]
) -> None:
    code, text = _on_a_terminal("check", *args, "--select", "CFG101", str(INSECURE), env=env)
    assert code == 1
    assert "\x1b[" not in text
    assert text.splitlines() == [
        f"{INSECURE}:27:5: CFG101 [error] [*] the default cache behavior accepts plain HTTP "
        "(ViewerProtocolPolicy allow-all); use redirect-to-https or https-only (http-allowed)",
        "   27 |     <ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>",
        "            ^",
        "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix).",
    ]


def test_piped_text_has_no_excerpt() -> None:
    result = run_cfguard("check", "--select", "CFG101", INSECURE)
    assert len(result.out.splitlines()) == 2  # the finding and the summary


SUPPRESSED_ORIGIN = INSECURE.read_text().replace(
    "<OriginProtocolPolicy>http-only</OriginProtocolPolicy>",
    "<OriginProtocolPolicy>http-only</OriginProtocolPolicy>"
    " <!-- cfguard: ignore[CFG401] the origin is on a private network -->",
)


def _locations(lines: list[str]) -> list[str]:
    return [line.split(": ")[0].rsplit(":", 2)[-2] + " " + line.split()[1] for line in lines]


def test_show_suppressed_lists_findings_in_line_order(tmp_path: Path) -> None:
    (tmp_path / "dist.xml").write_text(SUPPRESSED_ORIGIN)
    result = run_cfguard("check", "--show-suppressed", "dist.xml", cwd=tmp_path)
    lines = result.out.splitlines()
    assert _locations(lines[:-1]) == [
        "5 CFG102",
        "20 CFG401",
        "27 CFG101",
        "45 CFG301",
        "49 CFG103",
    ]
    assert lines[1].endswith("(origin-plaintext) [suppressed: the origin is on a private network]")
    assert (
        lines[-1]
        == "Checked 1 file: 3 errors, 0 warnings, 1 info (1 fixable with --fix, 1 suppressed)."
    )


def test_show_suppressed_in_colour_is_in_line_order_too(tmp_path: Path) -> None:
    (tmp_path / "dist.xml").write_text(SUPPRESSED_ORIGIN)
    _, text = _on_a_terminal("check", "--show-suppressed", str(tmp_path / "dist.xml"), env={})
    assert "\x1b[" in text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    findings = [line for line in plain.splitlines() if line.startswith(str(tmp_path))]
    assert _locations(findings) == ["5 CFG102", "20 CFG401", "27 CFG101", "45 CFG301", "49 CFG103"]


CLOSED_STDOUT = ["bash", "-c", '"$@" >&-', "bash", sys.executable, "-m", "cfguard"]


def test_closed_standard_output_is_an_error_unless_the_report_goes_to_a_file(
    tmp_path: Path,
) -> None:
    """Started with `>&-` (Python then has no sys.stdout): not an internal error."""
    _copy(INSECURE, tmp_path / "dist.xml")
    closed = subprocess.run(
        [*CLOSED_STDOUT, "check", "dist.xml"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert closed.returncode == 2
    assert closed.stderr.decode().splitlines() == [
        "cfguard: standard output is closed; give -o FILE"
    ]
    to_file = subprocess.run(
        [
            "bash",
            "-c",
            '"$@" >&-',
            "bash",
            sys.executable,
            "-m",
            "cfguard",
            "check",
            "-o",
            "report.txt",
            "dist.xml",
        ],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert (to_file.returncode, to_file.stderr) == (1, b"")
    report = (tmp_path / "report.txt").read_text().splitlines()
    assert report[-1] == (
        "Checked 1 file: 3 errors, 1 warning, 1 info "
        "(1 fixable with --fix, 1 more with --unsafe-fixes)."
    )

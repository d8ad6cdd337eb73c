"""The wheel carries rules/ and schemas/, and an installed cfguard finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("cfguard-*.whl"))


def test_wheel_contains_rules_and_schemas(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    rules = {Path(n).name for n in names if n.startswith("cfguard/_data/rules/")}
    assert {p.name for p in (REPO / "rules").glob("CFG*.md")} <= rules
    schemas = {Path(n).name for n in names if n.startswith("cfguard/_data/schemas/")}
    assert {
        "cloudfront-2020-05-31.xsd",
        "cloudfront-2010-11-01.xsd",
        "cloudfront-2020-05-31.shapes.json",  # CFG003 for the AWS CLI's JSON
    } <= schemas
    assert "cfguard/cli/__init__.py" in names
    assert "cfguard/syntaxes/xml/schema/quick.py" in names  # every subpackage ships
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "cfguard = cfguard.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """Unpacked into a bare directory (no checkout beside it), cfguard still finds its data."""
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    example = REPO / "examples" / "insecure-distribution.xml"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from cfguard.cli import main; main(sys.argv[1:])",
            "check",
            "--no-color",
            str(example),
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "CFG101 [error]" in proc.stdout
    assert (
        "cfguard/_data"
        in subprocess.run(
            [
                sys.executable,
                "-c",
                "from cfguard.core.resources import data_dir; print(data_dir('rules'))",
            ],
            cwd=tmp_path,
            env={"PYTHONPATH": str(target)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


def test_installed_wheel_checks_cli_json_with_its_shapes(wheel: Path, tmp_path: Path) -> None:
    """The JSON syntax's schema (the botocore shapes file) ships too: a broken key is a CFG003
    from an installed wheel, outside the checkout."""
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    document = (REPO / "examples" / "secure-distribution.json").read_text(encoding="utf-8")
    broken = tmp_path / "dist.json"
    broken.write_text(document.replace('"Enabled": true', '"Enabled": "true"', 1))
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from cfguard.cli import main; main(sys.argv[1:])",
            "check",
            "--no-color",
            str(broken),
        ],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert 'CFG003 [error] "Enabled" must be true or false, not the string "true"' in proc.stdout

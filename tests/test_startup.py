"""Start-up stays light: what a plain `cfguard check` of a clean document imports, and the rule
front matter read without a TOML parser meaning exactly what TOML says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cfguard.cli import COMMANDS, cli
from cfguard.rules.front_matter import _simple, parse_front_matter
from tests.conftest import REPO, run_cfguard

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CLEAN = REPO / "examples" / "secure-distribution.xml"
FINDINGS = REPO / "examples" / "insecure-distribution.xml"

# Each costs start-up time and none is needed to check a clean document and print text: rich
# (terminal output), xmlschema (explaining schema errors), tomllib (a configuration file),
# suppressions (a document that mentions cfguard), hashlib (CI fingerprints), subprocess (git),
# multiprocessing (large batches), json (other formats), pathlib (~10 ms; os.path does the job),
# ipaddress (~1 ms; only an alias that may be an IP address needs it).
NOT_ON_THE_CLEAN_PATH = (
    "rich",
    "boto3",
    "botocore",
    "cfguard.live.client",
    "cfguard.live.scan",
    "xmlschema",
    "elementpath",
    "tomllib",
    "tomli",
    "cfguard.suppressions",
    "cfguard.syntaxes.xml.comments",
    "cfguard.cli.rules",
    "jsonschema",
    "hashlib",
    "subprocess",
    "difflib",
    "multiprocessing",
    "tempfile",
    "json",
    "pathlib",
    "ipaddress",
)

_PROBE = """
import runpy, sys
sys.argv = ["cfguard", *sys.argv[1:]]
try:
    runpy.run_module("cfguard", run_name="__main__")
except SystemExit as done:
    modules = sorted(sys.modules)
    import json
    sys.stderr.write(json.dumps({"code": done.code, "modules": modules}))
"""


def modules_imported(*args: str | Path, cwd: Path) -> tuple[int, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(cwd)},
    )
    report = json.loads(proc.stderr)
    return report["code"], set(report["modules"])


def test_a_clean_document_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    code, modules = modules_imported("check", CLEAN, cwd=tmp_path)
    assert code == 0
    assert "cfguard.engine" in modules  # the probe does see cfguard's own imports
    assert sorted(modules.intersection(NOT_ON_THE_CLEAN_PATH)) == []


def test_findings_in_text_need_nothing_more(tmp_path: Path) -> None:
    # The example's comment says "cfguard", which (rightly) costs a look for directives.
    text = FINDINGS.read_text(encoding="utf-8").replace("cfguard", "this linter")
    (tmp_path / "dist.xml").write_text(text, encoding="utf-8")
    code, modules = modules_imported("check", "dist.xml", cwd=tmp_path)
    assert code == 1
    assert sorted(modules.intersection(NOT_ON_THE_CLEAN_PATH)) == []


def test_a_document_that_mentions_cfguard_is_read_for_directives(tmp_path: Path) -> None:
    code, modules = modules_imported("check", FINDINGS, cwd=tmp_path)
    assert code == 1
    assert "cfguard.suppressions" in modules


def test_version_imports_no_command(tmp_path: Path) -> None:
    code, modules = modules_imported("--version", cwd=tmp_path)
    assert code == 0
    assert not {m for m in modules if m.startswith("cfguard.cli.")}
    assert "lxml.etree" not in modules


def test_every_lazy_command_is_defined_by_its_module() -> None:
    import importlib

    for name, module in COMMANDS.items():
        importlib.import_module(module)
        assert name in cli.commands, f"{module} does not define `{name}`"
    assert set(cli.commands) == set(COMMANDS)


@pytest.mark.parametrize("path", sorted((REPO / "rules").glob("CFG*.md")), ids=lambda p: p.name)
def test_rule_front_matter_reads_as_toml(path: Path) -> None:
    front = path.read_text(encoding="utf-8").split("+++", 2)[1]
    simple = _simple(front)
    assert simple is not None, "rule front matter left the simple form: start-up pays tomllib"
    assert simple == tomllib.loads(front)


@pytest.mark.parametrize(
    "text",
    [
        'a = "x" "y"',
        'a = ["x" "y"]',
        'a = "x"\na = "y"',
        'a = "x\\"y"',
        "a = 'literal'",
        'a = "x"\r',
        'a = "x\ty"',
        "a = 1",
        "a.b = 2",
        '[table]\na = "x"',
        'a = [\n  "x",\n]',
        'a = ["x",]  # comment',
        'a = []\n\n# note\nb = "é"\r\n',
        '"quoted" = "x"',
    ],
)
def test_front_matter_means_what_toml_says(text: str) -> None:
    try:
        expected: object = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        expected = ValueError
    try:
        actual: object = parse_front_matter(text)
    except ValueError:
        actual = ValueError
    assert actual == expected


def test_another_tools_pyproject_costs_no_toml_parser(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "service"\n\n[tool.ruff]\nline-length = 100\n', encoding="utf-8"
    )
    code, modules = modules_imported("check", CLEAN, cwd=tmp_path)
    assert code == 0
    assert "tomllib" not in modules


def test_a_tool_cfguard_table_spelt_with_escapes_is_still_found(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool."\\u0063fguard"]\nselect = ["CFG101"]\n', encoding="utf-8"
    )
    result = run_cfguard("check", FINDINGS, cwd=tmp_path)
    assert result.code == 1
    rules = {line.split(": ")[1].split()[0] for line in result.out.splitlines()[:-1]}
    assert rules == {"CFG101"}

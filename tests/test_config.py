"""The configuration file as a user meets it: where it is found, what the command line overrides,
and the one-line error for anything cfguard cannot use. Every case runs the real process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, assert_no_traceback, run_cfguard

# Two CFG101 findings (the default behavior and "/health" accept HTTP), nothing else of CFG1.
HTTP_DOC = FIXTURES / "CFG101" / "fail_current.xml"
CLEAN_LEGACY = FIXTURES / "CFG101" / "pass_legacy.xml"
HTTP_LEGACY = FIXTURES / "CFG101" / "fail_legacy.xml"


def repo(tmp_path: Path) -> Path:
    """A directory that looks like a repository root (the upward search stops there)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


def rules_reported(out: str) -> list[str]:
    return [line.split()[1] for line in out.splitlines() if ": CFG" in line]


def test_config_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / ".cfguard.toml").write_text(
        'select = ["CFG101"]\nfail-on = "error"\n\n[severity]\nhttp-allowed = "warning"\n'
    )
    deep = root / "infra" / "cloudfront"
    deep.mkdir(parents=True)
    shutil.copy(HTTP_DOC, deep / "site.xml")
    result = run_cfguard("check", "site.xml", cwd=deep)
    assert result.out.splitlines() == [
        "site.xml:18:5: CFG101 [warning] [*] the default cache behavior accepts plain HTTP "
        "(ViewerProtocolPolicy allow-all); use redirect-to-https or https-only (http-allowed)",
        'site.xml:31:9: CFG101 [warning] [*] cache behavior "/health" accepts plain HTTP '
        "(ViewerProtocolPolicy allow-all); use redirect-to-https or https-only (http-allowed)",
        "Checked 1 file: 0 errors, 2 warnings, 0 info (2 fixable with --fix).",
    ]
    assert result.code == 0  # warnings are below fail-on = "error"


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".cfguard.toml").write_text('select = ["CFG303"]\n')  # outside the repository
    root = repo(tmp_path)
    shutil.copy(HTTP_DOC, root / "site.xml")
    result = run_cfguard("check", "--select", "CFG1", "site.xml", cwd=root)
    assert rules_reported(result.out).count("CFG101") == 2
    no_flag = run_cfguard("check", "site.xml", cwd=root)
    assert "CFG101" in rules_reported(no_flag.out)  # the outer select did not apply


def test_dot_cfguard_toml_beats_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / ".cfguard.toml").write_text('select = ["CFG101"]\n')
    (root / "pyproject.toml").write_text('[tool.cfguard]\nselect = ["CFG303"]\n')
    shutil.copy(HTTP_DOC, root / "site.xml")
    assert set(rules_reported(run_cfguard("check", "site.xml", cwd=root).out)) == {"CFG101"}


def test_pyproject_without_tool_cfguard_is_passed_over(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "pyproject.toml").write_text('[tool.cfguard]\nselect = ["CFG101"]\n')
    sub = root / "service"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "service"\n\n[tool.ruff]\nx = 1\n')
    shutil.copy(HTTP_DOC, sub / "site.xml")
    result = run_cfguard("check", "site.xml", cwd=sub)
    assert set(rules_reported(result.out)) == {"CFG101"}
    assert result.code == 1


def test_pyproject_errors_name_the_full_key(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "pyproject.toml").write_text('[tool.cfguard]\nfail-on = "fatal"\n')
    result = run_cfguard("check", HTTP_DOC, cwd=root)
    assert result.err == (
        "cfguard: pyproject.toml: 'tool.cfguard.fail-on' must be one of error, warning, info, "
        'never (got "fatal")\n'
    )
    assert result.code == 2


def test_explicit_config_file(tmp_path: Path) -> None:
    settings = tmp_path / "ci-cfguard.toml"
    settings.write_text('ignore = ["CFG1"]\n')
    result = run_cfguard("check", "--config", settings, HTTP_DOC, cwd=tmp_path)
    assert not any(rule.startswith("CFG1") for rule in rules_reported(result.out))


def test_command_line_overrides_the_config(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / ".cfguard.toml").write_text(
        'select = ["CFG3"]\nignore = ["CFG101"]\nfail-on = "never"\n'
    )
    shutil.copy(HTTP_DOC, root / "site.xml")
    from_config = run_cfguard("check", "site.xml", cwd=root)
    assert set(rules_reported(from_config.out)) == {"CFG303"}
    assert from_config.code == 0  # fail-on = "never"
    # --select replaces the configuration's select *and* ignore; --fail-on replaces fail-on.
    overridden = run_cfguard(
        "check", "--select", "CFG101", "--fail-on", "error", "site.xml", cwd=root
    )
    assert set(rules_reported(overridden.out)) == {"CFG101"}
    assert overridden.code == 1
    # --ignore adds to the configuration's ignore.
    more = run_cfguard("check", "--ignore", "CFG303", "site.xml", cwd=root)
    assert rules_reported(more.out) == []


def test_strict_config_error_message(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / ".cfguard.toml").write_text('fail_on = "error"\n')
    result = run_cfguard("check", HTTP_DOC, cwd=root)
    assert result.err == (
        "cfguard: .cfguard.toml: unknown key 'fail_on' (valid keys: exclude, fail-on, ignore, "
        "per-file-ignores, require-reason, respect-gitignore, rules, select, severity)\n"
    )
    assert result.out == ""
    assert result.code == 2


@pytest.mark.parametrize(
    ("toml", "error"),
    [
        (
            'select = "CFG101"',
            "'select' must be a list of rule ids, prefixes or names (got \"CFG101\")",
        ),
        ('ignore = ["CFG1O1"]', "'ignore' names an unknown rule 'CFG1O1'; did you mean CFG101"),
        (
            '[severity]\nCFG101 = "fatal"',
            "'severity.CFG101' must be one of error, warning, info (got \"fatal\")",
        ),
        ('[severity]\nCFG999 = "error"', "'severity.CFG999' names an unknown rule 'CFG999'"),
        ("require-reason = 1", "'require-reason' must be true or false (got 1)"),
        ('exclude = "vendor"', "'exclude' must be a list of strings"),
        (
            '[per-file-ignores]\n"legacy/*.xml" = ["http-alowed"]',
            "'per-file-ignores.\"legacy/*.xml\"' names an unknown rule 'http-alowed'; did you mean "
            "CFG101 (http-allowed)?",
        ),
        (
            '[rules.CFG103]\nmin-version = "TLSv1.2"',
            "'rules.CFG103.min-version' must be one of SSLv3, TLSv1, TLSv1_2016, TLSv1.1_2016, "
            'TLSv1.2_2018, TLSv1.2_2019, TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025 (got "TLSv1.2")',
        ),
        (
            '[rules.CFG402]\nforbidden = ["SSLv3", "SSLv2"]',
            "'rules.CFG402.forbidden' must be a list of values from SSLv3, TLSv1, TLSv1.1, "
            'TLSv1.2 (got "SSLv2")',
        ),
        (
            "[rules.CFG106]\nmax-aliases = 0",
            "'rules.CFG106.max-aliases' must be a positive whole number (got 0)",
        ),
        (
            "[rules.CFG106]\nmax_aliases = 10",
            "unknown key 'rules.CFG106.max_aliases' (valid keys: max-aliases)",
        ),
        (
            "[rules.CFG101]\nx = 1",
            "'rules.CFG101' has no options (rules with options: CFG103, CFG106, CFG402)",
        ),
        (
            "[rules.CFG777]\nx = 1",
            "'rules.CFG777' names an unknown rule 'CFG777' (`cfguard rules` lists them all); "
            "rules with options: CFG103, CFG106, CFG402",
        ),
        ('fail-on = "error"\nfail-on = "info"', ".cfguard.toml:2:17: invalid TOML: Cannot"),
        ("select = [\n  'CFG101',\n  oops\n]", ".cfguard.toml:3:3: invalid TOML: Invalid value"),
    ],
)
def test_bad_values_are_one_line_errors(tmp_path: Path, toml: str, error: str) -> None:
    root = repo(tmp_path)
    (root / ".cfguard.toml").write_text(toml + "\n")
    result = run_cfguard("check", HTTP_DOC, cwd=root)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("cfguard: .cfguard.toml")
    assert error in result.err
    assert_no_traceback(result.err)


def test_missing_explicit_config(tmp_path: Path) -> None:
    result = run_cfguard("check", "--config", "nope.toml", HTTP_DOC, cwd=tmp_path)
    assert result.err == "cfguard: nope.toml: no such file (given with --config)\n"
    assert result.code == 2


def test_per_file_ignores_are_relative_to_the_config(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / ".cfguard.toml").write_text(
        '[per-file-ignores]\n"legacy/*.xml" = ["http-allowed"]\n"*-staging.xml" = ["CFG3"]\n'
    )
    (root / "legacy").mkdir()
    (root / "current").mkdir()
    shutil.copy(HTTP_LEGACY, root / "legacy" / "old.xml")
    shutil.copy(HTTP_DOC, root / "current" / "site.xml")
    shutil.copy(HTTP_DOC, root / "current" / "site-staging.xml")
    # Run from a subdirectory: the globs still count from the configuration's directory.
    result = run_cfguard(
        "check",
        "--format",
        "json",
        "../legacy/old.xml",
        "site.xml",
        "site-staging.xml",
        cwd=root / "current",
    )
    files = {f["path"]: {x["rule"] for x in f["findings"]} for f in json.loads(result.out)["files"]}
    assert "CFG101" not in files["../legacy/old.xml"]
    assert "CFG303" in files["../legacy/old.xml"]
    assert {"CFG101", "CFG303"} <= files["site.xml"]
    assert "CFG101" in files["site-staging.xml"]
    assert not any(rule.startswith("CFG3") for rule in files["site-staging.xml"])


def test_exclude_applies_to_directory_scans(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / ".cfguard.toml").write_text('exclude = ["vendor", "build/generated"]\n')
    for folder in ("configs", "vendor/aws", "build/generated", "configs/build/generated"):
        (root / folder).mkdir(parents=True)
        shutil.copy(HTTP_DOC, root / folder / "dist.xml")
    result = run_cfguard("check", "--format", "json", ".", cwd=root)
    paths = sorted(Path(f["path"]).as_posix() for f in json.loads(result.out)["files"])
    # "vendor" matches a name anywhere; "build/generated" is anchored at the config's directory.
    assert paths == ["configs/build/generated/dist.xml", "configs/dist.xml"]
    named = run_cfguard("check", "vendor/aws/dist.xml", cwd=root)
    assert "CFG101" in named.out  # a file named on the command line is always checked


def test_rule_options_reach_the_rules(tmp_path: Path) -> None:
    root = repo(tmp_path)
    shutil.copy(FIXTURES / "CFG106" / "pass_current.xml", root / "three-aliases.xml")
    assert run_cfguard("check", "--select", "CFG106", "three-aliases.xml", cwd=root).code == 0
    (root / ".cfguard.toml").write_text("[rules.alias-format]\nmax-aliases = 2\n")
    result = run_cfguard("check", "--select", "CFG106", "three-aliases.xml", cwd=root)
    assert result.out.startswith(
        "three-aliases.xml:5:3: CFG106 [error] 3 aliases; a distribution may have 2"
    )
    assert result.code == 1

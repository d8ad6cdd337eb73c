"""Issue 12, rule selection: one reading of a rule token wherever it is written, empty selections
and rules that cannot be turned off. Every case runs the real `cfguard` process.

The matrix: each place a rule is named (`--select`, `--ignore`, `select`, `ignore`, `[severity]`,
`[per-file-ignores]`, `[rules.<ID>]`, a suppression comment, `explain`) x each way of naming it
(an id in lower case, a name in upper case, an id prefix, an unknown rule).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, assert_no_traceback, run_cfguard

# CFG103 and CFG303 (info, line 2), CFG101 (error) on lines 18 and 31 ("/health").
HTTP_DOC = (FIXTURES / "CFG101" / "fail_current.xml").read_text()
HEALTH = "      <CacheBehavior>\n        <PathPattern>/health</PathPattern>"
BROKEN = "<DistributionConfig>\n"  # CFG001: the document does not parse
OLD_VERSION = '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2019-03-26/"/>\n'

ID_LOWER, NAME_UPPER, PREFIX, UNKNOWN = "cfg101", "HTTP-ALLOWED", "cfg1", "CFG1O1"
UNKNOWN_MESSAGE = "names an unknown rule 'CFG1O1'; did you mean CFG101 (http-allowed)"


def project(tmp_path: Path, toml: str = "", document: str = HTTP_DOC) -> Path:
    """A repository root holding dist.xml and, if given, a .cfguard.toml."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "dist.xml").write_text(document)
    if toml:
        (tmp_path / ".cfguard.toml").write_text(toml)
    return tmp_path


def findings(out: str) -> list[str]:
    """ "line RULE [severity]" of each finding."""
    return [
        f"{line.split(':')[1]} {line.split()[1]} {line.split()[2]}"
        for line in out.splitlines()
        if line.startswith("dist.xml:")
    ]


def one_line_error(result: object, expected: str) -> None:
    assert result.code == 2  # type: ignore[attr-defined]
    assert result.out == ""  # type: ignore[attr-defined]
    err: str = result.err  # type: ignore[attr-defined]
    assert err.count("\n") == 1, err
    assert expected in err, err
    assert_no_traceback(err)


CFG101_ONLY = ["18 CFG101 [error]", "31 CFG101 [error]"]
WITHOUT_CFG101 = ["2 CFG103 [info]", "2 CFG303 [info]"]
WITHOUT_CFG1 = ["2 CFG303 [info]"]


# -- --select and --ignore -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (ID_LOWER, CFG101_ONLY),
        (NAME_UPPER, CFG101_ONLY),
        (PREFIX, ["2 CFG103 [info]", *CFG101_ONLY]),
    ],
)
def test_select_flag_reads_ids_names_and_prefixes_in_any_case(
    tmp_path: Path, token: str, expected: list[str]
) -> None:
    result = run_cfguard("check", "--select", token, "dist.xml", cwd=project(tmp_path))
    assert (result.code, findings(result.out)) == (1, expected), result.err


@pytest.mark.parametrize(
    ("token", "expected"),
    [(ID_LOWER, WITHOUT_CFG101), (NAME_UPPER, WITHOUT_CFG101), (PREFIX, WITHOUT_CFG1)],
)
def test_ignore_flag_reads_ids_names_and_prefixes_in_any_case(
    tmp_path: Path, token: str, expected: list[str]
) -> None:
    result = run_cfguard("check", "--ignore", token, "dist.xml", cwd=project(tmp_path))
    assert (result.code, findings(result.out)) == (0, expected), result.err


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_unknown_rule_on_the_command_line_is_one_line(tmp_path: Path, flag: str) -> None:
    result = run_cfguard("check", flag, UNKNOWN, "dist.xml", cwd=project(tmp_path))
    one_line_error(result, f"cfguard: {flag} {UNKNOWN_MESSAGE}")


# -- the configuration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (f'select = ["{ID_LOWER}"]', CFG101_ONLY),
        (f'select = ["{NAME_UPPER}"]', CFG101_ONLY),
        (f'select = ["{PREFIX}"]', ["2 CFG103 [info]", *CFG101_ONLY]),
        (f'ignore = ["{ID_LOWER}"]', WITHOUT_CFG101),
        (f'ignore = ["{NAME_UPPER}"]', WITHOUT_CFG101),
        (f'ignore = ["{PREFIX}"]', WITHOUT_CFG1),
        (f'[per-file-ignores]\n"dist.xml" = ["{ID_LOWER}"]', WITHOUT_CFG101),
        (f'[per-file-ignores]\n"dist.xml" = ["{NAME_UPPER}"]', WITHOUT_CFG101),
        (f'[per-file-ignores]\n"dist.xml" = ["{PREFIX}"]', WITHOUT_CFG1),
        (
            f'[severity]\n{ID_LOWER} = "warning"',
            [*WITHOUT_CFG101, "18 CFG101 [warning]", "31 CFG101 [warning]"],
        ),
        (
            f'[severity]\n{NAME_UPPER} = "warning"',
            [*WITHOUT_CFG101, "18 CFG101 [warning]", "31 CFG101 [warning]"],
        ),
        (
            f'[severity]\n{PREFIX} = "warning"',
            ["2 CFG103 [warning]", "2 CFG303 [info]", "18 CFG101 [warning]", "31 CFG101 [warning]"],
        ),
    ],
)
def test_configuration_reads_rules_as_the_command_line_does(
    tmp_path: Path, toml: str, expected: list[str]
) -> None:
    result = run_cfguard("check", "--fail-on", "never", "dist.xml", cwd=project(tmp_path, toml))
    assert result.err == ""
    assert sorted(findings(result.out)) == sorted(expected)


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        (f'select = ["{UNKNOWN}"]', "'select'"),
        (f'ignore = ["{UNKNOWN}"]', "'ignore'"),
        (f'[per-file-ignores]\n"dist.xml" = ["{UNKNOWN}"]', "'per-file-ignores.\"dist.xml\"'"),
        (f'[severity]\n{UNKNOWN} = "warning"', f"'severity.{UNKNOWN}'"),
        (f"[rules.{UNKNOWN}]\nx = 1", f"'rules.{UNKNOWN}'"),
    ],
)
def test_unknown_rule_in_the_configuration(tmp_path: Path, toml: str, key: str) -> None:
    result = run_cfguard("check", "dist.xml", cwd=project(tmp_path, toml))
    one_line_error(result, f"cfguard: .cfguard.toml: {key} {UNKNOWN_MESSAGE}")


@pytest.mark.parametrize("token", ["cfg103", "WEAK-VIEWER-TLS"])
def test_rule_options_table_reads_ids_and_names_in_any_case(tmp_path: Path, token: str) -> None:
    toml = f'[rules.{token}]\nmin-version = "TLSv1.2_2021"'
    result = run_cfguard("check", "--select", "CFG103", "dist.xml", cwd=project(tmp_path, toml))
    assert (result.code, result.err) == (0, "")
    assert findings(result.out) == ["2 CFG103 [info]"]


def test_rule_options_table_refuses_a_prefix_and_lists_what_it_names(tmp_path: Path) -> None:
    result = run_cfguard("check", "dist.xml", cwd=project(tmp_path, "[rules.cfg10]\nx = 1"))
    one_line_error(
        result,
        "cfguard: .cfguard.toml: 'rules.cfg10' names a prefix of 6 rules, not one "
        "(CFG101 (http-allowed), CFG102 (cname-https-mismatch), ",
    )


# -- suppression comments --------------------------------------------------------------------


def with_comment(rules: str) -> str:
    return HTTP_DOC.replace(HEALTH, f"      <!-- cfguard: ignore[{rules}] firmware -->\n" + HEALTH)


@pytest.mark.parametrize("token", [ID_LOWER, NAME_UPPER])
def test_suppression_reads_ids_and_names_in_any_case(tmp_path: Path, token: str) -> None:
    root = project(tmp_path, document=with_comment(token))
    result = run_cfguard("check", "--select", "CFG101,CFG9", "dist.xml", cwd=root)
    assert findings(result.out) == ["18 CFG101 [error]"]  # "/health" (line 32) is suppressed
    assert result.out.splitlines()[-1].endswith("(1 fixable with --fix, 1 suppressed).")


def test_suppression_refuses_a_prefix_with_the_rules_it_names(tmp_path: Path) -> None:
    root = project(tmp_path, document=with_comment(PREFIX))
    result = run_cfguard("check", "--select", "CFG101,CFG9", "dist.xml", cwd=root)
    assert findings(result.out) == ["18 CFG101 [error]", "28 CFG902 [error]", "32 CFG101 [error]"]
    assert (
        "dist.xml:28:7: CFG902 [error] the suppression names a prefix of 6 rules, not one "
        "(CFG101 (http-allowed), CFG102 (cname-https-mismatch), CFG103 (weak-viewer-tls), "
        "CFG104 (certificate-source), CFG105 (dedicated-ip-ssl), CFG106 (alias-format)); a "
        "suppression names each rule it silences: write their ids (invalid-suppression)"
    ) in result.out
    assert result.code == 1


def test_suppression_of_an_unknown_rule(tmp_path: Path) -> None:
    root = project(tmp_path, document=with_comment(UNKNOWN))
    result = run_cfguard("check", "--select", "CFG101,CFG9", "dist.xml", cwd=root)
    assert f"dist.xml:28:7: CFG902 [error] the suppression {UNKNOWN_MESSAGE}" in result.out
    assert result.code == 1


# -- explain ---------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [ID_LOWER, NAME_UPPER])
def test_explain_reads_ids_and_names_in_any_case(token: str) -> None:
    result = run_cfguard("explain", token)
    assert result.code == 0
    assert result.out.startswith("# CFG101 http-allowed\n")


def test_explain_of_a_prefix_lists_the_rules_it_names() -> None:
    result = run_cfguard("explain", "CFG3")
    one_line_error(
        result,
        "cfguard: 'CFG3' names a prefix of 3 rules, not one: CFG301 (logging-bucket-format), "
        "CFG302 (logging-prefix), CFG303 (logging-disabled); explain shows one rule at a time",
    )


def test_explain_of_an_unknown_rule() -> None:
    one_line_error(run_cfguard("explain", UNKNOWN), f"cfguard: unknown rule '{UNKNOWN}'")


# -- empty selections ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_empty_select_flag_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = run_cfguard("check", "--select", value, "dist.xml", cwd=project(tmp_path))
    one_line_error(result, "cfguard: --select names no rule, so the selection is empty")


def test_empty_select_in_the_configuration_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cfguard("check", "dist.xml", cwd=project(tmp_path, "select = []"))
    one_line_error(
        result, "cfguard: .cfguard.toml: 'select' names no rule, so the selection is empty"
    )


@pytest.mark.parametrize(
    ("args", "toml", "expected"),
    [
        (("--ignore", "ALL"), "", "cfguard: --ignore turns off every selected rule"),
        (("--select", "CFG1", "--ignore", "cfg1"), "", "cfguard: --ignore turns off every"),
        ((), 'select = ["CFG101"]\nignore = ["http-allowed"]', "'ignore' turns off every"),
        (("--ignore", "CFG101"), 'select = ["CFG101"]', "cfguard: --ignore turns off every"),
    ],
)
def test_an_ignore_that_leaves_nothing_to_run_is_a_usage_error(
    tmp_path: Path, args: tuple[str, ...], toml: str, expected: str
) -> None:
    result = run_cfguard("check", *args, "dist.xml", cwd=project(tmp_path, toml))
    one_line_error(result, expected)


# -- rules that cannot be turned off ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "toml", "expected"),
    [
        (("--ignore", "CFG001"), "", "cfguard: --ignore names CFG001 (syntax-error), which "),
        (("--ignore", "CFG101,INVALID-XML"), "", "--ignore names CFG001 (syntax-error), which "),
        (("--ignore", "cfg002"), "", "--ignore names CFG002 (unsupported-document), which "),
        ((), 'ignore = ["invalid-xml"]', "'ignore' names CFG001 (syntax-error), which cannot"),
        (
            (),
            '[per-file-ignores]\n"*.xml" = ["CFG002"]',
            "'per-file-ignores.\"*.xml\"' names CFG002 (unsupported-document), which cannot",
        ),
    ],
)
def test_ignoring_a_rule_that_stays_on_is_a_usage_error(
    tmp_path: Path, args: tuple[str, ...], toml: str, expected: str
) -> None:
    result = run_cfguard("check", *args, "dist.xml", cwd=project(tmp_path, toml, BROKEN))
    one_line_error(result, expected)
    assert "cannot be ignored: " in result.err
    assert "so ignoring it would pass a file nobody checked" in result.err


@pytest.mark.parametrize(
    ("args", "document", "expected"),
    [
        (("--ignore", "CFG0"), BROKEN, ["2 CFG001 [error]"]),
        (("--ignore", "CFG00"), OLD_VERSION, ["1 CFG002 [error]"]),
        (("--select", "CFG101"), BROKEN, ["2 CFG001 [error]"]),
    ],
)
def test_a_prefix_or_selection_leaves_cfg001_and_cfg002_on(
    tmp_path: Path, args: tuple[str, ...], document: str, expected: list[str]
) -> None:
    result = run_cfguard("check", *args, "dist.xml", cwd=project(tmp_path, document=document))
    assert (result.code, findings(result.out), result.err) == (1, expected, "")


def test_cfg002_cannot_be_suppressed_in_a_comment(tmp_path: Path) -> None:
    document = "<!-- cfguard: file-ignore[CFG002] old -->\n" + OLD_VERSION
    result = run_cfguard("check", "dist.xml", cwd=project(tmp_path, document=document))
    assert findings(result.out) == ["1 CFG902 [error]", "2 CFG002 [error]"]
    assert (
        "CFG002 cannot be suppressed: a document in no namespace or an API version cfguard does "
        "not know cannot be checked at all; remove it from the comment"
    ) in result.out
    assert result.code == 1

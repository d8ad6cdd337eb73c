"""The rule files are data the code trusts: the front-matter reader refuses what it does not know,
each declared option is the `RuleOptions` field its check reads, and a former rule name keeps
working wherever a name is accepted."""

from __future__ import annotations

import inspect
import re
from dataclasses import fields
from pathlib import Path

import pytest

from cfguard.checks import BATCH_CHECKS, DISTRIBUTION_CHECKS
from cfguard.rules.options import RuleOptions, declared_options
from cfguard.rules.registry import all_rules, always_on, get_rule
from cfguard.rules.rule_file import RuleFileError, read_rule_file
from tests.conftest import REPO, run_cfguard

BROKEN = (
    b'<?xml version="1.0"?>\n<DistributionConfig>\n  <Comment>unclosed\n</DistributionConfig>\n'
)
INSECURE = REPO / "examples" / "insecure-distribution.xml"

GOOD_FRONT_MATTER = """\
id = "CFG777"
name = "made-up"
severity = "warning"
summary = "A rule for this test"
dialects = ["current"]
"""


def _rule_file(tmp_path: Path, front_matter: str) -> Path:
    path = tmp_path / "CFG777-made-up.md"
    path.write_text(f"+++\n{front_matter}+++\n\n## What it does\n", encoding="utf-8")
    return path


# -- the reader is strict ------------------------------------------------------------------------


def test_a_well_formed_rule_file_reads() -> None:
    rule = read_rule_file(str(REPO / "rules" / "CFG106-alias-format.md"))
    [option] = rule.options
    assert (option.key, option.field, option.type, option.default) == (
        "max-aliases",
        "max_aliases",
        "positive-integer",
        100,
    )


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ('formats = ["current"]\n', "CFG777-made-up.md: unknown key 'formats' (valid keys: id,"),
        ('precison = "high"\n', "CFG777-made-up.md: unknown key 'precison'"),
        ('tags = "tls"\n', "CFG777-made-up.md: 'tags' must be a list (got str)"),
        ('ignorable = "no"\n', "CFG777-made-up.md: 'ignorable' must be a boolean (got str)"),
        ('reported-by = "plugin"\n', "CFG777-made-up.md: 'reported-by' has 'plugin'; expected"),
        ("ignorable = false\n", "CFG777-made-up.md: 'why-always-on' is required with"),
        (
            '[options.limit]\nfield = "max_aliases"\ntype = "integer"\ndefault = 1\n'
            'description = "x"\n',
            "CFG777-made-up.md: 'options.limit.type' must be one of choice, choices,",
        ),
        (
            '[options.limit]\nfield = "max_aliases"\ntype = "positive-integer"\ndefault = 0\n'
            'description = "x"\n',
            "CFG777-made-up.md: 'options.limit.default' must be a positive whole number (got 0)",
        ),
        (
            '[options.limit]\nfield = "max_aliases"\ntype = "positive-integer"\ndefault = 1\n'
            'description = "x"\nhelp = "y"\n',
            "CFG777-made-up.md: unknown key 'options.limit.help'",
        ),
        (
            '[options.floor]\nfield = "min_viewer_tls"\ntype = "choice"\ndefault = "b"\n'
            'description = "x"\n',
            "CFG777-made-up.md: 'options.floor.choices' goes with the types choice and choices",
        ),
    ],
)
def test_a_bad_rule_file_is_an_error_naming_the_file_and_key(
    tmp_path: Path, extra: str, error: str
) -> None:
    path = _rule_file(tmp_path, GOOD_FRONT_MATTER + extra)
    with pytest.raises(RuleFileError) as raised:
        read_rule_file(str(path))
    assert str(raised.value).startswith(error)


def test_a_missing_key_is_an_error(tmp_path: Path) -> None:
    path = _rule_file(tmp_path, GOOD_FRONT_MATTER.replace('dialects = ["current"]\n', ""))
    with pytest.raises(RuleFileError, match=r"CFG777-made-up\.md: missing key 'dialects'"):
        read_rule_file(str(path))


# -- properties that were sets in code ------------------------------------------------------------


def test_what_stays_on_and_who_reports_comes_from_the_rule_files() -> None:
    assert always_on() == {"CFG001", "CFG002"}
    reported_by_engine = {rule.id for rule in all_rules() if rule.reported_by == "engine"}
    assert reported_by_engine == {"CFG001", "CFG002", "CFG003", "CFG901", "CFG902"}
    unsuppressible = {rule.id for rule in all_rules() if not rule.suppressible}
    assert unsuppressible == {"CFG001", "CFG002", "CFG901", "CFG902"}
    # A rule that cannot be ignored cannot be suppressed either: both would pass an unchecked file.
    assert always_on() <= unsuppressible


# -- options: declared once, read by the check -------------------------------------------------


def test_every_declared_option_is_a_rule_options_field_and_back() -> None:
    assert set(declared_options()) == {item.name for item in fields(RuleOptions)}
    defaults = RuleOptions()
    for name, spec in declared_options().items():
        assert getattr(defaults, name) == spec.default, name


def test_every_option_is_read_by_the_check_of_its_rule() -> None:
    read_by_module: dict[str, set[str]] = {}
    owners: dict[str, set[str]] = {}
    for spec in (*DISTRIBUTION_CHECKS, *BATCH_CHECKS):
        module = inspect.getmodule(spec.function)
        assert module is not None
        source = inspect.getsource(module)
        read_by_module[module.__name__] = set(re.findall(r"\boptions\.([a-z_]+)\b", source))
        owners.setdefault(module.__name__, set()).add(spec.rule_id)
    for field_name, option in declared_options().items():
        readers = {m for m, read in read_by_module.items() if field_name in read}
        assert readers, f"{option.rule_id} {option.key}: no check reads options.{field_name}"
        for module in readers:
            assert option.rule_id in owners[module], f"{module} reads another rule's option"
    read_anywhere = set().union(*read_by_module.values())
    assert read_anywhere <= set(declared_options()), "a check reads an undeclared option"


def test_rule_options_refuse_what_the_declaration_refuses() -> None:
    with pytest.raises(ValueError, match=r"^CFG103 min-version: must be one of SSLv3, "):
        RuleOptions(min_viewer_tls="TLSv1.2")
    assert RuleOptions(forbidden_origin_protocols=("SSLv3",)).forbidden_origin_protocols == (
        "SSLv3",
    )


def test_rules_json_shows_the_declarations() -> None:
    import json

    rules = {rule["id"]: rule for rule in json.loads(run_cfguard("rules", "--format", "json").out)}
    assert rules["CFG402"]["options"] == {"forbidden": ["SSLv3", "TLSv1", "TLSv1.1"]}
    assert rules["CFG402"]["option_types"]["forbidden"] == {
        "type": "choices",
        "default": ["SSLv3", "TLSv1", "TLSv1.1"],
        "choices": ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"],
        "description": "The origin protocols to report",
    }
    assert rules["CFG101"]["dialects"] == rules["CFG101"]["formats"] == ["legacy", "current"]
    assert rules["CFG001"]["aliases"] == ["invalid-xml"]


# -- CFG001's former name, invalid-xml, is accepted wherever a name is -----------------------------


def test_cfg001_is_syntax_error() -> None:
    assert get_rule("CFG001").name == "syntax-error"
    assert get_rule("CFG001").filename == "CFG001-syntax-error.md"


def test_select_accepts_the_former_name(tmp_path: Path) -> None:
    (tmp_path / "broken.xml").write_bytes(BROKEN)
    result = run_cfguard("check", "--select", "invalid-xml", "broken.xml", INSECURE, cwd=tmp_path)
    assert result.code == 1
    [finding] = [line for line in result.out.splitlines() if ": CFG" in line]
    assert finding.startswith("broken.xml:4:22: CFG001 [error] ")
    assert finding.endswith(" (syntax-error)")  # the insecure example: only CFG001/CFG002 ran


def test_configuration_accepts_the_former_name(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cfguard.toml").write_text(
        'select = ["INVALID-XML"]\n\n[severity]\ninvalid-xml = "warning"\n', encoding="utf-8"
    )
    (tmp_path / "broken.xml").write_bytes(BROKEN)
    result = run_cfguard("check", "--fail-on", "error", "broken.xml", cwd=tmp_path)
    assert result.out.startswith("broken.xml:4:22: CFG001 [warning] ")
    assert result.code == 0


def test_rule_options_table_accepts_the_former_name_and_says_it_has_none(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cfguard.toml").write_text("[rules.invalid-xml]\nx = 1\n", encoding="utf-8")
    result = run_cfguard("check", INSECURE, cwd=tmp_path)
    assert result.code == 2
    assert "'rules.invalid-xml' has no options (rules with options: CFG103, CFG106, CFG402)" in (
        result.err
    )


def test_a_suppression_comment_naming_the_former_name_is_refused(tmp_path: Path) -> None:
    text = INSECURE.read_text(encoding="utf-8").replace(
        "<DistributionConfig",
        "<!-- cfguard: ignore[invalid-xml] because -->\n<DistributionConfig",
        1,
    )
    (tmp_path / "dist.xml").write_text(text, encoding="utf-8")
    result = run_cfguard("check", "--select", "CFG902", "dist.xml", cwd=tmp_path)
    assert result.code == 1
    assert (
        "CFG902 [error] CFG001 cannot be suppressed: a document that does not parse cannot be "
        "checked at all; remove it from the comment (invalid-suppression)"
    ) in result.out


def test_explain_accepts_the_former_name() -> None:
    result = run_cfguard("explain", "invalid-xml")
    assert result.code == 0
    assert result.out.startswith("# CFG001 syntax-error\n")
    assert "Also accepted under its former name: invalid-xml." in result.out


def test_an_unknown_name_close_to_the_former_one_suggests_the_rule() -> None:
    result = run_cfguard("explain", "invalid-xm")
    assert result.code == 2
    assert "did you mean CFG001 (syntax-error)?" in result.err

"""Suppression comments as a user writes them: each scope, several rules, names, one-line
documents, unused and invalid directives, required reasons and --show-suppressed. Every case runs
the real process."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cfguard.engine import lint
from cfguard.rules.registry import resolve_selection
from cfguard.rules.settings import Settings
from tests.conftest import FIXTURES, run_cfguard

# Two CFG101 findings: the default behavior (line 18) and "/health" (line 31).
HTTP_DOC = (FIXTURES / "CFG101" / "fail_current.xml").read_text()
HEALTH = "      <CacheBehavior>\n        <PathPattern>/health</PathPattern>"
DEFAULT_POLICY = "<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>\n  </DefaultCacheBehavior>"
LEGACY_HTTP = (FIXTURES / "CFG101" / "fail_legacy.xml").read_text()


def check(tmp_path: Path, text: str, select: str = "CFG101,CFG3,CFG9") -> tuple[int, list[str]]:
    """Exit code and the findings ("line:col RULE") of `cfguard check --select SELECT`."""
    name = "dist.xml"
    (tmp_path / name).write_text(text)
    result = run_cfguard("check", "--select", select, name, cwd=tmp_path)
    lines = [
        line.split(": ")[0].removeprefix(f"{name}:") + " " + line.split()[1]
        for line in result.out.splitlines()
        if line.startswith(name)
    ]
    return result.code, lines


def summary(tmp_path: Path, text: str) -> str:
    (tmp_path / "dist.xml").write_text(text)
    result = run_cfguard("check", "--select", "CFG101,CFG9", "dist.xml", cwd=tmp_path)
    return result.out.splitlines()[-1]


def test_without_comments_both_behaviors_are_reported(tmp_path: Path) -> None:
    code, lines = check(tmp_path, HTTP_DOC, select="CFG101")
    assert lines == ["18:5 CFG101", "31:9 CFG101"]
    assert code == 1


def test_comment_before_an_element_covers_its_subtree(tmp_path: Path) -> None:
    text = HTTP_DOC.replace(
        HEALTH, "      <!-- cfguard: ignore[CFG101] firmware 1.x -->\n" + HEALTH
    )
    code, lines = check(tmp_path, text, select="CFG101,CFG9")
    assert lines == ["18:5 CFG101"]  # "/health" (now line 32) is suppressed, the default is not
    assert code == 1
    assert summary(tmp_path, text) == (
        "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix, 1 suppressed)."
    )


def test_trailing_comment_covers_the_element_it_follows(tmp_path: Path) -> None:
    text = HTTP_DOC.replace(
        DEFAULT_POLICY,
        DEFAULT_POLICY.replace(
            "</ViewerProtocolPolicy>",
            "</ViewerProtocolPolicy>  <!-- cfguard: ignore[CFG101] CDN probe -->",
        ),
    )
    code, lines = check(tmp_path, text, select="CFG101,CFG9")
    assert lines == ["31:9 CFG101"]
    assert code == 1


def test_file_ignore_covers_the_document_from_anywhere(tmp_path: Path) -> None:
    text = HTTP_DOC.replace(
        "<Enabled>true</Enabled>",
        "<Enabled>true</Enabled>\n  <!-- cfguard: file-ignore[CFG101] staging -->",
    )
    code, lines = check(tmp_path, text, select="CFG101,CFG9")
    assert lines == []
    assert code == 0
    assert summary(tmp_path, text).endswith("no findings (2 suppressed).")


def test_comment_before_the_root_covers_the_whole_document(tmp_path: Path) -> None:
    text = LEGACY_HTTP.replace(
        "<DistributionConfig", "<!-- cfguard: ignore[CFG101] kiosk --><DistributionConfig"
    )
    code, lines = check(tmp_path, text, select="CFG101,CFG9")
    assert (code, lines) == (0, [])


def test_several_rules_and_names_in_one_comment(tmp_path: Path) -> None:
    text = LEGACY_HTTP.replace(
        "<S3Origin>",
        "<!-- cfguard: file-ignore[http-allowed, logging-disabled] retired -->\n  <S3Origin>",
    )
    assert check(tmp_path, LEGACY_HTTP)[1] == ["2:1 CFG101", "2:1 CFG303"]
    assert check(tmp_path, text) == (0, [])


def test_rule_ids_are_case_insensitive(tmp_path: Path) -> None:
    text = LEGACY_HTTP.replace(
        "<S3Origin>", "<!-- cfguard: file-ignore[cfg101] retired --><S3Origin>"
    )
    assert check(tmp_path, text, select="CFG101,CFG9") == (0, [])


def one_line(text: str) -> str:
    body = text.split("?>", 1)[1]
    return "".join(line.strip() for line in body.splitlines())


def reported(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    """(rule, xpath) of each finding, CFG101 and CFG9 selected."""
    (tmp_path / "dist.xml").write_text(text)
    result = run_cfguard(
        "check", "--format", "json", "--select", "CFG101,CFG9", "dist.xml", cwd=tmp_path
    )
    return [(f["rule"], f["xpath"]) for f in json.loads(result.out)["files"][0]["findings"]]


DEFAULT_VPP = ("CFG101", "/DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy")
HEALTH_VPP = (
    "CFG101",
    "/DistributionConfig/CacheBehaviors/Items/CacheBehavior[2]/ViewerProtocolPolicy",
)


def test_one_line_document_uses_the_element_before_the_comment(tmp_path: Path) -> None:
    flat = one_line(HTTP_DOC)
    assert flat.count("\n") == 0
    assert reported(tmp_path, flat) == [DEFAULT_VPP, HEALTH_VPP]
    # Right after the "/health" </CacheBehavior>: covers "/health" (line and column alone could
    # not tell: everything is on line 1).
    text = flat.replace(
        "</CacheBehavior></Items>", "</CacheBehavior><!-- cfguard: ignore[CFG101] probe --></Items>"
    )
    assert reported(tmp_path, text) == [DEFAULT_VPP]
    # Right after the default behavior's ViewerProtocolPolicy: covers that element only.
    text = flat.replace(
        "allow-all</ViewerProtocolPolicy></DefaultCacheBehavior>",
        "allow-all</ViewerProtocolPolicy><!-- cfguard: ignore[CFG101] probe -->"
        "</DefaultCacheBehavior>",
    )
    assert reported(tmp_path, text) == [HEALTH_VPP]
    # First thing inside <Items>: nothing precedes it, so it covers the next element.
    text = flat.replace(
        "<Items><CacheBehavior><PathPattern>/api/*",
        "<Items><!-- cfguard: ignore[CFG101] probe --><CacheBehavior><PathPattern>/api/*",
    )
    assert reported(tmp_path, text) == [
        DEFAULT_VPP,
        ("CFG901", "/DistributionConfig/CacheBehaviors/Items"),
        HEALTH_VPP,
    ]
    # Between two behaviors it follows "/api/*" (no finding there): the "/health" finding stays
    # and CFG901 points at the comment. In a one-line document, put the comment after the element.
    text = flat.replace(
        "</CacheBehavior><CacheBehavior>",
        "</CacheBehavior><!-- cfguard: ignore[CFG101] probe --><CacheBehavior>",
    )
    assert reported(tmp_path, text) == [
        DEFAULT_VPP,
        ("CFG901", "/DistributionConfig/CacheBehaviors/Items"),
        HEALTH_VPP,
    ]


def test_unused_suppression_is_cfg901_only_when_its_rule_ran(tmp_path: Path) -> None:
    clean = (FIXTURES / "CFG101" / "pass_current.xml").read_text()
    text = clean.replace(
        HEALTH, "      <!-- cfguard: ignore[CFG101] no longer needed -->\n" + HEALTH
    )
    (tmp_path / "dist.xml").write_text(text)
    result = run_cfguard("check", "--select", "CFG101,CFG901", "dist.xml", cwd=tmp_path)
    assert result.out.splitlines()[0] == (
        "dist.xml:28:7: CFG901 [warning] ignore[CFG101] suppresses nothing: CFG101 (http-allowed) "
        "reports nothing on the element it covers; move the comment to the element the finding "
        "is on, or delete it (unused-suppression)"
    )
    assert result.code == 1
    # With CFG101 not selected, cfguard cannot know whether the comment is used: no noise.
    quiet = run_cfguard("check", "--select", "CFG3,CFG901", "dist.xml", cwd=tmp_path)
    assert "CFG901" not in quiet.out
    ignored = run_cfguard("check", "--ignore", "CFG101", "dist.xml", cwd=tmp_path)
    assert "CFG901" not in ignored.out


def test_per_file_ignored_rule_in_a_comment_is_not_unused(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cfguard.toml").write_text('[per-file-ignores]\n"dist.xml" = ["CFG101"]\n')
    text = HTTP_DOC.replace(HEALTH, "      <!-- cfguard: ignore[CFG101] firmware -->\n" + HEALTH)
    assert check(tmp_path, text, select="CFG101,CFG9") == (0, [])


def test_invalid_suppression_is_cfg902_and_suppresses_nothing(tmp_path: Path) -> None:
    text = HTTP_DOC.replace(HEALTH, "      <!-- cfguard: ignore[CFG1O1] firmware -->\n" + HEALTH)
    (tmp_path / "dist.xml").write_text(text)
    result = run_cfguard("check", "--select", "CFG101,CFG9", "dist.xml", cwd=tmp_path)
    assert (
        "dist.xml:28:7: CFG902 [error] the suppression names an unknown rule 'CFG1O1'; did you "
        "mean CFG101"
    ) in result.out
    assert "dist.xml:32:9: CFG101 [error]" in result.out
    assert result.code == 1


def test_cfg001_cannot_be_suppressed(tmp_path: Path) -> None:
    text = HTTP_DOC.replace(HEALTH, "      <!-- cfguard: ignore[CFG001] -->\n" + HEALTH)
    _, lines = check(tmp_path, text, select="CFG9")
    assert lines == ["28:7 CFG902"]
    broken = "<!-- cfguard: file-ignore[CFG001] -->\n<DistributionConfig>"
    code, lines = check(tmp_path, broken)
    assert (code, lines) == (1, ["2:21 CFG001"])  # not suppressed: nothing was parsed


def test_require_reason(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cfguard.toml").write_text("require-reason = true\n")
    bare = HTTP_DOC.replace(HEALTH, "      <!-- cfguard: ignore[CFG101] -->\n" + HEALTH)
    code, lines = check(tmp_path, bare, select="CFG101,CFG9")
    # Without a reason the comment does not count: the finding stays, and CFG902 says why.
    assert lines == ["18:5 CFG101", "28:7 CFG902", "32:9 CFG101"]
    assert code == 1
    result = run_cfguard("check", "--select", "CFG9", "dist.xml", cwd=tmp_path)
    assert "gives no reason; write why after the ']'" in result.out
    reasoned = bare.replace("ignore[CFG101] -->", "ignore[CFG101] firmware 1.x -->")
    assert check(tmp_path, reasoned, select="CFG101,CFG9")[1] == ["18:5 CFG101"]
    (tmp_path / ".cfguard.toml").write_text("require-reason = false\n")
    assert check(tmp_path, bare, select="CFG101,CFG9")[1] == ["18:5 CFG101"]


SHOWN = HTTP_DOC.replace(
    HEALTH, "      <!-- cfguard: ignore[http-allowed] firmware 1.x fetches /health -->\n" + HEALTH
)


def test_show_suppressed_text(tmp_path: Path) -> None:
    (tmp_path / "dist.xml").write_text(SHOWN)
    hidden = run_cfguard("check", "--select", "CFG101", "dist.xml", cwd=tmp_path)
    assert "suppressed:" not in hidden.out
    result = run_cfguard(
        "check", "--select", "CFG101", "--show-suppressed", "dist.xml", cwd=tmp_path
    )
    assert result.out.splitlines() == [
        "dist.xml:18:5: CFG101 [error] [*] the default cache behavior accepts plain HTTP "
        "(ViewerProtocolPolicy allow-all); use redirect-to-https or https-only (http-allowed)",
        # Not [*]: --fix leaves a suppressed finding as it is.
        'dist.xml:32:9: CFG101 [error] cache behavior "/health" accepts plain HTTP '
        "(ViewerProtocolPolicy allow-all); use redirect-to-https or https-only (http-allowed) "
        "[suppressed: firmware 1.x fetches /health]",
        "Checked 1 file: 1 error, 0 warnings, 0 info (1 fixable with --fix, 1 suppressed).",
    ]
    assert result.code == 1  # a suppressed finding does not fail the run; the other one does


def test_show_suppressed_json(tmp_path: Path) -> None:
    (tmp_path / "dist.xml").write_text(SHOWN)
    result = run_cfguard(
        "check",
        "--select",
        "CFG101",
        "--format",
        "json",
        "--show-suppressed",
        "dist.xml",
        cwd=tmp_path,
    )
    report = json.loads(result.out)
    entry = report["files"][0]
    assert [f["line"] for f in entry["findings"]] == [18]
    assert entry["suppressed"] == [
        {
            "rule": "CFG101",
            "name": "http-allowed",
            "severity": "error",
            "message": 'cache behavior "/health" accepts plain HTTP (ViewerProtocolPolicy '
            "allow-all); use redirect-to-https or https-only",
            "line": 32,
            "column": 9,
            "end_line": 32,
            "end_column": 63,
            "path": "DistributionConfig.CacheBehaviors.Items[1].ViewerProtocolPolicy",
            "resource": None,
            "xpath": HEALTH_VPP[1],
            "fix": None,
            "reason": "firmware 1.x fetches /health",
        }
    ]
    assert report["summary"]["suppressed"] == 1
    assert report["summary"]["error"] == 1
    plain = run_cfguard("check", "--select", "CFG101", "--format", "json", "dist.xml", cwd=tmp_path)
    assert "suppressed" not in json.loads(plain.out)["files"][0]


# Any comment text (XML forbids only "--" and a trailing "-") is either not a directive, a valid
# one, or a CFG902 finding: never an exception, and never a suppression of CFG001-CFG003.
_FREE = st.text(
    alphabet=st.sampled_from(list("cfguard:ignore-[],CFG0139 http-allowed\n\tx")), max_size=30
)
_DIRECTIVE = st.builds(
    lambda *parts: "".join(parts),
    st.sampled_from(["cfguard:", " cfguard: ", "cfguard ", "CFGUARD:", ""]),
    st.sampled_from(["ignore", "file-ignore", "IGNORE", "ignor", "noqa", ""]),
    st.sampled_from(["[", " [", ""]),
    st.lists(
        st.sampled_from(
            ["CFG101", "cfg101", "http-allowed", "CFG001", "CFG999", "CFG9", "CFG303", " ", ""]
        ),
        max_size=3,
    ).map(",".join),
    st.sampled_from(["]", "]]", ""]),
    _FREE,
)
_COMMENT_TEXT = st.one_of(_FREE, _DIRECTIVE).filter(
    lambda text: "--" not in text and not text.endswith("-")
)


@settings(max_examples=300, deadline=None)
@given(before=_COMMENT_TEXT, inside=_COMMENT_TEXT, trailing=_COMMENT_TEXT)
def test_any_comment_text_is_handled(before: str, inside: str, trailing: str) -> None:
    text = (
        HTTP_DOC.replace("<DistributionConfig", f"<!--{before}--><DistributionConfig", 1)
        .replace(HEALTH, f"      <!--{inside}-->\n{HEALTH}")
        .replace("<Enabled>true</Enabled>", f"<Enabled>true</Enabled><!--{trailing}-->")
    )
    result = lint(text.encode(), "dist.xml", Settings(enabled=resolve_selection(None, [])))
    rules = {finding.rule_id for finding in result.findings}
    assert "CFG001" not in rules
    for finding in result.findings:
        if finding.rule_id == "CFG902":
            assert finding.location.column is not None
    kept_or_suppressed = [f for f in result.findings if f.rule_id == "CFG101"] + [
        item.finding for item in result.suppressed
    ]
    assert len([f for f in kept_or_suppressed if f.rule_id == "CFG101"]) == 2

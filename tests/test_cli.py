"""The command line as a user meets it: exit codes, skipped files, stdin, output files, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, REPO, SHARED_COPY, assert_no_traceback, run_cfguard

INSECURE = REPO / "examples" / "insecure-distribution.xml"
SECURE = REPO / "examples" / "secure-distribution.xml"
CLI_EXAMPLE = SHARED_COPY / "modern" / "cli-create-distribution-1.xml"

POM = b"""<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion></project>
"""


def test_version() -> None:
    result = run_cfguard("--version")
    assert result.code == 0
    assert result.out.strip().startswith("cfguard 0.")


def test_findings_exit_1_with_grep_friendly_lines() -> None:
    result = run_cfguard("check", INSECURE)
    assert result.code == 1
    assert (
        f"{INSECURE}:27:5: CFG101 [error] [*] the default cache behavior accepts plain HTTP"
        in result.out
    )
    assert "(http-allowed)" in result.out
    assert result.out.strip().splitlines()[-1].startswith("Checked 1 file: ")
    assert_no_traceback(result.err)


def test_clean_document_exits_0() -> None:
    result = run_cfguard("check", SECURE)
    assert result.code == 0, result.out
    assert "no findings" in result.out


def test_cli_example_gets_cfg101_at_the_viewer_protocol_policy() -> None:
    result = run_cfguard("check", "--select", "CFG101", CLI_EXAMPLE)
    column = CLI_EXAMPLE.read_text().index("<ViewerProtocolPolicy>") + 1
    assert result.out.splitlines()[0] == (
        f"{CLI_EXAMPLE}:1:{column}: CFG101 [error] [*] the default cache behavior accepts plain "
        "HTTP (ViewerProtocolPolicy allow-all); use redirect-to-https or https-only (http-allowed)"
    )
    assert result.code == 1


def test_legacy_doc_example_has_nothing_at_warning_or_above() -> None:
    doc = SHARED_COPY / "legacy" / "awsdoc-2010-11-01-requiredprotocols.xml"
    result = run_cfguard("check", "--format", "json", doc)
    findings = json.loads(result.out)["files"][0]["findings"]
    assert [f for f in findings if f["severity"] != "info"] == []
    assert result.code == 0


def test_non_cloudfront_xml_is_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_bytes(POM)
    result = run_cfguard("check", tmp_path / "pom.xml")
    assert result.code == 0
    assert "Checked 0 files (1 skipped: not CloudFront documents): no findings." in result.out


def test_directory_is_searched_recursively_for_xml(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(INSECURE, tmp_path / "a" / "b" / "dist.xml")
    shutil.copy(SECURE, tmp_path / "a" / "ok.xml")
    (tmp_path / "a" / "notes.txt").write_text("<DistributionConfig/>")
    (tmp_path / "pom.xml").write_bytes(POM)
    result = run_cfguard("check", "--format", "json", tmp_path)
    report = json.loads(result.out)
    assert sorted(Path(f["path"]).name for f in report["files"]) == ["dist.xml", "ok.xml"]
    assert [Path(s["path"]).name for s in report["skipped"]] == ["pom.xml"]
    assert report["summary"]["files"] == 2
    assert result.code == 1


def test_stdin_dash() -> None:
    result = run_cfguard("check", "-", stdin=INSECURE.read_bytes())
    assert result.code == 1
    assert "\n-:27:5: CFG101 [error]" in result.out


def test_missing_file_is_exit_2_and_others_still_checked(tmp_path: Path) -> None:
    result = run_cfguard("check", tmp_path / "nope.xml", INSECURE)
    assert result.code == 2
    assert f"cfguard: {tmp_path / 'nope.xml'}: no such file or directory" in result.err
    assert "CFG101" in result.out
    assert_no_traceback(result.err)


def test_fail_on_and_exit_zero() -> None:
    assert run_cfguard("check", "--fail-on", "never", INSECURE).code == 0
    assert run_cfguard("check", "--exit-zero", INSECURE).code == 0
    info_only = run_cfguard(
        "check",
        "--select",
        "CFG303",
        "--fail-on",
        "warning",
        SHARED_COPY / "modern" / "cli-create-distribution-2.xml",
    )
    assert info_only.code == 0
    assert "CFG303 [info]" in info_only.out
    info_fails = run_cfguard(
        "check",
        "--select",
        "CFG303",
        "--fail-on",
        "info",
        SHARED_COPY / "modern" / "cli-create-distribution-2.xml",
    )
    assert info_fails.code == 1


def test_select_and_ignore_by_id_prefix_and_name() -> None:
    only_http = run_cfguard("check", "--select", "http-allowed", INSECURE)
    assert {line.split()[1] for line in only_http.out.splitlines()[:-1]} == {"CFG101"}
    no_cfg1 = run_cfguard("check", "--ignore", "CFG1", INSECURE)
    assert " CFG1" not in no_cfg1.out


def test_unknown_rule_is_a_usage_error_with_suggestion() -> None:
    result = run_cfguard("check", "--select", "CFG1O1", INSECURE)
    assert result.code == 2
    assert "unknown rule 'CFG1O1'" in result.err
    assert "CFG101" in result.err


def test_quiet_prints_findings_only() -> None:
    result = run_cfguard("check", "-q", SECURE)
    assert result.out == ""
    assert result.code == 0


def test_json_shape() -> None:
    result = run_cfguard("check", "--format", "json", INSECURE)
    report = json.loads(result.out)
    assert report["version"] == 1
    assert report["tool"]["name"] == "cfguard"
    entry = report["files"][0]
    assert entry["format"] == "current"
    assert entry["api_version"] == "2020-05-31"
    first = next(f for f in entry["findings"] if f["rule"] == "CFG101")
    assert first == {
        "rule": "CFG101",
        "name": "http-allowed",
        "severity": "error",
        "message": first["message"],
        "line": 27,
        "column": 5,
        "end_line": 27,
        "end_column": 59,
        "path": "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy",
        "resource": None,
        "xpath": "/DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy",
        "fix": {
            "title": "set the viewer protocol policy to redirect-to-https",
            "applicability": "safe",
            "edits": [
                {
                    "line": 27,
                    "column": 27,
                    "end_line": 27,
                    "end_column": 36,
                    "content": "redirect-to-https",
                }
            ],
        },
    }
    assert report["summary"]["error"] >= 1


def test_output_file_written_and_inputs_untouched(tmp_path: Path) -> None:
    doc = tmp_path / "dist.xml"
    shutil.copy(INSECURE, doc)
    before = doc.read_bytes()
    result = run_cfguard("check", "--format", "json", "-o", tmp_path / "report.json", doc)
    assert result.code == 1
    assert result.out == ""
    assert json.loads((tmp_path / "report.json").read_text())["files"][0]["path"] == str(doc)
    assert doc.read_bytes() == before


def test_output_refuses_to_overwrite_a_checked_file(tmp_path: Path) -> None:
    doc = tmp_path / "dist.xml"
    shutil.copy(INSECURE, doc)
    result = run_cfguard("check", "-o", doc, doc)
    assert result.code == 2
    assert "will not overwrite" in result.err
    assert doc.read_bytes() == INSECURE.read_bytes()


def test_doctype_with_external_entity_refused_and_content_never_shown(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doc = tmp_path / "xxe.xml"
    doc.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        '<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
        "<Comment>&s;</Comment></DistributionConfig>\n"
    )
    result = run_cfguard("check", "--format", "json", doc)
    assert result.code == 1
    findings = json.loads(result.out)["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["CFG001"]
    assert "DOCTYPE" in findings[0]["message"]
    assert "TOP-SECRET" not in result.out + result.err


def test_python_m_and_fixture_rules_run_end_to_end() -> None:
    result = run_cfguard("check", FIXTURES / "CFG301" / "fail_current.xml")
    assert "CFG301 [error]" in result.out


def test_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    name = b"bad\xff.xml"
    (tmp_path / name.decode("utf-8", "surrogateescape")).write_bytes(INSECURE.read_bytes())
    text = run_cfguard("check", "--select", "CFG101", tmp_path)
    assert f"{tmp_path}/bad\\xff.xml:27:5: CFG101 [error]" in text.out
    assert text.code == 1
    assert_no_traceback(text.err)
    report = run_cfguard("check", "--format", "json", "--select", "CFG101", tmp_path)
    assert report.code == 1
    entry = json.loads(report.out.encode("utf-8", "surrogateescape"))["files"][0]
    assert entry["path"] == f"{tmp_path}/bad\ufffd.xml"
    assert entry["findings"][0]["rule"] == "CFG101"


def test_readme_try_it_output_is_what_cfguard_prints() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```text\nexamples/insecure-distribution.xml", 1)[1].split("```", 1)[0]
    result = run_cfguard("check", "examples/insecure-distribution.xml", cwd=REPO)
    assert result.code == 1
    assert result.out == "examples/insecure-distribution.xml" + shown

"""`cfguard check --fix` and `--diff` through the real command, in every syntax: the diff shown,
the file on disk changed only in the values at fault (every other byte as it was), a second run
with nothing left to do, standard input, the exit codes, unsafe fixes only when asked for, and
the files cfguard does not edit (a Terraform plan, `cdk.out`, a value a parameter's default
decides)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import REPO, assert_no_traceback, run_cfguard
from tests.syntaxes.cloudformation.templates import config, template, write_json

EXAMPLES = REPO / "examples"
PLAN = (
    REPO
    / "tests/syntaxes/terraform/data/regula-distribution_https_infra"
    / "regula-distribution_https_infra.tfplan.json"
)

TF_JSON = {
    "resource": {
        "aws_cloudfront_distribution": {
            "site": {
                "enabled": True,
                "origin": [
                    {
                        "origin_id": "web",
                        "domain_name": "web.s3.amazonaws.com",
                    }
                ],
                "default_cache_behavior": [
                    {
                        "target_origin_id": "web",
                        "viewer_protocol_policy": "allow-all",
                        "allowed_methods": ["GET", "HEAD"],
                        "cached_methods": ["GET", "HEAD"],
                    }
                ],
                "logging_config": [{"bucket": "logs.s3.amazonaws.com"}],
                "restrictions": [{"geo_restriction": [{"restriction_type": "none"}]}],
                "viewer_certificate": [{"cloudfront_default_certificate": True}],
            }
        }
    }
}


class Case(NamedTuple):
    """A document with fixable findings: its name, text, and each (faulty, fixed) text of a
    fix, which occurs exactly once in the document."""

    name: str
    text: str
    changes: tuple[tuple[str, str], ...]


def _cases() -> list[Case]:
    def example(name: str) -> str:
        return (EXAMPLES / name).read_text(encoding="utf-8")

    cfn_json = json.dumps(
        template(
            config(
                DefaultCacheBehavior={"TargetOriginId": "web", "ViewerProtocolPolicy": "allow-all"}
            )
        ),
        indent=2,
    )
    return [
        Case(
            "dist.xml",
            example("insecure-distribution.xml"),
            (
                (
                    "<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>",
                    "<ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>",
                ),
            ),
        ),
        Case(
            "dist.json",
            example("insecure-distribution.json"),
            (
                (
                    '"ViewerProtocolPolicy": "allow-all"',
                    '"ViewerProtocolPolicy": "redirect-to-https"',
                ),
            ),
        ),
        Case(
            "stack.yaml",
            example("insecure-stack.yaml"),
            (
                (
                    "  ViewerProtocolPolicy: allow-all\n          CachePolicyId",
                    "  ViewerProtocolPolicy: redirect-to-https\n          CachePolicyId",
                ),
                (
                    "  ViewerProtocolPolicy: allow-all\n            CachePolicyId",
                    "  ViewerProtocolPolicy: redirect-to-https\n            CachePolicyId",
                ),
            ),
        ),
        Case(
            "stack.template.json",
            cfn_json,
            (
                (
                    '"ViewerProtocolPolicy": "allow-all"',
                    '"ViewerProtocolPolicy": "redirect-to-https"',
                ),
            ),
        ),
        Case(
            "main.tf",
            example("terraform/main.tf"),
            (
                (
                    'viewer_protocol_policy = "allow-all"',
                    'viewer_protocol_policy = "redirect-to-https"',
                ),
            ),
        ),
        Case(
            "main.tf.json",
            json.dumps(TF_JSON, indent=2),
            (
                (
                    '"viewer_protocol_policy": "allow-all"',
                    '"viewer_protocol_policy": "redirect-to-https"',
                ),
            ),
        ),
    ]


CASES = _cases()


def fixed_text(case: Case) -> str:
    """The document as `--fix` must leave it: each faulty text replaced, nothing else."""
    text = case.text
    for faulty, fixed in case.changes:
        assert text.count(faulty) == 1, faulty
        text = text.replace(faulty, fixed)
    return text


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_diff_shows_the_fix_and_writes_nothing(tmp_path: Path, case: Case) -> None:
    document = tmp_path / case.name
    document.write_text(case.text, encoding="utf-8")
    run = run_cfguard("check", "--diff", case.name, cwd=tmp_path)
    assert_no_traceback(run.err)
    assert run.code == 1
    assert run.out.startswith(f"--- a/{case.name}\n+++ b/{case.name}\n@@ ")
    removed = [
        line[1:]
        for line in run.out.splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    added = [
        line[1:]
        for line in run.out.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert len(removed) == len(added) == len(case.changes)
    for (faulty, fixed), old, new in zip(case.changes, removed, added, strict=True):
        assert faulty.split("\n")[0].strip() in old
        assert fixed.split("\n")[0].strip() in new
    count = len(case.changes)
    assert run.err == f"Would fix {count} finding{'s' if count != 1 else ''}.\n"
    assert document.read_text(encoding="utf-8") == case.text


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fix_changes_only_the_values_at_fault(tmp_path: Path, case: Case) -> None:
    document = tmp_path / case.name
    document.write_text(case.text, encoding="utf-8")
    before = run_cfguard("check", case.name, cwd=tmp_path)
    run = run_cfguard("check", "--fix", case.name, cwd=tmp_path)
    assert_no_traceback(run.err)
    assert document.read_text(encoding="utf-8") == fixed_text(case)
    # What is reported is what is left: the fixed findings are gone, the others stay.
    assert "CFG101" in before.out
    assert "CFG101" not in run.out
    left = [line for line in before.out.splitlines()[:-1] if "CFG101" not in line]
    assert [line.split(": ", 1)[0] for line in run.out.splitlines()[:-1]] == [
        line.split(": ", 1)[0] for line in left
    ]
    assert f"({len(case.changes)} fixed" in run.out.splitlines()[-1]
    # Info findings do not fail a check (the README's exit codes).
    failing = [line for line in left if "[error]" in line or "[warning]" in line]
    assert run.code == (1 if failing else 0)
    again = run_cfguard("check", "--diff", case.name, cwd=tmp_path)
    assert (again.code, again.out, again.err) == (0, "", "Nothing to fix.\n")


def test_the_report_marks_what_fix_repairs_and_counts_it(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "insecure-stack.yaml", tmp_path / "stack.yaml")
    run = run_cfguard("check", "stack.yaml", cwd=tmp_path)
    lines = run.out.splitlines()
    marked = [line.split(": ")[1] for line in lines if "[*]" in line]
    assert marked == [
        "CFG101 [error] [*] the default cache behavior accepts plain HTTP (ViewerProtocolPolicy",
        'CFG101 [error] [*] cache behavior "/assets/*" accepts plain HTTP (ViewerProtocolPolicy',
    ]
    assert lines[-1] == (
        "Checked 1 file: 3 errors, 3 warnings, 2 info "
        "(2 fixable with --fix, 3 more with --unsafe-fixes)."
    )
    unsafe = run_cfguard("check", "--unsafe-fixes", "stack.yaml", cwd=tmp_path)
    marked = [
        line.split(": ")[1].split(" ")[0] for line in unsafe.out.splitlines() if "[*]" in line
    ]
    assert marked == ["CFG401", "CFG402", "CFG402", "CFG101", "CFG101"]
    assert unsafe.out.splitlines()[-1] == (
        "Checked 1 file: 3 errors, 3 warnings, 2 info (5 fixable with --fix --unsafe-fixes)."
    )


def test_unsafe_fixes_are_applied_only_when_asked_for(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "terraform/main.tf", tmp_path / "main.tf")
    original = (tmp_path / "main.tf").read_text(encoding="utf-8")
    safe = run_cfguard("check", "--fix", "main.tf", cwd=tmp_path)
    assert_no_traceback(safe.err)
    after_safe = (tmp_path / "main.tf").read_text(encoding="utf-8")
    assert 'minimum_protocol_version = "TLSv1"\n' in after_safe
    assert "CFG103" in safe.out
    assert "more with --unsafe-fixes" in safe.out.splitlines()[-1]
    unsafe = run_cfguard("check", "--fix", "--unsafe-fixes", "main.tf", cwd=tmp_path)
    assert_no_traceback(unsafe.err)
    after = (tmp_path / "main.tf").read_text(encoding="utf-8")
    assert after == after_safe.replace(
        'minimum_protocol_version = "TLSv1"\n', 'minimum_protocol_version = "TLSv1.2_2021"\n'
    ).replace('["SSLv3", "TLSv1.2"]', '["TLSv1.2"]')
    assert "CFG103" not in unsafe.out
    assert original != after


def test_fix_on_standard_input_prints_the_fixed_document(tmp_path: Path) -> None:
    case = CASES[0]
    run = run_cfguard("check", "--fix", "-", stdin=case.text.encode())
    assert_no_traceback(run.err)
    assert run.out == fixed_text(case)
    assert "CFG101" not in run.err
    assert "-:5:3: CFG102 [error]" in run.err
    assert "(1 fixed" in run.err.splitlines()[-1]
    assert run.code == 1


def test_diff_of_standard_input(tmp_path: Path) -> None:
    run = run_cfguard("check", "--diff", "-", stdin=CASES[0].text.encode())
    assert run.code == 1
    assert run.out.startswith("--- a/-\n+++ b/-\n")
    assert run.err == "Would fix 1 finding.\n"


def test_line_endings_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    case = CASES[2]
    raw = b"\xef\xbb\xbf" + case.text.replace("\n", "\r\n").encode()
    (tmp_path / case.name).write_bytes(raw)
    run = run_cfguard("check", "--fix", case.name, cwd=tmp_path)
    assert_no_traceback(run.err)
    expected = b"\xef\xbb\xbf" + fixed_text(case).replace("\n", "\r\n").encode()
    assert (tmp_path / case.name).read_bytes() == expected


def test_a_terraform_plan_is_not_edited() -> None:
    before = PLAN.read_bytes()
    run = run_cfguard("check", "--diff", PLAN)
    assert (run.code, run.out, run.err) == (0, "", "Nothing to fix.\n")
    report = run_cfguard("check", PLAN)
    assert "CFG101 [error] distribution" in report.out  # reported, not marked fixable
    assert "[*]" not in report.out
    assert PLAN.read_bytes() == before


def test_cdk_out_is_not_edited(tmp_path: Path) -> None:
    out = tmp_path / "cdk.out"
    out.mkdir()
    case = CASES[3]
    (out / "Stack.template.json").write_text(case.text, encoding="utf-8")
    run = run_cfguard("check", "--fix", "cdk.out/Stack.template.json", cwd=tmp_path)
    assert_no_traceback(run.err)
    assert (out / "Stack.template.json").read_text(encoding="utf-8") == case.text
    assert (
        "cfguard: cdk.out/Stack.template.json: not fixed: cdk.out is written by cdk synth"
        in run.err
    )
    assert "CFG101" in run.out


def test_a_value_a_parameter_default_decides_is_not_edited(tmp_path: Path) -> None:
    body = template(
        config(
            DefaultCacheBehavior={
                "TargetOriginId": "web",
                "ViewerProtocolPolicy": {"Ref": "Policy"},
            }
        ),
        Parameters={"Policy": {"Type": "String", "Default": "allow-all"}},
    )
    text = write_json(tmp_path / "stack.json", body)
    run = run_cfguard("check", "--fix", "stack.json", cwd=tmp_path)
    assert_no_traceback(run.err)
    assert "CFG101 [error] the default cache behavior" in run.out
    assert "[*]" not in run.out
    assert (tmp_path / "stack.json").read_text(encoding="utf-8") == text
    assert run.code == 1


def test_a_fix_is_written_through_a_symbolic_link(tmp_path: Path) -> None:
    case = CASES[0]
    real = tmp_path / "real.xml"
    real.write_text(case.text, encoding="utf-8")
    (tmp_path / "link.xml").symlink_to(real)
    run = run_cfguard("check", "--fix", "link.xml", cwd=tmp_path)
    assert_no_traceback(run.err)
    assert (tmp_path / "link.xml").is_symlink()
    assert real.read_text(encoding="utf-8") == fixed_text(case)


def test_json_report_carries_the_fix_as_text_edits(tmp_path: Path) -> None:
    case = CASES[1]
    (tmp_path / case.name).write_text(case.text, encoding="utf-8")
    run = run_cfguard("check", "--format", "json", case.name, cwd=tmp_path)
    (document,) = json.loads(run.out)["files"]
    fixes = {f["rule"]: f["fix"] for f in document["findings"] if f["fix"]}
    line = case.text[: case.text.index('"allow-all"')].count("\n") + 1
    column = len(case.text.split("\n")[line - 1].split('"allow-all"')[0]) + 1
    assert fixes["CFG101"] == {
        "title": fixes["CFG101"]["title"],
        "applicability": "safe",
        "edits": [
            {
                "line": line,
                "column": column,
                "end_line": line,
                "end_column": column + len('"allow-all"'),
                "content": '"redirect-to-https"',
            }
        ],
    }
    assert fixes["CFG401"]["applicability"] == "unsafe"


def test_the_readme_shows_what_diff_prints() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```diff\n", 1)[1].split("```", 1)[0]
    run = run_cfguard("check", "--diff", "examples/insecure-stack.yaml", cwd=REPO)
    assert (run.code, run.out, run.err) == (1, shown, "Would fix 2 findings.\n")


def test_fix_with_several_jobs_fixes_each_file_once_and_reports_the_same(tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        folder = tmp_path / f"jobs{jobs}"
        folder.mkdir()
        for index in range(12):
            case = CASES[index % len(CASES)]
            (folder / f"{index:02}-{case.name}").write_text(case.text, encoding="utf-8")
    diffs = [
        run_cfguard("check", "--diff", "-j", jobs, f"jobs{jobs}", cwd=tmp_path) for jobs in "12"
    ]
    assert diffs[0].out.replace("jobs1/", "jobsN/") == diffs[1].out.replace("jobs2/", "jobsN/")
    assert diffs[0].err == diffs[1].err == "Would fix 14 findings.\n"
    runs = [run_cfguard("check", "--fix", "-j", jobs, f"jobs{jobs}", cwd=tmp_path) for jobs in "12"]
    assert runs[0].out.replace("jobs1/", "jobsN/") == runs[1].out.replace("jobs2/", "jobsN/")
    assert "(14 fixed" in runs[0].out.splitlines()[-1]
    for index in range(12):
        case = CASES[index % len(CASES)]
        for jobs in "12":
            written = (tmp_path / f"jobs{jobs}" / f"{index:02}-{case.name}").read_text(
                encoding="utf-8"
            )
            assert written == fixed_text(case)


CLI_PROTOCOLS = """{
    "DistributionConfig": {
        "CallerReference": "x",
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "web",
                    "DomainName": "origin.example.com",
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                        "OriginSslProtocols": {
                            "Quantity": 3,
                            "Items": [
                                "SSLv3",
                                "TLSv1.2",
                                "TLSv1"
                            ]
                        }
                    }
                }
            ]
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "web",
            "ViewerProtocolPolicy": "https-only",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"
        },
        "Comment": "",
        "Enabled": true
    }
}
"""


def _protocol_cases() -> list[Case]:
    stack = (EXAMPLES / "insecure-stack.yaml").read_text(encoding="utf-8")
    block = "              OriginSSLProtocols:\n                - SSLv3\n                - TLSv1\n"
    assert block in stack
    flow = stack.replace(block, "              OriginSSLProtocols: [SSLv3, TLSv1.2, TLSv1]\n")
    origin = {
        "Id": "web",
        "DomainName": "origin.example.com",
        "CustomOriginConfig": {
            "OriginProtocolPolicy": "https-only",
            "OriginSSLProtocols": ["TLSv1.2", "SSLv3"],
        },
    }
    return [
        Case(
            "dist.xml",
            (REPO / "tests/fixtures/CFG402/fail_current.xml").read_text(encoding="utf-8"),
            (
                ("<Quantity>4</Quantity>", "<Quantity>1</Quantity>"),
                (
                    "              <SslProtocol>SSLv3</SslProtocol>\n"
                    "              <SslProtocol>TLSv1</SslProtocol>\n"
                    "              <SslProtocol>TLSv1.1</SslProtocol>\n",
                    "",
                ),
            ),
        ),
        Case(
            "dist.json",
            CLI_PROTOCOLS,
            (
                ('"Quantity": 3', '"Quantity": 1'),
                (
                    '"SSLv3",\n                                "TLSv1.2",\n'
                    '                                "TLSv1"\n',
                    '"TLSv1.2"\n',
                ),
            ),
        ),
        # Every protocol weak: the first becomes TLSv1.2, the others go.
        Case(
            "stack.yaml",
            stack,
            ((block, "              OriginSSLProtocols:\n                - TLSv1.2\n"),),
        ),
        Case("flow.yaml", flow, (("[SSLv3, TLSv1.2, TLSv1]", "[TLSv1.2]"),)),
        Case(
            "stack.json",
            json.dumps(template(config(Origins=[origin])), indent=2),
            (('"TLSv1.2",\n                  "SSLv3"\n', '"TLSv1.2"\n'),),
        ),
        Case(
            "main.tf",
            (EXAMPLES / "terraform/main.tf").read_text(encoding="utf-8"),
            (('["SSLv3", "TLSv1.2"]', '["TLSv1.2"]'),),
        ),
    ]


PROTOCOL_CASES = _protocol_cases()


@pytest.mark.parametrize("case", PROTOCOL_CASES, ids=[case.name for case in PROTOCOL_CASES])
def test_weak_origin_protocols_are_removed_with_unsafe_fixes(tmp_path: Path, case: Case) -> None:
    document = tmp_path / case.name
    document.write_text(case.text, encoding="utf-8")
    safe = run_cfguard("check", "--fix", "--select", "CFG402", case.name, cwd=tmp_path)
    assert_no_traceback(safe.err)
    assert document.read_text(encoding="utf-8") == case.text  # unsafe: not without asking
    assert "more with --unsafe-fixes" in safe.out.splitlines()[-1]
    run = run_cfguard(
        "check", "--fix", "--unsafe-fixes", "--select", "CFG402", case.name, cwd=tmp_path
    )
    assert_no_traceback(run.err)
    assert document.read_text(encoding="utf-8") == fixed_text(case)
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("Checked 1 file: no findings (")


def test_an_attribute_holding_a_bracket_is_not_taken_for_the_end_of_the_tag(
    tmp_path: Path,
) -> None:
    case = CASES[0]
    faulty = '<ViewerProtocolPolicy a="x>y">allow-all</ViewerProtocolPolicy>'
    text = case.text.replace("<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy>", faulty)
    (tmp_path / "dist.xml").write_text(text, encoding="utf-8")
    run = run_cfguard("check", "--fix", "dist.xml", cwd=tmp_path)
    assert_no_traceback(run.err)
    assert (tmp_path / "dist.xml").read_text(encoding="utf-8") == text.replace(
        faulty, '<ViewerProtocolPolicy a="x>y">redirect-to-https</ViewerProtocolPolicy>'
    )
    assert "CFG001" not in run.out


def test_a_file_with_hard_links_is_fixed_under_every_name(tmp_path: Path) -> None:
    case = CASES[0]
    (tmp_path / "real.xml").write_text(case.text, encoding="utf-8")
    os.link(tmp_path / "real.xml", tmp_path / "other.xml")
    run = run_cfguard("check", "--fix", "real.xml", cwd=tmp_path)
    assert_no_traceback(run.err)
    assert (tmp_path / "other.xml").read_text(encoding="utf-8") == fixed_text(case)
    assert (tmp_path / "real.xml").stat().st_nlink == 2


def test_the_report_after_fix_reads_the_invalidation_batch_it_fixed(tmp_path: Path) -> None:
    secure = (EXAMPLES / "secure-distribution.xml").read_text(encoding="utf-8")
    before = secure.replace(
        "<ViewerProtocolPolicy>redirect-to-https", "<ViewerProtocolPolicy>allow-all"
    )
    (tmp_path / "before.xml").write_text(before, encoding="utf-8")
    (tmp_path / "site.xml").write_text(before, encoding="utf-8")
    batch = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">\n'
        "  <Paths>\n    <Quantity>1</Quantity>\n    <Items>\n      <Path>*</Path>\n"
        "    </Items>\n  </Paths>\n  <CallerReference>deploy-43</CallerReference>\n"
        "</InvalidationBatch>\n"
    )
    (tmp_path / "site.invalidation.xml").write_text(batch, encoding="utf-8")
    run = run_cfguard("check", "--fix", "site.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert_no_traceback(run.err)
    # The batch's path got its "/", so it clears the cache the switch left: no CFG201.
    assert "<Path>/*</Path>" in (tmp_path / "site.invalidation.xml").read_text(encoding="utf-8")
    assert (run.code, run.out) == (0, "Checked 2 files: no findings (2 fixed).\n")


def test_a_diff_applies_whatever_the_line_ends(tmp_path: Path) -> None:
    case = CASES[2]
    (tmp_path / case.name).write_text(case.text.replace("\n", "\r"), encoding="utf-8", newline="")
    run = run_cfguard("check", "--diff", case.name, cwd=tmp_path)
    assert run.code == 1
    (tmp_path / "fix.diff").write_text(run.out, encoding="utf-8", newline="")
    applied = subprocess.run(
        ["git", "apply", "fix.diff"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert applied.returncode == 0, applied.stderr
    expected = fixed_text(case).replace("\n", "\r")
    assert (tmp_path / case.name).read_bytes().decode("utf-8") == expected


def test_the_report_cannot_share_standard_output_with_the_fixed_document() -> None:
    run = run_cfguard("check", "--fix", "-o", "-", "-", stdin=CASES[0].text.encode())
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("cfguard: --fix on standard input writes the fixed document")


def test_unsafe_fixes_write_the_invalidation_batch_a_switch_to_https_needs(
    tmp_path: Path,
) -> None:
    secure = (EXAMPLES / "secure-distribution.xml").read_text(encoding="utf-8")
    before = secure.replace(
        "<ViewerProtocolPolicy>redirect-to-https", "<ViewerProtocolPolicy>allow-all"
    )
    (tmp_path / "before.xml").write_text(before, encoding="utf-8")
    (tmp_path / "site.xml").write_text(secure, encoding="utf-8")
    args = ("site.xml", "--baseline", "before.xml")
    check = run_cfguard("check", *args, cwd=tmp_path)
    assert "CFG201 [warning] the default cache behavior switched" in check.out
    assert check.out.splitlines()[-1].endswith("(1 more with --unsafe-fixes).")
    diff = run_cfguard("check", "--diff", "--unsafe-fixes", *args, cwd=tmp_path)
    assert diff.code == 1
    assert diff.out.startswith("--- /dev/null\n+++ b/site.invalidation.xml\n@@ -0,0 +1,10 @@\n")
    assert "+      <Path>/*</Path>\n" in diff.out
    assert not (tmp_path / "site.invalidation.xml").exists()
    report = json.loads(run_cfguard("check", "--format", "json", *args, cwd=tmp_path).out)
    [switch] = [f for f in report["files"][0]["findings"] if f["rule"] == "CFG201"]
    assert switch["fix"]["applicability"] == "unsafe"
    assert switch["fix"]["edits"] == []
    [created] = switch["fix"]["creates"]
    assert created["name"] == "site.invalidation.xml"
    assert "<Path>/*</Path>" in created["content"]
    safe = run_cfguard("check", "--fix", *args, cwd=tmp_path)
    assert not (tmp_path / "site.invalidation.xml").exists()  # unsafe: only when asked for
    assert safe.code == 1
    fixed = run_cfguard("check", "--fix", "--unsafe-fixes", *args, cwd=tmp_path)
    assert_no_traceback(fixed.err)
    batch = (tmp_path / "site.invalidation.xml").read_text(encoding="utf-8")
    assert batch == diff.out.split("@@\n", 1)[1].replace("\n+", "\n")[1:]
    assert (tmp_path / "site.xml").read_text(encoding="utf-8") == secure  # nothing else edited
    assert (fixed.code, fixed.out) == (0, "Checked 1 file: no findings (1 fixed).\n")
    # The batch now counts, and a file that is there is never overwritten.
    again = run_cfguard("check", *args, cwd=tmp_path)
    assert (again.code, again.out) == (0, "Checked 2 files: no findings.\n")
    (tmp_path / "site.invalidation.xml").write_text("mine\n", encoding="utf-8")
    kept = run_cfguard("check", "--fix", "--unsafe-fixes", *args, cwd=tmp_path)
    assert (tmp_path / "site.invalidation.xml").read_text(encoding="utf-8") == "mine\n"
    assert kept.code != 0

"""`terraform show -json` plans through the real command: findings at the plan's own lines,
named by address; what the provider filled in is not taken for written; what is known only
after apply is unknown; a plan that switches a behavior from allow-all is CFG201, with the
command to run after `terraform apply`."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.conftest import assert_no_traceback, run_cfguard

HERE = Path(__file__).resolve().parent
REGULA = (
    HERE
    / "data"
    / "regula-distribution_https_infra"
    / "regula-distribution_https_infra.tfplan.json"
)


def regula() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(REGULA.read_text())
    return loaded


def check(tmp_path: Path, plan: dict[str, Any], *args: str) -> tuple[int, list[str]]:
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=2))
    run = run_cfguard("check", *args, "plan.json", cwd=tmp_path)
    assert_no_traceback(run.err)
    return run.code, run.out.splitlines()


def line_of(tmp_path: Path, text: str, after: str = "") -> int:
    lines = (tmp_path / "plan.json").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def test_the_regula_plan_gives_findings_at_plan_lines_named_by_address() -> None:
    run = run_cfguard("check", "--select", "CFG101", str(REGULA))
    assert run.code == 1
    lines = REGULA.read_text().splitlines()
    expected = next(i for i, line in enumerate(lines) if '"allow-all"' in line) + 1
    assert run.out.splitlines()[0] == (
        f"{REGULA}:{expected}:43: CFG101 [error] distribution "
        "aws_cloudfront_distribution.allow_all: the default cache behavior accepts plain HTTP "
        '(viewer_protocol_policy = "allow-all"); use redirect-to-https or https-only '
        "(http-allowed)"
    )
    run = run_cfguard("check", "--select", "CFG101", "--format", "json", str(REGULA))
    [finding] = json.loads(run.out)["files"][0]["findings"]
    assert finding["resource"] == "aws_cloudfront_distribution.allow_all"


def test_a_default_the_provider_filled_in_is_not_taken_for_written(tmp_path: Path) -> None:
    # The plan's values say minimum_protocol_version = "TLSv1" for the default certificate,
    # which nobody wrote: CFG103's note is about the default certificate, not the version.
    code, out = check(tmp_path, regula(), "--select", "CFG103")
    assert code == 0
    assert all("default *.cloudfront.net certificate is in use" in line for line in out[:-1])


def _switched() -> dict[str, Any]:
    plan = regula()
    planned = plan["planned_values"]["root_module"]["resources"]
    site = next(r for r in planned if r["address"] == "aws_cloudfront_distribution.allow_all")
    before = copy.deepcopy(site["values"])
    before["id"] = "E2QWRUHEXAMPLE"
    site["values"]["default_cache_behavior"][0]["viewer_protocol_policy"] = "redirect-to-https"
    change = next(
        r
        for r in plan["resource_changes"]
        if r["address"] == "aws_cloudfront_distribution.allow_all"
    )
    change["change"]["actions"] = ["update"]
    change["change"]["before"] = before
    return plan


def test_a_plan_that_switches_from_allow_all_is_cfg201_with_the_command(tmp_path: Path) -> None:
    code, out = check(tmp_path, _switched(), "--select", "CFG201")
    assert code == 1  # warnings fail the check by default
    line = line_of(tmp_path, '"redirect-to-https"', after='"planned_values"')
    assert out == [
        f"plan.json:{line}:43: CFG201 [warning] distribution "
        "aws_cloudfront_distribution.allow_all: "
        "the default cache behavior switched from allow-all (baseline) to redirect-to-https; "
        "objects cached over HTTP stay cached (the cache is protocol agnostic) and nothing in "
        "the change clears them: after terraform apply, run aws cloudfront create-invalidation "
        '--distribution-id E2QWRUHEXAMPLE --paths "/*" (Terraform has no invalidation resource; '
        "see cfguard explain CFG201) (https-switch-without-invalidation)",
        "Checked 1 file: 0 errors, 1 warning, 0 info.",
    ]


def test_a_created_distribution_has_no_baseline(tmp_path: Path) -> None:
    plan = _switched()
    change = next(
        r
        for r in plan["resource_changes"]
        if r["address"] == "aws_cloudfront_distribution.allow_all"
    )
    change["change"]["actions"] = ["delete", "create"]  # replaced: a new distribution, empty cache
    code, out = check(tmp_path, plan, "--select", "CFG201")
    assert (code, out) == (0, ["Checked 1 file: no findings."])


def test_a_value_known_after_apply_is_unknown(tmp_path: Path) -> None:
    plan = regula()
    planned = plan["planned_values"]["root_module"]["resources"]
    site = next(r for r in planned if r["address"] == "aws_cloudfront_distribution.allow_all")
    del site["values"]["default_cache_behavior"][0]["viewer_protocol_policy"]
    change = next(
        r
        for r in plan["resource_changes"]
        if r["address"] == "aws_cloudfront_distribution.allow_all"
    )
    change["change"]["after_unknown"]["default_cache_behavior"][0]["viewer_protocol_policy"] = True
    code, out = check(tmp_path, plan, "--select", "CFG101")
    assert (code, out) == (0, ["Checked 1 file: no findings."])


def test_child_module_resources_are_named_by_their_address(tmp_path: Path) -> None:
    plan = regula()
    root = plan["planned_values"]["root_module"]
    site = next(
        r for r in root["resources"] if r["address"] == "aws_cloudfront_distribution.allow_all"
    )
    root["resources"] = []
    site = {**site, "address": "module.cdn.aws_cloudfront_distribution.this[0]", "index": 0}
    root["child_modules"] = [{"address": "module.cdn", "resources": [site]}]
    plan.pop("configuration")
    plan.pop("resource_changes")
    _, out = check(tmp_path, plan, "--select", "CFG101", "--format", "json")
    [finding] = json.loads("\n".join(out))["files"][0]["findings"]
    assert finding["resource"] == "module.cdn.aws_cloudfront_distribution.this[0]"
    assert finding["path"] == (
        "module.cdn.aws_cloudfront_distribution.this[0].default_cache_behavior.viewer_protocol_policy"
    )


def test_a_plan_without_a_distribution_is_skipped(tmp_path: Path) -> None:
    plan = {
        "format_version": "1.0",
        "planned_values": {"root_module": {"resources": []}},
        "note": "aws_cloudfront_distribution is named only here",
    }
    code, out = check(tmp_path, plan)
    assert code == 0
    assert out[-1].startswith("Checked 0 files")

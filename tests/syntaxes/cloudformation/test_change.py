"""CFG201 for templates: the distributions of a template are matched by logical id across two
versions (`--baseline-ref`, `--baseline`), the finding gives the `aws cloudfront
create-invalidation` command to run once the stack is deployed (a template holds no Id: a
placeholder), and a batch beside the template (`<stem>.invalidation*.json|xml`) counts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import assert_no_traceback, run_cfguard
from tests.git_repos import commit, new_repo
from tests.syntaxes.cloudformation.templates import at, quoted

TWO = """\
Resources:
  Docs:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {TargetOriginId: web, ViewerProtocolPolicy: DOCS}
        Origins: [{Id: web, DomainName: docs.example.com, S3OriginConfig: {}}]
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: SITE
        Origins: [{Id: web, DomainName: www.example.com, S3OriginConfig: {}}]
"""
DATE = {"SOURCE_DATE_EPOCH": "1735689600"}  # 2025-01-01
BATCH = {"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": "deploy-2025-01-01"}


def version(docs: str, site: str) -> str:
    return TWO.replace("DOCS", docs).replace("SITE", site)


def test_distributions_are_matched_by_logical_id_and_the_command_has_a_placeholder(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path / "repo")
    (repo / "stack.yaml").write_text(version("allow-all", "allow-all"))
    commit(repo, "http")
    # Site switches to HTTPS; Docs stays as it was, and moves below Site: identity is the name.
    now = version("allow-all", "redirect-to-https")
    docs, site = now.split("  Site:\n")
    now = docs.split("  Docs:\n")[0] + "  Site:\n" + site + "  Docs:\n" + docs.split("  Docs:\n")[1]
    (repo / "stack.yaml").write_text(now)
    result = run_cfguard(
        "check", "--baseline-ref", "HEAD", "--select", "CFG201", "stack.yaml", cwd=repo, env=DATE
    )
    assert_no_traceback(result.err)
    assert result.out.splitlines() == [
        f"stack.yaml:{at(now, 'redirect-to-https')}: CFG201 [warning] distribution Site: the "
        "default cache behavior switched from allow-all (baseline) to redirect-to-https; objects "
        "cached over HTTP stay cached (the cache is protocol agnostic) and no new invalidation "
        'clears them: save {"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": '
        '"cfguard-https-switch-20250101"} beside this file as stack.invalidation.json, and send '
        "it once the stack is deployed with aws cloudfront create-invalidation --distribution-id "
        "<distribution id of Site> --invalidation-batch file://stack.invalidation.json (see "
        "cfguard explain CFG201) (https-switch-without-invalidation)",
        "Checked 1 file: 0 errors, 1 warning, 0 info (1 more with --unsafe-fixes).",
    ]
    # The batch it asks for, saved beside the template, counts (and is checked itself).
    (repo / "stack.invalidation.json").write_text(json.dumps(BATCH))
    cleared = run_cfguard(
        "check", "--baseline-ref", "HEAD", "--select", "CFG201", "stack.yaml", cwd=repo
    )
    assert (cleared.code, cleared.out.splitlines()) == (0, ["Checked 2 files: no findings."])


def test_a_renamed_distribution_is_a_new_one(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    (repo / "stack.yaml").write_text(version("allow-all", "allow-all"))
    commit(repo, "http")
    (repo / "stack.yaml").write_text(
        version("allow-all", "redirect-to-https").replace("  Site:", "  Www:")
    )
    result = run_cfguard(
        "check", "--baseline-ref", "HEAD", "--select", "CFG201", "stack.yaml", cwd=repo
    )
    assert (result.code, result.out.splitlines()) == (0, ["Checked 1 file: no findings."])


def test_a_json_template_against_a_baseline_file(tmp_path: Path) -> None:
    before = {
        "Resources": {
            "Site": {
                "Type": "AWS::CloudFront::Distribution",
                "Properties": {
                    "DistributionConfig": {
                        "Enabled": True,
                        "DefaultCacheBehavior": {
                            "TargetOriginId": "web",
                            "ViewerProtocolPolicy": "allow-all",
                        },
                        "Origins": [
                            {"Id": "web", "DomainName": "a.example.com", "S3OriginConfig": {}}
                        ],
                    }
                },
            }
        }
    }
    (tmp_path / "before.json").write_text(json.dumps(before, indent=2))
    after = json.loads(json.dumps(before))
    config = after["Resources"]["Site"]["Properties"]["DistributionConfig"]
    config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] = "https-only"
    text = json.dumps(after, indent=2)
    (tmp_path / "site.json").write_text(text)
    result = run_cfguard(
        "check", "--baseline", "before.json", "--select", "CFG201", "site.json", cwd=tmp_path
    )
    assert_no_traceback(result.err)
    [finding, summary] = result.out.splitlines()
    assert finding.startswith(
        f"site.json:{quoted(text, 'https-only')}: CFG201 [warning] the default cache behavior "
        "switched from allow-all (baseline) to https-only"
    )
    command = "--distribution-id {distribution id of Site} --invalidation-batch file://"
    assert f"{command}site.invalidation.json" in finding
    assert summary == "Checked 1 file: 0 errors, 1 warning, 0 info (1 more with --unsafe-fixes)."

"""`--baseline-live`: a document compared with its distribution as deployed, the check before
`update-distribution` (CFG201 when the change turns plain HTTP off and nothing invalidates the
cache)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.live.conftest import Account, findings, live_cfguard


def _saved_allow_all(account: Account, directory: Path) -> Path:
    allow_all = account.distributions["allow-all"].id
    live_cfguard(
        "check",
        "--distribution-id",
        allow_all,
        "--endpoint-url",
        account.endpoint,
        "--save",
        directory,
    )
    return directory / f"{allow_all}.json"


def _switch_to_https_only(path: Path) -> tuple[int, int]:
    """Edit the saved file as a user would; return where the new value starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count('"ViewerProtocolPolicy": "allow-all"') == 1
    text = text.replace(
        '"ViewerProtocolPolicy": "allow-all"', '"ViewerProtocolPolicy": "https-only"'
    )
    path.write_text(text, encoding="utf-8")
    offset = text.index('"ViewerProtocolPolicy": "https-only"') + len('"ViewerProtocolPolicy": ')
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def test_an_edited_save_that_switches_to_https_only_reports_cfg201(
    account: Account, tmp_path: Path
) -> None:
    saved = _saved_allow_all(account, tmp_path)
    line, column = _switch_to_https_only(saved)
    account.proxy.requests.clear()
    run = live_cfguard(
        "check", "--baseline-live", "--endpoint-url", account.endpoint, saved, "--format", "json"
    )
    assert run.code == 1, run.err
    (cfg201,) = [f for f in findings(run) if f["rule"] == "CFG201"]
    assert (cfg201["file"], cfg201["line"], cfg201["column"]) == (str(saved), line, column)
    assert cfg201["message"].startswith(
        "the default cache behavior switched from allow-all (baseline) to https-only"
    )
    assert "CFG101" not in {f["rule"] for f in findings(run)}  # the document is https-only now
    assert account.proxy.operations == ["GetDistribution"]


def test_an_invalidation_beside_the_document_satisfies_cfg201(
    account: Account, tmp_path: Path
) -> None:
    saved = _saved_allow_all(account, tmp_path)
    _switch_to_https_only(saved)
    batch = {"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": "switch-to-https"}
    saved.with_name(saved.stem + ".invalidation.json").write_text(json.dumps(batch))
    run = live_cfguard(
        "check", "--baseline-live", "--endpoint-url", account.endpoint, saved, "--format", "json"
    )
    assert run.code == 0, run.out + run.err
    assert "CFG201" not in {f["rule"] for f in findings(run)}


def test_distribution_id_names_the_distribution_of_any_document(
    account: Account, tmp_path: Path
) -> None:
    saved = _saved_allow_all(account, tmp_path)
    _switch_to_https_only(saved)
    renamed = saved.rename(tmp_path / "website.json")
    run = live_cfguard(
        "check",
        "--baseline-live",
        "--endpoint-url",
        account.endpoint,
        renamed,
        "--select",
        "CFG2",
        "--distribution-id",
        account.distributions["allow-all"].id,
    )
    assert run.code == 1, run.err
    assert "CFG201" in run.out


def test_an_unchanged_document_reports_no_switch(account: Account, tmp_path: Path) -> None:
    saved = _saved_allow_all(account, tmp_path)
    run = live_cfguard(
        "check", "--baseline-live", "--endpoint-url", account.endpoint, saved, "--select", "CFG2"
    )
    assert run.code == 0, run.out + run.err


def test_a_document_that_names_no_distribution_is_checked_and_exit_2(
    account: Account, tmp_path: Path
) -> None:
    saved = _saved_allow_all(account, tmp_path)
    renamed = saved.rename(tmp_path / "website.json")
    account.proxy.requests.clear()
    run = live_cfguard("check", "--baseline-live", "--endpoint-url", account.endpoint, renamed)
    assert run.code == 2
    assert "CFG101" in run.out  # its own findings are still reported
    assert run.err == (
        f"cfguard: {renamed}: cannot tell which deployed distribution this is: give "
        "--distribution-id ID, or name the file <Id>.json as `cfguard check --aws --save DIR` "
        "does; checked without a baseline\n"
    )
    assert account.proxy.requests == []


def test_a_distribution_that_is_not_deployed_is_one_line(account: Account, tmp_path: Path) -> None:
    saved = _saved_allow_all(account, tmp_path)
    ghost = saved.rename(tmp_path / "E0000000GHOST.json")
    run = live_cfguard("check", "--baseline-live", "--endpoint-url", account.endpoint, ghost)
    assert run.code == 2
    assert "CFG101" in run.out
    assert run.err == (
        f"cfguard: {ghost}: cannot read the deployed distribution E0000000GHOST: no such "
        "distribution: The specified distribution does not exist. (NoSuchDistribution); "
        "checked without a baseline\n"
    )

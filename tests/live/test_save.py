"""`--save DIR`: each configuration as `get-distribution-config` prints it, findings at its
lines, the same report from the saved files offline, and no file replaced that is not a
previous save of the same distribution."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import assert_no_traceback
from tests.live.conftest import Account, findings, live_cfguard


def _line_and_column(text: str, needle: str) -> tuple[int, int]:
    """Where `needle`'s value (after `": `) starts in `text`, 1-based."""
    offset = text.index(needle) + len(needle.split(": ", maxsplit=1)[0]) + 2
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _keyed(report: list[dict[str, object]]) -> set[tuple[object, ...]]:
    return {(f["file"], f["rule"], f["line"], f["column"], f["message"]) for f in report}


def test_saved_files_are_the_cli_output_and_check_the_same_offline(
    account: Account, tmp_path: Path
) -> None:
    saved = tmp_path / "live"
    run = live_cfguard(
        "check", "--aws", "--endpoint-url", account.endpoint, "--save", saved, "--format", "json"
    )
    assert run.code == 1, run.err
    for name, live in account.distributions.items():
        assert (saved / f"{live.id}.json").read_text(encoding="utf-8") == account.rendered(name)
    assert sorted(os.listdir(saved)) == sorted(
        f"{d.id}.json" for d in account.distributions.values()
    )
    online = findings(run)
    # Findings point at lines of the saved files.
    allow_all = saved / f"{account.distributions['allow-all'].id}.json"
    (cfg101,) = [f for f in online if f["rule"] == "CFG101"]
    assert cfg101["file"] == str(allow_all)
    text = allow_all.read_text(encoding="utf-8")
    assert (cfg101["line"], cfg101["column"]) == _line_and_column(
        text, '"ViewerProtocolPolicy": "allow-all"'
    )
    offline = live_cfguard("check", saved, "--format", "json", environment={})
    assert offline.code == 1, offline.err
    assert _keyed(findings(offline)) == _keyed(online)


def test_a_second_save_of_the_same_distribution_refreshes_it(
    account: Account, tmp_path: Path
) -> None:
    clean = account.distributions["clean"]
    arguments = ("check", "--distribution-id", clean.id, "--endpoint-url", account.endpoint)
    live_cfguard(*arguments, "--save", tmp_path)
    saved = tmp_path / f"{clean.id}.json"
    client = account.client()
    current = client.get_distribution_config(Id=clean.id)
    config = current["DistributionConfig"]
    config["Comment"] = "changed since the last save"
    client.update_distribution(Id=clean.id, IfMatch=current["ETag"], DistributionConfig=config)
    run = live_cfguard(*arguments, "--save", tmp_path)
    assert run.code == 0, run.err
    assert saved.read_text(encoding="utf-8") == account.rendered("clean")
    assert "changed since the last save" in saved.read_text(encoding="utf-8")


def test_save_never_replaces_a_file_that_is_not_its_own(account: Account, tmp_path: Path) -> None:
    allow_all = account.distributions["allow-all"]
    clean = account.distributions["clean"]
    foreign = tmp_path / f"{allow_all.id}.json"
    foreign.write_text('{"DistributionConfig": {"CallerReference": "someone else"}}\n')
    other = tmp_path / f"{clean.id}.json"
    (tmp_path / "elsewhere.json").write_text("keep me\n")
    other.symlink_to(tmp_path / "elsewhere.json")
    run = live_cfguard(
        "check",
        "--aws",
        "--endpoint-url",
        account.endpoint,
        "--save",
        tmp_path,
        "--format",
        "json",
    )
    assert run.code == 2
    assert foreign.read_text() == '{"DistributionConfig": {"CallerReference": "someone else"}}\n'
    assert (tmp_path / "elsewhere.json").read_text() == "keep me\n"
    assert other.is_symlink()
    # In listing order: the clean distribution was created first.
    assert run.err.splitlines() == [
        f"cfguard: {other}: not overwritten: it is not a regular file (a symlink, a directory)",
        f"cfguard: {foreign}: not overwritten: it is not a configuration cfguard saved "
        "(other members)",
    ]
    # The distributions not saved are still checked, under their ARNs: no finding goes missing.
    reported = {f["file"] for f in findings(run)}
    assert allow_all.arn in reported
    assert clean.arn in reported
    assert str(tmp_path / f"{account.distributions['weak-origin'].id}.json") in reported


def test_another_distributions_save_is_not_replaced(account: Account, tmp_path: Path) -> None:
    clean = account.distributions["clean"]
    weak = account.distributions["weak-origin"]
    live_cfguard(
        "check",
        "--distribution-id",
        weak.id,
        "--endpoint-url",
        account.endpoint,
        "--save",
        tmp_path,
    )
    # The weak origin's save, renamed as if it were the clean distribution's.
    (tmp_path / f"{weak.id}.json").rename(tmp_path / f"{clean.id}.json")
    before = (tmp_path / f"{clean.id}.json").read_bytes()
    run = live_cfguard(
        "check",
        "--distribution-id",
        clean.id,
        "--endpoint-url",
        account.endpoint,
        "--save",
        tmp_path,
    )
    assert run.code == 2
    assert "is the configuration of another distribution" in run.err
    assert (tmp_path / f"{clean.id}.json").read_bytes() == before


def test_the_report_is_never_written_into_the_save_directory(
    account: Account, tmp_path: Path
) -> None:
    run = live_cfguard(
        "check",
        "--aws",
        "--endpoint-url",
        account.endpoint,
        "--save",
        tmp_path,
        "-o",
        tmp_path / "report.json",
    )
    assert run.code == 2
    assert "is in the --save directory" in run.err
    assert os.listdir(tmp_path) == []
    assert account.proxy.requests == []  # refused before anything was fetched


def test_save_into_a_file_is_a_one_line_error(account: Account, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    run = live_cfguard(
        "check", "--aws", "--endpoint-url", account.endpoint, "--save", tmp_path / "file"
    )
    assert run.code == 2
    assert run.err == f"cfguard: {tmp_path / 'file'}: not a directory (given with --save)\n"
    assert_no_traceback(run.err)


def test_nothing_is_written_without_save(account: Account, tmp_path: Path) -> None:
    live_cfguard("check", "--aws", "--endpoint-url", account.endpoint, cwd=tmp_path)
    assert os.listdir(tmp_path) == []

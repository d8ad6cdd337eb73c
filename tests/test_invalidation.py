"""CFG202 invalidation-path on the command line, and which invalidation batches count as evidence
for CFG201 (docs/cloudfront.md, "Invalidation after a switch to HTTPS")."""

from __future__ import annotations

from pathlib import Path

from tests.change_docs import (
    PINNED_DATE,
    batch,
    cfg201_lines,
    current,
    legacy_batch,
    where,
    write,
)
from tests.conftest import Run, assert_no_traceback, run_cfguard

RULE = "(invalidation-path)"


def check(*args: str | Path, cwd: Path) -> Run:
    return run_cfguard("check", *args, cwd=cwd, env=PINNED_DATE)


def cfg202_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if " CFG202 " in line]


def test_current_paths_each_at_their_own_line_and_column(tmp_path: Path) -> None:
    text = batch("/*", "images/a.png", "/img/*.jpg", "/ok.html")
    write(tmp_path / "inv.xml", text)
    result = check("inv.xml", cwd=tmp_path)
    assert cfg202_lines(result.out) == [
        f"inv.xml:{where(text, '<Path>images')}: CFG202 [error] [*] invalidation path "
        f'"images/a.png" does not start with "/"; write "/images/a.png" {RULE}',
        f'inv.xml:{where(text, "<Path>/img")}: CFG202 [error] invalidation path "/img/*.jpg" has '
        '"*" before its end; a wildcard works only as the last character: use "/img/*" (it '
        f"clears more) or list the objects {RULE}",
    ]
    assert result.code == 1
    assert_no_traceback(result.err)


def test_legacy_star_is_an_ordinary_character(tmp_path: Path) -> None:
    text = legacy_batch("/css/*.css", "index.html")
    write(tmp_path / "inv.xml", text)
    result = check("inv.xml", cwd=tmp_path)
    assert cfg202_lines(result.out) == [
        f'inv.xml:{where(text, "<Path>index")}: CFG202 [error] [*] invalidation path "index.html" '
        f'does not start with "/"; write "/index.html" {RULE}'
    ]


def test_empty_batches(tmp_path: Path) -> None:
    empty = batch()
    write(tmp_path / "current.xml", empty)
    write(tmp_path / "legacy.xml", legacy_batch())
    message = (
        "CFG202 [error] the invalidation batch lists no path and clears nothing; add at least "
        f"one, e.g. <Path>/*</Path> to clear everything {RULE}"
    )
    result = check("current.xml", "legacy.xml", cwd=tmp_path)
    assert cfg202_lines(result.out) == [
        f"current.xml:{where(empty, '<Paths>')}: {message}",
        f"legacy.xml:2:1: {message}",
    ]


def test_batch_size_limits(tmp_path: Path) -> None:
    individual = [f"/page-{n}.html" for n in range(3001)]
    at_limit = batch(*individual[:3000], *[f"/dir-{n}/*" for n in range(15)])
    write(tmp_path / "at-limit.xml", at_limit)
    over = batch(*individual, *[f"/dir-{n}/*" for n in range(16)])
    write(tmp_path / "over.xml", over)
    legacy_over = legacy_batch(*individual[:1001])
    write(tmp_path / "legacy-over.xml", legacy_over)
    result = check("at-limit.xml", "over.xml", "legacy-over.xml", cwd=tmp_path)
    assert cfg202_lines(result.out) == [
        f"over.xml:{where(over, '<Path>/page-3000.html')}: CFG202 [error] the batch has 3,001 "
        "individual paths; CloudFront accepts at most 3,000 in progress per distribution (this "
        'is number 3,001): split it, or clear a folder with one wildcard path such as "/images/*" '
        f"{RULE}",
        f"over.xml:{where(over, '<Path>/dir-15/*')}: CFG202 [error] the batch has 16 wildcard "
        "paths; CloudFront accepts at most 15 in progress per distribution (this is number 16): "
        f'split it, or use one wildcard higher up ("/*" clears everything) {RULE}',
        f"legacy-over.xml:{where(legacy_over, '<Path>/page-1000.html')}: CFG202 [error] the "
        "batch has 1,001 paths; the legacy API accepts at most 1,000 per batch (this is number "
        f"1,001): split it into batches of 1,000 paths or fewer {RULE}",
    ]


def test_an_empty_legacy_batch_is_no_evidence(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    write(tmp_path / "after.xml", current("https-only"))
    write(tmp_path / "after.invalidation.xml", legacy_batch(reference="empty-1"))
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert len(cfg201_lines(result.out)) == 1
    assert (
        "(after.invalidation.xml would be refused by CloudFront (see its errors, line 2), so it "
        "does not count)"
    ) in result.out
    assert "after.invalidation.xml:2:1: CFG202 [error] the invalidation batch lists no path" in (
        result.out
    )


def test_every_batch_named_after_the_document_counts(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    write(tmp_path / "after.xml", current("https-only"))
    write(tmp_path / "after.invalidation.xml", batch("/index.html"))
    write(tmp_path / "after.invalidation.2.xml", batch("/*", reference="second"))
    assert cfg201_lines(check("after.xml", "--baseline", "before.xml", cwd=tmp_path).out) == []


def test_a_batch_named_after_another_document_does_not_count(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    write(tmp_path / "after.xml", current("https-only"))
    write(tmp_path / "other.xml", current("https-only"))
    write(tmp_path / "other.invalidation.xml", batch("/*"))
    write(tmp_path / "afterthought.xml", batch("/*"))  # "after" prefix, not after's batch
    result = check("after.xml", "--baseline", "before.xml", "other.invalidation.xml", cwd=tmp_path)
    assert len(cfg201_lines(result.out)) == 1
    assert "no new invalidation clears them" in result.out

"""`cfguard check after.xml --baseline before.xml`, as a new user runs it: CFG201 reports a switch
from HTTP to HTTPS that no invalidation given with it clears (docs/cloudfront.md, "Invalidation
after a switch to HTTPS")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.change_docs import (
    NO_INVALIDATION,
    PINNED_DATE,
    batch,
    cfg201_lines,
    current,
    legacy,
    legacy_batch,
    policy_at,
    where,
    write,
)
from tests.conftest import REPO, Run, assert_no_traceback, run_cfguard

RULE = "(https-switch-without-invalidation)"


def check(*args: str | Path, cwd: Path | None = None, stdin: bytes | None = None) -> Run:
    return run_cfguard("check", *args, cwd=cwd, stdin=stdin, env=PINNED_DATE)


def test_legacy_switch_without_invalidation_points_at_required_protocols(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", legacy(https=False))
    after = legacy(https=True)
    write(tmp_path / "after.xml", after)
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert cfg201_lines(result.out) == [
        f"after.xml:{where(after, '<RequiredProtocols>')}: CFG201 [warning] the distribution "
        "switched from HTTP and HTTPS (baseline: no RequiredProtocols) to HTTPS only "
        f"(RequiredProtocols https); {NO_INVALIDATION} {RULE}"
    ]
    assert result.code == 1
    assert_no_traceback(result.err)


def test_legacy_switch_with_a_legacy_invalidation_passes(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", legacy(https=False))
    write(tmp_path / "after.xml", legacy(https=True))
    write(tmp_path / "flush.xml", legacy_batch("/index.html", "/css/site.css"))
    result = check("after.xml", "--baseline", "before.xml", "flush.xml", cwd=tmp_path)
    assert cfg201_lines(result.out) == []
    assert result.code == 0, result.out + result.err
    assert "Checked 2 files" in result.out  # the batch is checked too (CFG202)


def _current_pair(tmp_path: Path) -> str:
    write(tmp_path / "before.xml", current("allow-all", img="allow-all"))
    after = current("redirect-to-https", img="https-only")
    write(tmp_path / "after.xml", after)
    return after


def test_current_switch_with_no_batch_reports_each_switched_behavior(tmp_path: Path) -> None:
    after = _current_pair(tmp_path)
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert cfg201_lines(result.out) == [
        f"after.xml:{policy_at(after, 1)}: CFG201 [warning] the default cache behavior switched "
        f"from allow-all (baseline) to redirect-to-https; {NO_INVALIDATION} {RULE}",
        f'after.xml:{policy_at(after, 2)}: CFG201 [warning] cache behavior "/img/*" switched '
        f"from allow-all (baseline) to https-only; {NO_INVALIDATION} {RULE}",
    ]
    assert result.code == 1


def test_current_switch_with_a_whole_cache_batch_passes(tmp_path: Path) -> None:
    _current_pair(tmp_path)
    write(tmp_path / "flush.xml", batch("/*"))
    result = check("after.xml", "--baseline", "before.xml", "flush.xml", cwd=tmp_path)
    assert cfg201_lines(result.out) == []
    assert result.code == 0, result.out + result.err


def test_current_switch_with_an_index_only_batch_names_what_is_missing(tmp_path: Path) -> None:
    after = _current_pair(tmp_path)
    write(tmp_path / "flush.xml", batch("/index.html", reference="deploy-42"))
    result = check("after.xml", "--baseline", "before.xml", "flush.xml", cwd=tmp_path)
    partial = (
        'objects cached over HTTP stay cached: the invalidation given ("deploy-42": /index.html) '
        "does not clear the whole cache, only the path /* does: add <Path>/*</Path> to it and "
        "raise its <Quantity> by one (see cfguard explain CFG201)"
    )
    assert cfg201_lines(result.out) == [
        f"after.xml:{policy_at(after, 1)}: CFG201 [warning] the default cache behavior switched "
        f"from allow-all (baseline) to redirect-to-https; {partial} {RULE}",
        f'after.xml:{policy_at(after, 2)}: CFG201 [warning] cache behavior "/img/*" switched '
        f"from allow-all (baseline) to https-only; {partial} {RULE}",
    ]
    assert result.code == 1


def test_a_narrower_wildcard_does_not_clear_the_whole_cache(tmp_path: Path) -> None:
    _current_pair(tmp_path)
    write(tmp_path / "flush.xml", batch("/img/*", "/index.html"))
    result = check("after.xml", "--baseline", "before.xml", "flush.xml", cwd=tmp_path)
    assert len(cfg201_lines(result.out)) == 2
    assert "/img/* /index.html) does not clear the whole cache" in result.out


def test_a_batch_named_after_the_document_counts(tmp_path: Path) -> None:
    _current_pair(tmp_path)
    write(tmp_path / "after.invalidation-20250101.xml", batch("/*"))
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert cfg201_lines(result.out) == []
    assert result.code == 0, result.out + result.err
    assert "Checked 2 files:" in result.out  # evidence beside the file is read and checked


def test_invalidation_option_counts_and_the_batch_is_checked(tmp_path: Path) -> None:
    _current_pair(tmp_path)
    write(tmp_path / "flush.xml", batch("/*"))
    args = ("after.xml", "--baseline", "before.xml", "--invalidation", "flush.xml")
    valid = check(*args, cwd=tmp_path)
    assert cfg201_lines(valid.out) == []
    assert valid.code == 0, valid.out + valid.err
    # a batch CloudFront would refuse clears nothing: CFG201 says why, the batch its error
    inv = batch("/*", "images/logo.png")
    write(tmp_path / "flush.xml", inv)
    result = check(*args, cwd=tmp_path)
    assert len(cfg201_lines(result.out)) == 2
    line = where(inv, "<Path>images").split(":")[0]
    assert f"(flush.xml would be refused by CloudFront (see its errors, line {line}), so" in (
        result.out
    )
    assert (
        f"flush.xml:{where(inv, '<Path>images')}: CFG202 [error] [*] invalidation path "
        '"images/logo.png" does not start with "/"' in result.out
    )
    assert result.code == 1


def test_stdin_document_with_a_baseline_file(tmp_path: Path) -> None:
    after = _current_pair(tmp_path)
    result = check("-", "--baseline", "before.xml", cwd=tmp_path, stdin=after.encode())
    assert [line.split(": ")[0] for line in cfg201_lines(result.out)] == [
        f"-:{policy_at(after, 1)}",
        f"-:{policy_at(after, 2)}",
    ]


def test_legacy_baseline_and_current_document_compare_by_behavior(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", legacy(https=False))
    after = current("redirect-to-https", img="https-only")
    write(tmp_path / "after.xml", after)
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert cfg201_lines(result.out) == [
        f"after.xml:{policy_at(after, 1)}: CFG201 [warning] the default cache behavior switched "
        "from HTTP and HTTPS (baseline: no RequiredProtocols) to redirect-to-https; "
        f"{NO_INVALIDATION} {RULE}",
        f'after.xml:{policy_at(after, 2)}: CFG201 [warning] cache behavior "/img/*" is new and '
        "https-only; its paths were served by the distribution with HTTP and HTTPS (baseline: "
        f"no RequiredProtocols); {NO_INVALIDATION} {RULE}",
    ]


def test_current_baseline_and_legacy_document(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("allow-all"))
    after = legacy(https=True)
    write(tmp_path / "after.xml", after)
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert cfg201_lines(result.out) == [
        f"after.xml:{where(after, '<RequiredProtocols>')}: CFG201 [warning] the distribution "
        "switched from allow-all (baseline) to HTTPS only (RequiredProtocols https); "
        f"{NO_INVALIDATION} {RULE}"
    ]


def test_a_removed_http_behavior_now_served_by_an_https_default(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("https-only", img="allow-all"))
    after = current("https-only")
    write(tmp_path / "after.xml", after)
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert cfg201_lines(result.out) == [
        f'after.xml:{policy_at(after, 1)}: CFG201 [warning] cache behavior "/img/*", allow-all '
        "in the baseline, is gone; its paths now fall to the default cache behavior, which is "
        f"https-only; {NO_INVALIDATION} {RULE}"
    ]


def test_no_switch_no_finding(tmp_path: Path) -> None:
    cases = [
        (current("https-only", img="allow-all"), current("https-only", img="allow-all")),
        (current("redirect-to-https"), current("https-only")),  # already HTTPS only
        (current("https-only"), current("allow-all")),  # a downgrade is CFG101's business
        (legacy(https=True), legacy(https=True)),
    ]
    for before, after in cases:
        write(tmp_path / "before.xml", before)
        write(tmp_path / "after.xml", after)
        result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
        assert cfg201_lines(result.out) == [], (before, after)


def test_without_a_baseline_cfg201_never_reports(tmp_path: Path) -> None:
    write(tmp_path / "after.xml", current("https-only"))
    write(tmp_path / "after.invalidation.xml", "this is not XML")
    result = check("after.xml", cwd=tmp_path)
    assert result.code == 0, result.out + result.err
    assert result.err == ""  # the broken sibling is not even read


def test_the_common_path_loads_no_change_aware_code(tmp_path: Path) -> None:
    doc = write(tmp_path / "after.xml", current("https-only"))
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules if m in "
        "{'cfguard.change.baseline', 'cfguard.change.evidence', 'cfguard.change.git', "
        "'subprocess'}), "
        "file=sys.stderr))\n"
        "from cfguard.cli import main\n"
        f"main(['check', '--no-color', {str(doc)!r}])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "[]"


def test_two_distributions_with_one_baseline_is_a_usage_error(tmp_path: Path) -> None:
    _current_pair(tmp_path)
    write(tmp_path / "other.xml", current("https-only"))
    result = check("after.xml", "other.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        "cfguard: --baseline is the previous version of one distribution document, but 2 were "
        "given (after.xml, other.xml); check them one at a time, or use --baseline-ref REV to "
        "compare each file with its own version in git"
    ]


def test_unusable_baseline_files_are_named(tmp_path: Path) -> None:
    write(tmp_path / "after.xml", current("https-only"))
    write(tmp_path / "broken.xml", "<DistributionConfig>\n<oops>\n")
    write(tmp_path / "flush.xml", batch("/*"))
    expectations = {
        "broken.xml": "cfguard: broken.xml: cannot be used as --baseline: not well-formed XML",
        "flush.xml": "cfguard: flush.xml: cannot be used as --baseline: it is an "
        "<InvalidationBatch>, not a distribution",
        "missing.xml": "cfguard: missing.xml: no such file or directory (given as --baseline)",
    }
    for name, message in expectations.items():
        result = check("after.xml", "--baseline", name, cwd=tmp_path)
        assert result.code == 2, name
        assert len(result.err.splitlines()) == 1, result.err
        assert result.err.startswith(message), result.err
        assert_no_traceback(result.err)


def test_option_combinations_that_cannot_work(tmp_path: Path) -> None:
    _current_pair(tmp_path)
    write(tmp_path / "flush.xml", batch("/*"))
    both = check("after.xml", "--baseline", "before.xml", "--baseline-ref", "HEAD", cwd=tmp_path)
    assert both.code == 2
    assert both.err.startswith("cfguard: --baseline and --baseline-ref cannot be combined")
    alone = check("after.xml", "--invalidation", "flush.xml", cwd=tmp_path)
    assert alone.code == 2
    assert alone.err.startswith("cfguard: --invalidation needs --baseline FILE or --baseline-ref")
    not_a_batch = check(
        "after.xml", "--baseline", "before.xml", "--invalidation", "before.xml", cwd=tmp_path
    )
    assert not_a_batch.code == 2
    assert not_a_batch.err == (
        "cfguard: before.xml: cannot be used as --invalidation: <DistributionConfig> is not an "
        "<InvalidationBatch>\n"
    )


def test_a_suppression_comment_on_the_behavior_silences_cfg201(tmp_path: Path) -> None:
    write(tmp_path / "before.xml", current("allow-all", img="allow-all"))
    after = current("redirect-to-https", img="https-only").replace(
        "  <DefaultCacheBehavior>",
        "  <!-- cfguard: ignore[CFG201] the deploy pipeline invalidates /* -->\n"
        "  <DefaultCacheBehavior>",
    )
    write(tmp_path / "after.xml", after)
    result = check("after.xml", "--baseline", "before.xml", cwd=tmp_path)
    assert [line.split(": ")[0] for line in cfg201_lines(result.out)] == [
        f"after.xml:{policy_at(after, 2)}"
    ]
    assert "(1 more with --unsafe-fixes, 1 suppressed)" in result.out

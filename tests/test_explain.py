"""`cfguard rules` and `cfguard explain`: every rule's documentation on the spot, through the real
process (and, for the rendered form, a real pseudo-terminal)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cfguard.rules.registry import all_rules
from tests.conftest import REPO, assert_no_traceback, run_cfguard


def test_rules_lists_every_rule_in_order() -> None:
    result = run_cfguard("rules")
    assert result.code == 0
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == [rule.id for rule in all_rules()]
    http = next(line for line in lines if line.startswith("CFG101"))
    assert http.split()[1:4] == ["http-allowed", "error", "legacy+current"]
    assert http.endswith("Viewers can reach the distribution over plain HTTP")
    assert "CFG103  weak-viewer-tls" in result.out
    assert "CFG902  invalid-suppression" in result.out


def test_rules_json_for_tools() -> None:
    result = run_cfguard("rules", "--format", "json")
    rules = json.loads(result.out)
    assert [rule["id"] for rule in rules] == [rule.id for rule in all_rules()]
    http = next(rule for rule in rules if rule["id"] == "CFG101")
    assert http["name"] == "http-allowed"
    assert http["severity"] == "error"
    assert http["formats"] == ["legacy", "current"]
    assert http["summary"] == "Viewers can reach the distribution over plain HTTP"
    assert http["help_uri"].endswith("rules/CFG101-http-allowed.md")
    assert http["options"] == {}
    tls = next(rule for rule in rules if rule["id"] == "CFG103")
    assert tls["options"] == {"min-version": "TLSv1.2_2021"}


@pytest.mark.parametrize("token", ["CFG101", "cfg101", "http-allowed", "HTTP-Allowed"])
def test_explain_accepts_ids_in_any_case_and_names(token: str) -> None:
    result = run_cfguard("explain", token)
    assert result.code == 0
    assert result.out.startswith("# CFG101 http-allowed\n")
    # Not a terminal: the rule file's Markdown, whole, after a header.
    document = (REPO / "rules" / "CFG101-http-allowed.md").read_text().split("+++", 2)[2].strip()
    assert result.out.endswith(document + "\n")
    assert "Default severity: **error**" in result.out


def test_explain_shows_the_options_of_a_configurable_rule() -> None:
    result = run_cfguard("explain", "CFG106")
    assert "[rules.CFG106]\nmax-aliases = 100\n" in result.out


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("CFG1O1", "cfguard: unknown rule 'CFG1O1'; did you mean CFG101 (http-allowed)"),
        ("http-alowed", "cfguard: unknown rule 'http-alowed'; did you mean CFG101 (http-allowed)"),
        ("nonsense", "cfguard: unknown rule 'nonsense' (`cfguard rules` lists them all)"),
    ],
)
def test_explain_unknown_rule(token: str, message: str) -> None:
    result = run_cfguard("explain", token)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1
    assert_no_traceback(result.err)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_explain_renders_markdown_on_a_terminal() -> None:
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cfguard", "explain", "CFG101"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "\x1b[" in shown  # styled by rich
    assert "What it does" in shown
    assert "## What it does" not in shown  # headings rendered, not Markdown source
    assert "```" not in shown  # code blocks rendered


def test_rules_and_explain_say_whether_a_rule_can_fix() -> None:
    listed = run_cfguard("rules").out.splitlines()
    http = next(line for line in listed if line.startswith("CFG101"))
    assert http.split()[1:5] == ["http-allowed", "error", "legacy+current", "sometimes"]
    sni = next(line for line in listed if line.startswith("CFG105"))
    assert sni.split()[4] == "always"
    aliases = next(line for line in listed if line.startswith("CFG102"))
    assert aliases.split()[4] == "-"
    rules = {rule["id"]: rule for rule in json.loads(run_cfguard("rules", "--format", "json").out)}
    assert (rules["CFG101"]["fix"], rules["CFG105"]["fix"], rules["CFG102"]["fix"]) == (
        "sometimes",
        "always",
        "none",
    )
    explained = run_cfguard("explain", "CFG401").out
    assert "Fix: sometimes available (`cfguard check --fix`" in explained
    assert "\n## Fix\n\nWith `--unsafe-fixes`, `--fix` sets an `http-only`" in explained
    assert "Fix: none (`--fix` leaves its findings to you)." in run_cfguard("explain", "CFG102").out

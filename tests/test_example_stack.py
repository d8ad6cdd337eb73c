"""The README's "One template, three tools": `examples/insecure-stack.yaml` gives each of its
problems at the line and column of the value, as the README shows."""

from __future__ import annotations

from tests.conftest import REPO, run_cfguard

EXPECTED = [
    ("15:7", "CFG303"),
    ("18:9", "CFG102"),
    ("28:37", "CFG401"),
    ("30:19", "CFG402"),
    ("31:19", "CFG402"),
    ("34:33", "CFG101"),
    ("39:35", "CFG101"),
    ("47:35", "CFG103"),
]


def test_the_example_stack_reports_each_problem_at_its_value() -> None:
    result = run_cfguard("check", "examples/insecure-stack.yaml", cwd=REPO)
    lines = result.out.splitlines()
    found = [
        (line.split(":", 3)[1] + ":" + line.split(":", 3)[2], line.split(" ")[1])
        for line in lines[:-1]
    ]
    assert found == EXPECTED
    assert lines[-1] == (
        "Checked 1 file: 3 errors, 3 warnings, 2 info (2 fixable with --fix, 3 more with "
        "--unsafe-fixes)."
    )
    assert result.code == 1
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    shown = [
        line.strip().removesuffix(" ...")
        for line in readme
        if line.strip().startswith("examples/insecure-stack.yaml:")
    ]
    assert len(shown) == len(lines) - 1
    for printed, line in zip(shown, lines[:-1], strict=True):
        assert line.startswith(printed), (printed, line)

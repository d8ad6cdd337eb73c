"""The README's "Terraform" section: `examples/terraform/main.tf` gives each of its problems at
the attribute, as the README shows it, and exits 1."""

from __future__ import annotations

from tests.conftest import REPO, assert_no_traceback, run_cfguard


def test_the_example_module_reports_what_the_readme_shows() -> None:
    result = run_cfguard("check", "examples/terraform/main.tf", cwd=REPO)
    assert_no_traceback(result.err)
    assert result.code == 1
    lines = result.out.splitlines()
    assert [(line.split(" ")[0], line.split(" ")[1]) for line in lines[:-1]] == [
        ("examples/terraform/main.tf:14:33:", "CFG102"),
        ("examples/terraform/main.tf:24:33:", "CFG402"),
        ("examples/terraform/main.tf:39:30:", "CFG101"),
        ("examples/terraform/main.tf:57:32:", "CFG104"),
        ("examples/terraform/main.tf:59:32:", "CFG103"),
    ]
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index("## Terraform")
    block = readme[readme.index("```text", start) + 1 : readme.index("```", start + 8)]
    assert block == lines

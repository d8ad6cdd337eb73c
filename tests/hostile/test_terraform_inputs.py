"""Hostile Terraform through the real command: what a `.tf`, a `.tf.json` or a plan can do to
cfguard, and what the other files of a `.tf` file's directory (which cfguard reads for the
module's certificates and providers) can do. Each ends with a one-line finding or a clean
check: never a traceback, a hang, a file opened that should not be, or a file changed.

The HCL parser's own limits (nesting, size, encodings, binary) are `test_hcl_inputs.py`'s.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.hostile.conftest import Canary, finding_lines

DISTRIBUTION = """\
resource "aws_acm_certificate" "site" {
  domain_name = "example.com"
}

resource "aws_cloudfront_distribution" "site" {
  aliases = ["www.example.com"]
  default_cache_behavior {
    viewer_protocol_policy = "allow-all"
  }
  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.site.arn
  }
}
"""


def test_a_fifo_beside_the_file_is_never_opened(tmp_path: Path, canary: Canary, check: Any) -> None:
    fifo = tmp_path / "providers.tf"
    os.mkfifo(fifo)
    (tmp_path / "main.tf").write_text(DISTRIBUTION)
    (tmp_path / "secret.tf").symlink_to(canary.path)
    result = check(tmp_path / "main.tf", args=("--select", "CFG101"))
    assert result.code == 1
    assert [m["rule"] for m in finding_lines(result.out)] == ["CFG101"]
    assert not canary.opened.is_set()


def test_unreadable_broken_and_huge_neighbours_say_nothing(tmp_path: Path, check: Any) -> None:
    (tmp_path / "main.tf").write_text(DISTRIBUTION)
    (tmp_path / "broken.tf").write_text('resource "aws_acm_certificate" "x" {\n  provider = \n')
    (tmp_path / "binary.tf").write_bytes(b"\x00\xff provider \x00" * 1000)
    (tmp_path / "huge.tf").write_bytes(b"# provider\n" * 1_000_000)  # 11 MB: past the limit
    (tmp_path / "dangling.tf").symlink_to(tmp_path / "nowhere.tf")
    (tmp_path / "loop.tf.json").write_text('{"resource": "aws_acm_certificate"')
    result = check(tmp_path / "main.tf", args=("--select", "CFG101,CFG102,CFG104"))
    # The file's own certificate does not cover the alias (CFG102); no neighbour adds a
    # provider (CFG104 would need one) or anything else.
    assert [m["rule"] for m in finding_lines(result.out)] == ["CFG102", "CFG101"]


def test_a_tf_json_of_the_wrong_shapes_is_read_without_a_traceback(
    tmp_path: Path, check: Any
) -> None:
    shapes: list[Any] = [
        {"resource": "aws_cloudfront_distribution"},
        {"resource": {"aws_cloudfront_distribution": "site"}},
        {"resource": {"aws_cloudfront_distribution": {"site": [1, None, "x"]}}},
        {"resource": [{"aws_cloudfront_distribution": {"site": {"origin": "x", "aliases": {}}}}]},
        {"resource": {"aws_cloudfront_distribution": {"site": {"viewer_certificate": [[]]}}}},
        {"resource": {"aws_cloudfront_distribution": {"site": {"dynamic": ["origin"]}}}},
    ]
    for number, shape in enumerate(shapes):
        path = tmp_path / f"shape{number}.tf.json"
        path.write_text(json.dumps(shape))
        result = check(path)
        assert result.code in (0, 1), (shape, result.out, result.err)
        finding_lines(result.out)


def test_a_plan_of_the_wrong_shapes_is_read_without_a_traceback(tmp_path: Path, check: Any) -> None:
    deep: dict[str, Any] = {"resources": []}
    for _ in range(200):
        deep = {"child_modules": [deep], "resources": []}
    resource = {"address": "a.b", "type": "aws_cloudfront_distribution", "values": {"x": 1}}
    shapes: list[Any] = [
        {"format_version": "1.0", "planned_values": "aws_cloudfront_distribution"},
        {"format_version": "1.0", "planned_values": {"root_module": deep}},
        {"format_version": "1.0", "values": {"root_module": {"resources": [resource, 3]}}},
        {
            "format_version": "1.0",
            "planned_values": {"root_module": {"resources": [resource]}},
            "resource_changes": [{"address": "a.b", "change": {"actions": "update", "before": 1}}],
            "configuration": {"root_module": {"resources": [{"address": "a.b", "expressions": 7}]}},
        },
        {
            "format_version": "1.0",
            "planned_values": {"root_module": {"resources": [resource]}},
            "resource_changes": [
                {
                    "address": "a.b",
                    "change": {
                        "actions": ["update"],
                        "before": {"x": [1]},
                        "after_unknown": {"x": [True], "y": True},
                    },
                }
            ],
        },
    ]
    for number, shape in enumerate(shapes):
        path = tmp_path / f"plan{number}.json"
        path.write_text(json.dumps(shape))
        result = check(path)
        assert result.code in (0, 1), (number, result.out, result.err)
        finding_lines(result.out)

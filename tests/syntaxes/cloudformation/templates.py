"""Small CloudFormation templates for the tests: a clean distribution to break one way at a
time, written as JSON (and, through `yaml_text`, as YAML with short tags)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ARN = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"


def config(**changes: Any) -> dict[str, Any]:
    """A DistributionConfig that no rule finds anything wrong with; `changes` replace or (None)
    remove its properties."""
    base: dict[str, Any] = {
        "Enabled": True,
        "Aliases": ["www.example.com"],
        "DefaultRootObject": "index.html",
        "Origins": [
            {
                "Id": "web",
                "DomainName": "origin.example.com",
                "CustomOriginConfig": {
                    "OriginProtocolPolicy": "https-only",
                    "OriginSSLProtocols": ["TLSv1.2"],
                },
            }
        ],
        "DefaultCacheBehavior": {
            "TargetOriginId": "web",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
        "ViewerCertificate": {
            "AcmCertificateArn": ARN,
            "SslSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021",
        },
        "Logging": {"Bucket": "my-logs.s3.amazonaws.com", "Prefix": "cdn/"},
    }
    for key, value in changes.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def template(
    distribution: dict[str, Any] | None = None,
    *,
    logical_id: str = "Site",
    resources: dict[str, Any] | None = None,
    **sections: Any,
) -> dict[str, Any]:
    """A template holding one distribution (and `resources` after it), with `sections`
    (Parameters, Conditions, Rules, ...) before `Resources`."""
    body: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09", **sections}
    body["Resources"] = {
        logical_id: {
            "Type": "AWS::CloudFront::Distribution",
            "Properties": {"DistributionConfig": copy.deepcopy(distribution or config())},
        },
        **(resources or {}),
    }
    return body


def write_json(path: Path, document: dict[str, Any]) -> str:
    text = json.dumps(document, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def position(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """The 1-based line and column where the `occurrence`-th `needle` starts."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def at(text: str, needle: str, occurrence: int = 0) -> str:
    line, column = position(text, needle, occurrence)
    return f"{line}:{column}"


def quoted(text: str, value: str, occurrence: int = 0) -> str:
    """`at` the JSON string `value`, quotes included."""
    return at(text, json.dumps(value), occurrence)

"""CFG003 on every real template in `data/` (see its PROVENANCE.md): each distribution's
`Properties` checked against the resource schema gives exactly the findings pinned here, each
verified to be a real error, and never one on a value CloudFormation computes.

The pinned findings, reviewed:
* the cfn_nag fixtures are skeletons (`Origins: [{}]`, a `DefaultCacheBehavior` without its
  target or policy): CloudFormation refuses each missing required property, and `TLSv1.1` is not
  a `MinimumProtocolVersion` (`TLSv1.1_2016` is);
* cfn-lint's `bad/conditions.yaml` gives a list as `RestrictionType` and a misspelt
  `BadLocations` inside the `EnableGeoBlocking` branch, and no `DefaultCacheBehavior`; its
  `integration/ref-no-value.yaml` sets `Properties: !Ref AWS::NoValue` and a
  `DefaultCacheBehavior` that is absent or `{}` by the condition (cfn-lint reports the same);
* checkov's `UNKNOWN` example gives `CacheBehaviors` an object, not a list, in both branches;
* the KICS fixture holds placeholders (`boolean-value`, `integer-value`, `String`,
  `string-value`) where CloudFormation wants a boolean, an integer and enum values, and leaves
  out required properties.
The others, hand-written, SAM and CDK templates among them, give none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cfguard.syntaxes.cloudformation.schema import validate
from cfguard.syntaxes.cloudformation.schema.values import intrinsic
from cfguard.syntaxes.json.parser import parse as parse_json
from cfguard.syntaxes.json.tree import JsonTree, Node, fields, items, to_python

DATA = Path(__file__).resolve().parent / "data"
TYPES = ("AWS::CloudFront::Distribution", "AWS::CertificateManager::Certificate")
TEMPLATES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".json", ".yaml", ".yml"))

EXPECTED: dict[str, list[tuple[str, int, int, str]]] = {
    "aws-cdk-integ-distribution-basic.template.json": [],
    "aws-cdk-integ-distribution-default-viewer-protocol-policy.template.json": [],
    "aws-cdk-integ-distribution-logbucket.template.json": [],
    "aws-cloudformation-templates-RainModules-cloudfront-nocache.yml": [],
    "aws-cloudformation-templates-RainModules-static-site.yml": [],
    "aws-cloudformation-templates-S3-compliant-static-website.json": [],
    "aws-cloudformation-templates-S3-compliant-static-website.yaml": [],
    "aws-cloudformation-templates-Solutions-CloudFrontCustomOriginLambdaEdge-CloudFront.json": [],
    "aws-cloudformation-templates-Solutions-CloudFrontCustomOriginLambdaEdge-CloudFront.yaml": [],
    "aws-cloudformation-templates-Solutions-GitLab-GitLabServer-pkg.yaml": [],
    "aws-cloudformation-templates-Solutions-Gitea-Gitea-pkg.yaml": [],
    "aws-cloudformation-templates-Solutions-VSCode-VSCodeServer-pkg.yaml": [],
    "aws-cloudformation-templates-Solutions-WebApp-webapp.json": [],
    "aws-cloudformation-templates-Solutions-WebApp-webapp.yaml": [],
    "aws-samples-amazon-cloudfront-secure-static-site-cloudfront-site.yaml": [],
    "cfn-lint-bad-conditions.yaml": [
        (
            "CloudFrontDistribution",
            86,
            7,
            ("DistributionConfig is missing required property DefaultCacheBehavior"),
        ),
        (
            "CloudFrontDistribution",
            93,
            19,
            (
                "DistributionConfig.Restrictions.GeoRestriction.RestrictionType must be a "
                "string, not a list (when EnableGeoBlocking is true)"
            ),
        ),
        (
            "CloudFrontDistribution",
            95,
            15,
            (
                "Unsupported property BadLocations in "
                "DistributionConfig.Restrictions.GeoRestriction; did you mean Locations? "
                "(when EnableGeoBlocking is true)"
            ),
        ),
    ],
    "cfn-lint-bad-resources_cloudfront_invalid_aliases.yaml": [],
    "cfn-lint-good-conditions.yaml": [],
    "cfn-lint-good-functions-getatt_serverless_function_version.yaml": [],
    "cfn-lint-good-resources-cloudfront-aliases.yaml": [],
    "cfn-lint-integration-ref-no-value.yaml": [
        (
            "CloudFront1",
            39,
            5,
            (
                "This AWS::CloudFront::Distribution has no Properties; it requires property "
                "DistributionConfig"
            ),
        ),
        (
            "CloudFront2",
            45,
            9,
            (
                "DistributionConfig is missing required property DefaultCacheBehavior (when "
                "IsUsEast1 is true)"
            ),
        ),
        (
            "CloudFront2",
            49,
            13,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy (when IsUsEast1 is false)"
            ),
        ),
    ],
    "cfn_nag-cloudfront_distribution_without_logging.json": [],
    "cfn_nag-cloudfront_with_no_tls_config.json": [
        (
            "ApiGatewayWithNoTLSConfg",
            8,
            7,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "ApiGatewayWithNoTLSConfg",
            12,
            6,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
    ],
    "cfn_nag-cloudfront_with_tls_10.json": [
        (
            "ApiGatewayWithSSLv3",
            11,
            7,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "ApiGatewayWithSSLv3",
            16,
            6,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "ApiGatewayWithTLS10",
            30,
            7,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "ApiGatewayWithTLS10",
            35,
            6,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "ApiGatewayWithTLS11",
            46,
            33,
            (
                "DistributionConfig.ViewerCertificate.MinimumProtocolVersion must be one of "
                "SSLv3, TLSv1, TLSv1.1_2016, TLSv1.2_2018, TLSv1.2_2019, TLSv1.2_2021, "
                'TLSv1.2_2025, TLSv1.3_2025, TLSv1_2016, not "TLSv1.1"; did you mean '
                "TLSv1.1_2016?"
            ),
        ),
        (
            "ApiGatewayWithTLS11",
            49,
            7,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "ApiGatewayWithTLS11",
            54,
            6,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "ApiGatewayWithTLS12016",
            68,
            7,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "ApiGatewayWithTLS12016",
            73,
            6,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "ApiGatewayWithDefaultTLS",
            87,
            7,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "ApiGatewayWithDefaultTLS",
            92,
            6,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
    ],
    "cfn_nag-cloudfront_with_tls_12.json": [
        (
            "ApiGatewayWithTls12",
            11,
            7,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "ApiGatewayWithTls12",
            14,
            6,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "ApiGatewayWithTls12NewPolicy",
            26,
            7,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "ApiGatewayWithTls12NewPolicy",
            29,
            6,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "ApiGatewayWithTls12OverridebyCloudFrontDefaultCertificateUsage",
            42,
            7,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "ApiGatewayWithTls12OverridebyCloudFrontDefaultCertificateUsage",
            45,
            6,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
    ],
    "checkov-CloudfrontOriginNotHTTPSOnly-template.yaml": [],
    "checkov-example_CloudFrontTLS12-CloudFrontTLS12-FAILED.yaml": [],
    "checkov-example_CloudFrontTLS12-CloudFrontTLS12-PASSED.yaml": [],
    "checkov-example_CloudfrontDistributionLogging-CloudfrontDistributionLogging-FAILED.yaml": [],
    "checkov-example_CloudfrontDistributionLogging-CloudfrontDistributionLogging-PASSED.yaml": [],
    "checkov-example_WAFEnabled-WAFEnabled-FAILED.yaml": [],
    "checkov-example_WAFEnabled-WAFEnabled-PASSED.yaml": [],
    "checkov-example_cloudfrontDistribution-CloudfrontDistributionEncryption-FAILED-2.yaml": [],
    "checkov-example_cloudfrontDistribution-CloudfrontDistributionEncryption-FAILED.yaml": [],
    "checkov-example_cloudfrontDistribution-CloudfrontDistributionEncryption-PASSED.yaml": [],
    "checkov-example_cloudfrontDistribution-CloudfrontDistributionEncryption-UNKNOWN.yaml": [
        (
            "CloudFrontDistribution",
            132,
            13,
            (
                "DistributionConfig.CacheBehaviors must be a list, not an object (when "
                "IsHttps is true)"
            ),
        ),
        (
            "CloudFrontDistribution",
            139,
            13,
            (
                "DistributionConfig.CacheBehaviors must be a list, not an object (when "
                "IsHttps is false)"
            ),
        ),
    ],
    "kics-cloudfront_without_minimum_protocol_tls_1.2-positive1.yaml": [
        (
            "cloudfrontdistribution",
            6,
            7,
            ("DistributionConfig is missing required property Enabled"),
        ),
        (
            "cloudfrontdistribution",
            8,
            13,
            (
                "DistributionConfig.CacheBehaviors[0] is missing required properties "
                "PathPattern, TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "cloudfrontdistribution",
            9,
            28,
            (
                "DistributionConfig.CacheBehaviors[0].LambdaFunctionAssociations[0].EventType"
                " must be one of viewer-request, viewer-response, origin-request, "
                'origin-response, not "string-value"'
            ),
        ),
        (
            "cloudfrontdistribution",
            11,
            9,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "cloudfrontdistribution",
            13,
            26,
            (
                "DistributionConfig.DefaultCacheBehavior.LambdaFunctionAssociations[0].EventType"
                " must be one of viewer-request, viewer-response, origin-request, "
                'origin-response, not "string-value"'
            ),
        ),
        (
            "cloudfrontdistribution",
            15,
            22,
            ('DistributionConfig.IPV6Enabled must be true or false, not "boolean-value"'),
        ),
        (
            "cloudfrontdistribution",
            17,
            13,
            (
                "DistributionConfig.Origins[0].CustomOriginConfig is missing required "
                "property OriginProtocolPolicy"
            ),
        ),
        (
            "cloudfrontdistribution",
            17,
            13,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "cloudfrontdistribution",
            18,
            39,
            (
                "DistributionConfig.Origins[0].CustomOriginConfig.OriginKeepaliveTimeout must"
                ' be an integer, not "integer-value"'
            ),
        ),
        (
            "cloudfrontdistribution",
            19,
            34,
            (
                "DistributionConfig.Origins[0].CustomOriginConfig.OriginReadTimeout must be "
                'an integer, not "integer-value"'
            ),
        ),
        (
            "cloudfrontdistribution",
            25,
            31,
            (
                "DistributionConfig.ViewerCertificate.SslSupportMethod must be one of "
                'sni-only, static-ip, vip, not "String"'
            ),
        ),
        (
            "cloudfrontdistribution2",
            32,
            7,
            ("DistributionConfig is missing required property Enabled"),
        ),
        (
            "cloudfrontdistribution2",
            34,
            13,
            (
                "DistributionConfig.CacheBehaviors[0] is missing required properties "
                "PathPattern, TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "cloudfrontdistribution2",
            35,
            28,
            (
                "DistributionConfig.CacheBehaviors[0].LambdaFunctionAssociations[0].EventType"
                " must be one of viewer-request, viewer-response, origin-request, "
                'origin-response, not "string-value"'
            ),
        ),
        (
            "cloudfrontdistribution2",
            37,
            9,
            (
                "DistributionConfig.DefaultCacheBehavior is missing required properties "
                "TargetOriginId, ViewerProtocolPolicy"
            ),
        ),
        (
            "cloudfrontdistribution2",
            39,
            26,
            (
                "DistributionConfig.DefaultCacheBehavior.LambdaFunctionAssociations[0].EventType"
                " must be one of viewer-request, viewer-response, origin-request, "
                'origin-response, not "string-value"'
            ),
        ),
        (
            "cloudfrontdistribution2",
            41,
            22,
            ('DistributionConfig.IPV6Enabled must be true or false, not "boolean-value"'),
        ),
        (
            "cloudfrontdistribution2",
            43,
            13,
            (
                "DistributionConfig.Origins[0].CustomOriginConfig is missing required "
                "property OriginProtocolPolicy"
            ),
        ),
        (
            "cloudfrontdistribution2",
            43,
            13,
            ("DistributionConfig.Origins[0] is missing required properties DomainName, Id"),
        ),
        (
            "cloudfrontdistribution2",
            44,
            39,
            (
                "DistributionConfig.Origins[0].CustomOriginConfig.OriginKeepaliveTimeout must"
                ' be an integer, not "integer-value"'
            ),
        ),
        (
            "cloudfrontdistribution2",
            45,
            34,
            (
                "DistributionConfig.Origins[0].CustomOriginConfig.OriginReadTimeout must be "
                'an integer, not "integer-value"'
            ),
        ),
    ],
}


def parsed(name: str) -> JsonTree:
    data = (DATA / name).read_bytes()
    if name.endswith(".json"):
        tree: Any = parse_json(data)
    else:
        parser = pytest.importorskip("cfguard.syntaxes.yaml.parser")
        tree = getattr(parser.parse(data), "tree", None)
    assert isinstance(tree, JsonTree), name
    return tree


def resources(tree: JsonTree) -> Iterator[tuple[str, str, Node | None]]:
    """(logical id, type, Properties node) of each resource the schemas describe."""
    for logical_id, member in fields(fields(tree.root)["Resources"].value).items():
        declared = fields(member.value).get("Type")
        if declared is None or declared.value.value not in TYPES:
            continue
        properties = fields(member.value).get("Properties")
        yield logical_id, str(declared.value.value), properties.value if properties else None


def findings(tree: JsonTree) -> list[tuple[str, int, int | None, str]]:
    return [
        (logical_id, hit.location.line, hit.location.column, str(hit.message))
        for logical_id, kind, properties in resources(tree)
        for hit in validate(tree, properties, kind, f"Resources.{logical_id}.Properties")
    ]


def test_every_template_is_pinned() -> None:
    assert sorted(EXPECTED) == TEMPLATES
    assert len(TEMPLATES) == 37


@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_gives_exactly_its_reviewed_findings(name: str) -> None:
    assert findings(parsed(name)) == EXPECTED[name]


def _steps(path: str) -> Iterator[str | int]:
    """The keys and indexes of a JMESPath as the validator writes it (`a."Fn::If"[2].b`)."""
    decoder = json.JSONDecoder()
    index = 0
    while index < len(path):
        if path[index] == ".":
            index += 1
        elif path[index] == "[":
            end = path.index("]", index)
            yield int(path[index + 1 : end])
            index = end + 1
        elif path[index] == '"':
            key, index = decoder.raw_decode(path, index)
            yield key
        else:
            ends = [end for end in (path.find(".", index), path.find("[", index)) if end != -1]
            end = min(ends, default=len(path))
            yield path[index:end]
            index = end


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_finding_is_on_or_inside_a_computed_value(name: str) -> None:
    tree = parsed(name)
    for logical_id, kind, properties in resources(tree):
        base = f"Resources.{logical_id}.Properties"
        for hit in validate(tree, properties, kind, base):
            node, steps = tree.root, list(_steps(hit.location.path or ""))
            for position, step in enumerate(steps):
                called = intrinsic(node)
                # Only an Fn::If is looked into, and only its branches.
                assert called is None or (called == "Fn::If" and step == "Fn::If"), hit
                if called == "Fn::If":
                    assert steps[position + 1] in (1, 2), hit
                node = items(node)[step] if isinstance(step, int) else fields(node)[step].value


def _values(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value below `value` that is not a computed one's argument (an Fn::If's
    branches are values)."""
    if isinstance(value, dict):
        if len(value) == 1 and (
            next(iter(value)) in ("Ref", "Condition") or next(iter(value)).startswith("Fn::")
        ):
            key = next(iter(value))
            if key == "Fn::If" and isinstance(value[key], list) and len(value[key]) == 3:
                for index in (1, 2):
                    yield (*path, key, index)
                    yield from _values(value[key][index], (*path, key, index))
            return
        for key, child in value.items():
            yield (*path, key)
            yield from _values(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*path, index)
            yield from _values(child, (*path, index))


def _messages(logical_id: str, kind: str, properties: Any) -> set[str]:
    text = json.dumps({"Resources": {logical_id: {"Type": kind, "Properties": properties}}})
    tree = parse_json(text.encode())
    assert isinstance(tree, JsonTree)
    ((_, _, node),) = resources(tree)
    return {
        str(h.message) for h in validate(tree, node, kind, f"Resources.{logical_id}.Properties")
    }


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_computed_value_anywhere_adds_no_finding(name: str) -> None:
    """Each value of each distribution in turn replaced by a `Ref`: the findings are those of
    the template less the ones the replaced value held, never a new one."""
    tree = parsed(name)
    for logical_id, kind, node in resources(tree):
        if node is None:
            continue
        properties = to_python(node)
        before = _messages(logical_id, kind, properties)
        for path in _values(properties):
            changed = json.loads(json.dumps(properties))
            holder = changed
            for step in path[:-1]:
                holder = holder[step]
            holder[path[-1]] = {"Ref": "Parameter"}
            after = _messages(logical_id, kind, changed)
            assert after <= before, (path, after - before)

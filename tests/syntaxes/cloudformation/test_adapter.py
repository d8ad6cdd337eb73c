"""The CloudFormation adapter gives the model the API adapters give: the same distribution as the
AWS CLI's JSON and as a template differ only where the formats do (CloudFormation has no
`CallerReference` and no `Logging.Enabled`, names the distribution by its logical id and is a
stack), and every value is located in the template at the value, with its path from the root."""

from __future__ import annotations

import json
from typing import Any

from cfguard.core.findings import Location
from cfguard.model import Distribution, Unknown, Value, ViewerProtocol
from cfguard.syntaxes import Detected, Refused, get_syntax
from tests.syntaxes.cloudformation.templates import ARN, config, template
from tests.test_adapter_models import LOCATED, differences

JSON = get_syntax("json")


def models(document: dict[str, Any]) -> list[Distribution]:
    tree = JSON.parse(json.dumps(document, indent=2).encode())
    assert not isinstance(tree, Refused), tree
    found = [JSON.adapt(entry) for entry in JSON.documents(tree) if isinstance(entry, Detected)]
    assert all(isinstance(model, Distribution) for model in found), found
    return found  # type: ignore[return-value]  # checked just above


def model(document: dict[str, Any]) -> Distribution:
    [only] = models(document)
    return only


API_CONFIG = {
    "CallerReference": "site-1",
    "Aliases": {"Quantity": 2, "Items": ["www.example.com", "static.example.com"]},
    "Origins": {
        "Quantity": 2,
        "Items": [
            {
                "Id": "web",
                "DomainName": "origin.example.com",
                "CustomOriginConfig": {
                    "HTTPPort": 80,
                    "HTTPSPort": 443,
                    "OriginProtocolPolicy": "https-only",
                    "OriginSslProtocols": {"Quantity": 2, "Items": ["TLSv1.1", "TLSv1.2"]},
                },
            },
            {
                "Id": "files",
                "DomainName": "files.s3.amazonaws.com",
                "S3OriginConfig": {"OriginAccessIdentity": ""},
            },
        ],
    },
    "OriginGroups": {
        "Quantity": 1,
        "Items": [
            {
                "Id": "both",
                "FailoverCriteria": {"StatusCodes": {"Quantity": 1, "Items": [503]}},
                "Members": {"Quantity": 2, "Items": [{"OriginId": "web"}, {"OriginId": "files"}]},
            }
        ],
    },
    "DefaultCacheBehavior": {"TargetOriginId": "both", "ViewerProtocolPolicy": "allow-all"},
    "CacheBehaviors": {
        "Quantity": 1,
        "Items": [
            {
                "PathPattern": "/files/*",
                "TargetOriginId": "files",
                "ViewerProtocolPolicy": "https-only",
            }
        ],
    },
    "Comment": "",
    "Logging": {
        "Enabled": True,
        "IncludeCookies": False,
        "Bucket": "logs.s3.amazonaws.com",
        "Prefix": "cdn/",
    },
    "ViewerCertificate": {
        "ACMCertificateArn": ARN,
        "SSLSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1",
        "CloudFrontDefaultCertificate": False,
    },
    "Enabled": True,
}

TEMPLATE_CONFIG = {
    "Aliases": ["www.example.com", "static.example.com"],
    "Origins": [
        {
            "Id": "web",
            "DomainName": "origin.example.com",
            "CustomOriginConfig": {
                "HTTPPort": 80,
                "HTTPSPort": 443,
                "OriginProtocolPolicy": "https-only",
                "OriginSSLProtocols": ["TLSv1.1", "TLSv1.2"],
            },
        },
        {
            "Id": "files",
            "DomainName": "files.s3.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": ""},
        },
    ],
    "OriginGroups": API_CONFIG["OriginGroups"],
    "DefaultCacheBehavior": {"TargetOriginId": "both", "ViewerProtocolPolicy": "allow-all"},
    "CacheBehaviors": [
        {"PathPattern": "/files/*", "TargetOriginId": "files", "ViewerProtocolPolicy": "https-only"}
    ],
    "Comment": "",
    "Logging": {"IncludeCookies": False, "Bucket": "logs.s3.amazonaws.com", "Prefix": "cdn/"},
    "ViewerCertificate": {
        "AcmCertificateArn": ARN,
        "SslSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1",
        "CloudFrontDefaultCertificate": "false",  # CloudFormation converts the text
    },
    "Enabled": True,
}


def test_the_same_distribution_as_api_json_and_as_a_template_gives_the_same_model() -> None:
    api = model({"ETag": "E2QWRUHEXAMPLE", "DistributionConfig": API_CONFIG})
    stack = model(template(TEMPLATE_CONFIG))
    assert differences(api, stack) == {
        "caller_reference": (
            {"literal": "site-1", "expression": None, "location": LOCATED},
            None,
        ),
        "logging.enabled": ({"literal": True, "expression": None, "location": LOCATED}, None),
        "address": (None, "Site"),
        "is_stack": (False, True),
    }


def test_values_are_located_at_the_value_with_their_path_from_the_root() -> None:
    document = template(config())
    text = json.dumps(document, indent=2)
    dist = model(document)
    policy = dist.behaviors[0].location
    line = text[: text.index('"redirect-to-https"')].count("\n") + 1
    assert (policy.line, policy.path, policy.resource) == (
        line,
        "Resources.Site.Properties.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy",
        "Site",
    )
    [alias] = dist.aliases
    assert alias.location.identity == (
        "Resources.Site.Properties.DistributionConfig.Aliases['www.example.com']"
    )
    brace = text.rindex("{", 0, text.index('"Id": "web"'))  # the entry's opening brace
    assert dist.origins[0].location.line == text[:brace].count("\n") + 1
    assert dist.origins[0].location.identity.endswith("Origins[Id='web']")


def test_what_the_template_does_not_decide_is_unknown() -> None:
    distribution = config(
        Aliases={"Ref": "Names"},
        DefaultCacheBehavior={
            "TargetOriginId": "web",
            "ViewerProtocolPolicy": {"Fn::GetAtt": ["Policy", "Value"]},
        },
        ViewerCertificate={
            "AcmCertificateArn": {"Ref": "CertificateArn"},
            "SslSupportMethod": "sni-only",
            "MinimumProtocolVersion": {"Fn::ImportValue": "tls-floor"},
        },
    )
    dist = model(template(distribution, Parameters={"Names": {"Type": "CommaDelimitedList"}}))
    assert dist.behaviors[0].viewer_protocol == Unknown('{"Fn::GetAtt": ["Policy", "Value"]}')
    [alias] = dist.aliases
    assert alias.is_unknown
    assert alias.expression == '{"Ref": "Names"}'
    certificate = dist.certificate
    assert certificate is not None
    assert certificate.acm_arn is not None
    assert certificate.acm_arn.expression == '{"Ref": "CertificateArn"}'
    assert certificate.minimum_protocol_version is not None
    assert certificate.minimum_protocol_version.expression == '{"Fn::ImportValue": "tls-floor"}'


def test_a_parameter_default_is_the_value_located_at_the_ref() -> None:
    distribution = config(Aliases={"Ref": "Names"})
    parameters = {"Names": {"Type": "CommaDelimitedList", "Default": "a.example.com,b.example.com"}}
    document = template(distribution, Parameters=parameters)
    text = json.dumps(document, indent=2)
    dist = model(document)
    assert [alias.value for alias in dist.aliases] == ["a.example.com", "b.example.com"]
    where: Location = dist.aliases[0].location
    assert where.line == text[: text.index('"Ref": "Names"')].count("\n") + 1
    assert where.via == "parameter Names's Default, a.example.com,b.example.com"


def test_fn_if_gives_one_model_for_each_value_of_its_condition() -> None:
    distribution = config(
        DefaultCacheBehavior={
            "TargetOriginId": "web",
            "ViewerProtocolPolicy": {"Fn::If": ["IsProd", "https-only", "allow-all"]},
        },
        Logging={
            "Fn::If": ["IsProd", {"Bucket": "logs.s3.amazonaws.com"}, {"Ref": "AWS::NoValue"}]
        },
    )
    conditions = {
        "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
        "IsTest": {"Fn::Not": [{"Condition": "IsProd"}]},
    }
    prod, other = models(template(distribution, Conditions=conditions))
    assert prod.behaviors[0].viewer_protocol is ViewerProtocol.HTTPS_ONLY
    assert other.behaviors[0].viewer_protocol is ViewerProtocol.ALLOW_ALL
    assert prod.logging is not None
    assert other.logging is None


def test_a_bucket_of_the_template_gives_its_name_and_its_domain_name() -> None:
    resources = {"Logs": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "my-logs"}}}
    by_ref = model(template(config(Logging={"Bucket": {"Ref": "Logs"}}), resources=resources))
    assert by_ref.logging is not None
    assert by_ref.logging.bucket is not None
    assert by_ref.logging.bucket.value == "my-logs"
    domain = {"Bucket": {"Fn::GetAtt": ["Logs", "RegionalDomainName"]}}
    by_att = model(template(config(Logging=domain), resources=resources))
    assert by_att.logging is not None
    assert by_att.logging.bucket is not None
    assert by_att.logging.bucket.value == "my-logs.s3.us-east-1.amazonaws.com"


def test_fn_sub_with_decided_parts_is_its_text() -> None:
    arn = {"Fn::Sub": "arn:${AWS::Partition}:acm:eu-west-1:${AWS::AccountId}:certificate/abc"}
    dist = model(template(config(ViewerCertificate={"AcmCertificateArn": arn})))
    assert dist.certificate is not None
    found: Value[str] | None = dist.certificate.acm_arn
    assert found is not None
    assert found.value == "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
    assert found.location.via == "with 123456789012 standing for AWS::AccountId"
    regional = {"Fn::Sub": "arn:aws:acm:${AWS::Region}:${AWS::AccountId}:certificate/abc"}
    unknown = model(template(config(ViewerCertificate={"AcmCertificateArn": regional})))
    assert unknown.certificate is not None
    assert unknown.certificate.acm_arn is not None
    assert unknown.certificate.acm_arn.is_unknown

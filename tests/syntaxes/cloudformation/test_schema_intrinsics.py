"""CFG003 never reports a value CloudFormation computes: intrinsic functions (`Ref`, `Condition`,
`Fn::...`), dynamic references, `Fn::Transform`; `AWS::NoValue` is a property left out; both
branches of an `Fn::If` are checked, each finding saying which branch."""

from __future__ import annotations

from typing import Any

import pytest

from tests.syntaxes.cloudformation.test_schema_validate import (
    DROP,
    at,
    behavior,
    check,
    config,
    custom,
    hits,
    origin,
    template,
)

NO_VALUE = {"Ref": "AWS::NoValue"}
CALLS: list[Any] = [
    {"Ref": "Parameter"},
    {"Fn::GetAtt": ["Bucket", "RegionalDomainName"]},
    {"Fn::GetAtt": "Bucket.Arn"},
    {"Fn::Sub": "${AWS::StackName}-site"},
    {"Fn::Join": ["", ["a", {"Ref": "B"}]]},
    {"Fn::Select": [0, {"Fn::Split": [",", {"Ref": "List"}]}]},
    {"Fn::FindInMap": ["Map", {"Ref": "AWS::Region"}, "Key"]},
    {"Fn::ImportValue": "shared-value"},
    {"Fn::If": ["Condition", {"Ref": "A"}, {"Ref": "B"}]},
    {"Fn::Base64": "x"},
    {"Fn::Equals": ["a", "b"]},
    {"Condition": "IsProd"},
    {"Fn::Length": [1, 2]},
    {"Fn::ToJsonString": {"a": 1}},
]


@pytest.mark.parametrize("call", CALLS, ids=lambda call: next(iter(call)))
@pytest.mark.parametrize(
    "make",
    [
        lambda v: config(Enabled=v),  # a boolean
        lambda v: config(Origins=v),  # a list
        lambda v: config(Origins=[v]),  # a list item that is an object
        lambda v: config(DefaultCacheBehavior=v),  # a whole required object
        lambda v: config(DefaultCacheBehavior=behavior(ViewerProtocolPolicy=v)),  # an enum
        lambda v: config(PriceClass=v),
        lambda v: custom(HTTPSPort=v),  # an integer with a range
        lambda v: custom(OriginSSLProtocols=[v, "TLSv1.2"]),  # an enum item
        lambda v: config(CustomErrorResponses=[{"ErrorCode": v}]),  # an integer enum
        lambda v: config(Aliases=v),
        lambda v: {"DistributionConfig": v},
        lambda v: v,  # Properties itself
        lambda v: {**config(), "Tags": [{"Key": v, "Value": v}]},
    ],
    ids=[
        "boolean",
        "list",
        "list-item",
        "object",
        "enum",
        "enum2",
        "integer",
        "enum-item",
        "integer-enum",
        "aliases",
        "config",
        "properties",
        "tag",
    ],
)
def test_an_intrinsic_is_accepted_wherever_a_value_is_expected(make: Any, call: Any) -> None:
    assert check(template(make(call))) == []


@pytest.mark.parametrize(
    "value",
    [
        "{{resolve:ssm:/site/policy}}",
        "{{resolve:secretsmanager:site:SecretString:policy}}",
        "prefix-{{resolve:ssm:/site/policy:2}}",
    ],
)
def test_a_dynamic_reference_is_accepted(value: str) -> None:
    text = template(config(DefaultCacheBehavior=behavior(ViewerProtocolPolicy=value)))
    assert check(text) == []
    assert check(template(custom(HTTPSPort=value))) == []


def test_an_object_spliced_by_a_transform_is_not_looked_into() -> None:
    include = {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}
    behaviour = {"TargetOriginId": "site", **include}
    assert check(template(config(DefaultCacheBehavior=behaviour))) == []


def test_both_branches_of_an_if_are_checked() -> None:
    price = {"Fn::If": ["IsProd", "PriceClass_All", "PriceClass_50"]}
    text = template(config(PriceClass=price))
    (hit,) = hits(text)
    assert (hit.location.line, hit.location.column, hit.message) == (
        *at(text, '"PriceClass_50"'),
        "DistributionConfig.PriceClass must be one of None, PriceClass_100, PriceClass_200, "
        'PriceClass_All, not "PriceClass_50"; did you mean PriceClass_200? (when IsProd is false)',
    )
    assert hit.location.path == (
        'Resources.Site.Properties.DistributionConfig.PriceClass."Fn::If"[2]'
    )


def test_an_if_around_a_whole_object_checks_each() -> None:
    certificate = {
        "Fn::If": [
            "HasCertificate",
            {"AcmCertificateArn": {"Ref": "Certificate"}, "SslSupportMethod": "sni-on"},
            {"CloudFrontDefaultCertificate": True},
        ]
    }
    text = template(config(ViewerCertificate=certificate))
    assert check(text) == [
        (
            *at(text, '"sni-on"'),
            "DistributionConfig.ViewerCertificate.SslSupportMethod must be one of sni-only, "
            'static-ip, vip, not "sni-on"; did you mean sni-only? (when HasCertificate is true)',
        )
    ]


def test_nested_ifs_say_each_condition_and_skip_what_is_never_taken() -> None:
    inner = {"Fn::If": ["IsProd", "allow-all", "https"]}  # "https" needs IsProd false: never
    outer = {"Fn::If": ["IsProd", inner, {"Fn::If": ["IsEdge", "http", "https-only"]}]}
    text = template(config(DefaultCacheBehavior=behavior(ViewerProtocolPolicy=outer)))
    assert check(text) == [
        (
            *at(text, '"http"'),
            "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy must be one of "
            'allow-all, https-only, redirect-to-https, not "http" (when IsProd is false and '
            "IsEdge is true)",
        )
    ]


def test_an_if_in_a_list_and_an_if_giving_a_list() -> None:
    item = {"Fn::If": ["Legacy", "SSLv2", NO_VALUE]}
    text = template(custom(OriginSSLProtocols=["TLSv1.2", item]))
    assert check(text) == [
        (
            *at(text, '"SSLv2"'),
            "DistributionConfig.Origins[0].CustomOriginConfig.OriginSSLProtocols[1] must be one "
            'of SSLv3, TLSv1, TLSv1.1, TLSv1.2, not "SSLv2"; did you mean SSLv3? (when Legacy '
            "is true)",
        )
    ]
    origins = {"Fn::If": ["Two", [origin(), origin(Id="b")], [origin(DomainName=DROP)]]}
    text = template(config(Origins=origins))
    second = text.index('"Id": "site"', text.index('"Id": "b"'))  # the one origin when false
    brace = text.rindex("{", 0, second)
    assert check(text) == [
        (
            *at(text[: brace + 1], "{", text[:brace].count("{")),
            "DistributionConfig.Origins[0] is missing required property DomainName (when Two is "
            "false)",
        )
    ]


def test_no_value_is_a_property_left_out() -> None:
    assert check(template(config(Comment=NO_VALUE, Logging=NO_VALUE))) == []
    text = template(config(Enabled=NO_VALUE))
    assert check(text) == [
        (
            *at(text, '"DistributionConfig"'),
            "DistributionConfig is missing required property Enabled",
        )
    ]


def test_a_required_property_an_if_may_leave_out() -> None:
    enabled = {"Fn::If": ["Live", True, NO_VALUE]}
    text = template(config(Enabled=enabled))
    assert check(text) == [
        (
            *at(text, '"Enabled"'),
            "DistributionConfig is missing required property Enabled (when Live is false)",
        )
    ]


def test_no_value_items_do_not_count() -> None:
    members = {"Quantity": 2, "Items": [{"OriginId": "a"}, NO_VALUE, {"OriginId": "b"}]}
    group = {
        "Id": "g",
        "FailoverCriteria": {"StatusCodes": {"Quantity": 1, "Items": [500]}},
        "Members": members,
    }
    assert check(template(config(OriginGroups={"Quantity": 1, "Items": [group]}))) == []
    maybe = {"Fn::If": ["Three", {"OriginId": "c"}, NO_VALUE]}
    members = {"Quantity": 2, "Items": [{"OriginId": "a"}, {"OriginId": "b"}, maybe]}
    group = {**group, "Members": members}
    # Two certain members and one that may be left out: neither too many nor a Quantity error.
    assert check(template(config(OriginGroups={"Quantity": 1, "Items": [group]}))) == []

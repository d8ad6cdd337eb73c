"""CFG003 for CloudFormation templates as a user sees it: each message, at its line and column.

Small JSON templates, each with one mistake (or none), written by `json.dumps(indent=2)`, so a
finding's line and column are found by searching the template's text for what it points at.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest

from cfguard.syntaxes.cloudformation.schema import validate
from cfguard.syntaxes.json.parser import parse
from cfguard.syntaxes.json.tree import JsonTree, fields

Found = list[tuple[int, int | None, str]]
DISTRIBUTION = "AWS::CloudFront::Distribution"
CERTIFICATE = "AWS::CertificateManager::Certificate"
PATH = "Resources.Site.Properties"
DROP = object()  # a property left out

CONFIG: dict[str, Any] = {
    "Enabled": True,
    "Origins": [
        {
            "Id": "site",
            "DomainName": "example.com",
            "CustomOriginConfig": {"OriginProtocolPolicy": "https-only"},
        }
    ],
    "DefaultCacheBehavior": {
        "TargetOriginId": "site",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
}


def template(properties: Any, resource_type: str = DISTRIBUTION) -> str:
    resource: dict[str, Any] = {"Type": resource_type}
    if properties is not None:
        resource["Properties"] = properties
    return json.dumps({"Resources": {"Site": resource}}, indent=2)


def parsed(text: str) -> JsonTree:
    tree = parse(text.encode())
    assert isinstance(tree, JsonTree), tree
    return tree


def hits(text: str, resource_type: str = DISTRIBUTION) -> list[Any]:
    tree = parsed(text)
    site = fields(fields(tree.root)["Resources"].value)["Site"].value
    properties = fields(site).get("Properties")
    return validate(tree, properties.value if properties else None, resource_type, PATH)


def check(text: str, resource_type: str = DISTRIBUTION) -> Found:
    return [(h.location.line, h.location.column, str(h.message)) for h in hits(text, resource_type)]


def changed(properties: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of `properties` with `changes` made (`DROP` leaves one out)."""
    merged = {**copy.deepcopy(properties), **changes}
    return {key: value for key, value in merged.items() if value is not DROP}


def config(**changes: Any) -> dict[str, Any]:
    """Properties holding the clean DistributionConfig with top-level properties changed."""
    return {"DistributionConfig": changed(CONFIG, changes)}


def behavior(**changes: Any) -> dict[str, Any]:
    return changed(CONFIG["DefaultCacheBehavior"], changes)


def origin(**changes: Any) -> dict[str, Any]:
    return changed(CONFIG["Origins"][0], changes)


def custom(**changes: Any) -> dict[str, Any]:
    """The clean template with its origin's CustomOriginConfig changed."""
    settings = {**CONFIG["Origins"][0]["CustomOriginConfig"], **changes}
    return config(Origins=[origin(CustomOriginConfig=settings)])


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Line and column (1-based) of the `nth` occurrence of `needle`."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def after(text: str, first: str, then: str) -> tuple[int, int]:
    """Where the first `then` after the first `first` is."""
    offset = text.index(then, text.index(first) + len(first))
    return at(text[: offset + len(then)], then, text[:offset].count(then))


def one(text: str, needle: str, message: str, nth: int = 0) -> None:
    assert check(text) == [(*at(text, needle, nth), message)]


def test_a_clean_distribution_gives_nothing() -> None:
    assert check(template(config())) == []


# --- enums ------------------------------------------------------------------------------------


def test_an_enum_names_the_values_and_the_likely_one() -> None:
    text = template(config(DefaultCacheBehavior=behavior(ViewerProtocolPolicy="https")))
    one(
        text,
        '"https"',
        "DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy must be one of allow-all, "
        'https-only, redirect-to-https, not "https"; did you mean https-only?',
    )


def test_the_api_enums_cover_what_the_schema_leaves_open() -> None:
    cache = behavior(ViewerProtocolPolicy="allow", PathPattern="/img/*")
    text = template(config(CacheBehaviors=[cache]))
    one(
        text,
        '"allow"',
        "DistributionConfig.CacheBehaviors[0].ViewerProtocolPolicy must be one of allow-all, "
        'https-only, redirect-to-https, not "allow"; did you mean allow-all?',
    )
    text = template(custom(OriginSSLProtocols=["TLSv1.2", "TLSv1.3"]))
    one(
        text,
        '"TLSv1.3"',
        "DistributionConfig.Origins[0].CustomOriginConfig.OriginSSLProtocols[1] must be one of "
        'SSLv3, TLSv1, TLSv1.1, TLSv1.2, not "TLSv1.3"; did you mean TLSv1.2?',
    )
    text = template(custom(OriginProtocolPolicy="http-onyl"))
    one(
        text,
        '"http-onyl"',
        "DistributionConfig.Origins[0].CustomOriginConfig.OriginProtocolPolicy must be one of "
        'http-only, match-viewer, https-only, not "http-onyl"; did you mean http-only?',
    )


def test_several_values_starting_alike_suggest_none_of_them() -> None:
    certificate = {"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1.2"}
    text = template(config(ViewerCertificate=certificate))
    one(
        text,
        '"TLSv1.2"',
        "DistributionConfig.ViewerCertificate.MinimumProtocolVersion must be one of SSLv3, TLSv1, "
        "TLSv1.1_2016, TLSv1.2_2018, TLSv1.2_2019, TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025, "
        'TLSv1_2016, not "TLSv1.2"',
    )


def test_a_long_enum_is_not_listed_whole() -> None:
    restrictions = {"GeoRestriction": {"RestrictionType": "whitelist", "Locations": ["gb", "UK"]}}
    text = template(config(Restrictions=restrictions))
    values = "must be one of the 249 values AD, AE, AF, AG, …"
    assert check(text) == [
        (
            *at(text, '"gb"'),
            f'DistributionConfig.Restrictions.GeoRestriction.Locations[0] {values}, not "gb"; '
            "did you mean GB?",
        ),
        (
            *at(text, '"UK"'),
            f'DistributionConfig.Restrictions.GeoRestriction.Locations[1] {values}, not "UK"',
        ),
    ]


def test_an_integer_enum_takes_the_number_in_a_string() -> None:
    responses = [{"ErrorCode": "404"}, {"ErrorCode": 418}]
    text = template(config(CustomErrorResponses=responses))
    one(
        text,
        "418",
        "DistributionConfig.CustomErrorResponses[1].ErrorCode must be one of 400, 403, 404, 405, "
        "414, 416, 500, 501, 502, 503, 504, not 418",
    )


# --- properties: unknown, read-only, required, related ----------------------------------------


def test_unknown_properties_at_their_key() -> None:
    certificate = {"ACMCertificateArn": "arn:aws:acm:x", "SslSupportMethod": "sni-only"}
    text = template(config(ViewerCertificate=certificate))
    one(
        text,
        '"ACMCertificateArn"',
        "Unsupported property ACMCertificateArn in DistributionConfig.ViewerCertificate; "
        "did you mean AcmCertificateArn?",
    )
    text = template(config(Logging={"Bucket": "logs.s3.amazonaws.com", "Enabled": True}))
    one(
        text,
        '"Enabled"',
        "Unsupported property Enabled in DistributionConfig.Logging, which takes Bucket, "
        "IncludeCookies, Prefix",
        nth=1,
    )
    text = template(config(Quantity=1))
    one(
        text,
        '"Quantity"',
        "Unsupported property Quantity in DistributionConfig, not one of the 27 properties of "
        "DistributionConfig",
    )
    text = template({**config(), "Tag": []})
    one(text, '"Tag"', "Unsupported property Tag in Properties; did you mean Tags?")


def test_an_object_with_a_key_beside_ref_is_no_intrinsic() -> None:
    certificate = {"Ref": "Certificate", "SslSupportMethod": "sni-only"}
    text = template(config(ViewerCertificate=certificate))
    one(
        text,
        '"Ref"',
        "Unsupported property Ref in DistributionConfig.ViewerCertificate, which takes "
        "AcmCertificateArn, CloudFrontDefaultCertificate, IamCertificateId, "
        "MinimumProtocolVersion, SslSupportMethod",
    )


def test_a_read_only_property() -> None:
    text = template({**config(), "DomainName": "d111111abcdef8.cloudfront.net"})
    one(
        text,
        '"DomainName": "d1',
        "DomainName is a read-only property of AWS::CloudFront::Distribution: CloudFormation "
        "sets it (read it with Fn::GetAtt), a template cannot",
    )


def test_missing_properties_at_the_key_of_their_object() -> None:
    text = template(config(Enabled=DROP))
    one(text, '"DistributionConfig"', "DistributionConfig is missing required property Enabled")
    text = template(config(DefaultCacheBehavior=behavior(TargetOriginId=DROP)))
    one(
        text,
        '"DefaultCacheBehavior"',
        "DistributionConfig.DefaultCacheBehavior is missing required property TargetOriginId",
    )
    text = template({"Tags": []})
    one(text, '"Properties"', "Properties is missing required property DistributionConfig")


def test_missing_properties_of_a_list_item_at_its_start() -> None:
    text = template(config(Origins=[origin(Id=DROP, DomainName=DROP)]))
    message = "DistributionConfig.Origins[0] is missing required properties DomainName, Id"
    assert check(text) == [(*after(text, '"Origins": [', "{"), message)]


def test_a_resource_without_properties() -> None:
    text = template(None)
    one(
        text,
        '"Site"',
        "This AWS::CloudFront::Distribution has no Properties; it requires property "
        "DistributionConfig",
    )
    text = template({"Ref": "AWS::NoValue"})
    one(
        text,
        '"Properties"',
        "This AWS::CloudFront::Distribution has no Properties; it requires property "
        "DistributionConfig",
    )


def test_what_a_property_requires_and_excludes() -> None:
    responses = [{"ErrorCode": 404, "ResponseCode": 200}]
    text = template(config(CustomErrorResponses=responses))
    one(
        text,
        '"ResponseCode"',
        "DistributionConfig.CustomErrorResponses[0] has ResponseCode but not ResponsePagePath, "
        "which ResponseCode requires",
    )
    both = origin(S3OriginConfig={"OriginAccessIdentity": ""})
    text = template(config(Origins=[both]))
    one(
        text,
        '"S3OriginConfig"',
        "DistributionConfig.Origins[0] has both CustomOriginConfig and S3OriginConfig; give only "
        "one of them",
    )


def test_what_a_rule_reports_is_not_a_schema_finding_too() -> None:
    # CFG104 reports a certificate without SslSupportMethod and an IAM id's length.
    certificate = {"IamCertificateId": "A" * 40}
    assert check(template(config(ViewerCertificate=certificate))) == []


# --- scalars as CloudFormation converts them --------------------------------------------------


@pytest.mark.parametrize("value", [True, "true", "True", "TRUE", False, "false", "FALSE"])
def test_booleans_and_the_strings_cloudformation_converts(value: Any) -> None:
    assert check(template(config(IPV6Enabled=value))) == []


@pytest.mark.parametrize(
    ("value", "got"),
    [
        ("yes", '"yes"'),
        ("1", '"1"'),
        ("tRue", '"tRue"'),
        (1, "1"),
        (None, "null"),
        ([True], "a list"),
    ],
)
def test_what_is_no_boolean(value: Any, got: str) -> None:
    text = template(config(IPV6Enabled=value))
    needle = '"IPV6Enabled": '
    line, column = at(text, needle)
    message = f"DistributionConfig.IPV6Enabled must be true or false, not {got}"
    assert check(text) == [(line, column + len(needle), message)]


@pytest.mark.parametrize("value", [443, "443", "+443", 443.0])
def test_integers_and_what_converts_to_one(value: Any) -> None:
    assert check(template(custom(HTTPSPort=value))) == []


@pytest.mark.parametrize(
    ("value", "got"),
    [("443.5", '"443.5"'), (" 443", '" 443"'), ("4_43", '"4_43"'), (1.5, "1.5"), (True, "true")],
)
def test_what_is_no_integer(value: Any, got: str) -> None:
    text = template(custom(HTTPSPort=value))
    needle = '"HTTPSPort": '
    line, column = at(text, needle)
    message = (
        f"DistributionConfig.Origins[0].CustomOriginConfig.HTTPSPort must be an integer, not {got}"
    )
    assert check(text) == [(line, column + len(needle), message)]


@pytest.mark.parametrize("value", [86400, "86400", 0.5, "0.5", "1e3", "-1"])
def test_numbers_and_what_converts_to_one(value: Any) -> None:
    assert check(template(config(DefaultCacheBehavior=behavior(DefaultTTL=value)))) == []


def test_what_is_no_number() -> None:
    text = template(config(DefaultCacheBehavior=behavior(DefaultTTL="a day")))
    one(
        text,
        '"a day"',
        'DistributionConfig.DefaultCacheBehavior.DefaultTTL must be a number, not "a day"',
    )


@pytest.mark.parametrize("value", ["a comment", 42, 1.5, True])
def test_a_string_property_takes_any_scalar(value: Any) -> None:
    assert check(template(config(Comment=value))) == []


@pytest.mark.parametrize(
    ("value", "got"), [(None, "null"), ({"a": 1}, "an object"), ([], "a list")]
)
def test_what_is_no_string(value: Any, got: str) -> None:
    text = template(config(Comment=value))
    needle = '"Comment": '
    line, column = at(text, needle)
    message = f"DistributionConfig.Comment must be a string, not {got}"
    assert check(text) == [(line, column + len(needle), message)]


def test_an_enum_of_strings_compares_a_number_as_the_file_writes_it() -> None:
    text = template(config(PriceClass=100))
    one(
        text,
        "100",
        "DistributionConfig.PriceClass must be one of None, PriceClass_100, PriceClass_200, "
        "PriceClass_All, not 100",
    )


def test_wrong_types_of_objects_and_lists() -> None:
    text = template(config(Origins={"Id": "x"}))
    message = "DistributionConfig.Origins must be a list, not an object"
    assert check(text) == [(*after(text, '"Origins": ', "{"), message)]
    text = template(config(DefaultCacheBehavior=[]))
    one(
        text,
        "[]",
        "DistributionConfig.DefaultCacheBehavior must be a DefaultCacheBehavior object, not a list",
    )
    text = template(["DistributionConfig"])
    assert check(text) == [
        (*after(text, '"Properties": ', "["), "Properties must be an object, not a list")
    ]


# --- facets: ranges, lengths, patterns, list sizes, Quantity ------------------------------------


@pytest.mark.parametrize(("value", "got"), [(70000, "70000"), ("0", '"0"'), (-80, "-80")])
def test_a_port_out_of_range(value: Any, got: str) -> None:
    text = template(custom(HTTPPort=value))
    needle = '"HTTPPort": '
    line, column = at(text, needle)
    number = int(value)
    message = (
        f"DistributionConfig.Origins[0].CustomOriginConfig.HTTPPort must be from 1 to 65535, "
        f"not {number}"
    )
    assert check(text) == [(line, column + len(needle), message)]


def test_lengths_and_patterns() -> None:
    tenant = {
        "ParameterDefinitions": [{"Name": "", "Definition": {}}, {"Name": "a b", "Definition": {}}]
    }
    text = template(config(TenantConfig=tenant))
    assert check(text) == [
        (
            *at(text, '""'),
            "DistributionConfig.TenantConfig.ParameterDefinitions[0].Name must be at least 1 "
            "character long, not 0",
        ),
        (
            *at(text, '"a b"'),
            "DistributionConfig.TenantConfig.ParameterDefinitions[1].Name must match "
            '^[a-zA-Z0-9-_]+$, not "a b"',
        ),
    ]


def test_list_sizes() -> None:
    members = {"Quantity": 3, "Items": [{"OriginId": "a"}, {"OriginId": "b"}, {"OriginId": "c"}]}
    group = {"Id": "g", "FailoverCriteria": {"StatusCodes": {"Quantity": 1, "Items": [500]}}}
    text = template(config(OriginGroups={"Quantity": 1, "Items": [{**group, "Members": members}]}))
    message = (
        "DistributionConfig.OriginGroups.Items[0].Members.Items must hold at most 2 items, not 3"
    )
    assert check(text) == [(*after(text, '"OriginId": "b"', "{"), message)]
    text = template(
        config(
            OriginGroups={
                "Quantity": 1,
                "Items": [{**group, "Members": {"Quantity": 1, "Items": [{"OriginId": "a"}]}}],
            }
        )
    )
    one(
        text,
        '"Items": [\n                    {\n                      "OriginId"',
        "DistributionConfig.OriginGroups.Items[0].Members.Items must hold at least 2 items, not 1",
    )


def test_quantity_must_count_items() -> None:
    members = {"Quantity": 2, "Items": [{"OriginId": "a"}, {"OriginId": "b"}]}
    group = {"Id": "g", "FailoverCriteria": {"StatusCodes": {"Quantity": 2, "Items": [500]}}}
    text = template(
        config(OriginGroups={"Quantity": "1", "Items": [{**group, "Members": members}]})
    )
    message = (
        "DistributionConfig.OriginGroups.Items[0].FailoverCriteria.StatusCodes.Quantity is 2 but "
        "DistributionConfig.OriginGroups.Items[0].FailoverCriteria.StatusCodes.Items holds 1 "
        "item; they must agree (CloudFront answers InconsistentQuantities otherwise)"
    )
    assert check(text) == [(*after(text, '"StatusCodes": {\n', "2"), message)]
    assert check(template(config(OriginGroups={"Quantity": 0}))) == []
    text = template(config(OriginGroups={"Quantity": 1}))
    one(
        text,
        "1",
        "DistributionConfig.OriginGroups.Quantity is 1 but there is no "
        "DistributionConfig.OriginGroups.Items; they must agree (CloudFront answers "
        "InconsistentQuantities otherwise)",
        nth=text.count("1") - 1,
    )


# --- the certificate resource ---------------------------------------------------------------


def test_a_certificate() -> None:
    clean = {"DomainName": "example.com", "SubjectAlternativeNames": ["*.example.com"]}
    assert check(template(clean, CERTIFICATE), CERTIFICATE) == []
    text = template({**clean, "Tags": [{"Key": "cost;centre", "Value": ""}]}, CERTIFICATE)
    assert check(text, CERTIFICATE) == [
        (
            *at(text, '"cost;centre"'),
            'Tags[0].Key must match ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$, not "cost;centre"',
        )
    ]
    text = template({"ValidationMethod": "DNS", "CertificateArn": "arn"}, CERTIFICATE)
    assert check(text, CERTIFICATE) == [
        (
            *at(text, '"Properties"'),
            "Properties is missing required property DomainName",
        ),
        (
            *at(text, '"CertificateArn"'),
            "CertificateArn is a read-only property of AWS::CertificateManager::Certificate: "
            "CloudFormation sets it (read it with Fn::GetAtt), a template cannot",
        ),
    ]


def test_a_type_the_schemas_do_not_describe() -> None:
    with pytest.raises(KeyError):
        check(template({}, "AWS::S3::Bucket"), "AWS::S3::Bucket")


def test_locations_carry_the_whole_jmespath() -> None:
    text = template(config(DefaultCacheBehavior=behavior(ViewerProtocolPolicy="https")))
    (hit,) = hits(text)
    assert hit.location.path == (
        "Resources.Site.Properties.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy"
    )
    assert (hit.location.end_line, hit.location.end_column) == (
        at(text, '"https"')[0],
        at(text, '"https"')[1] + len('"https"'),
    )


def test_the_schemas_file_is_read_once_and_only_when_a_template_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code = (
        "import cfguard.syntaxes.cloudformation.schema as s\n"
        "from cfguard.syntaxes.cloudformation.schema import data\n"
        "print(data._data.cache_info().currsize)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"  # importing reads nothing
    from cfguard.syntaxes.cloudformation.schema import data

    loads: list[object] = []
    real_load = json.load
    monkeypatch.setattr(data.json, "load", lambda handle: loads.append(handle) or real_load(handle))
    data._data.cache_clear()
    text = template(config(DefaultCacheBehavior=behavior(ViewerProtocolPolicy="https")))
    for _ in range(3):
        assert len(hits(text)) == 1
    assert len(loads) == 1

"""CFG003 for CLI/SDK JSON as a user sees it: each message, at its line and column.

Small documents, each with one mistake (or none); a document is read as the botocore shape
named beside it, the way the JSON syntax reads a whole file or a part of one.
"""

from __future__ import annotations

import json
from textwrap import dedent

import pytest

from cfguard.syntaxes.json.schema import validate
from tests.syntaxes.json.trees import tree

Found = list[tuple[int, int | None, str]]


def check(text: str, shape: str = "DistributionConfig", path: str = "") -> Found:
    parsed = tree(dedent(text).strip("\n"))
    return [
        (hit.location.line, hit.location.column, str(hit.message))
        for hit in validate(parsed, parsed.root, shape, path)
    ]


CONFIG = """\
{
  "CallerReference": "ref-1",
  "Comment": "",
  "Enabled": true,
  "Origins": {
    "Quantity": 1,
    "Items": [
      {
        "Id": "site",
        "DomainName": "example.com",
        "CustomOriginConfig": {
          "HTTPPort": 80,
          "HTTPSPort": 443,
          "OriginProtocolPolicy": "https-only"
        }
      }
    ]
  },
  "DefaultCacheBehavior": {
    "TargetOriginId": "site",
    "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
}
"""


def config(old: str, new: str) -> str:
    assert old in CONFIG
    return CONFIG.replace(old, new, 1)


def test_a_valid_distribution_config_gives_nothing() -> None:
    assert check(CONFIG) == []


# --- unknown keys ---------------------------------------------------------------------------


def test_a_misspelt_key_names_the_key_meant_and_the_required_one_missing() -> None:
    assert check(config('"Enabled": true', '"Enabeld": true')) == [
        (1, 1, 'Missing required parameter in DistributionConfig: "Enabled"'),
        (4, 3, 'Unknown parameter in DistributionConfig: "Enabeld"; did you mean "Enabled"?'),
    ]


def test_a_key_in_the_wrong_case_is_corrected() -> None:
    found = check(config('"Comment": ""', '"Comment": "", "defaultRootObject": "index.html"'))
    assert found == [
        (
            3,
            18,
            'Unknown parameter in DistributionConfig: "defaultRootObject"; '
            'did you mean "DefaultRootObject"?',
        )
    ]


def test_an_unknown_key_of_a_small_object_lists_the_keys() -> None:
    assert check('{"Enabled": true, "Region": "eu-west-1"}', "OriginShield") == [
        (
            1,
            19,
            'Unknown parameter in OriginShield: "Region", must be one of: Enabled, '
            "OriginShieldRegion",
        )
    ]


def test_an_unknown_key_of_a_large_object_is_kept_short() -> None:
    assert check(config('"Comment": ""', '"Comment": "", "Colour": "blue"')) == [
        (
            3,
            18,
            'Unknown parameter in DistributionConfig: "Colour", '
            "not one of the 25 keys of DistributionConfig",
        )
    ]


def test_an_unknown_key_deep_inside_is_named_by_its_path() -> None:
    found = check(config('"Id": "site",', '"Id": "site", "OriginId": "x",'))
    assert found == [
        (
            9,
            23,
            'Unknown parameter in Origins.Items[0]: "OriginId", not one of the 12 keys of Origin',
        )
    ]


def test_output_only_members_are_unknown_in_a_request() -> None:
    # get-distribution-config's output pasted as --distribution-config: ETag is not a member
    found = check(config('"Comment": ""', '"Comment": "", "ETag": "E2QWRUHAPOMQZL"'))
    assert [message for _, _, message in found] == [
        'Unknown parameter in DistributionConfig: "ETag", not one of the 25 keys of '
        "DistributionConfig"
    ]


def test_an_unknown_key_that_is_not_an_identifier_is_quoted_in_its_path() -> None:
    parsed = tree('{"Enabled": true, "Shield Region": "x"}')
    [hit] = validate(parsed, parsed.root, "OriginShield", "")
    assert hit.location.path == '"Shield Region"'
    assert hit.message.startswith('Unknown parameter in OriginShield: "Shield Region"')


# --- JSON types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shape", "found"),
    [
        (
            '{"Enabled": "true"}',
            "OriginShield",
            '"Enabled" must be true or false, not the string "true"',
        ),
        ('{"Enabled": 1}', "OriginShield", '"Enabled" must be true or false, not the number 1'),
        ('{"Quantity": "1"}', "Aliases", '"Quantity" must be an integer, not the string "1"'),
        ('{"Quantity": 1.0}', "Aliases", '"Quantity" must be an integer, not the number 1.0'),
        ('{"Quantity": 1e0}', "Aliases", '"Quantity" must be an integer, not the number 1e0'),
        ('{"Quantity": true}', "Aliases", '"Quantity" must be an integer, not true'),
        ('{"Quantity": null}', "Aliases", '"Quantity" must be an integer, not null'),
        ('{"Quantity": 0, "Items": {}}', "Aliases", '"Items" must be a list, not an object'),
        (
            '{"Quantity": 0, "Items": "a.example"}',
            "Aliases",
            '"Items" must be a list, not the string "a.example"',
        ),
        (
            '{"GeoRestriction": []}',
            "Restrictions",
            '"GeoRestriction" must be an object, not a list',
        ),
        (
            '{"OriginAccessIdentity": false}',
            "S3OriginConfig",
            '"OriginAccessIdentity" must be a string, not false',
        ),
        (
            '{"ErrorCode": "404"}',
            "CustomErrorResponse",
            '"ErrorCode" must be an integer, not the string "404"',
        ),
    ],
)
def test_a_value_of_the_wrong_type(text: str, shape: str, found: str) -> None:
    [(line, column, message)] = check(text, shape)
    assert message == found
    assert (line, column) == (1, text.rindex(":") + 3)


def test_an_item_of_the_wrong_type_is_named_by_its_index() -> None:
    assert check('{"Quantity": 2, "Items": ["a.example", 7]}', "Aliases") == [
        (1, 40, '"Items"[1] must be a string, not the number 7')
    ]


def test_a_document_that_is_not_an_object() -> None:
    assert check('[{"Paths": {"Quantity": 0}}]', "InvalidationBatch") == [
        (1, 1, "the document must be an object, not a list")
    ]


def test_a_value_of_the_wrong_type_is_not_looked_into() -> None:
    # one mistake, one finding: nothing about the members of an object that is not one
    assert check('{"GeoRestriction": "none"}', "Restrictions") == [
        (1, 20, '"GeoRestriction" must be an object, not the string "none"')
    ]


def test_a_long_number_is_shown_cut_short() -> None:
    [(_, _, message)] = check('{"Quantity": "' + "9" * 80 + '"}', "Aliases")
    assert message == '"Quantity" must be an integer, not the string "' + "9" * 60 + '…"'


# --- required members -----------------------------------------------------------------------


def test_missing_members_are_reported_at_the_key_of_their_object() -> None:
    text = """\
    {
      "GeoRestriction": {
        "Items": []
      }
    }
    """
    assert check(text, "Restrictions") == [
        (
            2,
            3,
            'Missing required parameters in GeoRestriction: "Quantity", "RestrictionType"',
        )
    ]


def test_missing_members_of_the_document_are_reported_at_its_brace() -> None:
    assert check("\n  {}", "InvalidationBatch") == [
        (1, 1, 'Missing required parameters in InvalidationBatch: "CallerReference", "Paths"')
    ]


def test_missing_members_of_a_list_item_are_reported_at_its_brace() -> None:
    found = check(config('"Id": "site",\n', ""))
    assert found == [(8, 7, 'Missing required parameter in Origins.Items[0]: "Id"')]


def test_a_request_skeleton_needs_no_uri_or_header_member() -> None:
    # update-distribution --id E1 --if-match E2 --cli-input-json file://x.json
    assert check('{"DistributionConfig": ' + CONFIG + "}", "UpdateDistributionRequest") == []
    with_them = '{"Id": "E1", "IfMatch": "E2", "DistributionConfig": ' + CONFIG + "}"
    assert check(with_them, "UpdateDistributionRequest") == []
    assert check('{"DistributionId": "E1"}', "CreateInvalidationRequest") == [
        (1, 1, 'Missing required parameter in CreateInvalidationRequest: "InvalidationBatch"')
    ]


# --- enums, lengths, patterns, ranges ---------------------------------------------------------


def test_an_enum_value_lists_the_allowed_ones_and_the_nearest() -> None:
    found = check(config('"redirect-to-https"', '"https"'))
    assert found == [
        (
            21,
            29,
            '"ViewerProtocolPolicy" is "https"; expected one of: allow-all, https-only, '
            'redirect-to-https (did you mean "https-only"?)',
        )
    ]


def test_an_enum_value_in_the_wrong_case_is_corrected() -> None:
    [(_, _, message)] = check(config('"https-only"', '"HTTPS-ONLY"'))
    assert message.endswith('(did you mean "https-only"?)')


def test_an_enum_value_near_nothing_gets_no_guess() -> None:
    assert check('{"Items": [], "Quantity": 0, "RestrictionType": "all"}', "GeoRestriction") == [
        (1, 49, '"RestrictionType" is "all"; expected one of: blacklist, whitelist, none')
    ]


def test_string_lengths() -> None:
    assert check('{"Key": ""}', "Tag") == [
        (1, 9, '"Key" is ""; 0 characters long; at least 1 required')
    ]
    long_value = "v" * 257
    [(_, _, message)] = check('{"Key": "k", "Value": "' + long_value + '"}', "Tag")
    assert message == f'"Value" is "{"v" * 60}…"; 257 characters long; at most 256 allowed'


def test_patterns() -> None:
    assert check('{"Enabled": true, "OriginShieldRegion": "useast1"}', "OriginShield") == [
        (1, 41, '"OriginShieldRegion" is "useast1"; expected a value matching [a-z]{2}-[a-z]+-\\d')
    ]
    assert check('{"Enabled": true, "OriginShieldRegion": "eu-west-2"}', "OriginShield") == []
    assert check('{"Key": "Ünïcode key ٣", "Value": ""}', "Tag") == []
    [(_, _, message)] = check('{"Key": "semi;colon"}', "Tag")
    assert message.startswith('"Key" is "semi;colon"; expected a value matching (')


def test_skipped_facets_are_left_to_the_rules() -> None:
    # the XSD's SKIPPED_FACETS: a rule says it better (or the model's facet is wrong)
    text = '{"Enabled": true, "IncludeCookies": false, "Bucket": "NOT A BUCKET", "Prefix": "/"}'
    assert check(text, "LoggingConfig") == []
    arn = "arn:aws-cn:cloudfront::123456789012:function/" + "f" * 64
    assert (
        check(f'{{"FunctionARN": "{arn}", "EventType": "viewer-request"}}', "FunctionAssociation")
        == []
    )


@pytest.mark.parametrize(
    ("text", "shape", "found"),
    [
        (
            '{"HTTPPort": 70000, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}',
            "CustomOriginConfig",
            '"HTTPPort" is 70000; expected at most 65535',
        ),
        (
            '{"HTTPPort": 0, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}',
            "CustomOriginConfig",
            '"HTTPPort" is 0; expected at least 1',
        ),
        (
            '{"ErrorCode": 2147483648}',
            "CustomErrorResponse",
            '"ErrorCode" is 2147483648; expected an integer from -2147483648 to 2147483647',
        ),
        (
            '{"ErrorCode": 404, "ErrorCachingMinTTL": 9223372036854775808}',
            "CustomErrorResponse",
            '"ErrorCachingMinTTL" is 9223372036854775808; '
            "expected an integer from -9223372036854775808 to 9223372036854775807",
        ),
    ],
)
def test_integer_ranges(text: str, shape: str, found: str) -> None:
    assert [message for _, _, message in check(text, shape)] == [found]


def test_list_sizes() -> None:
    one = '{"Quantity": 1, "Items": [{"OriginId": "a"}]}'
    assert check(one, "OriginGroupMembers") == [
        (1, 17, '"Items" holds 1 item; at least 2 required')
    ]
    three = '{"Quantity": 3, "Items": [{"OriginId": "a"}, {"OriginId": "b"}, {"OriginId": "c"}]}'
    assert check(three, "OriginGroupMembers") == [
        (1, 65, '"Items" holds 3 items; at most 2 allowed')
    ]


# --- Quantity and Items ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('{"Quantity": 0}', []),
        ('{"Quantity": 0, "Items": []}', []),
        ('{"Quantity": 2, "Items": ["a", "b"]}', []),
        (
            '{"Quantity": 2, "Items": ["a"]}',
            [
                (
                    1,
                    14,
                    '"Quantity" is 2 but "Items" holds 1 item; they must agree '
                    "(CloudFront answers InconsistentQuantities otherwise)",
                )
            ],
        ),
        (
            '{"Items": [], "Quantity": 1}',
            [
                (
                    1,
                    27,
                    '"Quantity" is 1 but "Items" holds 0 items; they must agree '
                    "(CloudFront answers InconsistentQuantities otherwise)",
                )
            ],
        ),
        (
            '{"Quantity": 2}',
            [
                (
                    1,
                    14,
                    '"Quantity" is 2 but there is no "Items"; they must agree '
                    "(CloudFront answers InconsistentQuantities otherwise)",
                )
            ],
        ),
        (
            '{"Quantity": 0, "Items": ["a"]}',
            [
                (
                    1,
                    14,
                    '"Quantity" is 0 but "Items" holds 1 item; they must agree '
                    "(CloudFront answers InconsistentQuantities otherwise)",
                )
            ],
        ),
        # a Quantity or Items of the wrong type is reported as that, and only that
        (
            '{"Quantity": "1", "Items": ["a"]}',
            [(1, 14, '"Quantity" must be an integer, not the string "1"')],
        ),
        ('{"Quantity": 1, "Items": "a"}', [(1, 26, '"Items" must be a list, not the string "a"')]),
    ],
)
def test_quantity_must_count_the_items(text: str, found: Found) -> None:
    assert check(text, "Aliases") == found


def test_a_nested_quantity_is_reported_at_its_value_with_its_path() -> None:
    parsed = tree(config('"Quantity": 1,', '"Quantity": 2,'))
    [hit] = validate(parsed, parsed.root, "DistributionConfig", "")
    assert (hit.location.line, hit.location.column) == (6, 17)
    assert (hit.location.end_line, hit.location.end_column) == (6, 18)
    assert hit.location.path == "Origins.Quantity"


# --- outputs: output-only members, timestamps, what the CLI and SDKs add ---------------------

DISTRIBUTION = (
    '{"ETag": "E2QWRUHAPOMQZL", "Distribution": {"Id": "EDFDVBD6EXAMPLE", '
    '"ARN": "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE", '
    '"Status": "Deployed", "LastModifiedTime": "%s", "InProgressInvalidationBatches": 0, '
    '"DomainName": "d111111abcdef8.cloudfront.net", '
    '"ActiveTrustedSigners": {"Enabled": false, "Quantity": 0}, '
    '"DistributionConfig": ' + CONFIG + "}}"
)


@pytest.mark.parametrize(
    "stamp", ["2019-12-04T23:35:41.433Z", "2025-05-06T15:46:12.824000+00:00", "2012-05-19"]
)
def test_output_only_members_and_timestamps_are_accepted_in_results(stamp: str) -> None:
    assert check(DISTRIBUTION % stamp, "GetDistributionResult") == []


def test_a_timestamp_must_be_an_iso_8601_string() -> None:
    [(line, column, message)] = check(DISTRIBUTION % "yesterday", "GetDistributionResult")
    assert message == (
        '"LastModifiedTime" is "yesterday"; expected an ISO 8601 date and time such as '
        '"2019-12-04T23:35:41.433Z"'
    )
    assert (line, column) == (1, DISTRIBUTION.index("%s"))
    number = DISTRIBUTION.replace('"%s"', "1575502541")
    [(_, _, message)] = check(number, "GetDistributionResult")
    assert (
        message
        == '"LastModifiedTime" must be a date and time as a string, not the number 1575502541'
    )


def test_what_the_cli_and_sdks_print_around_a_result() -> None:
    # list-distributions merges its pages into Items alone; --max-items adds NextToken; boto3
    # adds ResponseMetadata
    assert (
        check('{"DistributionList": {"Items": []}, "NextToken": "abc"}', "ListDistributionsResult")
        == []
    )
    metadata = {
        "RequestId": "5b8f-EXAMPLE",
        "HTTPStatusCode": 200,
        "HTTPHeaders": {"x-amz-request-id": "5b8f-EXAMPLE", "content-type": "text/xml"},
        "RetryAttempts": 0,
    }
    text = json.dumps({"InvalidationList": {"Items": []}, "ResponseMetadata": metadata})
    assert check(text, "ListInvalidationsResult") == []
    metadata["HTTPHeaders"] = {"content-length": 512}
    [(_, _, message)] = check(json.dumps({"ResponseMetadata": metadata}), "GetInvalidationResult")
    assert message == '"content-length" must be a string, not the number 512'


def test_a_summary_takes_the_capitalised_http_version_of_list_distributions() -> None:
    summary = '{"HttpVersion": "HTTP2and3"}'
    found = check(summary, "DistributionSummary", "DistributionList.Items[0]")
    assert all("HttpVersion" not in message for _, _, message in found)
    [(_, _, message)] = check(config('"Comment": ""', '"Comment": "", "HttpVersion": "HTTP2"'))
    assert message.startswith('"HttpVersion" is "HTTP2"; expected one of: http1.1, http2')


def test_part_of_a_document_is_validated_at_its_own_path() -> None:
    # as the JSON syntax checks each entry of list-distributions
    parsed = tree('{"DistributionList": {"Items": [{"Id": "E1", "Enabled": "yes"}]}}')
    entry = parsed.root.value[0].value.value[0].value.value[0]  # type: ignore[index, union-attr]
    [hit] = validate(parsed, entry, "DistributionSummary", "DistributionList.Items[0]")
    assert (hit.location.line, hit.location.column) == (1, 57)
    assert hit.location.path == "DistributionList.Items[0].Enabled"
    assert str(hit.message) == '"Enabled" must be true or false, not the string "yes"'


# --- what is not this module's --------------------------------------------------------------


def test_a_repeated_key_counts_once_as_the_cli_keeps_the_last() -> None:
    # the syntax reports the repetition; the schema sees what the CLI sends
    assert check('{"Enabled": "yes", "Enabled": true}', "OriginShield") == []
    assert check('{"Enabled": true, "Enabled": "yes"}', "OriginShield") == [
        (1, 30, '"Enabled" must be true or false, not the string "yes"')
    ]


def test_an_unknown_shape_is_a_programming_error() -> None:
    parsed = tree("{}")
    with pytest.raises(KeyError, match="NoSuchShape"):
        validate(parsed, parsed.root, "NoSuchShape", "")

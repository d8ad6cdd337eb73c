"""The JSON of the AWS CLI and SDKs (`aws cloudfront get-distribution-config` and friends) as a
`cfguard.syntaxes.Syntax`.

Every `*.json` is claimed by name, and its bytes are looked at before they are parsed: a file
that never names a CloudFront member (`package.json`, a lock file, a tsconfig) is skipped and
counted without being parsed, so a repository full of unrelated JSON costs a read and a search
per file. What is not needed to check a clean document (the schema's messages) is imported when
first used. JSON has no comments: suppression is by configuration (`per-file-ignores`).

A CloudFormation template in JSON (a `*.json` or `*.template` file, CDK output in `cdk.out/`)
is parsed here and handed to `cfguard.syntaxes.cloudformation`, which finds, validates and
models its distributions (`detect.detect` hands it over; a document's node says whose it is).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from cfguard.core.findings import Hit, Location
from cfguard.core.line_index import LineIndex
from cfguard.syntaxes import Comment, Detected, Head, Refused, Skipped, Syntax

if TYPE_CHECKING:
    from cfguard.core.fixes import Edit
    from cfguard.core.message import Spelling
    from cfguard.model import Document
    from cfguard.rules.settings import Settings
    from cfguard.syntaxes.cloudformation.detect import Resource
    from cfguard.syntaxes.json.detect import Found
    from cfguard.syntaxes.json.tree import JsonTree
    from cfguard.syntaxes.terraform.adapter import TfResource

#: Keys one of which every document cfguard reads holds, as they appear in the bytes. A file
#: with none is not parsed (a member name written with \\u escapes is not seen: no client
#: writes one).
_CLOUDFRONT_KEYS = (
    b'"DistributionConfig"',
    b'"CallerReference"',
    b'"DistributionList"',
    b'"InvalidationBatch"',
    b'"AWS::CloudFront::Distribution"',  # a CloudFormation template's resource type
    b"aws_cloudfront_distribution",  # Terraform: a .tf.json resource type, a plan's "type"
)

#: What a CloudFormation template has at its top level, and why one is skipped unread (the same
#: words as `cloudformation.detect.NO_DISTRIBUTION`, without importing it for every file).
_TEMPLATE_KEYS = (b'"AWSTemplateFormatVersion"', b'"Resources"')
_NO_DISTRIBUTION = "a CloudFormation template without an AWS::CloudFront::Distribution"


class NotCloudFront(NamedTuple):
    """The parse of a file that names no CloudFront member: skipped unread."""

    reason: str


class JsonSyntax:
    """One file may hold several documents (the summaries of `list-distributions`)."""

    @property
    def name(self) -> str:
        return "json"

    def claims(self, path: str, head: Head) -> bool:
        name = os.path.basename(path).lower()
        if name.endswith(".template"):  # a CloudFormation template, in JSON or in YAML
            return head().lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"
        return name.endswith(".json")

    def parse(self, data: bytes) -> JsonTree | NotCloudFront | Refused:
        if not any(key in data for key in _CLOUDFRONT_KEYS):
            if any(key in data for key in _TEMPLATE_KEYS):
                return NotCloudFront(_NO_DISTRIBUTION)
            # An empty file too: a JSON file that holds nothing is nobody's configuration.
            return NotCloudFront(
                "not a CloudFront document: it names no DistributionConfig, InvalidationBatch "
                "or DistributionList"
            )
        from cfguard.syntaxes.json.parser import JsonError, parse

        parsed = parse(data)
        if isinstance(parsed, JsonError):
            return Refused("CFG001", Hit(Location(parsed.line, parsed.column, ""), parsed.message))
        return parsed

    def documents(
        self, tree: JsonTree | NotCloudFront, path: str | None = None
    ) -> Sequence[Detected[Found | Resource | TfResource] | Skipped | Refused]:
        if isinstance(tree, NotCloudFront):
            return (Skipped(tree.reason),)
        from cfguard.syntaxes.terraform.detect import is_terraform_json

        if is_terraform_json(tree):
            from cfguard.syntaxes.terraform import json_documents

            return json_documents(tree, path)
        from cfguard.syntaxes.json.detect import detect

        return detect(tree)

    def validate(
        self, document: Detected[Found | Resource | TfResource], settings: Settings
    ) -> Iterable[Hit]:
        from cfguard.syntaxes.json.detect import Found
        from cfguard.syntaxes.terraform.adapter import TfResource

        node = document.node
        if isinstance(node, TfResource):
            return ()  # the provider validates at plan time
        if not isinstance(node, Found):
            from cfguard.syntaxes.cloudformation.checked import validate as template

            return template(node)
        from cfguard.syntaxes.json.checked import validate

        return validate(node)

    def adapt(self, document: Detected[Found | Resource | TfResource]) -> Document | None:
        from cfguard.syntaxes.json.detect import Found
        from cfguard.syntaxes.terraform.adapter import TfResource

        if isinstance(document.node, TfResource):
            from cfguard.syntaxes.terraform.adapter import model_of

            return model_of(document.node)
        if not isinstance(document.node, Found):
            from cfguard.syntaxes.cloudformation import adapt

            return adapt(document)  # type: ignore[arg-type]  # the node says it is a template's
        from cfguard.syntaxes.json.adapter import to_model

        return to_model(document)  # type: ignore[arg-type]  # the node says it is the CLI's

    def comments(self, tree: JsonTree | NotCloudFront) -> Sequence[Comment] | None:
        # JSON has no comments; a template's resources may say `Metadata: {cfguard: ...}`.
        if isinstance(tree, NotCloudFront) or '"cfguard"' not in tree.text:
            return None
        from cfguard.syntaxes.cloudformation.comments import metadata_comments
        from cfguard.syntaxes.cloudformation.template import read_template

        template = read_template(tree, yaml=False)
        return metadata_comments(template) if template is not None else None

    def literal_edit(self, text: str, start: int, end: int, value: str) -> Edit | None:
        from cfguard.syntaxes.json.literal_edit import literal_edit

        return literal_edit(text, start, end, value)

    def entry_removal(self, text: str, start: int, end: int) -> tuple[Edit, ...] | None:
        from cfguard.syntaxes.json.entry_removal import entry_removal

        return entry_removal(text, start, end)

    def source_lines(
        self, data: bytes, tree: JsonTree | NotCloudFront | None, wanted: set[int]
    ) -> dict[int, str]:
        index = (
            tree.lines
            if tree is not None and not isinstance(tree, NotCloudFront)
            else LineIndex(data.decode("utf-8", errors="replace"))
        )
        return {n: line for n in wanted if (line := index.line(n)) is not None}

    @property
    def spelling(self) -> Spelling:
        from cfguard.syntaxes.json.spelling import JSON_SPELLING

        return JSON_SPELLING


SYNTAX: Syntax[JsonTree | NotCloudFront, Found | Resource | TfResource] = JsonSyntax()

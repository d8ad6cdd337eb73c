"""Which CloudFront documents a JSON file holds, by its top-level keys (never its name).

The shapes are what the AWS CLI writes and reads for the 2020-05-31 API (botocore's shape names,
against which `schema` validates each):

* `get-distribution-config` output `{"ETag", "DistributionConfig"}`;
* `get-distribution` / `create-distribution` / `update-distribution` output
  `{"ETag"?, "Location"?, "Distribution": {"Id", ..., "DistributionConfig"}}`, named by its `Id`;
* a bare `DistributionConfig` (`--distribution-config file://`): `CallerReference` with
  `Origins` or `DefaultCacheBehavior`;
* `--distribution-config-with-tags file://` `{"Tags", "DistributionConfig"}`, and the
  `--cli-input-json` forms `{"DistributionConfig", "Id"?, "IfMatch"?}`,
  `{"DistributionConfigWithTags": {...}}`, `{"DistributionId", "InvalidationBatch"}`;
* `list-distributions` output `{"DistributionList": {"Items": [summary, ...]}}`: each summary a
  distribution named by its `Id`;
* invalidation batches: bare `{"Paths", "CallerReference"}` and
  `{"Invalidation": {"Id", ..., "InvalidationBatch"}}` (create- and get-invalidation output).

A CloudFormation template (`Resources` or `AWSTemplateFormatVersion` at the top level) is
`cfguard.syntaxes.cloudformation`'s: its distributions are found there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from cfguard.core.document import CURRENT_VERSION, Dialect, DocumentKind, DocumentType
from cfguard.syntaxes import Detected, Skipped
from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, items

DISTRIBUTION = DocumentType(DocumentKind.DISTRIBUTION, Dialect.CURRENT, CURRENT_VERSION)
WITH_TAGS = DocumentType(DocumentKind.DISTRIBUTION_WITH_TAGS, Dialect.CURRENT, CURRENT_VERSION)
INVALIDATION = DocumentType(DocumentKind.INVALIDATION, Dialect.CURRENT, CURRENT_VERSION)


class Found(NamedTuple):
    """Where one document is in the tree, and what to validate it as."""

    tree: JsonTree
    #: The DistributionConfig, distribution summary or InvalidationBatch object.
    config: Node
    #: Its JMESPath in the file ("" for the root) and the member that holds it, if any.
    path: str
    member: Member | None
    #: What CFG003 validates (`shape`, botocore's name): the file's root for a single
    #: document, the summary itself for an entry of a list.
    checked: Node
    checked_path: str
    shape: str
    #: A `list-distributions` entry: it has no `Logging`, `CallerReference` or
    #: `DefaultRootObject`, which the rules must not take for absent.
    summary: bool = False
    #: Its identity (`Location.identity`) when not its path: a list entry by its `Id`, as XML
    #: names it, so inserting a distribution in the list renames no other's findings.
    identity: str | None = None


def detect(tree: JsonTree) -> Sequence[Detected[Any] | Skipped]:
    """The CloudFront documents of the file in file order, or why it holds none: each a
    `Detected[Found]`, or a template's `Detected[Resource]`."""
    root = tree.root
    top = fields(root)
    if "Resources" in top or "AWSTemplateFormatVersion" in top:
        from cfguard.syntaxes.cloudformation import documents

        return documents(tree, yaml=False)
    if not top:
        what = "an empty object" if root.kind == "object" else f"a JSON {_kind_name(root)}"
        return [Skipped(f"not a CloudFront document: the file holds {what}")]
    single = _single(tree, top)
    if single is not None:
        return [single]
    listed = top.get("DistributionList")
    if listed is not None and listed.value.kind == "object":
        return _summaries(tree, listed)
    keys = ", ".join(f'"{key}"' for key in list(top)[:3])
    return [
        Skipped(
            f"not a CloudFront document: its top-level keys ({keys}) are not those of a "
            "CloudFront API request or response"
        )
    ]


def _single(tree: JsonTree, top: dict[str, Member]) -> Detected[Found] | None:
    root = tree.root
    config = top.get("DistributionConfig")
    if config is not None and _is_object(config):
        if "Tags" in top:
            shape = "DistributionConfigWithTags"
        elif "ETag" in top:
            shape = "GetDistributionConfigResult"
        elif "Id" in top or "IfMatch" in top:
            shape = "UpdateDistributionRequest"
        else:
            shape = "CreateDistributionRequest"
        kind = WITH_TAGS if shape == "DistributionConfigWithTags" else DISTRIBUTION
        address = _text(top.get("Id"))
        return _found(tree, config, "DistributionConfig", shape=shape, kind=kind, address=address)
    wrapped = top.get("Distribution")
    if wrapped is not None and _is_object(wrapped):
        inner = fields(wrapped.value)
        config = inner.get("DistributionConfig")
        if config is not None and _is_object(config):
            shape = "CreateDistributionResult" if "Location" in top else "GetDistributionResult"
            path = "Distribution.DistributionConfig"
            address = _text(inner.get("Id"))
            return _found(tree, config, path, shape=shape, kind=DISTRIBUTION, address=address)
    with_tags = top.get("DistributionConfigWithTags")
    if with_tags is not None and _is_object(with_tags):
        config = fields(with_tags.value).get("DistributionConfig")
        if config is not None and _is_object(config):
            path = "DistributionConfigWithTags.DistributionConfig"
            shape = "CreateDistributionWithTagsRequest"
            return _found(tree, config, path, shape=shape, kind=WITH_TAGS, address=None)
    batch = top.get("InvalidationBatch")
    if batch is not None and _is_object(batch):
        address = _text(top.get("DistributionId"))
        shape = "CreateInvalidationRequest"
        return _found(
            tree, batch, "InvalidationBatch", shape=shape, kind=INVALIDATION, address=address
        )
    wrapped = top.get("Invalidation")
    if wrapped is not None and _is_object(wrapped):
        batch = fields(wrapped.value).get("InvalidationBatch")
        if batch is not None and _is_object(batch):
            shape = "CreateInvalidationResult" if "Location" in top else "GetInvalidationResult"
            path = "Invalidation.InvalidationBatch"
            return _found(tree, batch, path, shape=shape, kind=INVALIDATION, address=None)
    if "CallerReference" in top and "Paths" in top:
        return Detected(
            None, INVALIDATION, Found(tree, root, "", None, root, "", "InvalidationBatch")
        )
    if "CallerReference" in top and ("Origins" in top or "DefaultCacheBehavior" in top):
        return Detected(
            None, DISTRIBUTION, Found(tree, root, "", None, root, "", "DistributionConfig")
        )
    return None


def _summaries(tree: JsonTree, listed: Member) -> list[Detected[Found] | Skipped]:
    entries = fields(listed.value).get("Items")
    if entries is None or not items(entries.value):
        return [Skipped("a list of distributions with no distribution in it")]
    found: list[Detected[Found] | Skipped] = []
    for index, entry in enumerate(items(entries.value)):
        path = f"DistributionList.Items[{index}]"
        if entry.kind != "object":
            continue  # CFG003 of the list says what is wrong with it
        address = _text(fields(entry).get("Id"))
        identity = f"DistributionList.Items[Id={address!r}]" if address else None
        document = Found(
            tree, entry, path, None, entry, path, "DistributionSummary", True, identity
        )
        found.append(Detected(address, DISTRIBUTION, document))
    return found


def _found(
    tree: JsonTree,
    member: Member,
    path: str,
    *,
    shape: str,
    kind: DocumentType,
    address: str | None,
) -> Detected[Found]:
    """A document inside the root object, which is what CFG003 validates."""
    return Detected(address, kind, Found(tree, member.value, path, member, tree.root, "", shape))


def _is_object(member: Member) -> bool:
    return member.value.kind == "object"


def _text(member: Member | None) -> str | None:
    if member is None or member.value.kind != "string" or not member.value.value:
        return None
    return str(member.value.value)


def _kind_name(node: Node) -> str:
    return {"array": "array", "string": "string", "number": "number"}.get(node.kind, "value")

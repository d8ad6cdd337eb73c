"""The CloudFront documents inside an XML response body, and what CFG003 validates of them.

The AWS CLI reads the same responses as JSON (`cfguard.syntaxes.json.detect`), and this module
finds in their XML what the JSON syntax finds in theirs, so that both give the same findings:

* `<Distribution>` (get-, create- and update-distribution): its `<DistributionConfig>`, named
  by the response's `<Id>`;
* `<DistributionList>` (list-distributions): each `<Items>/<DistributionSummary>`, a
  distribution named by its `<Id>`, which has no `Logging` or `CallerReference` (the model gets
  them as unknown, so the rules that need them say nothing);
* `<Invalidation>` (create- and get-invalidation): its `<InvalidationBatch>`.

Only the configuration is validated, against the 2020-05-31 schema in the response's own
namespace (`schema.files.schema_text`): it is what `update-distribution` sends back, and it must
be valid today. The response's own elements (`Id`, `Status`, `ARN`, `ActiveTrustedSigners`, a
summary's fields) are CloudFront's, which has added members to them over the years and never
reads them back: they are not held to today's model. The schema has only request roots, so the
configuration is validated as a document of its own, a copy (`_Part`) whose elements locate
themselves at the originals: a finding has the response's line, column and paths
(`Distribution.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy`, as in the JSON).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from lxml import etree

from cfguard.core.document import Dialect, DocumentKind, DocumentType
from cfguard.core.findings import Hit, Location
from cfguard.syntaxes import Detected, Skipped
from cfguard.syntaxes.xml.detect import Response
from cfguard.syntaxes.xml.source import SourceDocument, text_content

if TYPE_CHECKING:
    from cfguard.syntaxes.xml.schema.validate import Engine

#: A response root -> the element inside that holds its document, and that document's kind.
_INSIDE = {
    "Distribution": ("DistributionConfig", DocumentKind.DISTRIBUTION),
    "Invalidation": ("InvalidationBatch", DocumentKind.INVALIDATION),
}


class Part(NamedTuple):
    """Where one document of an XML body is: the body itself (a request, `config` None) or
    the element inside a response that holds the configuration."""

    source: SourceDocument
    config: etree._Element | None = None
    #: `config` is a `list-distributions` entry (`DistributionSummary`), not a configuration.
    summary: bool = False


def response_documents(
    source: SourceDocument, response: Response
) -> Sequence[Detected[SourceDocument | Part] | Skipped]:
    """The documents of a response body, in document order, or why it holds none (typed as the
    syntax's nodes, which a request's tree is too)."""
    root = source.root
    distribution = DocumentType(DocumentKind.DISTRIBUTION, Dialect.CURRENT, response.api_version)
    namespace = "{" + distribution.namespace + "}"
    if response.root == "DistributionList":
        found: list[Detected[SourceDocument | Part] | Skipped] = []
        for items in root.iterchildren(namespace + "Items"):
            for entry in items.iterchildren(namespace + "DistributionSummary"):
                address = _id(entry, namespace)
                found.append(Detected(address, distribution, Part(source, entry, summary=True)))
        return found or (Skipped("a list of distributions with no distribution in it"),)
    inner, kind = _INSIDE[response.root]
    config = next(root.iterchildren(namespace + inner), None)
    if config is None:
        return (Skipped(f"a <{response.root}> response without its <{inner}>: nothing to check"),)
    if kind is DocumentKind.DISTRIBUTION:
        return (Detected(_id(root, namespace), distribution, Part(source, config)),)
    # An invalidation's Id names the invalidation, not a distribution: no address, as in JSON.
    batch = DocumentType(kind, Dialect.CURRENT, response.api_version)
    return (Detected(None, batch, Part(source, config)),)


def _id(element: etree._Element, namespace: str) -> str | None:
    found = next(element.iterchildren(namespace + "Id"), None)
    value = text_content(found).strip() if found is not None else ""
    return value or None


def validate_inside(part: Part, doc_type: DocumentType, engine: Engine) -> list[Hit]:
    """CFG003 for the configuration inside a response (`Part.config`), located in the response.

    A summary is validated as a `DistributionConfig` holding the summary's children that a
    configuration has (in any namespace: one in the wrong namespace is reported), and a stand-in
    for the `CallerReference` a summary never has; what the schema says of the summary element
    itself (a required member it lacks) is the summary's, not held to today's model."""
    from cfguard.syntaxes.xml.schema.validate import validate

    config = part.config
    if config is None:
        raise ValueError("not a response's document: validate the body itself")
    copied, originals = _summary_copy(config, doc_type) if part.summary else _copy(config)
    hits = validate(_Part(copied, part.source, originals), doc_type, engine=engine)
    if not part.summary or not hits:
        return hits
    own = part.source.locate(config).xpath
    return [hit for hit in hits if hit.location.xpath != own]


def _copy(
    element: etree._Element,
) -> tuple[etree._Element, dict[etree._Element, etree._Element]]:
    copied = copy.deepcopy(element)
    copied.tail = None  # a root has no tail (lxml copies it)
    originals = dict(zip(copied.iter(), element.iter(), strict=True))
    return copied, originals


def _summary_copy(
    summary: etree._Element, doc_type: DocumentType
) -> tuple[etree._Element, dict[etree._Element, etree._Element]]:
    from cfguard.syntaxes.xml.schema.files import schema_text
    from cfguard.syntaxes.xml.schema.model import schema_model

    model = schema_model(schema_text(doc_type))
    tag = f"{{{doc_type.namespace}}}DistributionConfig"
    members = {spec.name for spec in model.complex_types[model.roots[tag]]}
    # lxml-stubs type `nsmap` without the None key of a default namespace, which lxml takes.
    config = etree.Element(tag, nsmap=summary.nsmap)  # type: ignore[arg-type]
    originals: dict[etree._Element, etree._Element] = {config: summary}
    for child in summary.iterchildren(etree.Element):
        if etree.QName(child).localname in members:
            copied, inside = _copy(child)
            config.append(copied)
            originals.update(inside)
    if next(config.iterchildren("{*}CallerReference"), None) is None:
        # So that a sound summary is valid, and takes libxml2's fast path.
        stand_in = etree.SubElement(config, f"{{{doc_type.namespace}}}CallerReference")
        stand_in.text = "list-distributions"
        originals[stand_in] = summary
    return config, originals


class _Part(SourceDocument):
    """A copy of the configuration inside a response, as a document of its own whose elements
    are located where their originals are in the response (`whole`). A plain subclass: a
    dataclass would cost its definition on the import of this module."""

    __slots__ = ("originals", "whole")
    whole: SourceDocument
    originals: dict[etree._Element, etree._Element]

    def __init__(
        self,
        root: etree._Element,
        whole: SourceDocument,
        originals: dict[etree._Element, etree._Element],
    ) -> None:
        super().__init__(etree.ElementTree(root), whole.text)
        self.whole, self.originals = whole, originals

    def locate(self, element: etree._Element, resource: str | None = None) -> Location:
        return self.whole.locate(self.originals.get(element, element), resource)

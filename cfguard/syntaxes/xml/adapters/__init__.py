"""One adapter per document format: XML tree -> `cfguard.model` (only they know the XML shapes)."""

from __future__ import annotations

from lxml import etree

from cfguard.core.document import Dialect, DocumentKind, DocumentType
from cfguard.model import Document
from cfguard.syntaxes.xml.adapters._reader import Reader, Unreadable
from cfguard.syntaxes.xml.source import SourceDocument


def to_model(
    source: SourceDocument,
    document: DocumentType,
    config: etree._Element | None = None,
    *,
    address: str | None = None,
    summary: bool = False,
) -> Document | None:
    """Build the model of a document whose type `detect_type` established. Tolerant: a value the
    document lacks or gets wrong (already reported by the schema) becomes None.

    `config` is the element that holds the configuration when it is not the root: a response's
    `DistributionConfig` or `InvalidationBatch`, or a `DistributionSummary` of a list (`summary`:
    it has no `Logging` or `CallerReference`, which the model gets as unknown); `address` is the
    response's distribution `Id`, which names the model and its values' locations.

    None when the document cannot be read as CloudFront reads it, which CFG003 reports: its
    skeleton is absent (`has_skeleton`: a `DistributionConfigWithTags` without its
    `DistributionConfig`, a root whose children are all in no namespace), or an element the
    model is built from is in another namespace (`Unreadable`: `<Logging xmlns="">`). A model
    would lack those elements, and the rules would report "no certificate", "no logging",
    "HTTP allowed" about elements that are there but were not read.
    """
    try:
        if not has_skeleton(source, document, config):
            return None
        if document.dialect is Dialect.LEGACY:  # a request body: responses are current only
            from cfguard.syntaxes.xml.adapters import legacy

            if document.kind is DocumentKind.INVALIDATION:
                return legacy.invalidation(source, document)
            return legacy.distribution(source, document)
        from cfguard.syntaxes.xml.adapters import current

        if document.kind is DocumentKind.INVALIDATION:
            return current.invalidation(source, document, config)
        return current.distribution(source, document, config, address=address, summary=summary)
    except Unreadable:
        return None


def has_skeleton(
    source: SourceDocument, document: DocumentType, config: etree._Element | None = None
) -> bool:
    """Whether the configuration element is there (`config`, else the root, or the
    `DistributionConfig` of a `DistributionConfigWithTags`) and holds at least one element in the
    document's namespace, the only one the adapters read.

    Deliberately no more: a configuration lacking required elements (`Comment`, `Origins`) is
    still modelled, so the rules report what is present and wrong (a weak `ViewerCertificate`
    in a fragment under review) beside CFG003's list of what is missing.
    """
    reader = Reader(source, document.namespace)
    element: etree._Element | None = config if config is not None else source.root
    if document.kind is DocumentKind.DISTRIBUTION_WITH_TAGS:
        element = reader.child(element, "DistributionConfig")
    return element is not None and next(element.iterchildren(reader.tag("*")), None) is not None

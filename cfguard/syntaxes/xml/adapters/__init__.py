"""One adapter per document format: XML tree -> `cfguard.model` (only they know the XML shapes)."""

from __future__ import annotations

from lxml import etree

from cfguard.core.document import Dialect, DocumentKind, DocumentType
from cfguard.model import Document
from cfguard.syntaxes.xml.adapters._reader import Reader, Unreadable
from cfguard.syntaxes.xml.source import SourceDocument


def to_model(source: SourceDocument, document: DocumentType) -> Document | None:
    """Build the model of a document whose type `detect_type` established. Tolerant: a value the
    document lacks or gets wrong (already reported by the schema) becomes None.

    None when the document cannot be read as CloudFront reads it, which CFG003 reports: its
    skeleton is absent (`has_skeleton`: a `DistributionConfigWithTags` without its
    `DistributionConfig`, a root whose children are all in no namespace), or an element the
    model is built from is in another namespace (`Unreadable`: `<Logging xmlns="">`). A model
    would lack those elements, and the rules would report "no certificate", "no logging",
    "HTTP allowed" about elements that are there but were not read.
    """
    if document.dialect is Dialect.LEGACY:
        from cfguard.syntaxes.xml.adapters import legacy as adapter
    else:
        from cfguard.syntaxes.xml.adapters import current as adapter  # type: ignore[no-redef]
    try:
        if not has_skeleton(source, document):
            return None
        if document.kind is DocumentKind.INVALIDATION:
            return adapter.invalidation(source, document)
        return adapter.distribution(source, document)
    except Unreadable:
        return None


def has_skeleton(source: SourceDocument, document: DocumentType) -> bool:
    """Whether the configuration element is there (the root, or the `DistributionConfig` of a
    `DistributionConfigWithTags`) and holds at least one element in the document's namespace,
    the only one the adapters read.

    Deliberately no more: a configuration lacking required elements (`Comment`, `Origins`) is
    still modelled, so the rules report what is present and wrong (a weak `ViewerCertificate`
    in a fragment under review) beside CFG003's list of what is missing.
    """
    reader = Reader(source, document.namespace)
    config: etree._Element | None = source.root
    if document.kind is DocumentKind.DISTRIBUTION_WITH_TAGS:
        config = reader.child(config, "DistributionConfig")
    return config is not None and next(config.iterchildren(reader.tag("*")), None) is not None

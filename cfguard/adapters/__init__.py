"""One adapter per document format: XML tree -> `cfguard.model` (only they know the XML shapes)."""

from __future__ import annotations

from cfguard.documents import DocumentFormat, DocumentKind, DocumentType
from cfguard.model import Document
from cfguard.source import SourceDocument


def to_model(source: SourceDocument, document: DocumentType) -> Document:
    """Build the model of a document whose type `detect_type` established. Tolerant: a value the
    document lacks or gets wrong (already reported by the schema) becomes None."""
    if document.format is DocumentFormat.LEGACY:
        from cfguard.adapters import legacy as adapter
    else:
        from cfguard.adapters import current as adapter  # type: ignore[no-redef]
    if document.kind is DocumentKind.INVALIDATION:
        return adapter.invalidation(source, document)
    return adapter.distribution(source, document)

"""The legacy flat format (API 2010-11-01 and the namespaces sharing its shape)."""

from __future__ import annotations

from lxml import etree

from cfguard.core.document import DocumentType
from cfguard.model import (
    Behavior,
    Distribution,
    InvalidationBatch,
    Logging,
    Origin,
    OriginKind,
    ViewerProtocol,
)
from cfguard.syntaxes.xml.adapters._reader import Reader
from cfguard.syntaxes.xml.source import SourceDocument


def distribution(source: SourceDocument, document: DocumentType) -> Distribution:
    reader = Reader(source, document.namespace)
    root = source.root
    required = reader.child(root, "RequiredProtocols")
    cnames = list(reader.children(root, "CNAME"))
    return Distribution(
        document=document,
        location=reader.locate(root),
        caller_reference=reader.text(root, "CallerReference"),
        behaviors=(_default_behavior(reader, root, required),),
        origins=tuple(_origins(reader, root)),
        aliases=tuple(reader.value(el) for el in cnames),
        aliases_location=reader.locate(cnames[0]) if cnames else None,
        certificate=None,  # legacy CloudFront served HTTPS only with its own certificate
        logging=_logging(reader, reader.child(root, "Logging")),
        required_protocols=reader.locate(required) if required is not None else None,
        required_protocol=reader.text(required, "Protocol"),
    )


def _default_behavior(
    reader: Reader, root: etree._Element, required: etree._Element | None
) -> Behavior:
    # "By default, CloudFront accepts both non-secure HTTP and secure HTTPS connections";
    # RequiredProtocols/Protocol=https refuses HTTP (2010-11-01 Developer Guide, "Creating
    # Secure HTTPS Connections"; that guide is no longer online: see docs/cloudfront.md).
    protocol = reader.text(required, "Protocol")
    https_only = protocol is not None and protocol.value == "https"
    where = (
        protocol.location if protocol else reader.locate(required if required is not None else root)
    )
    return Behavior(
        key="default",
        label="the distribution",
        path_pattern=None,
        viewer_protocol=ViewerProtocol.HTTPS_ONLY if https_only else ViewerProtocol.ALLOW_ALL,
        location=where,
        target_origin_id=None,
    )


def _origins(reader: Reader, root: etree._Element) -> list[Origin]:
    origins: list[Origin] = []
    for name, kind in (("S3Origin", OriginKind.S3), ("CustomOrigin", OriginKind.CUSTOM)):
        for element in reader.children(root, name):
            origins.append(
                Origin(
                    id=None,
                    kind=kind,
                    domain_name=reader.text(element, "DNSName"),
                    protocol_policy=reader.text(element, "OriginProtocolPolicy"),
                    ssl_protocols=(),
                    location=reader.locate(element),
                )
            )
    return origins


def _logging(reader: Reader, element: etree._Element | None) -> Logging | None:
    if element is None:
        return None
    return Logging(
        location=reader.locate(element),
        enabled=None,
        bucket=reader.text(element, "Bucket"),
        prefix=reader.text(element, "Prefix"),
    )


def invalidation(source: SourceDocument, document: DocumentType) -> InvalidationBatch:
    reader = Reader(source, document.namespace)
    root = source.root
    return InvalidationBatch(
        document=document,
        location=reader.locate(root),
        caller_reference=reader.text(root, "CallerReference"),
        paths=tuple(reader.value(el) for el in reader.children(root, "Path")),
        paths_location=reader.locate(root),
    )

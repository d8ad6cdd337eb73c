"""Models built directly, without a syntax: an insecure distribution whose every value is either
a literal or unknown (an expression the file does not resolve, which XML never produces)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cfguard.core.document import CURRENT_VERSION, Dialect, DocumentKind, DocumentType
from cfguard.core.findings import Location
from cfguard.model import (
    Behavior,
    Certificate,
    Distribution,
    InvalidationBatch,
    Logging,
    Origin,
    OriginKind,
    Unknown,
    Value,
    ViewerProtocol,
)

CURRENT = DocumentType(DocumentKind.DISTRIBUTION, Dialect.CURRENT, CURRENT_VERSION)
LEGACY = DocumentType(DocumentKind.DISTRIBUTION, Dialect.LEGACY, "2010-11-01")
BATCH = DocumentType(DocumentKind.INVALIDATION, Dialect.CURRENT, CURRENT_VERSION)

#: Makes the value of a field at a line: a literal, or an unknown standing for it.
Maker = Callable[[Any, int], Value[Any]]


def literal(value: Any, line: int) -> Value[Any]:
    return Value(value, Location(line, 5, f"/line{line}"))


def unknown(value: Any, line: int) -> Value[Any]:
    return Value.unknown(Location(line, 5, f"/line{line}"), f"!Ref Param{line}")


def insecure(
    make: Maker = literal, document: DocumentType = CURRENT, address: str | None = None
) -> Distribution:
    """A distribution that breaks as many rules as one document can, every value made by
    `make`: with literals it has findings for most rules; with unknowns it must have none."""
    at = Location(1, 1, "/DistributionConfig")
    policy: ViewerProtocol | Unknown = (
        ViewerProtocol.ALLOW_ALL if make is literal else Unknown("!Ref ViewerPolicy")
    )
    behaviors = (
        Behavior("default", "the default cache behavior", None, policy, at, "web"),
        Behavior("/api/*", 'cache behavior "/api/*"', "/api/*", policy, at, "web"),
    )
    origin = Origin(
        "web",
        OriginKind.CUSTOM,
        make("bucket.s3-website-us-east-1.amazonaws.com", 10),
        make("http-only", 11),
        (make("SSLv3", 12), make("TLSv1", 13)),
        at,
    )
    certificate = Certificate(
        at,
        make(False, 20),
        make("arn:aws:acm:eu-west-1:123:certificate/x", 21),
        None,
        make("vip", 22),
        make("SSLv3", 23),
    )
    return Distribution(
        document=document,
        location=at,
        caller_reference=make("ref", 2),
        behaviors=behaviors,
        origins=(origin,),
        aliases=(make("Bad_Name..example.com", 30), make("*.*.example.com", 31)),
        aliases_location=at,
        certificate=certificate,
        logging=Logging(at, make(False, 40), make("logs.example.com", 41), make("/logs", 42)),
        required_protocols=at if document.dialect is Dialect.LEGACY else None,
        required_protocol=make("http", 50) if document.dialect is Dialect.LEGACY else None,
        address=address,
    )


def batch(make: Maker = literal) -> InvalidationBatch:
    """An invalidation batch whose paths break CFG202 (no leading slash, a wildcard inside)."""
    at = Location(1, 1, "/InvalidationBatch")
    paths = (make("images/*.png", 3), make("/a*b", 4))
    return InvalidationBatch(BATCH, at, make("ref", 2), paths, at)

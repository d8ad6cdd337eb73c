"""Viewer-side HTTPS: can viewers use plain HTTP?"""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.checks.context import Context
from cfguard.core.document import DocumentFormat
from cfguard.core.findings import Hit
from cfguard.model import Distribution


def http_allowed(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    if dist.format is DocumentFormat.LEGACY:
        behavior = dist.behaviors[0]
        if behavior.accepts_http:
            yield Hit(behavior.location, f"viewers can use plain HTTP: {_legacy_reason(dist)}")
        return
    for behavior in dist.behaviors:
        if behavior.accepts_http:
            yield Hit(
                behavior.location,
                f"{behavior.label} accepts plain HTTP (ViewerProtocolPolicy allow-all); "
                "use redirect-to-https or https-only",
            )


_REQUIRE_HTTPS = "<RequiredProtocols><Protocol>https</Protocol></RequiredProtocols>"


def _legacy_reason(dist: Distribution) -> str:
    """Why a legacy document lets HTTP through, from what it actually says: no element, an element
    without a protocol, or a protocol other than `https` (the only value the 2010-11-01 API
    knows), each with the fix."""
    protocol = dist.required_protocol
    if dist.required_protocols is None:
        return f"<RequiredProtocols> is missing; add {_REQUIRE_HTTPS}"
    if protocol is None:
        return "<RequiredProtocols> names no <Protocol>; add <Protocol>https</Protocol> inside it"
    if not protocol.value:
        return "<RequiredProtocols><Protocol> is empty; set it to https"
    return (
        f'<RequiredProtocols><Protocol> is "{protocol.value}", not https (its only value), so '
        "it does not turn HTTP away; set it to https"
    )

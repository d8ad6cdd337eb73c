"""Viewer-side HTTPS: can viewers use plain HTTP?"""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.checks.context import Context
from cfguard.core.document import Dialect
from cfguard.core.findings import Hit
from cfguard.core.message import Field, Message, Setting, Stated, message
from cfguard.model import Distribution


def http_allowed(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    if dist.dialect is Dialect.LEGACY:
        behavior = dist.behaviors[0]
        if behavior.accepts_http:
            yield Hit(
                behavior.location, message("viewers can use plain HTTP: ", _legacy_reason(dist))
            )
        return
    for behavior in dist.behaviors:
        if behavior.accepts_http:
            yield Hit(
                behavior.location,
                message(
                    f"{behavior.label} accepts plain HTTP (",
                    _ALLOW_ALL,
                    "); use redirect-to-https or https-only",
                ),
            )


_ALLOW_ALL = Stated("ViewerProtocolPolicy", "allow-all")
_REQUIRE_HTTPS = Setting("RequiredProtocols", Setting("Protocol", "https"))


def _legacy_reason(dist: Distribution) -> Message:
    """Why a legacy document lets HTTP through, from what it actually says: no element, an element
    without a protocol, or a protocol other than `https` (the only value the 2010-11-01 API
    knows), each with the fix."""
    protocol = dist.required_protocol
    if dist.required_protocols is None:
        return message(Field("RequiredProtocols"), " is missing; add ", _REQUIRE_HTTPS)
    if protocol is None:
        return message(
            Field("RequiredProtocols"),
            " names no ",
            Field("Protocol"),
            "; add ",
            Setting("Protocol", "https"),
            " inside it",
        )
    if not protocol.value:
        return message(Field("RequiredProtocols", "Protocol"), " is empty; set it to https")
    return message(
        Field("RequiredProtocols", "Protocol"),
        f' is "{protocol.value}", not https (its only value), so it does not turn HTTP away; '
        "set it to https",
    )

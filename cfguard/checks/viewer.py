"""Viewer-side HTTPS: can viewers use plain HTTP?"""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.checks.context import Context
from cfguard.core.document import Dialect
from cfguard.core.findings import Hit, Location
from cfguard.core.fixes import Fix, safe_fix
from cfguard.core.message import Field, Message, Setting, Stated, message
from cfguard.model import Behavior, Distribution
from cfguard.model.values import each_decided


def http_allowed(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    if dist.dialect is Dialect.LEGACY:
        behavior = dist.behaviors[0]
        if behavior.accepts_http:
            yield Hit(
                behavior.location, message("viewers can use plain HTTP: ", _legacy_reason(dist))
            )
        return
    yield from each_decided(dist.behaviors, _behavior_http)


def _behavior_http(behavior: Behavior) -> Iterator[Hit]:
    if behavior.accepts_http:
        yield Hit(
            behavior.location,
            message(
                f"{behavior.label} accepts plain HTTP (",
                _ALLOW_ALL,
                "); use redirect-to-https or https-only",
            ),
            fix=_REDIRECT(behavior.location),
        )


_ALLOW_ALL = Stated("ViewerProtocolPolicy", "allow-all")


def _REDIRECT(at: Location) -> Fix:  # reads as the constant fix it is
    # Safe: a browser follows the redirect to HTTPS; rules/CFG101 names the clients that do not.
    return safe_fix("set the viewer protocol policy to redirect-to-https", at, "redirect-to-https")


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

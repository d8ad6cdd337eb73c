"""Viewer-side HTTPS: can viewers use plain HTTP?"""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.context import Context
from cfguard.documents import DocumentFormat
from cfguard.findings import Hit
from cfguard.model import Distribution
from cfguard.registry import check


@check("CFG101")
def http_allowed(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    if dist.format is DocumentFormat.LEGACY:
        behavior = dist.behaviors[0]
        if behavior.accepts_http:
            yield Hit(
                behavior.location,
                "viewers can use plain HTTP: <RequiredProtocols> is missing; add "
                "<RequiredProtocols><Protocol>https</Protocol></RequiredProtocols>",
            )
        return
    for behavior in dist.behaviors:
        if behavior.accepts_http:
            yield Hit(
                behavior.location,
                f"{behavior.label} accepts plain HTTP (ViewerProtocolPolicy allow-all); "
                "use redirect-to-https or https-only",
            )

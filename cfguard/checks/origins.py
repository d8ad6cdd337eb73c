"""The origin leg: does CloudFront fetch from custom origins over HTTPS, with which protocols?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cfguard.checks.context import Context
from cfguard.core.document import Dialect
from cfguard.core.findings import Hit, Location, Severity
from cfguard.core.fixes import Fix, unsafe_fix, unsafe_removal
from cfguard.core.message import Mention, Recount, Setting, Stated, Text, message
from cfguard.model import Distribution, Origin, OriginKind, Value
from cfguard.model.values import each_decided
from cfguard.rules.options import origin_ssl_protocols

# S3 website endpoints speak HTTP only: <bucket>.s3-website-<region>.amazonaws.com and
# <bucket>.s3-website.<region>.amazonaws.com
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html).
_S3_WEBSITE = re.compile(r"\.s3-website[-.][a-z0-9-]+\.amazonaws\.com(\.cn)?\.?$")
_HTTP_ONLY = Stated("OriginProtocolPolicy", "http-only")
_MATCH_VIEWER = Stated("OriginProtocolPolicy", "match-viewer")
#: The count of the origin's protocols, to keep right after one is removed.
_RECOUNT = Recount(" (update ", Mention("Quantity"), " to match)")


def is_s3_website(domain: str) -> bool:
    return bool(_S3_WEBSITE.search(domain.lower()))


def origin_plaintext(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    yield from each_decided(dist.origins, lambda origin: _plaintext(dist, origin))


def _plaintext(dist: Distribution, origin: Origin) -> Iterator[Hit]:
    policy = origin.protocol_policy
    if origin.kind is not OriginKind.CUSTOM or policy is None:
        return
    if policy.value == "http-only":
        reason = message("is fetched over plain HTTP: ", _HTTP_ONLY)
    elif policy.value == "match-viewer":
        http = [b.label for b in dist.behaviors_reaching(origin) if b.accepts_http]
        if not http:
            return
        reason = message(
            "gets viewers' HTTP requests over plain HTTP: ",
            _MATCH_VIEWER,
            f" while {_join(http)} accepts HTTP",
        )
    else:
        return
    name = _origin_name(origin)
    if origin.domain_name is not None and is_s3_website(origin.domain_name.value):
        yield Hit(
            policy.location,
            message(
                f"{name} ",
                reason,
                "; S3 website endpoints only speak HTTP: to encrypt this leg use the bucket's "
                "REST endpoint as an S3 origin with origin access control, or accept it and "
                "suppress this note with the reason",
            ),
            Severity.INFO,
        )
    else:
        yield Hit(
            policy.location,
            message(f"{name} ", reason, "; ", _fix(dist, policy.value)),
            fix=_https_only(dist, policy.location) if policy.value == "http-only" else None,
        )


def _https_only(dist: Distribution, at: Location) -> Fix | None:
    # Unsafe: the origin must serve HTTPS with a certificate valid for its name. The legacy
    # API has no https-only; an S3 website endpoint (reported above, with no fix) speaks HTTP.
    if dist.dialect is Dialect.LEGACY:
        return None
    return unsafe_fix("fetch from the origin over HTTPS only", at, "https-only")


def _fix(dist: Distribution, policy: str) -> Text:
    if dist.dialect is Dialect.LEGACY:
        # 2010-11-01 CustomOrigin has only http-only and match-viewer (2010-11-01 API reference;
        # see docs/cloudfront.md).
        verb = "keep" if policy == "match-viewer" else "use"
        return message(
            f"this API has no https-only: {verb} match-viewer and require HTTPS from viewers with ",
            Setting("RequiredProtocols", Setting("Protocol", "https")),
        )
    return "use https-only (the origin must serve a certificate valid for its domain name)"


def _origin_name(origin: Origin) -> str:
    domain = origin.domain_name.value if origin.domain_name else None
    if origin.id and domain and origin.id != domain:
        return f'origin "{origin.id}" ({domain})'
    if origin.id or domain:
        return f'origin "{origin.id or domain}"'
    return "the custom origin"


def _join(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def origin_weak_tls(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    forbidden = ctx.options.forbidden_origin_protocols
    yield from each_decided(dist.origins, lambda origin: _weak_tls(origin, forbidden))


def _weak_tls(origin: Origin, forbidden: tuple[str, ...]) -> Iterator[Hit]:
    if origin.kind is not OriginKind.CUSTOM:
        return
    # A protocol the file does not decide (`[var.extra, "SSLv3"]`) says nothing; the others
    # are still judged.
    known = [protocol for protocol in origin.ssl_protocols if not protocol.is_unknown]
    fix = _protocol_fix([p.value for p in known], forbidden)
    weak = [protocol for protocol in known if protocol.value in forbidden]
    kept = len(known) > len(weak)
    for index, protocol in enumerate(weak):
        yield Hit(
            protocol.location,
            message(
                f"{_origin_name(origin)} offers {protocol.value} to the origin (",
                Mention("OriginSslProtocols"),
                "); ",
                fix,
            ),
            fix=_dropped(protocol, forbidden, replace=not kept and index == 0),
        )


def _dropped(protocol: Value[str], forbidden: tuple[str, ...], *, replace: bool) -> Fix | None:
    """The fix of one weak protocol: removed from the list, or, where no allowed one would be
    left, the first weak one replaced by the newest allowed protocol. Unsafe: an origin that
    speaks only the weak protocol can no longer be reached."""
    if not replace:
        return unsafe_removal(f"stop offering {protocol.value} to the origin", protocol.location)
    allowed = [p for p in origin_ssl_protocols() if p not in forbidden]
    if not allowed:
        return None
    return unsafe_fix(f"offer {allowed[-1]} instead", protocol.location, allowed[-1])


def _protocol_fix(offered: list[str], forbidden: tuple[str, ...]) -> Text:
    """What to leave in OriginSslProtocols, from what is offered: the allowed protocols already
    there, else the newest one the configuration allows (which is not there yet)."""
    keep = [p for p in offered if p not in forbidden]
    if keep:
        return message(f"remove it and keep {', '.join(keep)}", _RECOUNT)
    allowed = [p for p in origin_ssl_protocols() if p not in forbidden]
    if allowed:
        return message(f"remove it and offer {allowed[-1]} instead", _RECOUNT)
    return (
        "remove it; the configured CFG402 forbidden list names every origin protocol, so no "
        "custom origin can pass: allow at least TLSv1.2"
    )

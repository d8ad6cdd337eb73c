"""CFG105: a custom certificate served from dedicated IP addresses (or static IPs) instead of
with SNI."""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.checks.context import Context
from cfguard.core.findings import Hit
from cfguard.core.fixes import unsafe_fix
from cfguard.core.message import Stated, message
from cfguard.model import Distribution


def dedicated_ip_ssl(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    cert = dist.certificate
    # Only a custom certificate is served from dedicated IPs; CloudFront itself reports `vip` on
    # some default-certificate distributions, which costs nothing.
    if cert is None or not cert.is_custom or cert.ssl_support_method is None:
        return
    method = cert.ssl_support_method
    why = _DEDICATED_IP.get(method.value)
    if why is not None:
        # Unsafe: a client without SNI (pre-2010) can no longer connect.
        fix = unsafe_fix("serve HTTPS with SNI", method.location, "sni-only")
        yield Hit(method.location, message(Stated("SSLSupportMethod", method.value), why), fix=fix)


#: What is wrong with each `SSLSupportMethod` other than `sni-only`, after its name and value.
_DEDICATED_IP = {
    "vip": " serves HTTPS from dedicated IP addresses, billed at $600 a month per certificate; "
    "use sni-only, which every client since about 2010 supports",
    "static-ip": " works only in accounts AWS enabled it for, so this document does not carry "
    "over to other accounts; use sni-only",
}

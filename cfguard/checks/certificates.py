"""Certificates and aliases: can HTTPS be served for every name the distribution answers to?"""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.checks.context import Context
from cfguard.core.document import Dialect
from cfguard.core.findings import Hit
from cfguard.core.message import Field, Item, Mention, message
from cfguard.model import Distribution, ViewerProtocol

_CERTIFICATE = Field("ViewerCertificate")
_CNAME = Item("Aliases", "CNAME")


def cname_https_mismatch(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    # An alias the file does not decide is not named; one that it does is enough to need a
    # certificate.
    known = [alias for alias in dist.aliases if not alias.is_unknown]
    if not known or dist.aliases_location is None:
        return
    names = ", ".join(alias.value for alias in known[:3])
    if len(known) > 3:
        names += f" and {len(known) - 3} more"
    if dist.dialect is Dialect.LEGACY:
        # Legacy CloudFront served HTTPS only on its own *.cloudfront.net certificate: "CloudFront
        # doesn't support CNAMEs with HTTPS" (2010-11-01 Developer Guide, no longer online; see
        # docs/cloudfront.md).
        if dist.behaviors[0].viewer_protocol is ViewerProtocol.HTTPS_ONLY:
            yield Hit(
                dist.aliases_location,
                message(
                    _CNAME,
                    f" {names} cannot be served over HTTPS, which ",
                    Field("RequiredProtocols"),
                    " requires: this API version has no custom certificates; viewers must use "
                    "the *.cloudfront.net name, or move to the current API with an ACM certificate",
                ),
            )
        return
    cert = dist.certificate
    if cert is None:
        problem = message(
            "there is no ", _CERTIFICATE, ", so CloudFront's default certificate is used"
        )
    elif not cert.is_custom:
        problem = (
            message(_CERTIFICATE, " uses CloudFront's default *.cloudfront.net certificate")
            if cert.cloudfront_default is not None and cert.cloudfront_default.value
            else message(
                _CERTIFICATE,
                " names neither an ",
                Mention("ACMCertificateArn"),
                " nor an ",
                Mention("IAMCertificateId"),
            )
        )
    else:
        return
    yield Hit(
        dist.aliases_location,
        message(
            f"aliases {names} cannot be covered by a certificate: ",
            problem,
            "; attach an ACM certificate from us-east-1 that covers every alias",
        ),
    )

"""Per-rule options: what `[tool.cfguard.rules.<ID>]` may set, and the values they compare."""

from __future__ import annotations

from cfguard.core.records import record

#: CloudFront viewer security policies, oldest first (https://docs.aws.amazon.com/AmazonCloudFront/
#: latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html). Compared by
#: position, never by string prefix, so TLSv1.3_2025 is above every TLSv1.2 policy.
VIEWER_TLS_POLICIES = (
    "SSLv3",
    "TLSv1",
    "TLSv1_2016",
    "TLSv1.1_2016",
    "TLSv1.2_2018",
    "TLSv1.2_2019",
    "TLSv1.2_2021",
    "TLSv1.2_2025",
    "TLSv1.3_2025",
)

ORIGIN_SSL_PROTOCOLS = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2")


@record
class RuleOptions:
    """Per-rule options (`[tool.cfguard.rules.<ID>]`; keys in `config.values.RULE_OPTIONS`).

    Construction rejects values a check could not compare (ValueError naming the key), so an API
    caller cannot make a check fail mid-run; the configuration loader validates first.
    """

    #: CFG103 `min-version`: the lowest acceptable `MinimumProtocolVersion` with a custom
    #: certificate; one of `VIEWER_TLS_POLICIES`.
    min_viewer_tls: str = "TLSv1.2_2021"
    #: CFG402 `forbidden`: origin protocols that must not be offered; from `ORIGIN_SSL_PROTOCOLS`.
    forbidden_origin_protocols: tuple[str, ...] = ("SSLv3", "TLSv1", "TLSv1.1")
    #: CFG106 `max-aliases`: most aliases a current-format distribution may have (the default
    #: quota, 100; AWS can raise it for an account).
    max_aliases: int = 100

    def __post_init__(self) -> None:
        if self.min_viewer_tls not in VIEWER_TLS_POLICIES:
            raise ValueError(
                f"CFG103 min-version: '{self.min_viewer_tls}' is not a CloudFront viewer security "
                f"policy; expected one of {', '.join(VIEWER_TLS_POLICIES)}"
            )
        unknown = [p for p in self.forbidden_origin_protocols if p not in ORIGIN_SSL_PROTOCOLS]
        if unknown:
            raise ValueError(
                f"CFG402 forbidden: {', '.join(repr(p) for p in unknown)} is not an origin SSL "
                f"protocol; expected some of {', '.join(ORIGIN_SSL_PROTOCOLS)}"
            )
        if isinstance(self.max_aliases, bool) or self.max_aliases < 1:
            raise ValueError(
                f"CFG106 max-aliases: expected a positive integer, got {self.max_aliases!r}"
            )

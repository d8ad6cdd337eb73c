"""Rule logic, grouped by concern. Importing this package registers every check."""

from __future__ import annotations

from cfguard.checks import aliases, caching, certificates, logging, origins, tls, viewer

__all__ = ["aliases", "caching", "certificates", "logging", "origins", "tls", "viewer"]

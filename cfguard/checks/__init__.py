"""Rule logic, grouped by concern. Importing this package registers every check."""

from __future__ import annotations

from cfguard.checks import certificates, logging, viewer

__all__ = ["certificates", "logging", "viewer"]

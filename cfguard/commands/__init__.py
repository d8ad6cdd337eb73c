"""Sub-commands of `cfguard`; importing this package registers them on the group."""

from __future__ import annotations

from cfguard.commands import check, rules

__all__ = ["check", "rules"]

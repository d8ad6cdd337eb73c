"""Sub-commands of `cfguard`, one module each; `cli.COMMANDS` says which module defines which
command, and `cli.LazyGroup` imports a module only when its command runs."""

from __future__ import annotations

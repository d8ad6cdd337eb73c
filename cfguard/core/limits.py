"""The limits every syntax applies to untrusted input, so that they cannot drift apart.

A syntax package may import `cfguard.core` only, never another syntax's internals, so a limit
shared by several of them lives here.
"""

from __future__ import annotations

#: Largest document cfguard reads. CloudFront request bodies are a few KB; 10 MiB leaves room for
#: 10,000 cache behaviors while bounding memory and time on hostile input.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

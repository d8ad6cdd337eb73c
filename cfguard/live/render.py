"""A fetched configuration as the text `aws cloudfront get-distribution-config` prints: the
ETag and the DistributionConfig, 4-space indentation, non-ASCII as itself, a final newline. The
lines findings point at are the lines of this text, whether or not `--save` writes it."""

from __future__ import annotations

import json
from typing import Any


def render(etag: str, config: dict[str, Any]) -> bytes:
    document = {"ETag": etag, "DistributionConfig": config}
    # default=str: a timestamp (none is in a DistributionConfig today) as the CLI would print it
    text = json.dumps(document, indent=4, ensure_ascii=False, default=str)
    return (text + "\n").encode("utf-8")

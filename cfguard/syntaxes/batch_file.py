"""A ready invalidation batch as a file of its own (CFG201's fix): in the syntax its name says,
XML as the API takes it, or JSON as `aws cloudfront create-invalidation --invalidation-batch
file://...` takes it, laid out as the AWS CLI writes JSON."""

from __future__ import annotations

import json

from cfguard.syntaxes.xml.literal_edit import escape

_NAMESPACE = "http://cloudfront.amazonaws.com/doc/2020-05-31/"


def batch_file(name: str, path: str, caller_reference: str) -> str:
    """The text of `name`, a batch invalidating `path`."""
    if name.lower().endswith(".json"):
        batch = {"Paths": {"Quantity": 1, "Items": [path]}, "CallerReference": caller_reference}
        return json.dumps(batch, indent=4) + "\n"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<InvalidationBatch xmlns="{_NAMESPACE}">\n'
        "  <Paths>\n    <Quantity>1</Quantity>\n    <Items>\n"
        f"      <Path>{escape(path)}</Path>\n    </Items>\n  </Paths>\n"
        f"  <CallerReference>{escape(caller_reference)}</CallerReference>\n"
        "</InvalidationBatch>\n"
    )

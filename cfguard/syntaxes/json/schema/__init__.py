"""CFG003 for the JSON of the AWS CLI and SDKs: the document checked against botocore's shapes.

`validate(tree, node, shape, path)` walks one located JSON value (`cfguard.syntaxes.json.tree`)
against a shape of `schemas/cloudfront-2020-05-31.shapes.json`, which `schemas/generate_json.py`
writes from the pinned botocore model with the XSD's own skipped facets. `shapes.roots()` names
the shapes a document can be: the request bodies and CLI skeletons (`inputs`) and what the CLI
prints (`outputs`, where output-only members such as `ETag` and `Status` belong).

Messages are in JSON's spelling (`"Enabled" must be true or false, not the string "true"`) and
point at the key or value at fault; `wording` holds every one of them.
"""

from cfguard.syntaxes.json.schema.validate import validate

__all__ = ["validate"]

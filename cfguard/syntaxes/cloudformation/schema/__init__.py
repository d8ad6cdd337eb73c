"""CFG003 for CloudFormation templates: a resource's `Properties` against its resource schema.

`validate(tree, properties, resource_type, path)` walks the located `Properties` object of one
resource (`cfguard.syntaxes.json.tree`, which the JSON and YAML parsers both build) against the
CloudFormation resource schema of `AWS::CloudFront::Distribution` or
`AWS::CertificateManager::Certificate`, as `schemas/generate_cloudformation.py` writes it from the
pinned cfn-lint into `schemas/cloudformation-resources.schema.json` (read once, on first use).

An intrinsic function (`!Ref`, `Fn::GetAtt`, ...) is accepted wherever a value is expected, both
branches of an `Fn::If` are checked, `AWS::NoValue` is a property left out, and scalars are read
as CloudFormation converts them (`"443"` for an integer, `"true"` for a boolean). Messages name
the property path below `Properties` in CloudFormation's names and quote what the template gives
the same way in YAML and JSON; `wording` holds every one of them.
"""

from cfguard.syntaxes.cloudformation.schema.validate import validate

__all__ = ["validate"]

"""The buckets of a template as the values that name them: `!GetAtt Bucket.DomainName` (and
`RegionalDomainName`, `DualStackDomainName`) is the bucket's address, `!Ref Bucket` its name."""

from __future__ import annotations

from cfguard.syntaxes.cloudformation.template import BUCKET_TYPE, Template, get_att
from cfguard.syntaxes.json.tree import Node, fields

_DOMAIN_ATTRIBUTES = {
    "DomainName": "{name}.s3.amazonaws.com",
    "RegionalDomainName": "{name}.s3.{region}.amazonaws.com",
    "DualStackDomainName": "{name}.s3.dualstack.{region}.amazonaws.com",
}


def bucket_domain(template: Template, node: Node) -> str | None:
    """The address a `Fn::GetAtt` of a template's bucket gives, or None."""
    found = get_att(node)
    return None if found is None else bucket_attribute(template, *found)


def bucket_attribute(template: Template, logical_id: str, attribute: str) -> str | None:
    form = _DOMAIN_ATTRIBUTES.get(attribute)
    if form is None or template.resource_type(logical_id) != BUCKET_TYPE:
        return None
    if "{region}" in form and template.region is None:
        # The region is the stack's: the address is regional, whatever the region.
        form = form.replace("{region}", "us-east-1")
    domain = form.format(name=bucket_name(template, logical_id), region=template.region)
    return domain + (".cn" if (template.region or "").startswith("cn-") else "")


def bucket_name(template: Template, logical_id: str) -> str:
    """A template's bucket's name: its literal `BucketName`, else a stand-in for the name
    CloudFormation generates (the logical id in lowercase, which is a valid bucket name)."""
    properties = template.properties(logical_id)
    named = fields(properties.value).get("BucketName") if properties is not None else None
    if named is not None and named.value.kind == "string":
        return str(named.value.value)
    return logical_id.lower()[:63].ljust(3, "0")

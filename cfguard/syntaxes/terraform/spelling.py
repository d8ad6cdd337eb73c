"""How Terraform spells the fields a check's message names (`cfguard.core.message`): the
hashicorp/aws provider's argument and block names for `aws_cloudfront_distribution`, in HCL.

* A field is its argument, `viewer_certificate.minimum_protocol_version` for one inside a block;
  the API's `Items`/`Quantity` wrappers do not exist (a list is a list, a repeated block is
  repeated), so they are left out and a `Recount` clause is dropped.
* A field with a value is the argument to write, `viewer_protocol_policy = "allow-all"`; inside
  a block, the block around it: `viewer_certificate { minimum_protocol_version = "TLSv1.2_2021" }`.
* Plans and `.tf.json` files are spelt the same way: the fix belongs in the configuration.
* A comment starts with `# `. A document to save (CFG201's invalidation batch) is the AWS CLI's
  JSON: Terraform has no invalidation resource, the batch is sent with `aws cloudfront`.
"""

from __future__ import annotations

import json
import re

from cfguard.core.message import Scalar, Setting

#: API member names -> the provider's (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution).
_NAMES = {
    "ACMCertificateArn": "acm_certificate_arn",
    "IAMCertificateId": "iam_certificate_id",
    "SSLSupportMethod": "ssl_support_method",
    "OriginSslProtocols": "origin_ssl_protocols",
    "CloudFrontDefaultCertificate": "cloudfront_default_certificate",
    "Logging": "logging_config",
    "Origins": "origin",
    "CacheBehaviors": "ordered_cache_behavior",
    "Id": "origin_id",
    "CustomHeaders": "custom_header",
}
_SKIPPED = frozenset({"Items", "Quantity"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def terraform_name(name: str) -> str:
    """The provider's name for an API member: `ViewerProtocolPolicy` -> `viewer_protocol_policy`."""
    return _NAMES.get(name) or _CAMEL.sub("_", name).lower()


def _names(path: tuple[str, ...]) -> list[str]:
    return [terraform_name(name) for name in path if name not in _SKIPPED]


class TerraformSpelling:
    """Fields as arguments and blocks of `aws_cloudfront_distribution`
    (`cfguard.core.message.Spelling`)."""

    def field(self, path: tuple[str, ...]) -> str:
        return ".".join(_names(path))

    def mention(self, path: tuple[str, ...]) -> str:
        return self.field(path)

    def stated(self, path: tuple[str, ...], value: Scalar) -> str:
        names = _names(path) or [terraform_name(path[-1])]
        text = f"{names[-1]} = {_literal(value)}"
        for name in reversed(names[:-1]):
            text = f"{name} {{ {text} }}"
        return text

    def setting(self, setting: Setting) -> str:
        value = setting.value
        name = terraform_name(setting.name)
        if isinstance(value, (str, int)):
            return f"{name} = {_literal(value)}"
        children = (value,) if isinstance(value, Setting) else value
        inner = " ".join(self.setting(child) for child in children if child.name not in _SKIPPED)
        return f"{name} {{ {inner} }}"

    def item(self, owner: str, wrapper: str, value: Scalar | None) -> str:
        if value is None:
            return f"entry in {self.field((owner,))}"
        return _literal(value)

    def recount(self, clause: str) -> str:
        return ""  # Terraform's lists carry no count

    def placeholder(self, what: str) -> str:
        return f"<{what}>"

    def noun(self, kind: str) -> str:
        return "block" if kind == "member" else "entry"

    def comment(self, text: str) -> str:
        return f"# {text}"

    def document(self, root: Setting) -> str:
        from cfguard.syntaxes.json.spelling import JSON_SPELLING

        return JSON_SPELLING.document(root)


def _literal(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


TERRAFORM_SPELLING = TerraformSpelling()

"""How a CloudFormation template spells the fields a check's message names
(`cfguard.core.message`): in the template's own property names and its own syntax.

* Names: CloudFormation's where they differ from the API's (`AcmCertificateArn`,
  `IamCertificateId`, `SslSupportMethod`, `OriginSSLProtocols`, `OriginCustomHeaders`). Its
  lists are plain lists, so an API path's `Items` is left out and a clause about a list's
  `Quantity` (`Recount`) is dropped.
* YAML: a field is its name, `ViewerCertificate.MinimumProtocolVersion` for a path (a field
  inside another); a field with a value is the entry to write, `ViewerProtocolPolicy: allow-all`,
  a nested one in flow style, `Logging: {Bucket: logs.s3.amazonaws.com}`; a value is quoted
  only where YAML would read it as something else; a placeholder is `<what>`; a comment starts
  with `# `.
* JSON templates: as the AWS CLI's JSON spells them (quoted member names,
  `"ViewerProtocolPolicy": "allow-all"`), in CloudFormation's names; no comments.
* A document to save (the invalidation batch CFG201 asks for) is the JSON the AWS CLI reads,
  in either: CloudFormation has no invalidation resource, the batch is sent with
  `aws cloudfront create-invalidation`.
"""

from __future__ import annotations

import json
import re

from cfguard.core.message import Scalar, Setting

#: API member names -> CloudFormation's.
_NAMES = {
    "ACMCertificateArn": "AcmCertificateArn",
    "IAMCertificateId": "IamCertificateId",
    "SSLSupportMethod": "SslSupportMethod",
    "OriginSslProtocols": "OriginSSLProtocols",
    "CustomHeaders": "OriginCustomHeaders",
}
#: A YAML plain scalar that reads back as the same string.
_PLAIN = re.compile(r"^[A-Za-z0-9_/.(][A-Za-z0-9_./@()+=-]*$")
_NOT_STRINGS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"})
_Json = str | int | bool | list["_Json"] | dict[str, "_Json"]


def _names(path: tuple[str, ...]) -> list[str]:
    return [_NAMES.get(name, name) for name in path if name != "Items"]


class CloudFormationSpelling:
    """Fields as properties of a template (`cfguard.core.message.Spelling`), in YAML or JSON."""

    def __init__(self, *, yaml: bool) -> None:
        self.yaml = yaml

    def field(self, path: tuple[str, ...]) -> str:
        names = _names(path)
        return ".".join(names) if self.yaml else ".".join(json.dumps(name) for name in names)

    def mention(self, path: tuple[str, ...]) -> str:
        return self.field(path)

    def stated(self, path: tuple[str, ...], value: Scalar) -> str:
        names = _names(path)
        nested: _Json = value
        for name in reversed(names[1:]):
            nested = {name: nested}
        return self._member(names[0], nested)

    def setting(self, setting: Setting) -> str:
        return self._member(_NAMES.get(setting.name, setting.name), _value(setting))

    def item(self, owner: str, wrapper: str, value: Scalar | None) -> str:
        if value is None:
            return f"value in {self.field((owner,))}"
        return self._scalar(value)

    def recount(self, clause: str) -> str:
        return ""  # CloudFormation's lists carry no count

    def placeholder(self, what: str) -> str:
        return f"<{what}>" if self.yaml else "{" + what + "}"

    def noun(self, kind: str) -> str:
        return "property" if kind == "member" else "entry"  # CloudFormation's own words

    def comment(self, text: str) -> str:
        return f"# {text}" if self.yaml else text

    def document(self, root: Setting) -> str:
        from cfguard.syntaxes.json.spelling import JSON_SPELLING

        return JSON_SPELLING.document(root)

    def _member(self, name: str, value: _Json) -> str:
        if not self.yaml:
            return f"{json.dumps(name)}: {_dumps(value)}"
        return f"{name}: {self._flow(value)}"

    def _flow(self, value: _Json) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {self._flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self._flow(v) for v in value) + "]"
        return self._scalar(value)

    def _scalar(self, value: Scalar) -> str:
        if not self.yaml or isinstance(value, bool):
            return _dumps(value)
        if isinstance(value, int):
            return str(value)
        plain = _PLAIN.match(value) and value.lower() not in _NOT_STRINGS
        return value if plain and not _number_like(value) else _dumps(value)


def _number_like(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _value(setting: Setting) -> _Json:
    """A setting's value: its scalar, a mapping of the fields inside it, or the list of an
    `Items` (CloudFormation's plain list)."""
    value = setting.value
    if isinstance(value, (str, int)):
        return value
    children = (value,) if isinstance(value, Setting) else value
    if setting.name == "Items":
        return [_value(child) for child in children]
    inner = {_NAMES.get(c.name, c.name): _value(c) for c in children if c.name != "Quantity"}
    items = inner.get("Items")
    return items if len(inner) == 1 and items is not None else inner


def _dumps(value: _Json) -> str:
    return json.dumps(value, ensure_ascii=False)


YAML_SPELLING = CloudFormationSpelling(yaml=True)
JSON_TEMPLATE_SPELLING = CloudFormationSpelling(yaml=False)

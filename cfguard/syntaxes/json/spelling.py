"""How the AWS CLI's JSON spells the fields a check's message names (`cfguard.core.message`).

The CLI and the SDKs write the 2020-05-31 API as botocore renders it: the member names of the
XML, each list still a `Quantity` and its `Items`, but no element around each entry: XML's
`<Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths>` is
`"Paths": {"Quantity": 1, "Items": ["/*"]}`. The choices:

* a field is its key as the file writes it, quoted: `"MinimumProtocolVersion"`, which a search
  of the file finds. A field inside another joins the keys with dots, `"Logging"."Enabled"`
  (an entry of a list as `"Aliases"."Items"[]`): a JMESPath expression, what
  `aws cloudfront get-distribution-config --query` takes. JSON has one way to name a key, so a
  field named in prose (`Mention`) is written the same way;
* a field with a value is the member to write, `"ViewerProtocolPolicy": "redirect-to-https"`,
  typed as the API types it: `true`/`false` and numbers unquoted, an `Items` a list. A field
  inside another is written inside its object: `"Logging": {"Enabled": false}`;
* a list entry named in prose is `value in "Aliases"."Items"` (there is no `CNAME` key: "a
  value in "Aliases"."Items" must name a domain"); one to write is its value, `"/*"`;
* a placeholder is `{what}`: not markup, and never valid JSON, so it cannot be pasted as a value
  by mistake;
* a document to save is the compact JSON the CLI reads from a file, without the root's name:
  `aws cloudfront create-invalidation --invalidation-batch file://batch.json` takes
  `{"Paths": {...}, "CallerReference": "..."}`;
* JSON has no comments: `comment` gives the directive's text alone. The engine never asks (the
  JSON syntax gives no comments, and its users suppress through the configuration), but the
  protocol wants an answer.
"""

from __future__ import annotations

import json

from cfguard.core.message import Scalar, Setting

#: A JSON value as `json.dumps` takes it.
_Json = str | int | bool | list["_Json"] | dict[str, "_Json"]


class JsonSpelling:
    """Fields as members of the CLI's JSON (`cfguard.core.message.Spelling`)."""

    def field(self, path: tuple[str, ...]) -> str:
        written = ""
        for number, name in enumerate(path):
            if number and path[number - 1] == "Items":
                written += "[]"  # the entry's wrapper, which JSON does not have
            else:
                written += ("." if written else "") + _dumps(name)
        return written

    def mention(self, path: tuple[str, ...]) -> str:
        return self.field(path)

    def stated(self, path: tuple[str, ...], value: Scalar) -> str:
        nested: _Json = value
        for name in reversed(path[1:]):
            nested = {name: nested}
        return f"{_dumps(path[0])}: {_dumps(nested)}"

    def setting(self, setting: Setting) -> str:
        return f"{_dumps(setting.name)}: {_dumps(_value(setting))}"

    def item(self, owner: str, wrapper: str, value: Scalar | None) -> str:
        return f"value in {self.field((owner, 'Items'))}" if value is None else _dumps(value)

    def recount(self, clause: str) -> str:
        return clause  # every list of the API has its "Quantity"

    def placeholder(self, what: str) -> str:
        return "{" + what + "}"

    def noun(self, kind: str) -> str:
        return kind  # "member" (an object's key and value), "entry" (of a list)

    def comment(self, text: str) -> str:
        return text  # JSON has no comments (see the module's docstring)

    def document(self, root: Setting) -> str:
        return _dumps(_value(root))


def _value(setting: Setting) -> _Json:
    """The JSON value of a setting: an object of the fields inside it, or a list for `Items`
    (the names of its entries, XML's wrapper elements, dropped)."""
    value = setting.value
    if isinstance(value, (str, int)):
        return value
    children = (value,) if isinstance(value, Setting) else value
    if setting.name == "Items":
        return [_value(child) for child in children]
    return {child.name: _value(child) for child in children}


def _dumps(value: _Json) -> str:
    # One line, the separators the CLI's own output uses; non-ASCII kept readable.
    return json.dumps(value, ensure_ascii=False)


JSON_SPELLING = JsonSpelling()

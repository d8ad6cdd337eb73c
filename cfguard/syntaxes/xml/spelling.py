"""How the XML syntax spells the fields a check's message names: `<MinimumProtocolVersion>`, and
a setting as the element to write, `<SSLSupportMethod>sni-only</SSLSupportMethod>`.

A field named in prose (`Mention`, `Stated`) is its bare name, `MinimumProtocolVersion SSLv3`, and
a list's entry is named by the element that wraps it (`CNAME`): the wording cfguard's messages have
always had, which the rule snapshots hold byte for byte."""

from __future__ import annotations

from cfguard.core.document import CURRENT_VERSION, NAMESPACE_PREFIX
from cfguard.core.message import Scalar, Setting


class XmlSpelling:
    """Fields as elements of the CloudFront API's XML (`cfguard.core.message.Spelling`)."""

    def field(self, path: tuple[str, ...]) -> str:
        return "".join(f"<{name}>" for name in path)

    def mention(self, path: tuple[str, ...]) -> str:
        return "/".join(path)

    def stated(self, path: tuple[str, ...], value: Scalar) -> str:
        return f"{self.mention(path)} {_text(value)}"

    def setting(self, setting: Setting) -> str:
        return _element(setting, "")

    def item(self, owner: str, wrapper: str, value: Scalar | None) -> str:
        return wrapper if value is None else _element(Setting(wrapper, value), "")

    def recount(self, clause: str) -> str:
        return clause  # every list of the API has its <Quantity>

    def placeholder(self, what: str) -> str:
        return f"<{what}>"

    def noun(self, kind: str) -> str:
        return "element"

    def comment(self, text: str) -> str:
        return f"<!-- {text} -->"

    def document(self, root: Setting) -> str:
        # A document to save must say which API it is for; the current one is what CloudFront
        # accepts today.
        return _element(root, f' xmlns="{NAMESPACE_PREFIX}{CURRENT_VERSION}/"')


def _text(value: Scalar) -> str:
    """A value as element text: `true`/`false` for a boolean, digits for a number."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(setting: Setting, attributes: str) -> str:
    value = setting.value
    if isinstance(value, (str, int)):
        inner = _text(value)
    elif isinstance(value, Setting):
        inner = _element(value, "")
    else:
        inner = "".join(_element(child, "") for child in value)
    return f"<{setting.name}{attributes}>{inner}</{setting.name}>"


XML_SPELLING = XmlSpelling()

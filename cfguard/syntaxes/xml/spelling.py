"""How the XML syntax spells the fields a check's message names: `<MinimumProtocolVersion>`, and
a setting as the element to write, `<SSLSupportMethod>sni-only</SSLSupportMethod>`."""

from __future__ import annotations

from cfguard.core.document import CURRENT_VERSION, NAMESPACE_PREFIX
from cfguard.core.message import Setting


class XmlSpelling:
    """Fields as elements of the CloudFront API's XML (`cfguard.core.message.Spelling`)."""

    def field(self, path: tuple[str, ...]) -> str:
        return "".join(f"<{name}>" for name in path)

    def setting(self, setting: Setting) -> str:
        return _element(setting, "")

    def placeholder(self, what: str) -> str:
        return f"<{what}>"

    def comment(self, text: str) -> str:
        return f"<!-- {text} -->"

    def document(self, root: Setting) -> str:
        # A document to save must say which API it is for; the current one is what CloudFront
        # accepts today.
        return _element(root, f' xmlns="{NAMESPACE_PREFIX}{CURRENT_VERSION}/"')


def _element(setting: Setting, attributes: str) -> str:
    value = setting.value
    if isinstance(value, str):
        inner = value
    elif isinstance(value, Setting):
        inner = _element(value, "")
    else:
        inner = "".join(_element(child, "") for child in value)
    return f"<{setting.name}{attributes}>{inner}</{setting.name}>"


XML_SPELLING = XmlSpelling()

"""An element removed from a Quantity/Items list (`<SslProtocol>SSLv3</SslProtocol>` from
`OriginSslProtocols/Items`), with its line when it stands on one, and the `Quantity` before
the `Items` counted down in the same fix so that the document stays valid."""

from __future__ import annotations

import re

from cfguard.core.fixes import Edit

_ELEMENT = re.compile(r"<([\w.-]+(?::[\w.-]+)?)>[^<]*</\1>\Z")
_ITEMS_OPEN = re.compile(r"<((?:[\w.-]+:)?)Items>")
_QUANTITY = re.compile(r"<((?:[\w.-]+:)?)Quantity>\s*(\d+)\s*</\1Quantity>\s*\Z")


def entry_removal(text: str, start: int, end: int) -> tuple[Edit, ...] | None:
    element = _ELEMENT.match(text, start, end)
    if element is None:
        return None
    name = element.group(1)
    opened = list(_ITEMS_OPEN.finditer(text, 0, start))
    if not opened:
        return None
    items = opened[-1]
    prefix = items.group(1)
    close = text.find(f"</{prefix}Items>", end)
    siblings = text[items.end() : close] if close >= 0 else ""
    count = siblings.count(f"</{name}>")
    # Only elements of this one kind between <Items> and </Items>: a list cfguard can count.
    if close < 0 or re.sub(rf"<{re.escape(name)}>[^<]*</{re.escape(name)}>|\s", "", siblings):
        return None
    quantity = _QUANTITY.search(text, 0, items.start())
    if quantity is None or int(quantity.group(2)) != count or count < 2:
        return None
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end + 1
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        removal = Edit(line_start, line_end, "")
    else:
        removal = Edit(start, end, "")
    return removal, Edit(quantity.start(2), quantity.end(2), str(count - 1))

"""The three names of an element's place: its XPath, its neutral path and its identity.

* XPath, the XML rendering: `/DistributionConfig/CacheBehaviors/Items/CacheBehavior[2]`, local
  names, 1-based indexes only where siblings share the name.
* Neutral path, the form every syntax shares: a JMESPath expression as `aws cloudfront ...
  --query` takes it, `DistributionConfig.CacheBehaviors.Items[1]` (the same value in the CLI's
  JSON has the same path). An `Items` entry is an index into `Items`, 0-based; other repeated
  siblings (the legacy format's `CNAME`s) are a list of their name.
* Identity, for fingerprints: the neutral path with each list entry named by what identifies it
  rather than its position: `Items[PathPattern='/api/*']`, `Items[Id='s3-origin']`, an alias or
  an invalidation path by its value. Inserting a behavior or reordering origins changes no other
  element's identity. Only an entry with neither a key nor a value (none in a valid document)
  falls back to its position, `[#2]`.

Each parent's children are named once, when one of them is first asked for, so naming every
element of a document costs time linear in its size.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

#: Children that name a list entry, in the order they are tried: a cache behavior's
#: `PathPattern`, an origin's or origin group's `Id`, a group member's `OriginId`, a function or
#: Lambda@Edge association's `EventType`, a custom error response's `ErrorCode`, a custom
#: header's `HeaderName`.
IDENTITY_KEYS = ("PathPattern", "Id", "OriginId", "EventType", "ErrorCode", "HeaderName")

_LIST = "Items"
#: Elements the legacy flat format repeats without an `Items` wrapper (a distribution's
#: `CNAME`s, a batch's `Path`s): a list of their name even when there is one, so adding a
#: second alias does not rename the first (`CNAME['www.example.com']` either way).
_REPEATED = frozenset({"CNAME", "Path"})


class Names:
    """The segments of one element's place, one per rendering."""

    __slots__ = ("identity", "path", "xpath")

    def __init__(self, xpath: str, path: str, identity: str) -> None:
        self.xpath, self.path, self.identity = xpath, path, identity


class ElementPaths:
    """The XPath, neutral path and identity of the elements of one tree (cached)."""

    def __init__(self) -> None:
        self._full: dict[etree._Element, Names] = {}
        self._segments: dict[etree._Element, Names] = {}

    def of(self, element: etree._Element) -> Names:
        """`element`'s full XPath, path and identity."""
        chain: list[etree._Element] = []
        node: etree._Element | None = element
        while node is not None and node not in self._full:
            chain.append(node)
            node = node.getparent()
        prefix = self._full[node] if node is not None else Names("", "", "")
        for item in reversed(chain):
            segment = self._segment(item)
            prefix = Names(
                prefix.xpath + "/" + segment.xpath,
                _join(prefix.path, segment.path),
                _join(prefix.identity, segment.identity),
            )
            self._full[item] = prefix
        return prefix

    def _segment(self, element: etree._Element) -> Names:
        parent = element.getparent()
        if parent is None:
            name = _local(element)
            return Names(name, name, name)
        if element not in self._segments:
            self._segments.update(_child_segments(parent))
        return self._segments[element]


def _join(prefix: str, segment: str) -> str:
    # A list index attaches to its list (`Items[1]`); a name is a member (`.ViewerProtocolPolicy`).
    if not prefix or segment.startswith("["):
        return prefix + segment
    return prefix + "." + segment


def _child_segments(parent: etree._Element) -> dict[etree._Element, Names]:
    children = [child for child in parent if isinstance(child.tag, str)]
    tags = [child.tag for child in children]  # lxml builds the string on every `.tag`
    totals = Counter(tags)
    in_list = parent.tag.rpartition("}")[2] == _LIST
    seen: Counter[str] = Counter()
    names: dict[etree._Element, Names] = {}
    for position, (child, tag) in enumerate(zip(children, tags, strict=True)):
        local = tag.rpartition("}")[2]
        if totals[tag] == 1 and not in_list and local not in _REPEATED:
            names[child] = Names(local, local, local)
            continue
        seen[tag] += 1
        count = seen[tag]
        xpath = f"{local}[{count}]" if totals[tag] > 1 else local
        if in_list:  # `Items[1]`: the entry's element name is XML's, not the path's
            names[child] = Names(xpath, f"[{position}]", f"[{_identity_key(child, position)}]")
        else:
            key = _identity_key(child, count - 1)
            names[child] = Names(xpath, f"{local}[{count - 1}]", f"{local}[{key}]")
    return names


def _identity_key(element: etree._Element, position: int) -> str:
    """What names a list entry: its first key child's value, else its own value (a leaf such as
    an alias or an invalidation path), else its 0-based position."""
    for key in IDENTITY_KEYS:
        child = next(element.iterchildren("{*}" + key), None)
        if child is not None and _value(child):
            return f"{key}={_value(child)!r}"
    if next(element.iterchildren(etree.Element), None) is None and _value(element):
        return repr(_value(element))
    return f"#{position}"


def _value(element: etree._Element) -> str:
    # The element's own text around any comments, as `source.text_content` reads it.
    return "".join([element.text or "", *(child.tail or "" for child in element)]).strip()


def _local(element: etree._Element) -> str:
    # `{namespace}local` or `local`: string work, not an `etree.QName` object per element.
    return element.tag.rpartition("}")[2]

"""Schema-level checks beside the XSD, made for both engines alike (`schema.validate`).

* `unqualified`: a root that takes the CloudFront namespace through a prefix over unprefixed
  elements. The XSD would report every element and every parent's missing children, a cascade
  that hides the one mistake; this says it once, instead of the XSD.
* `references`: the ids one part of a distribution uses to name another. CloudFront refuses a
  `TargetOriginId` that names no origin or origin group (`NoSuchOrigin`), and an origin group
  member that names no origin, but XSD 1.0 keys cannot reach across the Quantity/Items
  wrappers the way these ids do, and the XSD 1.1 assertions that could would cost xmlschema's
  time on every document. A Python walk over the few elements involved costs microseconds,
  so it runs on every document, after the XSD.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from lxml import etree

from cfguard.core.document import Dialect, DocumentKind, DocumentType
from cfguard.core.findings import Hit
from cfguard.syntaxes.xml.source import SourceDocument, text_content

#: Ids a message lists before saying how many more there are.
_SHOWN = 10


def unqualified(document: SourceDocument, doc_type: DocumentType) -> Hit | None:
    """One hit for a prefixed root (`<cf:X xmlns:cf="...">`) over elements in no namespace."""
    root = document.root
    if not root.prefix:
        return None
    stray = [e for e in root.iter(etree.Element) if etree.QName(e).namespace is None]
    if not stray:
        return None
    shown = ", ".join(f"<{etree.QName(e).localname}>" for e in stray[:3])
    if len(stray) > 3:
        shown += f" and {len(stray) - 3} more"
    elements, have = ("element", "has") if len(stray) == 1 else ("elements", "have")
    first = etree.QName(stray[0]).localname
    return Hit(
        document.locate(root),
        f"<{etree.QName(root).localname}> is in the CloudFront {doc_type.api_version} namespace "
        f'through its prefix "{root.prefix}:", but {elements} {shown} {have} no prefix and so '
        f"are in no namespace; every element must be in {doc_type.namespace}: write "
        f'<{root.prefix}:{first}>, or declare the namespace as the default (xmlns="'
        f'{doc_type.namespace}") and drop the prefixes',
    )


def references(document: SourceDocument, doc_type: DocumentType) -> list[Hit]:
    """A hit for each id that names nothing: a cache behavior's `TargetOriginId` (an origin or
    an origin group) and an origin group member's `OriginId` (an origin). The legacy format has
    one origin and no ids (its schema has no `TargetOriginId`)."""
    if doc_type.dialect is not Dialect.CURRENT or not doc_type.is_distribution:
        return []
    if _all_resolve(document.root, doc_type.namespace):
        return []  # the usual case
    path = _Path()
    config: etree._Element | None = document.root
    if doc_type.kind is DocumentKind.DISTRIBUTION_WITH_TAGS:
        config = path.first(config, "DistributionConfig")
    origins = path.first(config, "Origins")
    if config is None or origins is None:
        return []  # CFG003 reports the missing Origins; every id would "name nothing"
    origin_ids = _ids(path.all(origins, "Items", "Origin", "Id"))
    groups = list(path.all(config, "OriginGroups", "Items", "OriginGroup"))
    group_ids = _ids(id_ for group in groups for id_ in path.all(group, "Id"))
    hits: list[Hit] = []
    behaviors = [
        *path.all(config, "DefaultCacheBehavior"),
        *path.all(config, "CacheBehaviors", "Items", "CacheBehavior"),
    ]
    for behavior in behaviors:
        for target in path.all(behavior, "TargetOriginId"):
            value = text_content(target).strip()
            if value not in origin_ids and value not in group_ids:
                what = "origin or origin group" if group_ids else "origin"
                message = _message(
                    target, value, what, "NoSuchOrigin", origin_ids=origin_ids, group_ids=group_ids
                )
                hits.append(Hit(document.locate(target), message))
    for group in groups:
        for member in path.all(group, "Members", "Items", "OriginGroupMember", "OriginId"):
            value = text_content(member).strip()
            if value not in origin_ids:
                message = _message(
                    member, value, "origin", None, origin_ids=origin_ids, group_ids=[]
                )
                hits.append(Hit(document.locate(member), message))
    return hits


def _all_resolve(root: etree._Element, namespace: str) -> bool:
    """Whether every id names something, compared as written (exact strings, the document's
    namespace only): stricter than the walk in `references`, so "yes" settles it, in C and in
    time linear in the document (the ids a target is compared with are a handful)."""
    origins, groups, check = _xpaths(namespace)
    origin_ids, group_ids = origins(root), groups(root)
    if not isinstance(origin_ids, list) or not isinstance(group_ids, list):
        return False  # (node-set expressions: always lists)
    return not check(root, ids=[*origin_ids, *group_ids], origins=origin_ids)


@functools.cache
def _xpaths(namespace: str) -> tuple[etree.XPath, etree.XPath, etree.XPath]:
    q = {"q": namespace}
    return (
        etree.XPath("//q:Origins/q:Items/q:Origin/q:Id", namespaces=q),
        etree.XPath("//q:OriginGroups/q:Items/q:OriginGroup/q:Id", namespaces=q),
        etree.XPath(
            "boolean(//q:TargetOriginId[not(. = $ids)]"
            " | //q:OriginGroupMember/q:OriginId[not(. = $origins)])",
            namespaces=q,
        ),
    )


def _message(
    element: etree._Element,
    value: str,
    what: str,
    error: str | None,
    *,
    origin_ids: list[str],
    group_ids: list[str],
) -> str:
    refused = f"CloudFront refuses it: {error}" if error else "CloudFront refuses it"
    head = (
        f"<{etree.QName(element).localname}> is {_quote(value)}, which names no {what} of this "
        f"distribution ({refused})"
    )
    if not origin_ids:
        return f"{head}; the distribution has no origin with an <Id>"
    expected = f"an origin Id ({_listing(origin_ids)})"
    if group_ids:
        expected += f" or an origin group Id ({_listing(group_ids)})"
    return f"{head}; expected {expected}"


def _listing(ids: list[str]) -> str:
    shown = ", ".join(_quote(i) for i in ids[:_SHOWN])
    return shown + (f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else "")


def _ids(elements: Iterable[etree._Element]) -> list[str]:
    return list(dict.fromkeys(text_content(e).strip() for e in elements))


def _quote(text: str) -> str:
    from cfguard.syntaxes.xml.schema.wording import quote

    return quote(text)


class _Path:
    """Children by local name. In any namespace: an element in the wrong one is CFG003 already,
    and an origin there must not also make every behavior targeting it "name nothing"."""

    def first(self, parent: etree._Element | None, name: str) -> etree._Element | None:
        return next(parent.iterchildren("{*}" + name), None) if parent is not None else None

    def all(self, parent: etree._Element | None, *names: str) -> Iterator[etree._Element]:
        if parent is None:
            return
        if len(names) == 1:
            yield from parent.iterchildren("{*}" + names[0])
            return
        for child in parent.iterchildren("{*}" + names[0]):
            yield from self.all(child, *names[1:])

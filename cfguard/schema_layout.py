"""What the schema allows where: the knowledge behind messages about misplaced elements.

xmlschema reports a missing element one at a time and an unexpected one without saying why it
is unexpected. Reading the content model directly gives better messages: every missing required
element at once, "at most 1 allowed" for a duplicate, a wrong namespace spelled out, and for a
misplaced element where it does belong.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from lxml import etree
from xmlschema.validators import XsdComplexType, XsdElement, XsdGroup

_MAX_PLACES = 3


def local(node: etree._Element | str) -> str:
    tag = node if isinstance(node, str) else node.tag
    return str(tag).rpartition("}")[2]


class SchemaLayout:
    """Parent/child relations of one schema, for one document's API version."""

    def __init__(self, schema: Any, api_version: str) -> None:
        self.api_version = api_version
        self.namespace: str = schema.target_namespace
        self.places: dict[str, set[str]] = defaultdict(set)
        # Child counts of the parent last asked about: xmlschema reports a parent's errors one
        # after another, and recounting a parent with a million children for each is quadratic.
        self._counted: etree._Element | None = None
        self._counts: Counter[str] = Counter()
        for element in schema.elements.values():
            self._walk(element, "", set())

    def _walk(self, element: XsdElement, parent: str, seen: set[int]) -> None:
        xsd_type = element.type
        group = xsd_type.content if isinstance(xsd_type, XsdComplexType) else None
        if not isinstance(group, XsdGroup) or id(group) in seen:
            return
        name = local(element.name or "")
        # A list wrapper is called Items nearly everywhere; its owner says which list it is.
        label = f"<{parent}>/<{name}>" if name == "Items" and parent else f"<{name}>"
        for child in group.iter_elements():
            if isinstance(child, XsdElement):
                self.places[local(child.name or "")].add(label)
                self._walk(child, name, seen | {id(group)})

    def unexpected(self, parent: etree._Element, child: etree._Element, group: XsdGroup) -> str:
        """Why `child` may not appear in `parent`."""
        parent_name, child_name = local(parent), local(child)
        allowed = {e.name: e for e in group.iter_elements() if isinstance(e, XsdElement)}
        if child.tag in allowed:
            count = self._child_counts(parent)[str(child.tag)]
            most = allowed[child.tag].max_occurs
            limit = "only one is allowed" if most == 1 else f"at most {most} allowed"
            return f"<{parent_name}> has {count} <{child_name}> elements; {limit}"
        if any(local(name or "") == child_name for name in allowed):
            namespace = etree.QName(child).namespace
            where = f'namespace "{namespace}"' if namespace else "no namespace"
            return (
                f"<{child_name}> in <{parent_name}> is in {where}; expected the CloudFront "
                f"{self.api_version} namespace {self.namespace}"
            )
        places = sorted(self.places.get(child_name, ()))
        if etree.QName(child).namespace != self.namespace or not places:
            why = f"not part of the {self.api_version} format"
        elif len(places) <= _MAX_PLACES:
            why = f"<{child_name}> belongs in {' or '.join(places)}"
        else:
            why = f"<{child_name}> is not allowed there"
        return f"unexpected element <{child_name}> in <{parent_name}> ({why})"

    def _child_counts(self, parent: etree._Element) -> Counter[str]:
        if self._counted is not parent:
            self._counts = Counter(str(child.tag) for child in parent)
            self._counted = parent
        return self._counts

    def incomplete(self, parent: etree._Element, group: XsdGroup, besides: str = "") -> str | None:
        """Every required element `parent` lacks, in one message; None if it lacks none.

        `besides` names an element already reported otherwise (say, in the wrong namespace).
        """
        parent_name = local(parent)
        missing: list[str] = []
        for element in group.iter_elements():
            if not isinstance(element, XsdElement) or local(element.name or "") == besides:
                continue
            count = self._child_counts(parent)[element.name or ""]
            name = local(element.name or "")
            if count == 0 and element.min_occurs > 0:
                missing.append(f"<{name}>")
            elif count < element.min_occurs:
                least = element.min_occurs
                return f"<{parent_name}> has {count} <{name}>; at least {least} required"
        if not missing:
            return None
        noun = "element" if len(missing) == 1 else "elements"
        return f"<{parent_name}> is missing required {noun} {', '.join(missing)}"

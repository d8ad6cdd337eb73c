"""Small, tolerant accessors over one document's elements, shared by the adapters."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from lxml import etree

from cfguard.core.findings import Location
from cfguard.model import Value
from cfguard.syntaxes.xml.source import SourceDocument, text_content


class Unreadable(Exception):
    """An element the model is built from is in another namespace than the document's.

    CloudFront would not read it (CFG003 says so), and a model without it would tell the rules
    it is absent: "no logging", "the default certificate" about a `<Logging xmlns="">` that is
    there. So no model is built (`to_model`).
    """


class Reader:
    """Finds children by local name in the document's namespace and wraps values with locations.

    An element of the name in any other namespace (or none) raises `Unreadable`. `resource`
    names the distribution the values belong to (`Location.resource`), in a body that names one.
    """

    def __init__(self, source: SourceDocument, namespace: str, resource: str | None = None) -> None:
        self.source = source
        self._ns = "{" + namespace + "}"
        self._resource = resource

    def tag(self, name: str) -> str:
        """`name` in the document's namespace (`*`: any element in it), for lxml's filters."""
        return self._ns + name

    def child(self, parent: etree._Element | None, *names: str) -> etree._Element | None:
        node = parent
        for name in names:
            if node is None:
                return None
            # iterchildren filters in C; `find` goes through ElementPath (twice as slow).
            found = next(node.iterchildren(self._ns + name), None)
            if found is None and next(node.iterchildren("{*}" + name), None) is not None:
                raise Unreadable(name)
            node = found
        return node

    def children(self, parent: etree._Element | None, name: str) -> Iterator[etree._Element]:
        if parent is not None:
            tag = self._ns + name
            for child in parent.iterchildren("{*}" + name):
                if child.tag != tag:
                    raise Unreadable(name)
                yield child

    def items(self, parent: etree._Element | None, item: str) -> Iterator[etree._Element]:
        """The `Items/<item>` elements of a Quantity/Items wrapper."""
        yield from self.children(self.child(parent, "Items"), item)

    def locate(self, element: etree._Element) -> Location:
        # Deferred: only the few values a finding points at ever need their line and column.
        return Location.deferred(partial(self.source.locate, element, self._resource))

    def text(self, parent: etree._Element | None, *names: str) -> Value[str] | None:
        element = self.child(parent, *names)
        if element is None:
            return None
        return self.value(element)

    def value(self, element: etree._Element) -> Value[str]:
        return Value(text_content(element).strip(), self.locate(element))

    def flag(self, parent: etree._Element | None, *names: str) -> Value[bool] | None:
        """A boolean; anything but `true`/`false` (a schema error already) is treated as absent."""
        raw = self.text(parent, *names)
        if raw is None or raw.value not in ("true", "false"):
            return None
        return Value(raw.value == "true", raw.location)

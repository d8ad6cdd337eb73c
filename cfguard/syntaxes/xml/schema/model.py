"""The content model of a cfguard schema file, read with lxml: which children an element may
have, how many of each, and what its text may be.

Both schema engines explain errors with it (`layout` words the messages), so the answer
to "what belongs here?" comes from the one XSD file whichever engine found the error, and the
libxml2 path can explain a document without importing xmlschema (~0.4 s a process).

It reads the subset of XSD the schema files use, and says so when it meets anything else
(`SchemaModelError`, which a test turns into a failure for every shipped schema): global
`xs:element`s; named `xs:complexType`s holding nothing, or one `xs:sequence` or `xs:all` of
`xs:element`s (plus `xs:assert`s); named `xs:simpleType`s restricting a built-in or another
named type.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from cfguard.syntaxes.xml.schema.wording import local

XSD = "http://www.w3.org/2001/XMLSchema"
_FACETS = frozenset(
    {"enumeration", "pattern", "length", "minLength", "maxLength", "minInclusive", "maxInclusive"}
)


class SchemaModelError(ValueError):
    """The schema uses XSD this reader does not model: a bug in cfguard's schema files."""


@dataclass(frozen=True, slots=True)
class ChildSpec:
    """One element a complex type may contain."""

    tag: str  # qualified, `{namespace}Name`
    #: A named type of the schema, or `xs:<builtin>`; "" where only the name and the counts
    #: matter (the specs `messages` makes from xmlschema's content groups).
    type_name: str
    min_occurs: int
    max_occurs: int | None  # None: unbounded

    @property
    def name(self) -> str:
        return self.tag.rpartition("}")[2]


@dataclass(frozen=True, slots=True)
class SimpleType:
    """A named restriction: its base and facets, as written (values are the schema's text)."""

    base: str  # a named simple type of the schema, or `xs:<builtin>`
    facets: tuple[tuple[str, str], ...]  # (facet name, value) in document order

    def values(self, facet: str) -> list[str]:
        return [value for name, value in self.facets if name == facet]


@dataclass(frozen=True, slots=True)
class SchemaModel:
    """One schema file's declarations: its root elements, complex and simple types, by name."""

    namespace: str
    roots: dict[str, str]  # global element tag -> type name
    complex_types: dict[str, tuple[ChildSpec, ...]]
    simple_types: dict[str, SimpleType]

    def type_of(self, element: etree._Element) -> str | None:
        """The type the schema gives `element`, found from the root down by element names;
        None where the schema declares no such element (XSD requires one type per name within
        a parent type, so the path decides)."""
        chain: list[etree._Element] = []
        node: etree._Element | None = element
        while node is not None:
            chain.append(node)
            node = node.getparent()
        type_name = self.roots.get(str(chain[-1].tag))
        for node in reversed(chain[:-1]):
            child = self.child(type_name, str(node.tag)) if type_name else None
            type_name = child.type_name if child else None
        return type_name

    def child(self, type_name: str, tag: str) -> ChildSpec | None:
        return next((c for c in self.complex_types.get(type_name, ()) if c.tag == tag), None)

    def builtin_of(self, type_name: str) -> str:
        """The `xs:` built-in a simple type finally restricts."""
        while type_name in self.simple_types:
            type_name = self.simple_types[type_name].base
        return type_name


@functools.cache
def schema_model(xsd_text: str) -> SchemaModel:
    """The model of one schema text (cached: the text is the key, as for the validators)."""
    root = etree.fromstring(xsd_text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    namespace = root.get("targetNamespace") or ""
    roots: dict[str, str] = {}
    complex_types: dict[str, tuple[ChildSpec, ...]] = {}
    simple_types: dict[str, SimpleType] = {}
    for node in _xsd_children(root):
        kind, name = local(node), node.get("name") or ""
        if kind == "element":
            roots[f"{{{namespace}}}{name}"] = _type_ref(node)
        elif kind == "complexType":
            complex_types[name] = _content(node, namespace)
        elif kind == "simpleType":
            simple_types[name] = _restriction(node)
        else:
            raise SchemaModelError(f"unmodelled top-level xs:{kind} {name!r}")
    return SchemaModel(namespace, roots, complex_types, simple_types)


def _xsd_children(node: etree._Element) -> Iterator[etree._Element]:
    for child in node.iterchildren(etree.Element):
        if child.tag == f"{{{XSD}}}annotation":
            continue
        if etree.QName(child).namespace != XSD:
            raise SchemaModelError(f"unexpected element {child.tag} in a schema")
        yield child


def _content(complex_type: etree._Element, namespace: str) -> tuple[ChildSpec, ...]:
    groups = [c for c in _xsd_children(complex_type) if local(c) != "assert"]
    if not groups:  # an empty element
        return ()
    if len(groups) != 1 or local(groups[0]) not in ("sequence", "all"):
        raise SchemaModelError(f"complex type {complex_type.get('name')!r}: unmodelled content")
    children = []
    for element in _xsd_children(groups[0]):
        if local(element) != "element" or element.get("name") is None:
            raise SchemaModelError(
                f"complex type {complex_type.get('name')!r}: unmodelled particle"
            )
        most = element.get("maxOccurs", "1")
        children.append(
            ChildSpec(
                tag=f"{{{namespace}}}{element.get('name')}",
                type_name=_type_ref(element),
                min_occurs=int(element.get("minOccurs", "1")),
                max_occurs=None if most == "unbounded" else int(most),
            )
        )
    return tuple(children)


def _restriction(simple_type: etree._Element) -> SimpleType:
    restrictions = list(_xsd_children(simple_type))
    if len(restrictions) != 1 or local(restrictions[0]) != "restriction":
        raise SchemaModelError(f"simple type {simple_type.get('name')!r}: not a restriction")
    facets = []
    for facet in _xsd_children(restrictions[0]):
        if local(facet) not in _FACETS:
            raise SchemaModelError(f"simple type {simple_type.get('name')!r}: unmodelled facet")
        facets.append((local(facet), facet.get("value") or ""))
    return SimpleType(_qualified_type(restrictions[0].get("base") or ""), tuple(facets))


def _type_ref(element: etree._Element) -> str:
    if element.get("type") is None:
        raise SchemaModelError(f"element {element.get('name')!r} has no named type")
    return _qualified_type(element.get("type") or "")


def _qualified_type(reference: str) -> str:
    # The schema files write built-ins as `xs:` and their own types unprefixed.
    return reference if reference.startswith("xs:") else reference.rpartition(":")[2]

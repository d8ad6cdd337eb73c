"""What the schema allows where: the knowledge behind messages about misplaced elements.

xmlschema reports a missing element one at a time and an unexpected one without saying why it
is unexpected, and libxml2 says even less. Reading the content model (`model`) directly
gives better messages, the same for both engines: every missing required element at once, "at
most 1 allowed" for a duplicate, a wrong namespace spelled out, and for a misplaced element
where it does belong.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from lxml import etree

from cfguard.core.document import CURRENT_VERSION, LEGACY_LAST
from cfguard.syntaxes.xml.schema.model import ChildSpec, SchemaModel
from cfguard.syntaxes.xml.schema.wording import local

_MAX_PLACES = 3


class SchemaLayout:
    """Parent/child relations of one schema, for one document's API version."""

    def __init__(self, model: SchemaModel, api_version: str) -> None:
        self.api_version = api_version
        # The format the schema describes: the document's own for the legacy family (one shape),
        # 2020-05-31 for the configuration inside an older Quantity/Items response (`files`).
        self.format = api_version if api_version <= LEGACY_LAST else CURRENT_VERSION
        self.namespace = model.namespace
        self.places: dict[str, set[str]] = defaultdict(set)
        # Child counts of the parent last asked about: xmlschema reports a parent's errors one
        # after another, and recounting a parent with a million children for each is quadratic.
        self._counted: etree._Element | None = None
        self._counts: Counter[str] = Counter()
        for tag, type_name in model.roots.items():
            self._walk(model, local(tag), type_name, "", frozenset())

    def _walk(
        self, model: SchemaModel, name: str, type_name: str, parent: str, seen: frozenset[str]
    ) -> None:
        if type_name not in model.complex_types or type_name in seen:
            return
        # A list wrapper is called Items nearly everywhere; its owner says which list it is.
        label = f"<{parent}>/<{name}>" if name == "Items" and parent else f"<{name}>"
        for child in model.complex_types[type_name]:
            self.places[child.name].add(label)
            self._walk(model, child.name, child.type_name, name, seen | {type_name})

    def unexpected(
        self, parent: etree._Element, child: etree._Element, allowed: Sequence[ChildSpec]
    ) -> str:
        """Why `child` may not appear in `parent`, whose content model allows `allowed`."""
        parent_name, child_name = local(parent), local(child)
        by_tag = {spec.tag: spec for spec in allowed}
        if child.tag in by_tag:
            count = self._child_counts(parent)[str(child.tag)]
            most = by_tag[str(child.tag)].max_occurs
            limit = "only one is allowed" if most == 1 else f"at most {most} allowed"
            return f"<{parent_name}> has {count} <{child_name}> elements; {limit}"
        if any(spec.name == child_name for spec in allowed):
            namespace = etree.QName(child).namespace
            where = f'namespace "{namespace}"' if namespace else "no namespace"
            return (
                f"<{child_name}> in <{parent_name}> is in {where}; expected the CloudFront "
                f"{self.api_version} namespace {self.namespace}"
            )
        places = sorted(self.places.get(child_name, ()))
        if etree.QName(child).namespace != self.namespace or not places:
            why = f"not part of the {self.format} format"
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

    def incomplete(
        self, parent: etree._Element, allowed: Sequence[ChildSpec], besides: str = ""
    ) -> str | None:
        """Every required element `parent` lacks, in one message; None if it lacks none.

        `besides` names an element already reported otherwise (say, in the wrong namespace).
        """
        parent_name = local(parent)
        counts = self._child_counts(parent)
        # A required element present in the wrong namespace is reported as that (`unexpected`),
        # not as missing: otherwise each such child's error would list all the others as
        # missing, a different list each time.
        elsewhere = {local(tag) for tag in counts}
        missing: list[str] = []
        for spec in allowed:
            if spec.name == besides:
                continue
            count = counts[spec.tag]
            if count == 0 and spec.name in elsewhere:
                continue
            if count == 0 and spec.min_occurs > 0:
                missing.append(f"<{spec.name}>")
            elif count < spec.min_occurs:
                least = spec.min_occurs
                return f"<{parent_name}> has {count} <{spec.name}>; at least {least} required"
        if not missing:
            return None
        noun = "element" if len(missing) == 1 else "elements"
        return f"<{parent_name}> is missing required {noun} {', '.join(missing)}"

"""The XML of the CloudFront API as a `cfguard.syntaxes.Syntax`: the first member of the seam.

Each stage delegates to the module that has always done it (`source`, `detect`, `responses`,
`schema`, `adapters`, `comments`); this module only puts their answers into the seam's records.
What is not needed to check a clean document (the schema explainer, the adapters of the other
format, the comment reader, the reader of responses) is imported when first used, as the engine
did before the seam.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cfguard.core.findings import Hit, Location
from cfguard.core.line_index import LineIndex
from cfguard.syntaxes import Comment, Detected, Head, Refused, Skipped, Syntax
from cfguard.syntaxes.xml.detect import NotCloudFront, Response, UnsupportedVersion, detect_type
from cfguard.syntaxes.xml.source import DocumentError, SourceDocument, parse_document
from cfguard.syntaxes.xml.spelling import XML_SPELLING

if TYPE_CHECKING:
    from cfguard.core.fixes import Edit
    from cfguard.core.message import Spelling
    from cfguard.model import Document
    from cfguard.rules.settings import Settings
    from cfguard.syntaxes.xml.responses import Part

# Every directive comment starts with "cfguard" (any case): a document that never says it has
# none, and skips the suppression machinery (a third of the cost of a clean document).
_MENTIONS_CFGUARD = re.compile("cfguard", re.IGNORECASE)


class XmlSyntax:
    """A request body is one document, the root element, which names no address: its node is
    the tree. A response holds one (`<Distribution>`, `<Invalidation>`) or several
    (`<DistributionList>`), each named by its distribution's `Id`: its node is a
    `responses.Part` (that module is imported only for a response: ~1 ms of every run else)."""

    @property
    def name(self) -> str:
        return "xml"

    def claims(self, path: str, head: Head) -> bool:
        # Every *.xml, whatever it holds: a broken one is CFG001 and other XML is skipped and
        # counted, both of which the user should see; so no sniff, and no file opened twice.
        return os.path.basename(path).lower().endswith(".xml")

    def parse(self, data: bytes) -> SourceDocument | Refused:
        try:
            return parse_document(data)
        except DocumentError as error:
            return Refused("CFG001", Hit(Location(error.line, error.column, "/"), error.message))

    def documents(
        self, tree: SourceDocument, path: str | None = None
    ) -> Sequence[Detected[SourceDocument | Part] | Skipped | Refused]:
        detected = detect_type(tree.root)
        if isinstance(detected, NotCloudFront):
            return (Skipped(detected.reason),)
        if isinstance(detected, UnsupportedVersion):
            return (Refused("CFG002", Hit(tree.locate(tree.root), detected.message)),)
        if isinstance(detected, Response):
            from cfguard.syntaxes.xml.responses import response_documents

            return response_documents(tree, detected)
        return (Detected(None, detected, tree),)  # a request body names no address

    def validate(
        self, document: Detected[SourceDocument | Part], settings: Settings
    ) -> Iterable[Hit]:
        node = document.node
        if not isinstance(node, SourceDocument):
            from cfguard.syntaxes.xml.responses import validate_inside

            return validate_inside(node, document.type, settings.schema_engine)
        from cfguard.syntaxes.xml.schema.validate import validate

        return validate(node, document.type, engine=settings.schema_engine)

    def adapt(self, document: Detected[SourceDocument | Part]) -> Document | None:
        from cfguard.syntaxes.xml.adapters import to_model

        node = document.node
        if isinstance(node, SourceDocument):
            return to_model(node, document.type)
        return to_model(
            node.source, document.type, node.config, address=document.address, summary=node.summary
        )

    def comments(self, tree: SourceDocument) -> Sequence[Comment] | None:
        if not _may_have_directives(tree):
            return None
        from cfguard.syntaxes.xml.comments import read_comments

        return read_comments(tree)

    def literal_edit(self, text: str, start: int, end: int, value: str) -> Edit | None:
        from cfguard.syntaxes.xml.literal_edit import literal_edit

        return literal_edit(text, start, end, value)

    def entry_removal(self, text: str, start: int, end: int) -> tuple[Edit, ...] | None:
        from cfguard.syntaxes.xml.entry_removal import entry_removal

        return entry_removal(text, start, end)

    def source_lines(
        self, data: bytes, tree: SourceDocument | None, wanted: set[int]
    ) -> dict[int, str]:
        index: LineIndex
        if tree is not None and tree.text is not None:
            index = tree.lines
        else:  # CFG001 (the bytes did not parse; `line_index.libxml2_position`) or undecodable
            index = LineIndex(data.decode("utf-8", errors="replace"))
        return {n: line for n in wanted if (line := index.line(n)) is not None}

    @property
    def spelling(self) -> Spelling:
        return XML_SPELLING


def _may_have_directives(source: SourceDocument) -> bool:
    text = source.text
    if text is None:
        return True
    if text.isascii():  # the usual case, and ten times faster than a case-insensitive search
        return "cfguard" in text.lower()
    return _MENTIONS_CFGUARD.search(text) is not None


SYNTAX: Syntax[SourceDocument, SourceDocument | Part] = XmlSyntax()

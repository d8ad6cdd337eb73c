"""The seam every syntax goes through (issue 13): the `Syntax` protocol and the registry.

A syntax (the CloudFront API's XML today; CLI JSON, CloudFormation and Terraform next) is one
package under `cfguard/syntaxes/<name>/` that exposes `SYNTAX`, an object with the methods
below. The engine drives a file through them in order and knows nothing else about the syntax:

    claims -> parse -> documents -> validate -> adapt        (comments, source_lines, spelling)

Each stage answers with plain records: a tree the syntax alone reads, `Detected` documents with
their address, `Skipped` for what is not CloudFront's, `Refused` (CFG001/CFG002) for what cannot
be checked, CFG003 hits, and the model (`cfguard.model`). `documents` yields several entries
for a file that holds several distributions (a CloudFormation template, a `list-distributions`
response); an XML request body holds one.

The registry names each syntax by module path and imports it on first use, as
`cfguard.formatters.FORMATS` does: a run pays only for the syntaxes its files need, and this
package imports none of them (so a syntax may import this module without a cycle).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, Protocol, TypeVar

from cfguard.core.document import DocumentType
from cfguard.core.findings import Hit, Location

if TYPE_CHECKING:
    from cfguard.core.fixes import Edit
    from cfguard.core.message import Spelling
    from cfguard.model import Document
    from cfguard.rules.settings import Settings

TreeT = TypeVar("TreeT")
NodeT = TypeVar("NodeT")

#: Name -> module path of each syntax package; each module exposes `SYNTAX`. Order matters: a
#: directory scan gives a file to the first syntax that claims it. XML comes last: its package
#: loads lxml (~10 ms), which a run over JSON files and templates never needs; the names the
#: syntaxes claim do not overlap.
SYNTAXES: Mapping[str, str] = {
    "terraform": "cfguard.syntaxes.terraform",
    "json": "cfguard.syntaxes.json",
    "yaml": "cfguard.syntaxes.yaml",
    "xml": "cfguard.syntaxes.xml",
}
#: The syntax of a file that no syntax claims but the user named (or piped in) and that does not
#: start like JSON: cfguard has always read such a file as XML, and says CFG001 if it is not.
DEFAULT_SYNTAX = "xml"
#: The syntax of such a file whose first character (after spaces and a BOM) opens a JSON object
#: or array: `aws cloudfront get-distribution-config --id X | cfguard check -`.
JSON_SYNTAX = "json"
#: The syntax of such a file that starts like a CloudFormation template in YAML (a top-level
#: `AWSTemplateFormatVersion:` or `Resources:` key in its first bytes), such as
#: `cfn-flip template.json | cfguard check -`.
YAML_SYNTAX = "yaml"
_TEMPLATE_START = re.compile(rb"(?m)^(?:AWSTemplateFormatVersion|Resources|Transform)\s*:")


class Refused(NamedTuple):
    """A document cfguard cannot check: CFG001 (the bytes do not parse) or CFG002 (a CloudFront
    document of a version or shape cfguard has no schema for). Nothing more is checked of it."""

    rule_id: Literal["CFG001", "CFG002"]
    hit: Hit


class Skipped(NamedTuple):
    """Not a CloudFront document (a pom.xml, a response body): skipped and counted."""

    reason: str


@dataclass(frozen=True, slots=True)
class Detected(Generic[NodeT]):
    """A CloudFront document found in a tree.

    `address` names it inside its file when the file names it (a CloudFormation logical id, a
    Terraform resource address, a distribution Id): None for an XML request body, which names
    none. `type` is its kind, format and API version; `node` is where the syntax finds it in the
    tree (only the syntax reads it)."""

    address: str | None
    type: DocumentType
    node: NodeT
    #: How this document's messages spell fields, when not as the syntax's others do (a
    #: CloudFormation template among the JSON files: `"ViewerProtocolPolicy": "allow-all"` in
    #: the template's own member names); None: `Syntax.spelling`.
    spelling: Spelling | None = None
    #: For one of several models of the same document (a template's distribution whose
    #: `Fn::If`s are read once for each value of their conditions): the conditions this one
    #: assumes, each with its value (True/False), and a parameter given another of its allowed
    #: values (its name and that value, a string). The engine reports what every variant finds
    #: once, and what only some find with what leads to it (`cfguard.core.variants`).
    variant: tuple[tuple[str, bool | str], ...] = ()


class Comment(NamedTuple):
    """A comment of the file, as the suppression grammar reads it (`cfguard.suppressions`).

    `text` is what it says, without the syntax's comment markers; `location` is where it starts,
    with the place and identity of what it is inside. `covers` gives the readable path
    (`Location.xpath`) of what an element-wide directive in it would cover, None for nothing;
    only asked of a comment that is a directive."""

    text: str
    location: Location
    covers: Callable[[], str | None]


#: The first bytes of a file, read only if a syntax asks (`Syntax.claims`).
Head = Callable[[], bytes]


class Syntax(Protocol[TreeT, NodeT]):
    """What a syntax supplies. `TreeT` is its located tree, `NodeT` where a document is in it.

    Every method is a pure function of its arguments (no I/O, no printing) and none raises for
    any input: what is wrong with a document is a `Refused`, a `Skipped` or a hit."""

    @property
    def name(self) -> str:
        """Short name: "xml"."""
        ...

    def claims(self, path: str, head: Head) -> bool:
        """Whether a file met in a directory scan is this syntax's to read: its name first, then,
        only if the name is ambiguous (`*.json`, `*.yaml`), a sniff of `head()`, so a repository
        full of unrelated files is skipped without reading them."""
        ...

    def parse(self, data: bytes) -> TreeT | Refused:
        """Hardened parsing of untrusted bytes into a located tree, or CFG001."""
        ...

    def documents(
        self, tree: TreeT, path: str | None = None
    ) -> Sequence[Detected[NodeT] | Skipped | Refused]:
        """The CloudFront documents in the tree, in file order; CFG002 for one that cannot be
        checked, `Skipped` for what is not CloudFront's. `path` is the file's (None for
        standard input or a caller that gives none): only Terraform reads it, to find what the
        other files of its module say about certificates (`terraform.neighbours`)."""
        ...

    def validate(self, document: Detected[NodeT], settings: Settings) -> Iterable[Hit]:
        """CFG003: what CloudFront would refuse, against the syntax's schema of the document."""
        ...

    def adapt(self, document: Detected[NodeT]) -> Document | None:
        """The model of the document, its `address` set; None when the document cannot be read
        as CloudFront reads it (CFG003 says why)."""
        ...

    def comments(self, tree: TreeT) -> Sequence[Comment] | None:
        """The comments of the file, each with what it would cover; None, cheaply, when none can
        be a suppression (a clean document must not pay for the suppression machinery), and
        always for a syntax without comments (JSON)."""
        ...

    def source_lines(self, data: bytes, tree: TreeT | None, wanted: set[int]) -> dict[int, str]:
        """The text of the lines numbered `wanted`, split the way the syntax counts lines for its
        locations (`tree` is None when the bytes did not parse)."""
        ...

    @property
    def spelling(self) -> Spelling:
        """How messages name the document's fields (`<ViewerProtocolPolicy>` in XML)."""
        ...

    def literal_edit(self, text: str, start: int, end: int, value: str) -> Edit | None:
        """`--fix`: the edit of the decoded `text` that makes the value spanning `start`..`end`
        (the character offsets of a finding's location) read `value`, written as the syntax
        writes it, touching nothing else; None where no value can be rewritten on its own."""
        ...

    def entry_removal(self, text: str, start: int, end: int) -> tuple[Edit, ...] | None:
        """`--fix`: the edits that remove the list entry spanning `start`..`end` with its
        separator (and, where the syntax counts its lists, the count beside it), touching
        nothing else; None where the entry cannot be removed on its own."""
        ...


AnySyntax = Syntax[Any, Any]
_loaded: dict[str, AnySyntax] = {}


def get_syntax(name: str) -> AnySyntax:
    """The syntax registered as `name`, imported on first use."""
    syntax = _loaded.get(name)
    if syntax is None:
        syntax = _loaded[name] = importlib.import_module(SYNTAXES[name]).SYNTAX
    return syntax


def claiming(path: str, head: Head) -> AnySyntax | None:
    """The first registered syntax that claims the file, if any (directory scans)."""
    for name in SYNTAXES:
        syntax = get_syntax(name)
        if syntax.claims(path, head):
            return syntax
    return None


def syntax_for(path: str | None, data: bytes) -> AnySyntax:
    """The syntax to read a file with: the one that claims it by name, else (standard input, a
    file named `dist.txt`) JSON if it starts like JSON, else XML. A file the user named or piped
    in is always read."""
    if path is not None:
        claimed = claiming(path, lambda: data[:HEAD_BYTES])
        if claimed is not None:
            return claimed
    start = data[:HEAD_BYTES].lstrip(b" \t\r\n")
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:].lstrip(b" \t\r\n")
    json = start[:1] in (b"{", b"[") and JSON_SYNTAX in SYNTAXES
    if not json and YAML_SYNTAX in SYNTAXES and _TEMPLATE_START.search(start):
        return get_syntax(YAML_SYNTAX)
    return get_syntax(JSON_SYNTAX if json else DEFAULT_SYNTAX)


#: How much of a file a sniff may look at.
HEAD_BYTES = 512

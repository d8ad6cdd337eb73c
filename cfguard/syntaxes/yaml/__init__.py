"""CloudFormation templates in YAML (issue 15) as a `cfguard.syntaxes.Syntax`.

`*.yaml`, `*.yml` and a `*.template` that does not start like JSON are claimed by name. A file
that never names `AWS::CloudFront::Distribution` (a workflow, a compose file, a Kubernetes
manifest, a template of other resources) is skipped and counted without being parsed. The rest
is parsed by `parser` (hardened, located: the same tree as JSON's, short tags in their long
form) and handed to `cfguard.syntaxes.cloudformation`, which finds, validates and models the
distributions of the template. YAML comments are suppressions (`# cfguard: ignore[CFG101] why`),
and so is the resources' `Metadata.cfguard` (`cloudformation.comments`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from cfguard.core.findings import Hit, Location
from cfguard.core.line_index import LineIndex
from cfguard.syntaxes import Comment, Detected, Head, Refused, Skipped, Syntax

if TYPE_CHECKING:
    from cfguard.core.fixes import Edit
    from cfguard.core.message import Spelling
    from cfguard.model import Document
    from cfguard.rules.settings import Settings
    from cfguard.syntaxes.cloudformation.detect import Resource
    from cfguard.syntaxes.yaml.parser import YamlTree

#: What every template cfguard checks names, as it appears in the bytes.
_DISTRIBUTION = b"AWS::CloudFront::Distribution"
_NOT_A_TEMPLATE = "not a CloudFormation template with an AWS::CloudFront::Distribution"
_SUFFIXES = (".yaml", ".yml")


class NotTemplate(NamedTuple):
    """The parse of a file that names no distribution: skipped unread."""

    reason: str


class YamlSyntax:
    """A template holds any number of distributions, each named by its logical id."""

    @property
    def name(self) -> str:
        return "yaml"

    def claims(self, path: str, head: Head) -> bool:
        name = os.path.basename(path).lower()
        if name.endswith(".template"):  # JSON's when it starts like JSON
            return head().lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"{"
        return name.endswith(_SUFFIXES)

    def parse(self, data: bytes) -> YamlTree | NotTemplate | Refused:
        if _DISTRIBUTION not in data:
            return NotTemplate(_NOT_A_TEMPLATE)
        from cfguard.syntaxes.yaml.parser import YamlError, parse

        parsed = parse(data)
        if isinstance(parsed, YamlError):
            return Refused("CFG001", Hit(Location(parsed.line, parsed.column, ""), parsed.message))
        return parsed

    def documents(
        self, tree: YamlTree | NotTemplate, path: str | None = None
    ) -> Sequence[Detected[Resource] | Skipped | Refused]:
        if isinstance(tree, NotTemplate):
            return (Skipped(tree.reason),)
        from cfguard.syntaxes.cloudformation import documents
        from cfguard.syntaxes.yaml.unsupported import hits

        return documents(tree.tree, yaml=True, file_hits=hits(tree.tree, tree.uses))

    def validate(self, document: Detected[Resource], settings: Settings) -> Iterable[Hit]:
        from cfguard.syntaxes.cloudformation import validate

        return validate(document)

    def adapt(self, document: Detected[Resource]) -> Document | None:
        from cfguard.syntaxes.cloudformation import adapt

        return adapt(document)

    def comments(self, tree: YamlTree | NotTemplate) -> Sequence[Comment] | None:
        if isinstance(tree, NotTemplate) or "cfguard" not in tree.tree.text.lower():
            return None  # nothing can be a directive: the suppression machinery is not loaded
        from cfguard.syntaxes.cloudformation.comments import (
            Written,
            metadata_comments,
            yaml_comments,
        )
        from cfguard.syntaxes.cloudformation.template import read_template

        written = [Written(c.text, c.start, c.end, c.own_line) for c in tree.comments]
        found = yaml_comments(tree.tree, written)
        template = read_template(tree.tree, yaml=True)
        return [*found, *(metadata_comments(template) if template is not None else ())]

    def literal_edit(self, text: str, start: int, end: int, value: str) -> Edit | None:
        from cfguard.syntaxes.yaml.literal_edit import literal_edit

        return literal_edit(text, start, end, value)

    def entry_removal(self, text: str, start: int, end: int) -> tuple[Edit, ...] | None:
        from cfguard.syntaxes.yaml.entry_removal import entry_removal

        return entry_removal(text, start, end)

    def source_lines(
        self, data: bytes, tree: YamlTree | NotTemplate | None, wanted: set[int]
    ) -> dict[int, str]:
        index = (
            tree.tree.lines
            if tree is not None and not isinstance(tree, NotTemplate)
            else LineIndex(data.decode("utf-8", errors="replace"))
        )
        return {n: line for n in wanted if (line := index.line(n)) is not None}

    @property
    def spelling(self) -> Spelling:
        from cfguard.syntaxes.cloudformation.spelling import YAML_SPELLING

        return YAML_SPELLING


SYNTAX: Syntax[YamlTree | NotTemplate, Resource] = YamlSyntax()

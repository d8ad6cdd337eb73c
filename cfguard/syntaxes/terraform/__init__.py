"""Terraform (issue 16): `aws_cloudfront_distribution` resources in `.tf` files (HCL), in
`.tf.json` files and in `terraform show -json` plans and states, as a `cfguard.syntaxes.Syntax`.

`*.tf` is claimed by name; a file that never names `aws_cloudfront_distribution` is skipped and
counted without being parsed. The rest is parsed by `cfguard.syntaxes.hcl` (tree-sitter's HCL
grammar: located, hardened) and read as the Terraform tree (`tree`, `from_hcl`). The JSON syntax
hands `.tf.json` files and plans here (`json_documents`). One adapter (`adapter`, over `cursor`)
maps every one onto the model; `module` reads what the module's other files say about the
certificates a distribution uses. HCL comments are suppressions (`comments`).

There is no CFG003 for Terraform: the provider validates at plan time, and its schema is not
something cfguard can pin without network access (`terraform providers schema -json` needs the
provider binary).
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from cfguard.core.findings import Hit
from cfguard.core.line_index import LineIndex
from cfguard.syntaxes import Comment, Detected, Head, Refused, Skipped, Syntax

if TYPE_CHECKING:
    from cfguard.core.fixes import Edit
    from cfguard.core.message import Spelling
    from cfguard.model import Document
    from cfguard.rules.settings import Settings
    from cfguard.syntaxes.json.tree import JsonTree
    from cfguard.syntaxes.terraform.adapter import TfResource
    from cfguard.syntaxes.terraform.hcl_file import HclFile

#: What every file cfguard checks names, as it appears in the bytes.
DISTRIBUTION = b"aws_cloudfront_distribution"
NO_DISTRIBUTION = "a Terraform file without an aws_cloudfront_distribution resource"
#: A module call (`module "cdn" { source = "terraform-aws-modules/cloudfront/aws" ... }`) is not
#: guessed at: what the module makes of its inputs is in the plan.
_MODULE_CALL = b"module "
_MODULE_NOTE = (
    " (a module call is checked through the plan: terraform show -json plan.out > plan.json, "
    "then cfguard check plan.json)"
)


def _utf16(data: bytes) -> bool:
    """UTF-16 text (a byte order mark, or a NUL beside each of the first ASCII characters), in
    which the resource type's bytes never appear: the HCL parser says why it is refused, rather
    than the file being skipped as if it named no distribution."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return True
    head = data[:4]
    return len(head) == 4 and (head[1] == head[3] == 0 or head[0] == head[2] == 0)


class NotTerraform(NamedTuple):
    """The parse of a file that names no distribution: skipped unread."""

    reason: str


class TerraformSyntax:
    """A `.tf` file holds any number of distributions, each named by its address."""

    @property
    def name(self) -> str:
        return "terraform"

    def claims(self, path: str, head: Head) -> bool:
        return os.path.basename(path).lower().endswith(".tf")

    def parse(self, data: bytes) -> HclFile | NotTerraform | Refused:
        if DISTRIBUTION not in data and not _utf16(data):
            if _MODULE_CALL in data and b"cloudfront" in data.lower():
                return NotTerraform(NO_DISTRIBUTION + _MODULE_NOTE)
            return NotTerraform(NO_DISTRIBUTION)
        from cfguard.syntaxes.terraform.hcl_file import read

        return read(data)

    def documents(
        self, tree: HclFile | NotTerraform, path: str | None = None
    ) -> Sequence[Detected[TfResource] | Skipped | Refused]:
        if isinstance(tree, NotTerraform):
            return (Skipped(tree.reason),)
        from cfguard.syntaxes.terraform.detect import file_documents

        return file_documents(tree.file, path)

    def validate(self, document: Detected[TfResource], settings: Settings) -> Iterable[Hit]:
        return ()

    def adapt(self, document: Detected[TfResource]) -> Document | None:
        from cfguard.syntaxes.terraform.adapter import to_model

        return to_model(document)

    def comments(self, tree: HclFile | NotTerraform) -> Sequence[Comment] | None:
        if isinstance(tree, NotTerraform) or "cfguard" not in tree.file.source.text:
            return None
        from cfguard.syntaxes.terraform.comments import hcl_comments

        return hcl_comments(tree)

    def literal_edit(self, text: str, start: int, end: int, value: str) -> Edit | None:
        from cfguard.syntaxes.terraform.literal_edit import literal_edit

        return literal_edit(text, start, end, value)

    def entry_removal(self, text: str, start: int, end: int) -> tuple[Edit, ...] | None:
        from cfguard.syntaxes.terraform.entry_removal import entry_removal

        return entry_removal(text, start, end)

    def source_lines(
        self, data: bytes, tree: HclFile | NotTerraform | None, wanted: set[int]
    ) -> dict[int, str]:
        index = (
            tree.file.source.lines
            if tree is not None and not isinstance(tree, NotTerraform)
            else LineIndex(data.decode("utf-8", errors="replace"))
        )
        return {n: line for n in wanted if (line := index.line(n)) is not None}

    @property
    def spelling(self) -> Spelling:
        from cfguard.syntaxes.terraform.spelling import TERRAFORM_SPELLING

        return TERRAFORM_SPELLING


def json_documents(tree: JsonTree, path: str | None) -> list[Detected[Any] | Skipped]:
    """The distributions of a `.tf.json` file or a plan (the JSON syntax's hand-over)."""
    from cfguard.syntaxes.terraform.detect import json_documents as detected

    return detected(tree, path)


SYNTAX: Syntax[HclFile | NotTerraform, TfResource] = TerraformSyntax()

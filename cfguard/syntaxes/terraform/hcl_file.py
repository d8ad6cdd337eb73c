"""A `.tf` file parsed: the HCL parser's tree, read as the Terraform tree, with its comments."""

from __future__ import annotations

from typing import NamedTuple

from cfguard.core.findings import Hit, Location
from cfguard.syntaxes import Refused
from cfguard.syntaxes.hcl.parser import HclComment, HclError, HclTree, parse
from cfguard.syntaxes.terraform.from_hcl import read_hcl
from cfguard.syntaxes.terraform.tree import Source, TfFile


class HclFile(NamedTuple):
    hcl: HclTree
    file: TfFile

    @property
    def comments(self) -> tuple[HclComment, ...]:
        return self.hcl.comments


def read(data: bytes) -> HclFile | Refused:
    parsed = parse(data)
    if isinstance(parsed, HclError):
        return Refused("CFG001", Hit(Location(parsed.line, parsed.column, ""), parsed.message))
    return HclFile(parsed, read_hcl(Source(parsed.text, parsed.lines), parsed.body))

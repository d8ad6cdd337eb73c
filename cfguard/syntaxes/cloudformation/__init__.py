"""CloudFormation templates (YAML and JSON, SAM, CDK output): the distributions in a template's
`Resources`, read over the located tree either parser gives (issue 15).

The JSON syntax hands a JSON file whose top level is a template's here, and the YAML syntax
every template: `documents` finds the distributions (`detect`), `validate` is CFG003 (`checked`,
over the resource schema in `schema`), `adapt` the model (`adapter`, reading values through
`cursor` and `intrinsics`), each spelt as the file is written (`spelling`). Everything is
imported when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cfguard.core.findings import Hit
    from cfguard.model import Distribution
    from cfguard.syntaxes import Detected, Skipped
    from cfguard.syntaxes.cloudformation.detect import Resource
    from cfguard.syntaxes.json.tree import JsonTree


def documents(
    tree: JsonTree, *, yaml: bool, file_hits: tuple[Hit, ...] = ()
) -> list[Detected[Resource] | Skipped]:
    """The distributions of a template, in file order (several variants of one that uses
    `Fn::If`), or why the file holds none. `file_hits` are CFG003 hits about the whole file
    from its parser (a YAML alias), reported with the first distribution."""
    from cfguard.syntaxes.cloudformation.detect import detect
    from cfguard.syntaxes.cloudformation.spelling import JSON_TEMPLATE_SPELLING, YAML_SPELLING

    spelling = YAML_SPELLING if yaml else JSON_TEMPLATE_SPELLING
    return detect(tree, spelling, yaml=yaml, file_hits=file_hits)


def validate(document: Detected[Resource]) -> list[Hit]:
    from cfguard.syntaxes.cloudformation.checked import validate as checked

    return checked(document.node)


def adapt(document: Detected[Resource]) -> Distribution | None:
    from cfguard.syntaxes.cloudformation.adapter import to_model

    return to_model(document)

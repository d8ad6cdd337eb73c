"""The distributions of a Terraform file, in file order, each named by its address: every
`resource "aws_cloudfront_distribution" "<name>"` of a `.tf` or `.tf.json` file, every such
resource of a plan or state (`plan`). A file without one is skipped.

A resource with `count` or `for_each` is one model for all its instances: what its literals
say holds for each of them, and `count.index`/`each.value` are unknown like any expression.
"""

from __future__ import annotations

from cfguard.syntaxes import Detected, Skipped
from cfguard.syntaxes.json.tree import JsonTree, fields
from cfguard.syntaxes.terraform.adapter import DISTRIBUTION, TfResource
from cfguard.syntaxes.terraform.module import facts
from cfguard.syntaxes.terraform.plan import DISTRIBUTION_TYPE, is_plan, plan_resources
from cfguard.syntaxes.terraform.spelling import TERRAFORM_SPELLING
from cfguard.syntaxes.terraform.tree import TfFile

NO_DISTRIBUTION = "a Terraform file without an aws_cloudfront_distribution resource"
NO_PLANNED = "a Terraform plan or state without an aws_cloudfront_distribution resource"


def file_documents(file: TfFile, path: str | None) -> list[Detected[TfResource] | Skipped]:
    """A `.tf` or `.tf.json` file's distributions; `path` (None for standard input) finds the
    module's other files, whose certificates and providers count too."""
    resources = file.resources(DISTRIBUTION_TYPE)
    if not resources:
        return [Skipped(NO_DISTRIBUTION)]
    module = facts(file)
    if path is not None and path != "-":
        from cfguard.syntaxes.terraform.neighbours import module_facts

        module = module.merged(module_facts(path))
    found: list[Detected[TfResource] | Skipped] = []
    for block in resources:
        address = ".".join(block.labels)
        resource = TfResource(file, address, block.body, block.key, module)
        found.append(Detected(address, DISTRIBUTION, resource, TERRAFORM_SPELLING))
    return found


def json_documents(tree: JsonTree, path: str | None) -> list[Detected[TfResource] | Skipped]:
    top = fields(tree.root)
    if is_plan(top):
        planned = plan_resources(tree)
        if not planned:
            return [Skipped(NO_PLANNED)]
        return [
            Detected(resource.address, DISTRIBUTION, resource, TERRAFORM_SPELLING)
            for resource in planned
        ]
    from cfguard.syntaxes.terraform.from_json import read_tf_json

    return file_documents(read_tf_json(tree), path)


def is_terraform_json(tree: JsonTree) -> bool:
    """Whether a JSON file is Terraform's: a plan or state, or a `.tf.json` configuration (a
    `resource` object at the top level)."""
    top = fields(tree.root)
    return is_plan(top) or ("resource" in top and top["resource"].value.kind in ("object", "array"))

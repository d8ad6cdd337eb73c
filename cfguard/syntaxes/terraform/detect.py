"""The distributions of a Terraform file, in file order, each named by its address: every
`resource "aws_cloudfront_distribution" "<name>"` of a `.tf` or `.tf.json` file, every such
resource of a plan or state (`plan`). A file without one is skipped.

A resource with `count` or `for_each` is one model for all its instances: what its literals
say holds for each of them, and `count.index`/`each.value` are unknown like any expression.
"""

from __future__ import annotations

import os

from cfguard.syntaxes import Detected, Skipped
from cfguard.syntaxes.json.tree import JsonTree, fields
from cfguard.syntaxes.terraform.adapter import DISTRIBUTION, TfResource
from cfguard.syntaxes.terraform.module import facts, is_override
from cfguard.syntaxes.terraform.plan import DISTRIBUTION_TYPE, is_plan, plan_resources
from cfguard.syntaxes.terraform.spelling import TERRAFORM_SPELLING
from cfguard.syntaxes.terraform.tree import TfFile, TfNode, first

NO_DISTRIBUTION = "a Terraform file without an aws_cloudfront_distribution resource"
NO_PLANNED = "a Terraform plan or state without an aws_cloudfront_distribution resource"
NOT_CREATED = (
    "a Terraform file whose distributions are all overridden (an override file of the module "
    "changes them: the plan shows the result) or have count = 0"
)
OVERRIDE = (
    "a Terraform override file: Terraform merges it into the module's other files, so its "
    "distributions are checked in the plan (terraform show -json)"
)


def file_documents(file: TfFile, path: str | None) -> list[Detected[TfResource] | Skipped]:
    """A `.tf` or `.tf.json` file's distributions; `path` (None for standard input) finds the
    module's other files, whose certificates and providers count too."""
    resources = file.resources(DISTRIBUTION_TYPE)
    if not resources:
        return [Skipped(NO_DISTRIBUTION)]
    if path is not None and is_override(os.path.basename(path)):
        return [Skipped(OVERRIDE)]
    module = facts(file)
    if path is not None and path != "-":
        from cfguard.syntaxes.terraform.neighbours import module_facts

        module = module.merged(module_facts(path))
    found: list[Detected[TfResource] | Skipped] = []
    for block in resources:
        address = ".".join(block.labels)
        if address in module.overridden or _no_instances(block.body):
            continue  # an override's result is the plan's to say; `count = 0` creates nothing
        resource = TfResource(file, address, block.body, block.key, module)
        found.append(Detected(address, DISTRIBUTION, resource, TERRAFORM_SPELLING))
    return found or [Skipped(NOT_CREATED)]


def _no_instances(body: TfNode) -> bool:
    """`count = 0`, `for_each = {}` or `[]`: literally no instance of the resource."""
    count, each = first(body, "count"), first(body, "for_each")
    if count is not None and count.value.kind in ("number", "string"):
        return str(count.value.value) == "0"
    if each is not None and each.value.kind in ("object", "list"):
        return not each.value.value
    return False


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

"""Generate schemas/cloudformation-resources.schema.json from the CloudFormation resource schemas.

Usage (from the repository root):

    pip install -e '.[schemagen]' && python schemas/generate_cloudformation.py [--output PATH]

CloudFormation validates a resource's `Properties` against its resource provider schema (a JSON
Schema per type). cfn-lint ships those schemas, one file per type and region, pinned to its
release: `cfnlint/data/schemas/providers/us-east-1.json` maps a type name to a hash, and
`cfnlint/data/schemas/resources/<hash>.json` is the schema (cfn-lint's copy of what the
CloudFormation registry publishes, with its own patches). This script reads the installed
cfn-lint (it refuses any version but `CFN_LINT_VERSION`; it is never imported at run time) and
writes what cfguard's CFG003 for templates needs (`cfguard.syntaxes.cloudformation.schema`) of
`AWS::CloudFront::Distribution` and `AWS::CertificateManager::Certificate`.

Kept, as the schema writes them: `properties`, `definitions`, `required`, `type`, `enum`,
`pattern` (and `regex`, the same in Python's `re` syntax, to be matched whole: every pattern is
anchored `^...$`), `minLength`/`maxLength`, `minimum`/`maximum`, `items`, `minItems`/`maxItems`,
`additionalProperties`, `$ref`, `default` (what CloudFormation fills in when a property is
omitted: `CustomOriginConfig.OriginSSLProtocols` defaults to `["TLSv1", "SSLv3"]`), and cfn-lint's
`dependentRequired` / `dependentExcluded` (CloudFront's own rules: a `ResponseCode` needs a
`ResponsePagePath`, an origin is S3 or custom, not both). The top-level `readOnlyProperties`
become `readOnly`: property names a template cannot set.

Left out: `description`; `insertionOrder` and `uniqueItems: false` (no constraint); `format`
(`AWS::ACM::Certificate.Arn`: cfguard's rules check the certificate ARN with better messages);
cfn-lint's `requiredXor` on `ViewerCertificate` (not in CloudFormation's schema; CloudFront takes
`CloudFrontDefaultCertificate: false` beside an ACM certificate, and no certificate at all, or
two, is CFG104's to report); what a cfguard rule reports in every syntax (`SKIPPED`: a
certificate without `SslSupportMethod`, the IAM certificate id's length); the handlers, tagging
and identifiers. Any other keyword stops the script: a new cfn-lint must be looked at, not
silently half-read.

Beyond the schema (`x-api-enum`, `x-api-range`): CloudFormation hands these properties to the
CloudFront API unchanged, and the schema leaves them open while the API model does not. Their
values come from the committed `cloudfront-2020-05-31.shapes.json` (schemas/generate_json.py,
pinned botocore), so a template is held to what the CLI JSON and the XML are held to:
`CacheBehavior.ViewerProtocolPolicy` (the schema has the enum on `DefaultCacheBehavior` only),
`OriginProtocolPolicy`, the items of `OriginSSLProtocols`, `AllowedMethods` and `CachedMethods`,
`EventType`, and the ports (1-65535). A definition with the `Quantity` + `Items` pair CloudFront
holds to agree (`OriginGroups`, their `Members` and `StatusCodes`) is marked `x-quantity`.

The file is compact and deterministic (sorted keys, one definition per line, ASCII): the same pin
gives the same bytes, and `tests/test_schema_generate_cloudformation.py` compares them.
"""

from __future__ import annotations

import argparse
import copy
import importlib.metadata
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
CFN_LINT_VERSION = "1.58.0"
DEFAULT_OUTPUT = HERE / "cloudformation-resources.schema.json"
API_SHAPES = HERE / "cloudfront-2020-05-31.shapes.json"
REGION = "us-east-1"  # CloudFront's certificates and the global endpoint live there
RESOURCES = ("AWS::CertificateManager::Certificate", "AWS::CloudFront::Distribution")

#: Keywords copied as they are; `DROPPED` are left out (see the docstring); any other stops.
KEPT = frozenset(
    {
        "$ref",
        "additionalProperties",
        "default",
        "dependentExcluded",
        "dependentRequired",
        "enum",
        "items",
        "maxItems",
        "maxLength",
        "maximum",
        "minItems",
        "minLength",
        "minimum",
        "pattern",
        "properties",
        "required",
        "type",
    }
)
DROPPED = frozenset({"description", "format", "insertionOrder", "requiredXor", "uniqueItems"})
#: The top level of a resource schema: what is read, and what is not about `Properties`.
TOP_KEPT = frozenset({"additionalProperties", "definitions", "properties", "required"})
TOP_IGNORED = frozenset(
    {
        "createOnlyProperties",
        "deprecatedProperties",
        "description",
        "handlers",
        "primaryIdentifier",
        "propertyTransform",
        "readOnlyProperties",
        "sourceUrl",
        "tagging",
        "typeName",
        "writeOnlyProperties",
    }
)
TYPES = frozenset({"array", "boolean", "integer", "number", "object", "string"})

DISTRIBUTION = "AWS::CloudFront::Distribution"
#: (definition, property[, "items"]) of the distribution -> the API shape whose enum it takes.
API_ENUMS: Mapping[tuple[str, ...], str] = {
    ("CacheBehavior", "ViewerProtocolPolicy"): "ViewerProtocolPolicy",
    ("CustomOriginConfig", "OriginProtocolPolicy"): "OriginProtocolPolicy",
    ("LegacyCustomOrigin", "OriginProtocolPolicy"): "OriginProtocolPolicy",
    ("CustomOriginConfig", "OriginSSLProtocols", "items"): "SslProtocol",
    ("LegacyCustomOrigin", "OriginSSLProtocols", "items"): "SslProtocol",
    ("CacheBehavior", "AllowedMethods", "items"): "Method",
    ("CacheBehavior", "CachedMethods", "items"): "Method",
    ("DefaultCacheBehavior", "AllowedMethods", "items"): "Method",
    ("DefaultCacheBehavior", "CachedMethods", "items"): "Method",
    ("FunctionAssociation", "EventType"): "EventType",
    ("LambdaFunctionAssociation", "EventType"): "EventType",
}
#: (definition, property) of the distribution -> the API shape whose range it takes.
API_RANGES: Mapping[tuple[str, ...], str] = {
    ("CustomOriginConfig", "HTTPPort"): "Port",
    ("CustomOriginConfig", "HTTPSPort"): "Port",
    ("LegacyCustomOrigin", "HTTPPort"): "Port",
    ("LegacyCustomOrigin", "HTTPSPort"): "Port",
}

#: (definition, property or keyword[, keyword]) of the distribution left out because a cfguard
#: rule reports the problem, with a better message, in every syntax (as generate.py's
#: SKIPPED_FACETS): the same mistake must not give a CFG003 in templates alone.
SKIPPED: Mapping[tuple[str, ...], str] = {
    (
        "ViewerCertificate",
        "dependentRequired",
    ): "CFG104 reports a certificate without SslSupportMethod",
    ("ViewerCertificate", "IamCertificateId", "maxLength"): "CFG104 reports the IAM id's length",
}

Schema = dict[str, Any]


def _json_generator() -> ModuleType:
    """generate_json.py, loaded by path, for its pattern translation (botocore not needed)."""
    name = "cfguard_schema_generate_json"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / "generate_json.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


python_pattern: Callable[[str], str] = _json_generator().python_pattern


def schemas_dir() -> str:
    """cfn-lint's schema data, found without importing cfn-lint; refuse any other version."""
    try:
        version = importlib.metadata.version("cfn-lint")
        spec = importlib.util.find_spec("cfnlint")
    except importlib.metadata.PackageNotFoundError:
        version, spec = "", None
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"needs cfn-lint=={CFN_LINT_VERSION}: pip install -e '.[schemagen]'")
    if version != CFN_LINT_VERSION:
        sys.exit(
            f"generate_cloudformation.py is pinned to cfn-lint=={CFN_LINT_VERSION} but {version} "
            f"is installed: pip install 'cfn-lint=={CFN_LINT_VERSION}'"
        )
    return os.path.join(next(iter(spec.submodule_search_locations)), "data", "schemas")


def load_sources(root: str) -> tuple[dict[str, tuple[str, Schema]], str]:
    """Each resource's (hash, schema) and cfn-lint's schema date."""
    with open(os.path.join(root, "providers", f"{REGION}.json"), encoding="utf-8") as handle:
        provider: Mapping[str, str] = json.load(handle)
    sources: dict[str, tuple[str, Schema]] = {}
    for name in RESOURCES:
        digest = provider[name]
        with open(os.path.join(root, "resources", f"{digest}.json"), encoding="utf-8") as handle:
            sources[name] = (digest, json.load(handle))
    with open(os.path.join(root, "version.json"), encoding="utf-8") as handle:
        date: str = json.load(handle)["schema_date"]
    return sources, date


def _node(schema: Mapping[str, Any], where: str, names: frozenset[str]) -> Schema:
    """One schema node, less what is left out; stops at what has no mapping."""
    out: Schema = {}
    for key, value in schema.items():
        if key in DROPPED:
            if key == "uniqueItems" and value:
                raise SystemExit(f"{where}: uniqueItems true has no mapping yet")
            continue
        if key not in KEPT:
            raise SystemExit(f"{where}: keyword {key} has no mapping yet")
        if key == "properties":
            out[key] = {p: _node(s, f"{where}/{p}", names) for p, s in value.items()}
        elif key == "items":
            out[key] = _node(value, f"{where}/items", names)
        elif key == "$ref":
            target = value.removeprefix("#/definitions/")
            if target not in names:
                raise SystemExit(f"{where}: $ref {value} names no definition")
            out[key] = value
        elif key == "type" and (not isinstance(value, str) or value not in TYPES):
            raise SystemExit(f"{where}: type {value!r} has no mapping yet")
        elif key == "additionalProperties" and value is not False:
            raise SystemExit(f"{where}: additionalProperties {value!r} has no mapping yet")
        elif key == "pattern":
            out[key] = value
            out["regex"] = _regex(value, where)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _regex(pattern: str, where: str) -> str:
    if not (pattern.startswith("^") and pattern.endswith("$")) or pattern.endswith("\\$"):
        raise SystemExit(f"{where}: pattern {pattern!r} is not anchored ^...$")
    inner = pattern[1:-1]
    if "\\w" in inner or "\\W" in inner or "|" in inner:
        raise SystemExit(f"{where}: pattern {pattern!r} has no mapping yet")
    return python_pattern(inner)


def resource(name: str, schema: Mapping[str, Any]) -> Schema:
    """The record of one resource type: its properties, definitions and read-only names."""
    for key in schema:
        if key not in TOP_KEPT | TOP_IGNORED:
            raise SystemExit(f"{name}: top-level {key} has no mapping yet")
    if schema.get("additionalProperties") is not False:
        raise SystemExit(f"{name}: Properties must be closed (additionalProperties false)")
    read_only: list[str] = []
    for pointer in schema.get("readOnlyProperties", ()):
        prop = pointer.removeprefix("/properties/")
        if "/" in prop or prop not in schema["properties"]:
            raise SystemExit(f"{name}: read-only {pointer} has no mapping yet")
        read_only.append(prop)
    definitions = schema.get("definitions", {})
    names = frozenset(definitions)
    settable = {p: s for p, s in schema["properties"].items() if p not in read_only}
    record: Schema = {
        "definitions": {d: _node(s, f"{name}#{d}", names) for d, s in definitions.items()},
        "properties": {p: _node(s, f"{name}/{p}", names) for p, s in settable.items()},
        "required": list(schema.get("required", ())),
    }
    if read_only:
        record["readOnly"] = sorted(read_only)
    for definition in record["definitions"].values():
        props = definition.get("properties", {})
        if props.get("Quantity", {}).get("type") == "integer" and "Items" in props:
            definition["x-quantity"] = True
    return record


def supplement(record: Schema, shapes: Mapping[str, Any]) -> None:
    """The API's enums and ranges where the distribution's schema leaves a property open, less
    what a rule reports (`SKIPPED`)."""
    definitions = record["definitions"]
    for (definition, *inner, last), _reason in SKIPPED.items():
        node = _at(definitions, (definition, *inner)) if inner else definitions[definition]
        if last not in node:
            raise SystemExit(f"{definition}: {last} is gone from the schema; drop the line")
        del node[last]
    for path, shape in API_ENUMS.items():
        node = _at(definitions, path)
        if "enum" in node or node.get("type") != "string":
            raise SystemExit(f"{path}: the schema now has an enum or another type; drop the line")
        node["enum"] = list(shapes[shape]["enum"])
        node["x-api-enum"] = shape
    for path, shape in API_RANGES.items():
        node = _at(definitions, path)
        if "minimum" in node or "maximum" in node or node.get("type") != "integer":
            raise SystemExit(f"{path}: the schema now has a range or another type; drop the line")
        node["minimum"] = shapes[shape]["min"]
        node["maximum"] = shapes[shape]["max"]
        node["x-api-range"] = shape


def _at(definitions: Mapping[str, Schema], path: tuple[str, ...]) -> Schema:
    definition, prop, *rest = path
    node: Schema = definitions[definition]["properties"][prop]
    for step in rest:
        node = node[step]
    return node


def generate(
    sources: Mapping[str, tuple[str, Schema]], date: str, shapes: Mapping[str, Any]
) -> str:
    head = {
        "cfn-lint": CFN_LINT_VERSION,
        "generated-by": "schemas/generate_cloudformation.py; do not edit",
        "license": "MIT-0 (cfn-lint's copy of the CloudFormation resource schemas)",
        "region": REGION,
        "schema-date": date,
    }
    parts = [_compact(head)[:-1] + ',"resources":{']
    rows = []
    for name in sorted(sources):
        digest, schema = sources[name]
        record = resource(name, schema)
        if name == DISTRIBUTION:
            supplement(record, shapes)
        definitions = record.pop("definitions")
        record["hash"] = digest
        lines = [f"{json.dumps(d)}:{_compact(definitions[d])}" for d in sorted(definitions)]
        rest = _compact(record)[1:]  # every other key sorts after "definitions"
        rows.append(f'{json.dumps(name)}:{{"definitions":{{\n' + ",\n".join(lines) + "},\n" + rest)
    parts.append(",\n".join(rows))
    parts.append("}}\n")
    return "\n".join(parts)


def load_shapes() -> Mapping[str, Any]:
    with open(API_SHAPES, encoding="ascii") as handle:
        shapes: Mapping[str, Any] = json.load(handle)["shapes"]
    return shapes


def _compact(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write")
    args = parser.parse_args(argv)
    sources, date = load_sources(schemas_dir())
    text = generate(sources, date, load_shapes())
    args.output.write_bytes(text.encode("ascii"))
    print(f"wrote {args.output} ({len(text):,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Generate schemas/cloudfront-2020-05-31.shapes.json from botocore's CloudFront service model.

Usage (from the repository root):

    pip install -e '.[schemagen]' && python schemas/generate_json.py [--output PATH]

The AWS CLI and SDKs read and print CloudFront's documents as JSON shaped by the service model
(`aws cloudfront get-distribution-config`, `--cli-input-json`, `--distribution-config file://`).
This writes the shapes cfguard validates that JSON against (`cfguard.syntaxes.json.schema`):
the ones reachable from `INPUTS` and `OUTPUTS`, with what a JSON value must be and nothing else
(no documentation). A second script beside `generate.py`, not a second output of it: the XSD
generator is already longer than a module may be, and each file has its own regeneration test;
this one imports the pin, `load_model`, `SKIPPED_FACETS` and `PORT_MEMBERS` from `generate.py`,
so the two schemas never disagree about a facet or a version.

The file is compact and deterministic (sorted keys, one shape per line, ASCII): the same pin
gives the same bytes, and `tests/test_schema_generate_json.py` compares them with this output.

One shape per record, by botocore shape name:
* structure: `members` (JSON key -> shape), `required` (keys), `quantity` (true when it has the
  `Quantity` + `Items` pair CloudFront holds to agree). Members keep the model's member names,
  which are the CLI's keys. In the request wrappers (`CreateDistributionRequest`, ...) a member
  the HTTP request carries in its URI or a header (`Id`, `IfMatch`, `DistributionId`) is kept,
  as the CLI skeleton (`--generate-cli-skeleton`) has it, but not required: it is as often given
  on the command line (`--id`, `--if-match`). In the results, the header members `ETag` and
  `Location` are kept: the CLI prints them as top-level keys.
* list: `member` (the item's shape), `min`/`max` item counts.
* string: `enum`, `min`/`max` length, `pattern` (the model's, for messages) and `regex` (the
  same in Python's `re` syntax, to be matched whole), less the `SKIPPED_FACETS`: a skipped
  member refers to the plain `string` shape instead.
* integer, long: `min`/`max`, the 32- and 64-bit ranges of every AWS SDK unless narrower (the
  XSD's xs:int and xs:long); the port members refer to `Port` (1-65535), as in the XSD.
* boolean, timestamp: the type alone (the CLI prints a timestamp as an ISO 8601 string).
* map (only in `ResponseMetadata`): `value`, the shape of every value.

Beyond the service model, what the CLI and SDKs print around it (`cli_view`):
* a paginated list (`list-distributions`, `list-invalidations`; botocore's paginators-1.json) is
  printed by the CLI as its result key alone, merged over every page
  (`{"DistributionList": {"Items": [...]}}`, botocore's `PageIterator.build_full_result`), with a
  top-level `NextToken` when `--max-items` cut it short: the list's container requires nothing
  there, and its `Quantity` (the account's count, of one page at most) is not held to `Items`;
* the SDKs (boto3) add `ResponseMetadata` to every result (botocore's parsers, endpoint and
  retry handler);
* ListDistributions spells a summary's `HttpVersion` in capitals (`"HTTP2"`, `"HTTP2and3"`:
  aws/aws-sdk-js-v3#6605, and the aws-cli `list-distributions` example), so that member takes
  both spellings.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent


def _xsd_generator() -> ModuleType:
    """generate.py, loaded by path: schemas/ is not a package, and this runs as a script."""
    name = "cfguard_schema_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_xsd = _xsd_generator()
BOTOCORE_VERSION: str = _xsd.BOTOCORE_VERSION
API_VERSION: str = _xsd.API_VERSION
SKIPPED_FACETS: Mapping[tuple[str, str], str] = _xsd.SKIPPED_FACETS
PORT_MEMBERS: frozenset[tuple[str, str]] = _xsd.PORT_MEMBERS
load_model = _xsd.load_model
DEFAULT_OUTPUT = HERE / f"cloudfront-{API_VERSION}.shapes.json"

#: The request documents: the bodies (as `--distribution-config file://` and friends take them)
#: and the CLI's `--cli-input-json` skeletons of the operations that send them.
INPUTS = (
    "DistributionConfig",
    "DistributionConfigWithTags",
    "InvalidationBatch",
    "CreateDistributionRequest",
    "CreateDistributionWithTagsRequest",
    "UpdateDistributionRequest",
    "CreateInvalidationRequest",
)
#: What the CLI prints for the operations that return a distribution or an invalidation.
OUTPUTS = (
    "GetDistributionConfigResult",
    "GetDistributionResult",
    "CreateDistributionResult",
    "CreateDistributionWithTagsResult",
    "UpdateDistributionResult",
    "ListDistributionsResult",
    "CreateInvalidationResult",
    "GetInvalidationResult",
    "ListInvalidationsResult",
)
REQUESTS = frozenset(name for name in INPUTS if name.endswith("Request"))
#: The model's own primitive shapes, which every skipped facet falls back on.
PRIMITIVES = {"string", "integer", "long", "boolean", "timestamp"}
#: The value range of a model integer and long in every AWS SDK and in the service.
RANGES = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
PORT = "Port"
#: A member whose enum the service also answers in capitals, and the shape that takes both.
LISTED_SPELLINGS = {("DistributionSummary", "HttpVersion"): "HttpVersionAsListed"}
#: What botocore adds to every result it returns (parsers.py, endpoint.py, retryhandler.py).
RESPONSE_METADATA = {
    "ChecksumAlgorithm": "string",
    "HTTPHeaders": "ResponseHeaders",
    "HTTPStatusCode": "integer",
    "HostId": "string",
    "MaxAttemptsReached": "boolean",
    "RequestId": "string",
    "RetryAttempts": "integer",
}
OWN_SHAPES = (PORT, *LISTED_SPELLINGS.values(), "ResponseMetadata", "ResponseHeaders")

Shape = Mapping[str, Any]


class Walker:
    """Collects one record per shape reachable from the roots."""

    def __init__(self, shapes: Mapping[str, Shape]) -> None:
        self.shapes = shapes
        self.records: dict[str, dict[str, Any]] = {}

    def ref(self, shape_name: str, owner: tuple[str, str]) -> str:
        """The shape a member or list item refers to, its record written on first use."""
        shape = self.shapes[shape_name]
        kind = shape["type"]
        if owner in PORT_MEMBERS and kind == "integer" and not _facets(shape):
            self.records[PORT] = {"max": 65535, "min": 1, "type": "integer"}
            return PORT
        if owner in SKIPPED_FACETS and _facets(shape):
            return self.ref(kind, owner)
        if owner in LISTED_SPELLINGS:
            values = list(shape["enum"])
            values += [value.replace("http", "HTTP", 1) for value in values]
            self.records[LISTED_SPELLINGS[owner]] = {"enum": values, "type": "string"}
            return LISTED_SPELLINGS[owner]
        if shape_name not in self.records:
            self.records[shape_name] = {}  # placeholder: the model has recursive references
            self.records[shape_name] = self._record(shape_name, shape)
        return shape_name

    def _record(self, name: str, shape: Shape) -> dict[str, Any]:
        kind = shape["type"]
        if name in PRIMITIVES and (kind != name or _facets(shape)):
            raise SystemExit(f"model shape {name} is not the plain {name} the facets fall back on")
        if kind == "structure":
            return self._structure(name, shape)
        if kind == "list":
            if shape.get("flattened") or shape["member"].get("flattened"):
                raise SystemExit(f"flattened list {name} has no JSON mapping yet")
            item = self.ref(shape["member"]["shape"], (name, "member"))
            return {**_bounds(shape), "member": item, "type": "list"}
        if kind == "string":
            return {**_string_facets(shape), "type": "string"}
        if kind in RANGES:
            if "min" in shape or "max" in shape:
                raise SystemExit(f"integer shape {name} has bounds, which have no mapping yet")
            low, high = RANGES[kind]
            return {"max": high, "min": low, "type": kind}
        if kind in ("boolean", "timestamp"):
            return {"type": kind}
        raise SystemExit(f"shape {name} of type {kind} has no JSON mapping yet")

    def _structure(self, name: str, shape: Shape) -> dict[str, Any]:
        members: dict[str, str] = {}
        required = set(shape.get("required", ()))
        for member, spec in shape["members"].items():
            for trait in ("xmlAttribute", "flattened", "jsonvalue", "queryName"):
                if trait in spec:
                    raise SystemExit(f"{name}.{member} uses {trait}, which has no mapping yet")
            if "location" in spec and name not in REQUESTS and spec["location"] != "header":
                raise SystemExit(f"{name}.{member} is in the {spec['location']}: no mapping yet")
            if "location" in spec and name in REQUESTS:
                required.discard(member)  # given on the command line as often as in the file
            members[member] = self.ref(spec["shape"], (name, member))
        record: dict[str, Any] = {"members": members, "type": "structure"}
        if "Quantity" in members and "Items" in members:
            record["quantity"] = True
        if required:
            record["required"] = sorted(required)
        return record


def _facets(shape: Shape) -> bool:
    return any(key in shape for key in ("enum", "min", "max", "pattern"))


def _bounds(shape: Shape) -> dict[str, int]:
    # A minimum of 0 says nothing (the XSD drops it too).
    bounds = {"min": shape["min"]} if shape.get("min") else {}
    return {**bounds, **({"max": shape["max"]} if "max" in shape else {})}


def _string_facets(shape: Shape) -> dict[str, Any]:
    facets: dict[str, Any] = dict(_bounds(shape))
    if "enum" in shape:
        facets["enum"] = list(shape["enum"])
    if "pattern" in shape:
        facets["pattern"] = shape["pattern"]
        facets["regex"] = python_pattern(shape["pattern"])
    return facets


def python_pattern(pattern: str) -> str:
    """Translate a model (Java) regex into Python's `re` syntax, to be matched whole.

    `\\d` is Java's ASCII digit (Python's would take any Unicode digit), `\\/` a plain slash, a
    literal `-` in a character class moves to its end, and a class holding Unicode categories
    (`[\\p{L}\\p{Z}\\p{N}_.]`, which `re` lacks) becomes an alternation: letters and digits are
    `[^\\W_]` (what `str.isalnum` takes), the separators Z are listed.
    """
    out: list[str] = []
    tokens = _xsd._regex_tokens(pattern)
    for token in tokens:
        if token == "[":
            out.append(_char_class(tokens))
        else:
            out.append({"\\d": "[0-9]", "\\/": "/"}.get(token, token))
    return "".join(out)


def _char_class(tokens: Iterator[str]) -> str:
    members: list[str] = []
    for token in tokens:
        if token == "]":
            break
        members.append({"\\d": "0-9", "\\/": "/"}.get(token, token))
    categories = {m[3:-1] for m in members if m.startswith("\\p{")}
    plain = [m for m in members if not m.startswith("\\p{")]
    if categories - {"L", "N", "Z"} or (categories & {"L", "N"} and not {"L", "N"} <= categories):
        raise SystemExit(f"character class with \\p{{{','.join(sorted(categories))}}}: no mapping")
    literal = _plain_class(plain + ([_separators()] if "Z" in categories else []))
    if {"L", "N"} <= categories:
        return f"(?:[^\\W_]|{literal})"
    return literal


def _plain_class(members: list[str]) -> str:
    items: list[str] = []
    literal_dash = False
    index = 0
    while index < len(members):
        token = members[index]
        if index + 2 < len(members) and members[index + 1] == "-":
            items.append(token + "-" + members[index + 2])  # a range such as a-z
            index += 3
            continue
        if token in ("-", "\\-"):
            literal_dash = True
        else:
            items.append(token)
        index += 1
    return "[" + "".join(items) + ("\\-" if literal_dash else "") + "]"


def _separators() -> str:
    """Unicode's separators (category Z: spaces, line and paragraph separators) as \\u escapes."""
    codes = [c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)).startswith("Z")]
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(
        f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in runs
    )


def cli_view(
    records: dict[str, dict[str, Any]],
    operations: Mapping[str, Shape],
    paginators: Mapping[str, Shape],
) -> None:
    """What the CLI and SDKs print around the model's results (see the module's docstring)."""
    records["ResponseHeaders"] = {"type": "map", "value": "string"}
    records["ResponseMetadata"] = {"members": RESPONSE_METADATA, "type": "structure"}
    for root in OUTPUTS:
        records[root]["members"]["ResponseMetadata"] = "ResponseMetadata"
        paged = [
            paginators[name]
            for name, operation in operations.items()
            if operation.get("output", {}).get("shape") == root and name in paginators
        ]
        for paginator in paged:
            top, _, key = paginator["result_key"].partition(".")
            name = records[root]["members"][top]
            users = [r for r in records.values() if name in r.get("members", {}).values()]
            if key != "Items" or len(users) != 1:  # relaxing it must not reach another use
                raise SystemExit(f"paginated {root}: result key {paginator['result_key']}")
            records[name].pop("required", None)
            records[name].pop("quantity", None)
            records[root]["members"]["NextToken"] = "string"


def generate(shapes: Mapping[str, Shape], model: Mapping[str, Any], paginators: Shape) -> str:
    walker = Walker(shapes)
    for root in (*INPUTS, *OUTPUTS):
        walker.ref(root, (root, ""))
    for own in OWN_SHAPES:
        if own in shapes:
            raise SystemExit(f"model shape {own} collides with the file's own shape")
    cli_view(walker.records, model["operations"], paginators["pagination"])
    head = {
        "api": API_VERSION,
        "botocore": BOTOCORE_VERSION,
        "generated-by": "schemas/generate_json.py; do not edit",
        "inputs": list(INPUTS),
        "outputs": list(OUTPUTS),
    }
    lines = [_compact(head)[:-1] + ',"shapes":{']
    rows = [
        f"{json.dumps(name)}:{_compact(walker.records[name])}" for name in sorted(walker.records)
    ]
    lines.append(",\n".join(rows))
    lines.append("}}\n")
    return "\n".join(lines)


def load_models() -> tuple[Mapping[str, Shape], Mapping[str, Any], Shape]:
    """The shapes (generate.py refuses any botocore but the pinned one), the whole service
    model (its operations) and the paginators."""
    shapes = load_model()
    from botocore.loaders import Loader

    loader = Loader()
    model = loader.load_service_model("cloudfront", "service-2", API_VERSION)
    paginators = loader.load_service_model("cloudfront", "paginators-1", API_VERSION)
    return shapes, model, paginators


def _compact(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write")
    args = parser.parse_args(argv)
    text = generate(*load_models())
    args.output.write_bytes(text.encode("ascii"))
    print(f"wrote {args.output} ({len(text):,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Generate schemas/cloudfront-2020-05-31.xsd from botocore's CloudFront service model.

Usage (from the repository root):

    pip install -e '.[schemagen]' && python schemas/generate.py [--output PATH]

No AWS XSD survives publicly, so botocore's service model is the most exact machine-readable
description of the 2020-05-31 request documents (docs/cloudfront.md, "Documents and API
versions"). The botocore version is pinned: the same pin always yields byte-identical output,
and a test regenerates the file and compares it with the committed one. botocore is needed only
here, never at run time.

Mapping (XSD 1.1, checked with xmlschema; cfguard derives an XSD 1.0 form at load time):
* structure -> complexType with `xs:all`: real clients emit children in any order;
  a required member gets minOccurs=1, others minOccurs=0.
* list -> wrapper complexType holding an `xs:sequence` of the item element, named after the
  member's `locationName` (botocore's default is `member`); list min/max -> item occurrences.
* structure with `Quantity` + `Items` -> `xs:assert` that they agree (CloudFront answers
  InconsistentQuantities otherwise).
* enum -> xs:enumeration; string min/max/pattern -> facets, except those in `SKIPPED_FACETS`.
* boolean -> `true|false` only; integer -> xs:integer, long -> xs:long, ASCII digits only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

BOTOCORE_VERSION = "1.44.8"
API_VERSION = "2020-05-31"
NAMESPACE = f"http://cloudfront.amazonaws.com/doc/{API_VERSION}/"
ROOTS = ("DistributionConfig", "DistributionConfigWithTags", "InvalidationBatch")
DEFAULT_OUTPUT = Path(__file__).resolve().parent / f"cloudfront-{API_VERSION}.xsd"

# (structure or list shape, member) whose facets stay out of the schema because a cfguard rule
# reports the problem with a better message, or because the model's facet is not safe.
SKIPPED_FACETS: Mapping[tuple[str, str], str] = {
    ("LoggingConfig", "Bucket"): "bucket naming is rule CFG3xx's job",
    ("LoggingConfig", "Prefix"): "prefix format is a logging rule's job",
    ("AliasList", "member"): "CNAME format is a rule's job",
    ("ViewerCertificate", "ACMCertificateArn"): "ARN format and region are rules' jobs",
    ("ViewerCertificate", "IAMCertificateId"): "rule CFG104 reports the length",
    # The pattern and the 108-character maximum hard-code the `aws` partition; an `aws-cn`
    # function ARN is longer and would fail although the same model serves that partition.
    ("FunctionAssociation", "FunctionARN"): "hard-codes the aws partition",
}
# The schema's own simple types for the model's boolean, integer and long shapes. Each keeps to
# the XSD lexical space by a pattern: CloudFront wants the words true/false, not 1/0, and
# xmlschema's decoder would otherwise accept what Python's int() does ("1_0", non-ASCII digits).
# A model `integer` is a 32-bit int in every AWS SDK and in the service, which rejects a value
# past 2,147,483,647 (so `<HTTPPort>99999999999999999999999</HTTPPort>` is an error): xs:int.
OWN_TYPES = {
    "boolean": ("Boolean", "xs:boolean", "true|false"),
    "integer": ("Integer", "xs:int", "[+\\-]?[0-9]+"),
    "long": ("Long", "xs:long", "[+\\-]?[0-9]+"),
}

# Members the model leaves unbounded but that are TCP ports: a port outside 1-65535 (a negative
# one, say) can only be a mistake, so it is a schema error rather than a silent pass.
PORT_MEMBERS = frozenset({("CustomOriginConfig", "HTTPPort"), ("CustomOriginConfig", "HTTPSPort")})
PORT_TYPE = (
    '\n  <xs:simpleType name="Port">\n'
    '    <xs:restriction base="Integer">\n'
    '      <xs:minInclusive value="1"/>\n'
    '      <xs:maxInclusive value="65535"/>\n'
    "    </xs:restriction>\n"
    "  </xs:simpleType>\n"
)

Shape = Mapping[str, Any]


def load_model() -> Mapping[str, Shape]:
    """The model's shapes; refuse any botocore but the pinned one (the output would differ)."""
    try:
        import botocore  # type: ignore[import-untyped]
        from botocore.loaders import Loader  # type: ignore[import-untyped]
    except ImportError:
        sys.exit(f"generate.py needs botocore=={BOTOCORE_VERSION}: pip install -e '.[schemagen]'")
    if botocore.__version__ != BOTOCORE_VERSION:
        sys.exit(
            f"generate.py is pinned to botocore=={BOTOCORE_VERSION} but {botocore.__version__} "
            f"is installed: pip install 'botocore=={BOTOCORE_VERSION}'"
        )
    model = Loader().load_service_model("cloudfront", "service-2", API_VERSION)
    shapes: Mapping[str, Shape] = model["shapes"]
    return shapes


class Generator:
    """Walks the shapes reachable from `ROOTS` and writes one named XSD type per shape."""

    def __init__(self, shapes: Mapping[str, Shape]) -> None:
        self.shapes = shapes
        self.complex_types: dict[str, list[str]] = {}
        self.simple_types: dict[str, list[str]] = {}

    def type_of(self, shape_name: str, owner: tuple[str, str]) -> str:
        """The XSD type name for a member or list item, generating the type on first use."""
        shape = self.shapes[shape_name]
        kind = shape["type"]
        if kind == "structure":
            self._structure(shape_name, shape)
            return shape_name
        if kind == "list":
            self._list(shape_name, shape)
            return shape_name
        if owner in PORT_MEMBERS and kind == "integer" and not _facets(shape):
            return "Port"
        if kind in OWN_TYPES and not _facets(shape):
            return OWN_TYPES[kind][0]
        if kind == "string":
            if owner in SKIPPED_FACETS or not _facets(shape):
                return "xs:string"
            self._string(shape_name, shape)
            return shape_name
        raise SystemExit(f"shape {shape_name} of type {kind} has no XSD mapping yet")

    def _structure(self, name: str, shape: Shape) -> None:
        if name in self.complex_types:
            return
        self.complex_types[name] = []  # placeholder: the model has recursive references
        required = set(shape.get("required", ()))
        lines = [f'  <xs:complexType name="{name}">', "    <xs:all>"]
        for member, spec in shape["members"].items():
            _refuse_unsupported(name, member, spec)
            xsd_type = self.type_of(spec["shape"], (name, member))
            occurs = "" if member in required else ' minOccurs="0"'
            lines.append(f'      <xs:element name="{member}" type="{xsd_type}"{occurs}/>')
        lines.append("    </xs:all>")
        members = shape["members"]
        if "Quantity" in members and "Items" in members:
            lines.append(f"    <xs:assert test={quoteattr(QUANTITY_ASSERT)}/>")
        lines.append("  </xs:complexType>")
        self.complex_types[name] = lines

    def _list(self, name: str, shape: Shape) -> None:
        if name in self.complex_types:
            return
        self.complex_types[name] = []
        item = shape["member"]
        if shape.get("flattened") or item.get("flattened"):
            raise SystemExit(f"flattened list {name} has no XSD mapping yet")
        item_name = item.get("locationName", "member")
        item_type = self.type_of(item["shape"], (name, "member"))
        low = shape.get("min", 0)
        high = shape.get("max")
        occurs = f' minOccurs="{low}" maxOccurs="{high if high is not None else "unbounded"}"'
        self.complex_types[name] = [
            f'  <xs:complexType name="{name}">',
            "    <xs:sequence>",
            f'      <xs:element name="{item_name}" type="{item_type}"{occurs}/>',
            "    </xs:sequence>",
            "  </xs:complexType>",
        ]

    def _string(self, name: str, shape: Shape) -> None:
        facets = []
        for value in shape.get("enum", ()):
            facets.append(f"      <xs:enumeration value={quoteattr(value)}/>")
        if shape.get("min"):
            facets.append(f'      <xs:minLength value="{shape["min"]}"/>')
        if "max" in shape:
            facets.append(f'      <xs:maxLength value="{shape["max"]}"/>')
        if "pattern" in shape:
            facets.append(f"      <xs:pattern value={quoteattr(xsd_pattern(shape['pattern']))}/>")
        self.simple_types[name] = [
            f'  <xs:simpleType name="{name}">',
            '    <xs:restriction base="xs:string">',
            *facets,
            "    </xs:restriction>",
            "  </xs:simpleType>",
        ]


# Quantity must be one number for the comparison to mean anything; a missing, repeated or
# non-numeric Quantity is already reported by the content model or the type check, so the
# assertion stays silent then (one error per problem). `string()` keeps a bad Quantity from
# raising: an XSD 1.1 processor atomizes an element to its typed value.
QUANTITY_ASSERT = (
    "count(Quantity) != 1 or not(string(Quantity) castable as xs:integer)"
    " or count(Items/*) = xs:integer(string(Quantity))"
)


def _facets(shape: Shape) -> bool:
    return any(key in shape for key in ("enum", "min", "max", "pattern"))


def _refuse_unsupported(structure: str, member: str, spec: Shape) -> None:
    # CloudFront's request documents use none of these; a future model that does must not be
    # mapped silently wrong.
    for trait in ("xmlAttribute", "flattened", "xmlNamespace", "location"):
        if trait in spec:
            raise SystemExit(f"{structure}.{member} uses {trait}, which has no XSD mapping yet")


def xsd_pattern(pattern: str) -> str:
    """Translate a model (Java/ECMAScript) regex into XSD regex syntax.

    XSD regexes are implicitly anchored, have no `\\/` escape and allow a literal `-` in a
    character class only at its start or end (`[a-zA-Z0-9-_]` must become `[a-zA-Z0-9_\\-]`).
    """
    out: list[str] = []
    tokens = iter(_regex_tokens(pattern))
    for token in tokens:
        if token == "[":
            out.append(_char_class(tokens))
        else:
            out.append("/" if token == "\\/" else token)
    return "".join(out)


def _regex_tokens(pattern: str) -> Iterator[str]:
    index = 0
    while index < len(pattern):
        step = 2 if pattern[index] == "\\" else 1
        if pattern.startswith(("\\p{", "\\P{"), index):
            step = pattern.index("}", index) + 1 - index
        yield pattern[index : index + step]
        index += step


def _char_class(tokens: Iterator[str]) -> str:
    members: list[str] = []
    for token in tokens:
        if token == "]":
            break
        members.append("/" if token == "\\/" else token)
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
            literal_dash = True  # moved to the end, where XSD allows it
        else:
            items.append(token)
        index += 1
    return "[" + "".join(items) + ("\\-" if literal_dash else "") + "]"


HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!--
  Amazon CloudFront API {api} request documents: DistributionConfig,
  DistributionConfigWithTags and InvalidationBatch.

  generated by schemas/generate.py; do not edit.
  Source: botocore {botocore}, botocore/data/cloudfront/{api}/service-2.json.gz.

  XSD 1.1 (xs:all with any child order, xs:assert). cfguard validates clean documents with an
  XSD 1.0 form derived from this file at load time and explains errors with xmlschema.
  Boolean, Integer and Long keep values to XSD's lexical forms: true/false (CloudFront rejects
  1/0) and ASCII digits (xmlschema alone would take any Unicode digit, as Python's int() does).
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:vc="http://www.w3.org/2007/XMLSchema-versioning"
           xmlns="{ns}"
           targetNamespace="{ns}"
           elementFormDefault="qualified"
           xpathDefaultNamespace="##targetNamespace"
           vc:minVersion="1.1">
"""


def generate(shapes: Mapping[str, Shape]) -> str:
    generator = Generator(shapes)
    for root in ROOTS:
        generator.type_of(root, (root, ""))
    parts = [HEADER.format(api=API_VERSION, botocore=BOTOCORE_VERSION, ns=escape(NAMESPACE))]
    parts.extend(f'  <xs:element name="{root}" type="{root}"/>\n' for root in ROOTS)
    for name, base, pattern in OWN_TYPES.values():
        if name in shapes:
            raise SystemExit(f"model shape {name} collides with the schema's own type")
        parts.append(
            f'\n  <xs:simpleType name="{name}">\n'
            f'    <xs:restriction base="{base}">\n'
            f"      <xs:pattern value={quoteattr(pattern)}/>\n"
            "    </xs:restriction>\n"
            "  </xs:simpleType>\n"
        )
    parts.append(PORT_TYPE)
    for table in (generator.complex_types, generator.simple_types):
        for name in sorted(table):
            parts.append("\n" + "\n".join(table[name]) + "\n")
    parts.append("</xs:schema>\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write")
    args = parser.parse_args(argv)
    text = generate(load_model())
    args.output.write_bytes(text.encode("utf-8"))
    print(f"wrote {args.output} ({len(text):,} characters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

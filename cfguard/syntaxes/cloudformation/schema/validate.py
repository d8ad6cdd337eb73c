"""Walk a resource's located `Properties` against its CloudFormation resource schema.

One pass over the tree, no copy of it: each object is read through `fields` (the last of a
repeated key wins; repeated keys themselves are the syntax's to report), each value checked
against its schema node as `schemas/generate_cloudformation.py` wrote it. A value of the wrong type
is reported once and not descended into, so one mistake gives one finding.

Intrinsic functions are values CloudFormation computes when it deploys: an object with exactly one
key, `Ref`, `Condition` or `Fn::...`, is accepted wherever a value is expected (a `!Ref` for a
string, an `Fn::GetAtt` for a whole object, an `Fn::If` in a list), and so is a string holding a
dynamic reference (`{{resolve:ssm:...}}`) and an object spliced by `Fn::Transform`. Only
`Fn::If` is looked into: each of its two branches must be what the property takes, and a finding
inside one says which (`(when IsProd is true)`). `{"Ref": "AWS::NoValue"}` is the property (or
list item) left out: it counts as absent for what is required.

Scalars are taken as CloudFormation converts them (`values`): `"443"` is an integer, `"true"` a
boolean, `80` a string. Checked: unknown and read-only properties, types, required properties and
the ones another requires or excludes, enums, string lengths and patterns, integer ranges, list
sizes, and `Quantity` against `Items` where CloudFront holds them to agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cfguard.core.findings import Hit, Location
from cfguard.syntaxes.cloudformation.schema.data import Schema, pattern, resolve, resource
from cfguard.syntaxes.cloudformation.schema.values import (
    Place,
    as_boolean,
    as_integer,
    as_text,
    has_transform,
    if_branches,
    intrinsic,
    is_dynamic_reference,
    is_no_value,
    is_number,
    kept_items,
    may_vanish,
    member_at,
)
from cfguard.syntaxes.cloudformation.schema.wording import (
    branch,
    count,
    dependent,
    enum_value,
    excluded,
    expected,
    found,
    length,
    mismatch,
    missing,
    no_properties,
    out_of_range,
    quantity,
    read_only,
    unknown,
    wrong_type,
)
from cfguard.syntaxes.json.tree import JsonTree, Member, Node, fields, locate, locate_key, span


def validate(tree: JsonTree, properties: Node | None, resource_type: str, path: str) -> list[Hit]:
    """CFG003 hits for `properties`, the `Properties` of a resource of type `resource_type` at
    JMESPath `path` (`Resources.MyDist.Properties`), in document order; None for a resource
    without `Properties`. Raises KeyError for a type the schemas file does not describe."""
    record = resource(resource_type)
    walker = _Walker(tree, record, resource_type, path)
    owner = member_at(tree, path)
    if properties is not None and not is_no_value(properties):
        walker.value(properties, walker.root, Place(), owner)
    elif record["required"]:  # no Properties at all, or `Properties: !Ref AWS::NoValue`
        where = owner or member_at(tree, path.rpartition(".")[0])
        location = (
            walker.key_of(where, Place())
            if where is not None
            else span(tree, tree.root.start, tree.root.start + 1, path)
        )
        walker.report(location, no_properties(resource_type, sorted(record["required"])), Place())
    walker.hits.sort(key=lambda hit: (hit.location.line, hit.location.column or 0))
    return walker.hits


class _Walker:
    __slots__ = ("base", "hits", "record", "root", "tree", "type_name")

    def __init__(
        self, tree: JsonTree, record: Mapping[str, Any], type_name: str, base: str
    ) -> None:
        self.tree = tree
        self.record = record
        self.type_name = type_name
        self.base = base
        self.hits: list[Hit] = []
        self.root: Schema = {
            "additionalProperties": False,
            "properties": record["properties"],
            "required": record["required"],
            "type": "object",
        }

    def full(self, place: Place) -> str:
        """The JMESPath of a value from the template's root."""
        jp = place.jp
        if not jp or not self.base:
            return jp or self.base
        return f"{self.base}{'' if jp.startswith('[') else '.'}{jp}"

    def report(self, location: Location, message: str, place: Place) -> None:
        self.hits.append(Hit(location, message + branch(place.when)))

    def at(self, node: Node, place: Place) -> Location:
        return locate(self.tree, node, self.full(place))

    def key_of(self, member: Member, place: Place) -> Location:
        return locate_key(self.tree, member, self.full(place))

    def opening(self, node: Node, place: Place, owner: Member | None) -> Location:
        """Where a finding about an object or list as a whole goes: its key, else its start."""
        if owner is not None:
            return self.key_of(owner, place)
        return span(self.tree, node.start, node.start + 1, self.full(place))

    def value(self, node: Node, schema: Schema, place: Place, owner: Member | None) -> None:
        """Check `node` against `schema`; `owner` is the member it is the value of."""
        schema, definition = resolve(self.record, schema)
        if intrinsic(node) is not None:
            branches = if_branches(node)
            if branches is not None:
                condition, when_true, when_false = branches
                for index, choice, taken in ((1, when_true, True), (2, when_false, False)):
                    if (condition, not taken) in place.when:
                        continue  # inside the other branch of the same condition: never taken
                    if not is_no_value(choice):
                        self.value(choice, schema, place.branch(index, condition, taken), None)
            return
        if is_dynamic_reference(node):
            return
        kind = schema.get("type")
        if kind == "object":
            self.object(node, schema, definition, place, owner)
        elif kind == "array":
            self.array(node, schema, place, owner)
        elif kind == "string":
            self.string(node, schema, place)
        elif kind == "integer":
            self.integer(node, schema, place)
        elif (kind == "number" and not is_number(node)) or (
            kind == "boolean" and as_boolean(node) is None
        ):
            self.wrong_type(node, kind, None, place)

    def wrong_type(self, node: Node, kind: str, definition: str | None, place: Place) -> None:
        got = found(node, self.tree.text)
        message = wrong_type(place.rel, expected(kind, definition), got)
        self.report(self.at(node, place), message, place)

    def object(
        self, node: Node, schema: Schema, definition: str | None, place: Place, owner: Member | None
    ) -> None:
        if node.kind != "object":
            self.wrong_type(node, "object", definition, place)
            return
        if has_transform(node):
            return
        props: Mapping[str, Schema] = schema.get("properties", {})
        present = {k: m for k, m in fields(node).items() if not is_no_value(m.value)}
        settled = self.record.get("readOnly", ()) if schema is self.root else ()
        for key, member in present.items():
            sub = props.get(key)
            if sub is not None:
                self.value(member.value, sub, place.key(key), member)
            elif key in settled:
                self.report(
                    self.key_of(member, place.key(key)), read_only(key, self.type_name), place
                )
            elif schema.get("additionalProperties") is False:
                message = unknown(place.rel, definition, key, props.keys())
                self.report(self.key_of(member, place.key(key)), message, place)
        absent = sorted(key for key in schema.get("required", ()) if key not in present)
        if absent:
            self.report(self.opening(node, place, owner), missing(place.rel, absent), place)
        for key in sorted(schema.get("required", ())):
            branches = if_branches(present[key].value) if key in present else None
            if branches is not None and may_vanish(present[key].value):
                gone = place.branch(
                    1 if is_no_value(branches[1]) else 2, branches[0], is_no_value(branches[1])
                )
                where = self.key_of(present[key], place.key(key))
                self.report(where, missing(place.rel, [key]), gone)
        self.related(present, schema, place)
        if schema.get("x-quantity"):
            self.quantity(present, place)

    def related(self, present: Mapping[str, Member], schema: Schema, place: Place) -> None:
        """What one property requires or excludes of its siblings (cfn-lint's keywords)."""
        for key, needs in sorted(schema.get("dependentRequired", {}).items()):
            lacking = [need for need in needs if need not in present]
            if key in present and lacking:
                where = self.key_of(present[key], place.key(key))
                self.report(where, dependent(place.rel, key, lacking), place)
        reported: set[frozenset[str]] = set()
        for key, others in sorted(schema.get("dependentExcluded", {}).items()):
            for other in others:
                pair = frozenset((key, other))
                if key not in present or other not in present or pair in reported:
                    continue
                reported.add(pair)
                first, second = sorted((present[key], present[other]), key=lambda m: m.key_start)
                where = self.key_of(second, place.key(second.key))
                self.report(where, excluded(place.rel, first.key, second.key), place)

    def quantity(self, present: Mapping[str, Member], place: Place) -> None:
        """`Quantity` must count `Items`; silent when either is computed or of the wrong type."""
        stated_by = present.get("Quantity")
        stated = as_integer(stated_by.value) if stated_by is not None else None
        if stated_by is None or stated is None:
            return
        items = present.get("Items")
        size: int | None = None
        if items is not None:
            if items.value.kind != "array":
                return
            kept = kept_items(items.value)
            if any(may_vanish(item) for _, item in kept):
                return
            size = len(kept)
        if size != stated and (size is not None or stated != 0):
            where = self.at(stated_by.value, place.key("Quantity"))
            self.report(where, quantity(place.rel, stated, size), place)

    def array(self, node: Node, schema: Schema, place: Place, owner: Member | None) -> None:
        if node.kind != "array":
            self.wrong_type(node, "array", None, place)
            return
        kept = kept_items(node)
        certain = [(index, item) for index, item in kept if not may_vanish(item)]
        low, high = schema.get("minItems"), schema.get("maxItems")
        if high is not None and len(certain) > high:
            index, extra = certain[high]
            message = count(place.rel, len(certain), low, high)
            self.report(self.at(extra, place.item(index)), message, place)
        elif low is not None and len(kept) < low:
            message = count(place.rel, len(kept), low, high)
            self.report(self.opening(node, place, owner), message, place)
        item_schema = schema.get("items")
        if item_schema is not None:
            for index, item in kept:
                self.value(item, item_schema, place.item(index), None)

    def string(self, node: Node, schema: Schema, place: Place) -> None:
        text = as_text(node, self.tree.text)
        if text is None:
            self.wrong_type(node, "string", None, place)
            return
        if "enum" in schema:
            if text not in schema["enum"]:
                got = found(node, self.tree.text)
                message = enum_value(place.rel, got, text, schema["enum"])
                self.report(self.at(node, place), message, place)
            return
        low, high = schema.get("minLength"), schema.get("maxLength")
        if (low is not None and len(text) < low) or (high is not None and len(text) > high):
            self.report(self.at(node, place), length(place.rel, len(text), low, high), place)
        elif "regex" in schema and pattern(schema).fullmatch(text) is None:
            message = mismatch(place.rel, text, schema["pattern"])
            self.report(self.at(node, place), message, place)

    def integer(self, node: Node, schema: Schema, place: Place) -> None:
        number = as_integer(node)
        if number is None:
            self.wrong_type(node, "integer", None, place)
            return
        if "enum" in schema:
            if number not in schema["enum"]:
                got = found(node, self.tree.text)
                allowed = [str(choice) for choice in schema["enum"]]
                message = enum_value(place.rel, got, None, allowed)
                self.report(self.at(node, place), message, place)
            return
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and number < low) or (high is not None and number > high):
            self.report(self.at(node, place), out_of_range(place.rel, number, low, high), place)

"""The words of every CloudFormation schema message (CFG003).

A message names the value by its property path below the resource's `Properties`
(`DistributionConfig.Origins[0].CustomOriginConfig.HTTPSPort`; `Properties` itself at the top),
in CloudFormation's property names, and says what the schema wants and what the template has.
The quoting reads the same in YAML and JSON: names and allowed values bare, as CloudFormation's
documentation writes them; a string the template gives in double quotes (a JSON string, which is
also a YAML double-quoted scalar); numbers and booleans bare. A value inside an `Fn::If` branch
says which branch (`(when IsProd is true)`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from cfguard.syntaxes.cloudformation.schema.values import name
from cfguard.syntaxes.json.tree import Node

ROOT = "Properties"
#: What a value of each schema type must be, as "must be ..." says it.
EXPECTED = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
}
#: Properties (allowed values) listed in full when an unknown one is close to none of them.
LISTED_KEYS = 8
LISTED_VALUES = 12
#: How alike (difflib's ratio) a misspelling must be to be corrected, as the JSON syntax says.
KEY_CUTOFF = 0.8
VALUE_CUTOFF = 0.6

#: The `Fn::If` branches a value is inside: (condition, the branch taken when it is true).
When = tuple[tuple[str, bool], ...]


def where(path: str) -> str:
    return path or ROOT


def branch(when: When) -> str:
    if not when:
        return ""
    said = " and ".join(
        f"{condition} is {'true' if taken else 'false'}" for condition, taken in when
    )
    return f" (when {said})"


def quote(text: str, limit: int = 60) -> str:
    if len(text) > limit:
        text = text[:limit] + "…"
    return json.dumps(text, ensure_ascii=False)


def found(node: Node, text: str) -> str:
    """What a value is, for "must be X, not <found>": `"https"`, `443`, `true`, `a list`."""
    if node.kind == "string":
        return quote(str(node.value))
    if node.kind == "number":
        source = text[node.start : node.end]
        return source if len(source) <= 40 else source[:40] + "…"
    if node.kind == "bool":
        return "true" if node.value else "false"
    return {"object": "an object", "array": "a list"}.get(node.kind, "null")


def expected(kind: str, definition: str | None) -> str:
    if kind == "object" and definition is not None:
        article = "an" if definition[:1] in "AEIOU" else "a"
        return f"{article} {definition} object"
    return EXPECTED[kind]


def wrong_type(path: str, wanted: str, got: str) -> str:
    return f"{where(path)} must be {wanted}, not {got}"


def enum_value(path: str, got: str, value: str | None, allowed: Sequence[str]) -> str:
    """`value` is what a likely misspelling is looked for with, None for none (a number)."""
    if len(allowed) > LISTED_VALUES:
        listed = f"the {len(allowed)} values {', '.join(allowed[:4])}, …"
    else:
        listed = ", ".join(allowed)
    message = f"{where(path)} must be one of {listed}, not {got}"
    near = nearest(value, allowed, VALUE_CUTOFF) if value is not None else None
    return f"{message}; did you mean {near}?" if near is not None else message


def unknown(path: str, definition: str | None, key: str, keys: Collection[str]) -> str:
    head = f"Unsupported property {name(key)} in {where(path)}"
    near = nearest(key, keys, KEY_CUTOFF)
    if near is not None:
        return f"{head}; did you mean {near}?"
    if not keys:
        return f"{head}, which takes no properties"
    if len(keys) <= LISTED_KEYS:
        return f"{head}, which takes {', '.join(sorted(keys))}"
    return f"{head}, not one of the {len(keys)} properties of {definition or where(path)}"


def read_only(key: str, resource_type: str) -> str:
    return (
        f"{name(key)} is a read-only property of {resource_type}: CloudFormation sets it "
        "(read it with Fn::GetAtt), a template cannot"
    )


def missing(path: str, keys: Sequence[str]) -> str:
    noun = "property" if len(keys) == 1 else "properties"
    return f"{where(path)} is missing required {noun} {', '.join(keys)}"


def no_properties(resource_type: str, keys: Sequence[str]) -> str:
    noun = "property" if len(keys) == 1 else "properties"
    return f"This {resource_type} has no Properties; it requires {noun} {', '.join(keys)}"


def dependent(path: str, key: str, needed: Sequence[str]) -> str:
    return f"{where(path)} has {name(key)} but not {', '.join(needed)}, which {name(key)} requires"


def excluded(path: str, first: str, second: str) -> str:
    return f"{where(path)} has both {first} and {second}; give only one of them"


def length(path: str, size: int, low: int | None, high: int | None) -> str:
    if high is not None and size > high:
        return f"{where(path)} must be at most {high} characters long, not {size}"
    return (
        f"{where(path)} must be at least {low} character{'s' if low != 1 else ''} long, not {size}"
    )


def mismatch(path: str, value: str, pattern: str) -> str:
    return f"{where(path)} must match {pattern}, not {quote(value)}"


def out_of_range(path: str, value: int, low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{where(path)} must be from {low} to {high}, not {value}"
    bound = f"at least {low}" if low is not None else f"at most {high}"
    return f"{where(path)} must be {bound}, not {value}"


def count(path: str, size: int, low: int | None, high: int | None) -> str:
    if high is not None and size > high:
        return f"{where(path)} must hold at most {high} item{'s' if high != 1 else ''}, not {size}"
    return f"{where(path)} must hold at least {low} item{'s' if low != 1 else ''}, not {size}"


def quantity(path: str, value: int, size: int | None) -> str:
    """`Quantity` disagreeing with `Items` (size None: no `Items` at all)."""
    items = f"{path}.Items" if path else "Items"
    holds = (
        f"there is no {items}"
        if size is None
        else f"{items} holds {size} item{'s' if size != 1 else ''}"
    )
    return (
        f"{path + '.' if path else ''}Quantity is {value} but {holds}; they must agree "
        "(CloudFront answers InconsistentQuantities otherwise)"
    )


def nearest(word: str, choices: Collection[str], cutoff: float) -> str | None:
    """The choice `word` most likely misspells: the same but for case, else the only one that
    goes on from it at a word's end (`https` for `https-only`, `TLSv1.1` for `TLSv1.1_2016`, not
    `http` for `https-only`), else difflib's closest if at least `cutoff` alike, unless several
    go on from it (`TLSv1.2`: which of the four policies is not a guess to make)."""
    folded = {choice.casefold(): choice for choice in choices}
    key = word.casefold()
    if key in folded:
        return folded[key]
    longer = [
        choice
        for fold, choice in folded.items()
        if key and fold.startswith(key) and not fold[len(key)].isalnum()
    ]
    if longer:
        return longer[0] if len(longer) == 1 else None
    import difflib  # only a template with a mistake needs it

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None

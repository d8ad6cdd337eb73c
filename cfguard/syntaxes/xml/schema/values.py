"""The values of simple-typed elements, judged and worded as xmlschema does (for the quick
explanation in `quick`): decoding by type, facets, and XSD patterns as Python regular
expressions."""

from __future__ import annotations

import functools
import re

from lxml import etree

from cfguard.syntaxes.xml.schema.model import SchemaModel
from cfguard.syntaxes.xml.schema.wording import (
    EXPECTED_BY_BUILTIN,
    INTEGER_RANGES,
    bound_expectation,
    enumeration_expectation,
    length_expectation,
    pattern_expectation,
    range_expectation,
    value_message,
)

LONGEST_NUMBER = 40
_COLLAPSED = frozenset({"xs:boolean", "xs:int", "xs:long"})
_WHITESPACE = re.compile(r"[\t\n\r ]+")
PLAIN = re.compile(r"[\t\n\r\x20-\x7e]*")
INTEGER = re.compile(r"[+-]?[0-9]+")


class Unsure(Exception):
    """The quick path cannot be sure what xmlschema would say."""


def value_messages(model: SchemaModel, element: etree._Element, type_name: str | None) -> list[str]:
    """What is wrong with a simple-typed element's text, worded as xmlschema's errors are."""
    text = element.text or ""
    if type_name is None or len(element) or not PLAIN.fullmatch(text):
        raise Unsure  # child nodes (even comments) or exotic characters: xmlschema decides
    problems: list[tuple[str, str]] = []  # (expected, value shown)
    _decode(model, type_name, text, text, problems)
    return [value_message(element, shown, expected) for expected, shown in problems]


def _decode(
    model: SchemaModel, type_name: str, value: str, raw: str, problems: list[tuple[str, str]]
) -> object:
    """`value` decoded as `type_name`, or None; each failed check goes into `problems`.

    The order and the value each message shows follow xmlschema: a restriction checks its
    patterns on the normalised text, then its base type, then (if the base decoded) its other
    facets on the decoded value; a message shows the text it checked, or the element's raw
    text where the check was on a number.
    """
    builtin = model.builtin_of(type_name)
    if builtin in _COLLAPSED:
        value = collapse(value)
    if type_name.startswith("xs:"):
        return _decode_builtin(type_name, value, raw, problems)
    restriction = model.simple_types.get(type_name)
    if restriction is None:
        raise Unsure  # a complex type: no value to judge
    patterns = restriction.values("pattern")
    if patterns and not any(_regex(p).fullmatch(value) for p in patterns):
        base = restriction.base[3:] if restriction.base.startswith("xs:") else ""
        problems.append((pattern_expectation(base, patterns), value))
    decoded = _decode(model, restriction.base, value, raw, problems)
    if decoded is None:
        return None
    shown = decoded if isinstance(decoded, str) else raw
    enumeration = restriction.values("enumeration")
    if enumeration and decoded not in [_decode_plain(builtin, v) for v in enumeration]:
        problems.append((enumeration_expectation(enumeration), shown))
    for facet, limit in restriction.facets:
        if facet in ("length", "minLength", "maxLength") and isinstance(decoded, str):
            size, bound = len(decoded), _schema_int(limit)
            if (
                (facet == "length" and size != bound)
                or (facet == "minLength" and size < bound)
                or (facet == "maxLength" and size > bound)
            ):
                problems.append((length_expectation(decoded, facet, bound), shown))
        elif facet in ("minInclusive", "maxInclusive") and isinstance(decoded, int):
            bound = _schema_int(limit)
            if (facet == "minInclusive" and decoded < bound) or (
                facet == "maxInclusive" and decoded > bound
            ):
                problems.append((bound_expectation(facet, bound), shown))
        elif facet not in ("pattern", "enumeration"):
            raise Unsure
    return decoded


def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return python_regex(pattern)
    except ValueError:
        raise Unsure from None


def _decode_builtin(builtin: str, value: str, raw: str, problems: list[tuple[str, str]]) -> object:
    name = builtin[3:]
    if name == "string":
        return value
    if name == "boolean":
        if value not in ("true", "false", "1", "0"):
            problems.append((EXPECTED_BY_BUILTIN[name], value))
            return None
        return value in ("true", "1")
    if name in INTEGER_RANGES:
        if "_" in value:
            # xmlschema decodes with int(), which reads 0_0 as 0 and goes on to check the
            # facets with it (a Port would get "expected at least 1" too): its business.
            raise Unsure
        if not INTEGER.fullmatch(value):
            problems.append((EXPECTED_BY_BUILTIN[name], value))
            return None
        if len(value) > LONGEST_NUMBER:
            raise Unsure  # int() refuses 4,300 digits; xmlschema words that its own way
        number = int(value)
        low, high = INTEGER_RANGES[name]
        if not low <= number <= high:
            problems.append((range_expectation(name), raw))
        return number
    raise Unsure


def _decode_plain(builtin: str, value: str) -> object:
    return _schema_int(value) if builtin in ("xs:int", "xs:long") else value


def collapse(value: str) -> str:
    return _WHITESPACE.sub(" ", value).strip(" ")


#: XSD character class escapes, for the plain ASCII values this module judges (others go to
#: xmlschema). Within ASCII: letters, the space (the only ASCII separator), digits.
_ASCII_ESCAPES = {r"\p{L}": "A-Za-z", r"\p{Z}": " ", r"\p{N}": "0-9", r"\d": "0-9"}
_LITERAL_ESCAPES = frozenset("-.\\[]{}()|+*?^$")
_TOKEN = re.compile(r"\\(?:[pP]\{[^}]*\}|.)|.", re.DOTALL)


@functools.cache
def python_regex(pattern: str) -> re.Pattern[str]:
    """An XSD pattern as a Python regex that matches the same plain ASCII strings.

    It reads the XSD regex subset whose meaning Python shares: literals, classes, groups,
    `|`, quantifiers, and the escapes in `_ASCII_ESCAPES` or of a metacharacter. Anything else
    raises ValueError (a test translates every pattern of the shipped schemas): `.` outside a
    class (XSD's excludes \\r, Python's does not), `^` and `$` outside a class (literals in
    XSD, anchors in Python), class subtraction `-[`, other escapes.
    """
    pieces: list[str] = []
    in_class = False
    for token in _TOKEN.findall(pattern):
        if token in _ASCII_ESCAPES:
            ascii_class = _ASCII_ESCAPES[token]
            pieces.append(ascii_class if in_class else f"[{ascii_class}]")
        elif token.startswith("\\"):
            if len(token) != 2 or token[1] not in _LITERAL_ESCAPES:
                raise ValueError(f"pattern {pattern!r}: escape {token} is not translated")
            pieces.append(token)
        elif token == "[" and not in_class:
            in_class = True
            pieces.append(token)
        elif token == "]" and in_class:
            in_class = False
            pieces.append(token)
        elif in_class and token == "[":
            raise ValueError(f"pattern {pattern!r}: class subtraction is not translated")
        elif not in_class and token in ".^$":
            raise ValueError(f"pattern {pattern!r}: {token!r} means something else in Python")
        else:
            pieces.append(token)
    return re.compile("".join(pieces))


def _schema_int(text: str) -> int:
    """A number written in the schema (a facet's limit, an enumerated value)."""
    try:
        return int(text)
    except ValueError:
        raise Unsure from None  # not an integer facet: not one this module words

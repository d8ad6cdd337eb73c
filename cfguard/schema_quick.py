"""Explain the common schema errors from libxml2's log, without importing xmlschema.

A document libxml2 rejects used to go to xmlschema for its messages, and loading xmlschema costs
~0.4 s a process, ~15 ms more a document: a third of the CPU of a typical large run, spent on
the 4% of documents with a schema error. Most of those errors are of a few plain kinds: a value
outside its type (a misspelt enum, `yes` for a boolean), an element where it does not belong, a
required element missing, a Quantity that disagrees with its Items. For those this module says
what xmlschema would have said, word for word, from libxml2's error log and the schema model.

It answers None, and xmlschema explains the document, whenever it cannot be sure: any error
kind it does not know, attributes anywhere (xsi:type changes what validates), a value that is
not plain ASCII, an unexpected element followed by anything, a Quantity error inside or
around another error, more than a hundred errors. The differential test
(tests/test_schema_differential.py) checks that both paths give the same hits on every fixture
and on thousands of mutated documents.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from lxml import etree

from cfguard.findings import Hit
from cfguard.schema_layout import SchemaLayout
from cfguard.schema_model import ChildSpec, SchemaModel
from cfguard.schema_wording import (
    EXPECTED_BY_BUILTIN,
    INTEGER_RANGES,
    assertion_message,
    bound_expectation,
    collect,
    enumeration_expectation,
    length_expectation,
    local,
    pattern_expectation,
    range_expectation,
    value_message,
)
from cfguard.source import SourceDocument, is_split_value

#: libxml2 errors about an element's content model; told apart by their message.
_CONTENT_ERROR = "SCHEMAV_ELEMENT_CONTENT"
_NOT_EXPECTED = "This element is not expected."
_MISSING = "Missing child element(s)."
#: libxml2 errors about an element's value: which facet failed does not matter, the value is
#: checked again here the way xmlschema checks it, to word the message as it would.
_VALUE_ERRORS = frozenset(
    {
        "SCHEMAV_CVC_DATATYPE_VALID_1_2_1",
        "SCHEMAV_CVC_ENUMERATION_VALID",
        "SCHEMAV_CVC_PATTERN_VALID",
        "SCHEMAV_CVC_LENGTH_VALID",
        "SCHEMAV_CVC_MINLENGTH_VALID",
        "SCHEMAV_CVC_MAXLENGTH_VALID",
        "SCHEMAV_CVC_MININCLUSIVE_VALID",
        "SCHEMAV_CVC_MAXINCLUSIVE_VALID",
    }
)
#: More errors (or hits) than this and the document is broken beyond the common kinds.
_MAX_ERRORS = 100
#: Longer than any bounded integer's digits (19 for xs:long), short of int()'s digit limit.
_LONGEST_NUMBER = 40
_COLLAPSED = frozenset({"xs:boolean", "xs:int", "xs:long"})
_XML_WHITESPACE = "\t\n\r "
_WHITESPACE = re.compile(r"[\t\n\r ]+")
_PLAIN = re.compile(r"[\t\n\r\x20-\x7e]*")
_INTEGER = re.compile(r"[+-]?[0-9]+")


class _Unsure(Exception):
    """The quick path cannot be sure what xmlschema would say."""


def explain_quickly(
    document: SourceDocument,
    errors: Iterable[etree._LogEntry] | etree._ListErrorLog,
    quantities_agree: bool,
    model: SchemaModel,
    layout: SchemaLayout,
) -> list[Hit] | None:
    """The hits xmlschema would give a document libxml2 reported `errors` for (none: it
    accepted it but the Quantities disagree), or None if that is not certain."""
    entries = list(errors)
    if len(entries) > _MAX_ERRORS:
        return None
    try:
        _require_plain_nodes(document.root)
        found: list[tuple[etree._Element | None, str]] = []
        flagged: list[tuple[etree._Element, bool]] = []  # (element, only a missing child)
        for entry in entries:
            element = _element_at(document, entry.path)
            found.extend(_explain_entry(element, entry, model, layout))
            flagged.append((element, _MISSING in entry.message))
        if not quantities_agree:
            mismatched = _quantity_errors(document.root, model)
            for owner, _ in mismatched:
                _require_assertion_reached(owner, flagged)
            found.extend(mismatched)
        if len(found) > _MAX_ERRORS:
            raise _Unsure  # xmlschema's path caps and summarises long lists its own way
    except _Unsure:
        return None
    return collect(found, document)


def _require_assertion_reached(
    owner: etree._Element, flagged: list[tuple[etree._Element, bool]]
) -> None:
    """xmlschema evaluates `owner`'s Quantity assertion after validating its content: only
    certain when that content had no error and no error cut `owner` off from validation (an
    ancestor that merely lacks a required child does not)."""
    for element, missing_only in flagged:
        if element is owner or owner in element.iterancestors():
            raise _Unsure  # an error inside the owner's content
        if not missing_only and element in owner.iterancestors():
            raise _Unsure


def _require_plain_nodes(root: etree._Element) -> None:
    """Unsure of documents whose elements carry attributes (xsi:type changes what validates) or
    whose values hold comments (`tr<!-- -->ue`; xmlschema is given such values joined, and they
    are too rare to word here too)."""
    for element in root.iter(etree.Element):
        if element.attrib or is_split_value(element):
            raise _Unsure


def _quantity_errors(root: etree._Element, model: SchemaModel) -> list[tuple[etree._Element, str]]:
    """The failed Quantity/Items assertions, evaluated as the schema writes them:
    `count(Quantity) != 1 or not(string(Quantity) castable as xs:integer) or
    count(Items/*) = xs:integer(string(Quantity))`, on every element whose type has them (every
    type with a Quantity child: a test keeps it so)."""
    quantity_tag, items_tag = f"{{{model.namespace}}}Quantity", f"{{{model.namespace}}}Items"
    owners = dict.fromkeys(q.getparent() for q in root.iter(quantity_tag))  # document order
    found: list[tuple[etree._Element, str]] = []
    for owner in owners:
        type_name = model.type_of(owner) if owner is not None else None
        if owner is None or type_name is None or model.child(type_name, quantity_tag) is None:
            continue  # not validated as a type with the assertion
        quantities = owner.findall(quantity_tag)
        if len(quantities) != 1:
            continue
        if len(quantities[0]) or not _PLAIN.fullmatch(quantities[0].text or ""):
            raise _Unsure  # string() would read child nodes; exotic text: xmlschema decides
        value = _collapse(quantities[0].text or "")
        if len(value) > _LONGEST_NUMBER:
            raise _Unsure
        if not _INTEGER.fullmatch(value):
            continue  # not castable as xs:integer: the assertion holds
        count = sum(
            1 for items in owner.findall(items_tag) for _ in items.iterchildren(etree.Element)
        )
        if int(value) != count:
            found.append((owner, assertion_message(owner, "Quantity")))
    return found


def _explain_entry(
    element: etree._Element, entry: etree._LogEntry, model: SchemaModel, layout: SchemaLayout
) -> list[tuple[etree._Element | None, str]]:
    if entry.type_name == _CONTENT_ERROR and _NOT_EXPECTED in entry.message:
        parent = element.getparent()
        if parent is None or _anything_after(element):
            # libxml2 stops checking a parent's children at the first unexpected one, while
            # xmlschema goes on through an xs:all (and reports stray text): only a last child,
            # followed by nothing but whitespace, leaves nothing unseen.
            raise _Unsure
        allowed = _children_of(model, parent)
        found: list[tuple[etree._Element | None, str]] = [
            (element, layout.unexpected(parent, element, allowed))
        ]
        # One too many of an element the parent does take: xmlschema still validates it.
        declared = next((spec for spec in allowed if spec.tag == element.tag), None)
        if declared is not None:
            if declared.type_name in model.complex_types:
                raise _Unsure
            found.extend(
                (element, message)
                for message in _value_messages(model, element, declared.type_name)
            )
        # As xmlschema is explained: a required element missing from the same parent is
        # reported now rather than on the next run.
        missing = layout.incomplete(parent, allowed, besides=local(element))
        if missing:
            found.append((parent, missing))
        return found
    if entry.type_name == _CONTENT_ERROR and _MISSING in entry.message:
        missing = layout.incomplete(element, _children_of(model, element))
        if missing is None:
            raise _Unsure
        return [(element, missing)]
    if entry.type_name in _VALUE_ERRORS:
        messages = _value_messages(model, element, model.type_of(element))
        if not messages:
            raise _Unsure
        return [(element, message) for message in messages]
    raise _Unsure


def _anything_after(element: etree._Element) -> bool:
    """Whether an element or text other than whitespace follows `element` in its parent."""
    if (element.tail or "").strip(_XML_WHITESPACE):
        return True
    return any(
        isinstance(node.tag, str) or (node.tail or "").strip(_XML_WHITESPACE)
        for node in element.itersiblings()
    )


def _element_at(document: SourceDocument, path: str | None) -> etree._Element:
    try:
        found = document.tree.xpath(path) if path else None
    except etree.XPathError:  # a prefix of the document's own in the path, say
        raise _Unsure from None
    if not isinstance(found, list) or len(found) != 1 or not isinstance(found[0], etree._Element):
        raise _Unsure
    return found[0]


def _children_of(model: SchemaModel, element: etree._Element) -> tuple[ChildSpec, ...]:
    type_name = model.type_of(element)
    if type_name is None or type_name not in model.complex_types:
        raise _Unsure
    return model.complex_types[type_name]


def _value_messages(
    model: SchemaModel, element: etree._Element, type_name: str | None
) -> list[str]:
    """What is wrong with a simple-typed element's text, worded as xmlschema's errors are."""
    text = element.text or ""
    if type_name is None or len(element) or not _PLAIN.fullmatch(text):
        raise _Unsure  # child nodes (even comments) or exotic characters: xmlschema decides
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
        value = _collapse(value)
    if type_name.startswith("xs:"):
        return _decode_builtin(type_name, value, raw, problems)
    restriction = model.simple_types.get(type_name)
    if restriction is None:
        raise _Unsure  # a complex type: no value to judge
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
            raise _Unsure
    return decoded


def _regex(pattern: str) -> re.Pattern[str]:
    try:
        return python_regex(pattern)
    except ValueError:
        raise _Unsure from None


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
            raise _Unsure
        if not _INTEGER.fullmatch(value):
            problems.append((EXPECTED_BY_BUILTIN[name], value))
            return None
        if len(value) > _LONGEST_NUMBER:
            raise _Unsure  # int() refuses 4,300 digits; xmlschema words that its own way
        number = int(value)
        low, high = INTEGER_RANGES[name]
        if not low <= number <= high:
            problems.append((range_expectation(name), raw))
        return number
    raise _Unsure


def _decode_plain(builtin: str, value: str) -> object:
    return _schema_int(value) if builtin in ("xs:int", "xs:long") else value


def _collapse(value: str) -> str:
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
        raise _Unsure from None  # not an integer facet: not one this module words

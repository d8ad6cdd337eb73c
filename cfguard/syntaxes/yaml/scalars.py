"""What a YAML tag and a scalar mean to CloudFormation: the short forms of the intrinsic functions,
the YAML 1.1 core types, and the tags cfguard refuses (CFG001).

Plain scalars are resolved by PyYAML's own YAML 1.1 implicit resolvers (the composer's
`resolve`), which are the ones CloudFormation applies: its parser reports errors in the words
of SnakeYAML, the Java port of PyYAML ("special characters are not allowed"), unquoted `yes`,
`no`, `on` and `off` reach a stack as the booleans true and false, and the AWS CLI quotes those
words when `aws cloudformation package` writes a template "so that CloudFormation treats these
values as strings and not booleans". So `yes`/`no`/`on`/`off` (any of the three cases) are
booleans, while `y` and `n` stay strings as PyYAML reads them. A date (`2010-09-09`) is the string
it is written as: CloudFormation does not support YAML's timestamp type, and every template
writes `AWSTemplateFormatVersion: 2010-09-09` meaning the string.

A scalar's value is converted here, not by PyYAML's constructors: those are unbounded (a
sexagesimal `1:2:3:...` of a million parts is a quadratic big-integer sum) and an integer too
long to print would break every message that shows it.
"""

from __future__ import annotations

import re

from cfguard.syntaxes.json.tree import Scalar
from cfguard.syntaxes.yaml.yaml_errors import Refusal, shown

CORE = "tag:yaml.org,2002:"
#: The short forms CloudFormation documents, and the functions of the Rules section and the
#: AWS::LanguageExtensions transform, whose pages show only the long form: the AWS CLI
#: (`aws cloudformation package`) and cfn-lint read every `!Name` as `Fn::Name`, so these are
#: read the same way rather than refused.
FUNCTIONS = frozenset(
    (
        *("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select"),
        *("Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Contains"),
        *("EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll", "Length"),
        "ToJsonString",
    )
)
#: Short forms whose long form has no `Fn::` prefix.
PLAIN_NAMES = frozenset(("Ref", "Condition"))
#: The YAML 1.1 types CloudFormation says it does not support.
UNSUPPORTED = frozenset(("binary", "omap", "pairs", "set", "timestamp", "merge", "value", "yaml"))
#: Longest integer read, in decimal digits (CPython's own limit on int(str) and str(int), as in
#: the JSON parser); a hexadecimal, octal or binary one is held to the same value.
MAX_INTEGER_DIGITS = 4300
_INTEGER_LIMIT = 10**MAX_INTEGER_DIGITS
#: The core scalar types a tag or PyYAML's resolver may give a value (a date is a string).
TYPES = frozenset(("int", "float", "bool", "null", "str"))
_SCALAR_KINDS = {
    "int": "number",
    "float": "number",
    "bool": "bool",
    "null": "null",
    "str": "string",
}


def function_key(tag: str) -> str | None:
    """The long-form key a CloudFormation short tag stands for (`!GetAtt` -> `Fn::GetAtt`), None
    for any other tag. `!Rain::Module` and the other directives of AWS's `rain` tool keep their
    name (`Rain::Module`), as rain reads them."""
    if not tag.startswith("!") or len(tag) < 2:
        return None
    name = tag[1:]
    if name in PLAIN_NAMES:
        return name
    if name in FUNCTIONS:
        return "Fn::" + name
    if name.startswith("Rain::") and name[6:].isidentifier():
        return name
    return None


def refuse_tag(tag: str, offset: int) -> Refusal:
    """Why a tag is not one cfguard reads (any tag that is neither a short form nor core)."""
    if tag.startswith(CORE):
        name = tag[len(CORE) :]
        if name.startswith("python/"):
            return Refusal(
                offset,
                f"the tag !!{shown(name)} asks the reader to build a Python object (or run code); "
                "cfguard never constructs Python objects from tags, and CloudFormation does not "
                "accept the tag either",
            )
        if name in UNSUPPORTED:
            return Refusal(offset, f"CloudFormation does not support YAML's !!{name} tag")
        return Refusal(offset, f"an unknown YAML tag !!{shown(name)}")
    if tag.startswith("!") and "!" not in tag[1:] and ":" not in tag:
        return Refusal(
            offset,
            f"an unknown tag {shown(tag)}: CloudFormation's short forms are !Ref, !GetAtt, "
            "!Sub, !If, !Join, !Select, !FindInMap, !ImportValue, !Base64, !Cidr, !GetAZs, "
            "!Split, !Equals, !And, !Or, !Not, !Condition and !Transform",
        )
    return Refusal(
        offset,
        f"an unknown tag {shown(tag)}: CloudFormation reads only its own short forms (!Ref, "
        "!Sub, ...) and YAML's core types",
    )


def core_kind(tag: str) -> str | None:
    """`int`, `str`, `map`... for a core tag, else None."""
    return tag[len(CORE) :] if tag.startswith(CORE) else None


def convert(text: str, kind: str, offset: int) -> tuple[str, Scalar]:
    """(node kind, value) of a scalar of YAML type `kind` (int, float, bool, null, str or
    timestamp) written `text`; a Refusal if the text is not one (`!!int abc`)."""
    if kind in ("str", "timestamp"):
        return "string", text
    if kind == "null":
        if text in ("", "~", "null", "Null", "NULL"):
            return "null", None
    elif kind == "bool":
        lowered = text.lower()
        if lowered in ("yes", "true", "on") and text in _BOOL_SPELLINGS:
            return "bool", True
        if lowered in ("no", "false", "off") and text in _BOOL_SPELLINGS:
            return "bool", False
    elif kind == "int":
        value = _integer(text, offset)
        if value is not None:
            return "number", value
    elif kind == "float":
        number = _float(text, offset)
        if number is not None:
            return "number", number
    return _SCALAR_KINDS.get(kind, "string"), _bad_scalar(text, kind, offset)


_BOOL_SPELLINGS = frozenset(
    w
    for word in ("yes", "no", "true", "false", "on", "off")
    for w in (word, word.title(), word.upper())
)
# PyYAML's int and float grammars (yaml/resolver.py), used for `!!int "12"` and as the check
# before a conversion.
_INT = (
    r"[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+"
    r"|[1-9][0-9_]*(?::[0-5]?[0-9])+)"
)
_FLOAT = (
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def _integer(text: str, offset: int) -> int | None:
    """The integer PyYAML's constructor gives for `text`, bounded; None if it is not one."""
    if re.fullmatch(_INT, text) is None:
        return None
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("-+")
    count = len(digits) - (2 if digits[:2] in ("0b", "0x") else digits.count(":"))
    if count > MAX_INTEGER_DIGITS:
        raise _too_long(offset, count)
    if digits == "0":
        return 0
    if digits.startswith("0b"):
        value = int(digits[2:], 2)
    elif digits.startswith("0x"):
        value = int(digits[2:], 16)
    elif digits[0] == "0":
        value = int(digits, 8)
    elif ":" in digits:
        value = 0
        for part in digits.split(":"):
            value = value * 60 + int(part)
    else:
        value = int(digits)
    if value >= _INTEGER_LIMIT:
        raise _too_long(offset, int(value.bit_length() * 0.30103) + 1)  # in decimal digits
    return sign * value


def _float(text: str, offset: int) -> float | None:
    """The float PyYAML's constructor gives for `text` (an integer's text too, for `!!float 12`);
    None if it is not one."""
    if re.fullmatch(_FLOAT, text) is None:
        whole = _integer(text, offset)
        return None if whole is None else float(whole)
    digits = text.replace("_", "").lower()
    sign = -1.0 if digits[0] == "-" else 1.0
    digits = digits.lstrip("-+")
    if len(digits) > MAX_INTEGER_DIGITS:
        raise _too_long(offset, len(digits))
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    try:
        if ":" not in digits:
            return sign * float(digits)
        value = 0.0
        for part in digits.split(":"):
            value = value * 60 + float(part)
    except ValueError:  # "._": PyYAML's grammar admits it, float() does not
        return None
    return sign * value


def _too_long(offset: int, digits: int) -> Refusal:
    return Refusal(
        offset,
        f"a number of {digits:,} digits, more than the {MAX_INTEGER_DIGITS:,} cfguard reads "
        "(CloudFront's largest numbers have 19): quote it if it is meant as text",
    )


def _bad_scalar(text: str, kind: str, offset: int) -> Scalar:
    raise Refusal(offset, f"{shown(text, chr(39))} is not a valid !!{kind} value")

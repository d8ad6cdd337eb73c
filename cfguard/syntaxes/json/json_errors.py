"""Why the JSON parser refused a document, said in the user's terms (the CFG001 message): its
structure, numbers and limits here, its bytes and strings in `text_errors`.

Each function returns the `Refusal` the parser raises: the offset of the fault in the text (None
for the file as a whole) and a message that says what is wrong and what to write instead. Text
from the document is shown clipped and escaped (`cfguard.core.sanitize`), so a hostile key cannot
make a message long or drive the terminal. Only the parser's error path runs this.
"""

from __future__ import annotations

import re
from typing import Any

from cfguard.core.line_index import LineIndex
from cfguard.core.sanitize import printable

_WORD = r"[A-Za-z_$][A-Za-z0-9_$]*"
_NUMBERISH = r"[-+.0-9][-+.0-9A-Za-z]*"
_NON_FINITE = r"[-+]?(?:NaN|Infinity)"
_JSON_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
# Patterns are compiled when first needed (re caches them): only a refused document pays.
_CLIP = 40
_JSON_SPACE = " \t\r\n"


class Refusal(Exception):
    """The document is not usable: the fault's offset in the text (None: the whole file)."""

    def __init__(self, offset: int | None, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def too_deep(offset: int, limit: int) -> Refusal:
    return Refusal(
        offset,
        f"arrays and objects are nested more than {limit} levels deep, cfguard's limit (a "
        "CloudFront document nests fewer than 15): this is not a CloudFront document",
    )


def too_many_values(offset: int, limit: int) -> Refusal:
    return Refusal(
        offset,
        f"the document holds more than {limit:,} values, cfguard's limit (a CloudFront "
        "document holds a few hundred): this is not a CloudFront document",
    )


def too_many_digits(offset: int, digits: int, limit: int) -> Refusal:
    return Refusal(
        offset,
        f"an integer of {digits:,} digits, more than the {limit:,} cfguard reads (CloudFront's "
        "largest numbers have 19)",
    )


def bad_number(text: str, offset: int) -> Refusal:
    """Why the number-like text at `offset` is not a JSON number, with the fix when there is
    one."""
    token = re.compile(_NUMBERISH).match(text, offset)
    word = token.group() if token else text[offset : offset + 1]
    sign, body = ("-", word[1:]) if word.startswith("-") else ("", word)
    quoted = shown(word)
    if word.startswith("+"):
        reason, fixed = f"a number with a '+' sign ({quoted}): JSON numbers have none", word[1:]
    elif re.match(r"0[0-9]", body):
        reason, fixed = (
            f"a number with a leading zero ({quoted}): JSON allows none",
            sign + (body.lstrip("0") or "0"),
        )
    elif body.startswith("."):
        reason = f"a number needs a digit before its decimal point ({quoted})"
        fixed = f"{sign}0{body}"
    elif re.search(r"\.(?![0-9])", body):
        reason = f"a number needs a digit after its decimal point ({quoted})"
        fixed = re.sub(r"\.(?![0-9])", ".0", word)
    elif not body:
        return Refusal(offset, "a '-' with no number after it")
    else:
        reason, fixed = f"not a JSON number ({quoted})", ""
    fixed = re.sub(r"^(-?)\.", r"\g<1>0.", fixed)
    hint = f"; write {fixed}" if re.compile(_JSON_NUMBER).fullmatch(fixed) else ""
    return Refusal(offset, reason + hint)


def expected_key(text: str, j: int, stack: list[list[Any]], lines: LineIndex) -> Refusal:
    comma = len(text[:j].rstrip(_JSON_SPACE)) - 1  # what the key follows: '{' or a comma
    if text.startswith("}", j) and text[comma] == ",":
        return Refusal(comma, "a trailing comma before '}'; JSON allows none")
    refusal = _anywhere(text, j, stack, lines)
    if refusal is not None:
        return refusal
    if text[j] == "'":
        return Refusal(j, "a key in single quotes: JSON keys take double quotes")
    word = re.compile(_WORD).match(text, j)
    if word is not None:
        quoted = shown(word.group(), quote='"')
        return Refusal(j, f"an unquoted key: JSON keys take double quotes ({quoted})")
    return Refusal(j, f"expected a key in double quotes, found {_found(text, j)}")


def expected_colon(
    text: str, k: int, key: str, stack: list[list[Any]], lines: LineIndex
) -> Refusal:
    refusal = _anywhere(text, k, stack, lines)
    if refusal is not None:
        return refusal
    return Refusal(
        k, f"expected ':' after the key {shown(key, quote=chr(34))}, found {_found(text, k)}"
    )


def expected_value(text: str, i: int, stack: list[list[Any]], lines: LineIndex) -> Refusal:
    refusal = _anywhere(text, i, stack, lines)
    if refusal is not None:
        return refusal
    char = text[i]
    if char == "'":
        return Refusal(i, "a string in single quotes: JSON strings take double quotes")
    non_finite = re.compile(_NON_FINITE).match(text, i)
    if non_finite is not None:
        return Refusal(
            i,
            f"{non_finite.group()} is not a JSON number: JSON has no NaN or Infinity, and "
            "CloudFront accepts neither",
        )
    if char in "-+.0123456789":
        return bad_number(text, i)
    word = re.compile(_WORD).match(text, i)
    if word is not None:
        value = word.group()
        if value.lower() in ("true", "false", "null"):
            return Refusal(i, f"{shown(value)} is not JSON: write {value.lower()} (lowercase)")
        if value == "None":
            return Refusal(i, "None is Python, not JSON: write null")
        quoted = shown(value, quote='"')
        return Refusal(i, f"unquoted text: a JSON string takes double quotes ({quoted})")
    if not stack:
        return Refusal(i, f"expected a JSON value, found {_found(text, i)}")
    frame = stack[-1]
    where = (
        f"for the key {shown(frame[3][0], quote=chr(34))}"
        if frame[2]
        else "in " + _opened(frame, lines)
    )
    return Refusal(i, f"expected a value {where}, found {_found(text, i)}")


def after_value(text: str, i: int, stack: list[list[Any]], lines: LineIndex) -> Refusal:
    """Neither a comma nor the container's closing bracket after one of its values."""
    refusal = _anywhere(text, i, stack, lines)
    if refusal is not None:
        return refusal
    frame = stack[-1]
    close, other = ("}", "]") if frame[2] else ("]", "}")
    opened = _opened(frame, lines)
    if text[i] == other:
        return Refusal(i, f"found '{other}' where {opened} must be closed first, with '{close}'")
    after = (
        f"after the value of {shown(frame[3][0], quote=chr(34))}"
        if frame[2]
        else f"after an item of {opened}"
    )
    hint = "; is a comma missing?" if text[i] in '"{[-0123456789tfn' else ""
    return Refusal(i, f"expected ',' or '{close}' {after}, found {_found(text, i)}{hint}")


def extra_data(text: str, i: int, root_end: int, lines: LineIndex) -> Refusal:
    comment = _comment(text, i)
    if comment is not None:
        return comment
    line = lines.position(root_end)[0]
    return Refusal(
        i,
        f"more text after the end of the JSON document (it ends on line {line}): found "
        f"{_found(text, i)}; a file holds one JSON value",
    )


def _anywhere(text: str, i: int, stack: list[list[Any]], lines: LineIndex) -> Refusal | None:
    """What is refused wherever it appears: the end of the file, a comment, a NUL byte."""
    if i >= len(text):
        frame = stack[-1]
        return Refusal(
            len(text.rstrip(_JSON_SPACE)),
            f"the file ends inside {_opened(frame, lines, 'a')}: it is cut short, or its "
            f"closing '{'}' if frame[2] else ']'}' is missing",
        )
    if text[i] == "\x00":
        return Refusal(
            i, "a NUL byte: the file is binary, or text in UTF-16 or UTF-32; save it as UTF-8"
        )
    return _comment(text, i)


def _comment(text: str, i: int) -> Refusal | None:
    if text.startswith("//", i):
        return Refusal(i, "a // comment: JSON has no comments; remove it")
    if text.startswith("/*", i):
        return Refusal(i, "a /* */ comment: JSON has no comments; remove it")
    return None


def _opened(frame: list[Any], lines: LineIndex, article: str = "the") -> str:
    line, column = lines.position(frame[0])
    kind = "object" if frame[2] else "array"
    article = "an" if article == "a" else article
    return f"{article} {kind} opened at line {line}, column {column}"


def _found(text: str, i: int) -> str:
    char = text[i]
    if char.isprintable() and not char.isspace() and char.isascii():
        return f"'{char}'"
    if char.isprintable() and not char.isspace():
        return f"'{printable(char)}' (U+{ord(char):04X})"
    return f"U+{ord(char):04X}"


def shown(value: str, quote: str = "") -> str:
    """Document text for a message: escaped, and clipped to `_CLIP` characters."""
    clipped = value if len(value) <= _CLIP else value[: _CLIP - 3] + "..."
    return f"{quote}{printable(clipped)}{quote}"

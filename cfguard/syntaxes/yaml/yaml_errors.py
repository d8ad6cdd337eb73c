"""Why the YAML parser refused a template (the CFG001 message), in the user's terms rather than
libyaml's or PyYAML's: "mapping values are not allowed in this context" becomes what to change.

`Refusal` is what the parser raises: the offset of the fault in the decoded text (None for the
file as a whole) and the message. `explain` rewrites an error of either PyYAML loader (libyaml's
and the pure-Python one word the same faults differently; both come out the same here). Text
from the document is shown clipped and escaped (`cfguard.core.sanitize`). Only the error path
runs this.
"""

from __future__ import annotations

import re
from typing import Any

from cfguard.core.line_index import LineIndex
from cfguard.core.sanitize import printable

_CLIP = 40
# What YAML 1.1 allows in a stream (its "printable" set); anything else is refused by both
# readers. Compiled only on the error path.
_NOT_PRINTABLE = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
TAB = (
    "a tab character where YAML expects indentation: YAML indents with spaces only; replace "
    "the tab with spaces"
)


class Refusal(Exception):
    """The template is not usable: the fault's offset in the text (None: the whole file)."""

    def __init__(self, offset: int | None, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def shown(value: str, quote: str = "") -> str:
    """Document text for a message: escaped, and clipped to `_CLIP` characters."""
    clipped = value if len(value) <= _CLIP else value[: _CLIP - 3] + "..."
    return f"{quote}{printable(clipped)}{quote}"


def too_deep(offset: int, limit: int) -> Refusal:
    return Refusal(
        offset,
        f"mappings and lists are nested more than {limit} levels deep, cfguard's limit (a "
        "CloudFormation template nests fewer than 20): this is not a template",
    )


def too_many_values(offset: int, limit: int) -> Refusal:
    return Refusal(
        offset,
        f"the template holds more than {limit:,} values once its aliases (*name) are expanded, "
        "cfguard's limit (a template holds a few thousand): a 'billion laughs' file, or not a "
        "template",
    )


def explain(error: Any, text: str) -> Refusal:
    """The Refusal for a PyYAML `YAMLError` raised while reading `text`."""
    if hasattr(error, "character") and hasattr(error, "reason"):  # a ReaderError
        return control_character(text)
    problem: str = getattr(error, "problem", None) or ""
    context: str = getattr(error, "context", None) or ""
    mark, context_mark = getattr(error, "problem_mark", None), getattr(error, "context_mark", None)
    at: int | None = mark.index if mark is not None else None
    opened: int | None = context_mark.index if context_mark is not None else None
    char = text[at] if at is not None and at < len(text) else ""
    lines = LineIndex(text)
    where = (
        ""
        if opened is None
        else "that starts at line {}, column {}".format(*lines.position(opened))
    )
    if "cannot start any token" in problem or "tab character" in problem:
        return Refusal(at, _tab(text, at or 0) if char == "\t" else _cannot_start(char))
    if "mapping values are not allowed" in problem or "found unexpected ':'" in problem:
        return Refusal(at, _colon(text, at or 0))
    if "block sequence entries are not allowed" in problem:
        return Refusal(
            at,
            "a '- ' list item on the line of its key: start the list on the next line, indented "
            "under the key",
        )
    if "could not find expected ':'" in problem:
        return Refusal(
            opened if opened is not None else at,
            "a line in a mapping that is not 'key: value': add ': ' after the key, or indent "
            "the text under the key whose value it continues",
        )
    if "block mapping" in context or "block collection" in context:
        return Refusal(at, _block(char, "block mapping" in context, where))
    if "flow sequence" in context or "flow mapping" in context:
        closer = "]" if "sequence" in context else "}"
        return Refusal(at, _flow(text, at, closer, where, problem))
    if "quoted scalar" in context:
        return _quoted(text, at, opened, problem, where)
    if "block scalar" in context:
        return Refusal(at, _block_scalar(problem))
    if "anchor" in context or "alias" in context:
        return Refusal(
            at,
            "an '&' (anchor) or '*' (alias) without a name after it: a value that starts with "
            "'&' or '*' must be quoted",
        )
    if "tag" in context or "tag handle" in problem:
        return Refusal(at, _tag(text, at, problem))
    if "node content" in problem:
        if char and char in "]}":
            return Refusal(at, f"a '{char}' that closes nothing: is its opening bracket missing?")
        return Refusal(at, f"expected a value here, found {shown(char or 'the end', chr(39))}")
    if "incompatible YAML document" in problem:
        return Refusal(at, "a %YAML directive of a version other than 1.x, which no reader reads")
    if "directive" in context or "directive" in problem:
        return Refusal(at, f"a directive line (%...) that YAML does not accept: {_plain(problem)}")
    if "document start" in problem:
        return Refusal(
            at,
            "text after the end of the template's top-level value: is it indented wrongly, or "
            "a second document without '---'?",
        )
    detail = f"{_plain(problem)} ({_plain(context)})" if context else _plain(problem)
    return Refusal(at, f"not valid YAML: {detail}")


def control_character(text: str) -> Refusal:
    """The first character YAML does not allow in a stream (both readers refuse it)."""
    match = re.search(_NOT_PRINTABLE, text)
    if match is None:  # pragma: no cover - defensive: a ReaderError names such a character
        return Refusal(None, "the file holds a character YAML does not allow")
    code = ord(match.group())
    if code == 0:
        return Refusal(
            match.start(),
            "a NUL byte: the file is binary, or text in UTF-16 or UTF-32; save it as UTF-8",
        )
    if code in (0xFFFE, 0xFFFF):
        what = f"U+{code:04X}, which is not a character"
    else:
        what = f"a control character (U+{code:04X})"
    return Refusal(
        match.start(),
        f"{what}: YAML allows no control character but tab and line breaks in a file; remove "
        f"it, or write it as \\u{code:04x} inside a double-quoted value",
    )


def _tab(text: str, at: int) -> str:
    line_start = text.rfind("\n", 0, at) + 1
    line_start = text.rfind("\r", line_start, at) + 1 or line_start
    if not text[line_start:at].strip(" \t"):
        return TAB
    return "a tab character between the parts of a line: separate them with spaces"


def _cannot_start(char: str) -> str:
    if char in ("@", "`"):
        return (
            f"'{char}' cannot start a plain value in YAML (it is reserved): put the value in quotes"
        )
    return f"{shown(char, chr(39))} cannot start a value here: put the value in quotes"


def _colon(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    if at - start > 1024 and ": " not in text[start:at]:
        return (
            "a key longer than 1,024 characters: YAML allows no longer key without '? ' before "
            "it (is a closing quote or bracket missing above?)"
        )
    return (
        "a ':' and a space inside a value, read as a second key on this line: put the value in "
        "quotes, or start a nested mapping on its own line, indented under its key"
    )


def _block(char: str, mapping: bool, where: str) -> str:
    if char and char in "]}":
        return f"a '{char}' that closes nothing: is its opening bracket missing?"
    if mapping and char == "-":
        return (
            f"a '- ' list item in the column of the keys of the mapping {where}: indent the list "
            "under the key it belongs to"
        )
    if mapping:
        return (
            f"this line is indented unlike the keys of the mapping {where}: the keys of one "
            "mapping start in the same column"
        )
    return (
        f"this line is indented unlike the '- ' items of the list {where}: the items of one "
        "list start in the same column"
    )


def _flow(text: str, at: int | None, closer: str, where: str, problem: str) -> str:
    what = "[ list" if closer == "]" else "{ mapping"
    if at is None or at >= len(text.rstrip()) or "stream end" in problem:
        return f"the file ends inside the {what} {where}: its closing '{closer}' is missing"
    if "expected ','" in problem or "expected ',' or" in problem:
        return (
            f"expected ',' or '{closer}' in the {what} {where}: is a ',' missing, or the "
            f"'{closer}'?"
        )
    return f"not a value of the {what} {where}: {_plain(problem)}"


def _quoted(text: str, at: int | None, opened: int | None, problem: str, where: str) -> Refusal:
    quote = text[opened] if opened is not None and opened < len(text) else '"'
    if "end of stream" in problem:
        return Refusal(
            at,
            f"the file ends inside the quoted value {where}: its closing {quote} is missing",
        )
    if "document" in problem:
        return Refusal(
            at,
            f"a line that starts with '---' or '...' inside the quoted value {where}: is its "
            f"closing {quote} missing?",
        )
    if "escape" in problem or "hexadecimal" in problem or "hexdecimal" in problem:
        offset = at if at is not None else 0
        backslash = text.rfind("\\", max(0, offset - 10), offset + 1)
        offset = backslash if backslash >= 0 else offset
        escape = re.compile(r"\\(?:[xuU][0-9A-Fa-f]*|.)", re.S).match(text, offset)
        shown_escape = shown(escape.group() if escape else "\\", chr(39))
        return Refusal(
            offset,
            f"the escape {shown_escape} is not one YAML knows: in a double-quoted value a "
            'backslash starts \\\\, \\", \\n, \\t, \\xXX, \\uXXXX and a few others; put text '
            "with backslashes in single quotes",
        )
    return Refusal(at, f"not a valid quoted value ({where}): {_plain(problem)}")


def _block_scalar(problem: str) -> str:
    if "indentation indicator" in problem:
        return "a block scalar's indentation indicator is a digit from 1 to 9"
    if "comment or" in problem:
        return (
            "text after the '|' or '>' that starts a block scalar: its content starts on the "
            "next line"
        )
    return f"not a valid block scalar ('|' or '>'): {_plain(problem)}"


def _tag(text: str, at: int | None, problem: str) -> str:
    if "tag handle" in problem:
        handle = re.compile(r"![^!\s]*!").match(text, at or 0)
        name = shown(handle.group(), chr(39)) if handle else "of this tag"
        return (
            f"the tag handle {name} is not declared (%TAG): CloudFormation's short forms have "
            "one '!' (!Ref, !Sub)"
        )
    if "'>'" in problem:
        return "a verbatim tag (!<...>) without its closing '>'"
    return f"a malformed tag: {_plain(problem)}"


def _plain(words: str) -> str:
    """PyYAML's wording, cleaned: escaped and without 'while parsing'."""
    return printable(words.replace("while ", "")).strip() or "unknown error"

"""The value of a string the file decides: a quoted string's escapes, a heredoc's lines.

HCL's quoted strings take `\\n`, `\\r`, `\\t`, `\\"`, `\\\\`, `\\uNNNN` and `\\UNNNNNNNN`, and
`$${` and `%%{` for a literal `${` and `%{`; any other backslash is an error in Terraform
("Invalid escape sequence"), and so is a line break inside the quotes. A heredoc takes no
backslash escapes, only `$${` and `%%{`; its value is its lines, each with its line end, and
`<<-` removes the leading spaces and tabs all its non-empty lines share (HCL's "flush" heredoc).
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(
    r"\\(?:([nrt\"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.?))|\$\$\{|%%\{", re.S
)
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


class StringProblem(Exception):
    """Why a string is not one HCL takes; `offset` is into the string's raw content."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def unquote(raw: str) -> str:
    """The value of a quoted string's content (between the quotes, no interpolation)."""
    newline = _first_line_break(raw)
    if newline >= 0:
        raise StringProblem(
            newline, "a quoted string cannot span lines: close it, or use a heredoc (<<EOT)"
        )
    if "\\" not in raw and "$${" not in raw and "%%{" not in raw:
        return raw
    return _ESCAPE.sub(_replace, raw)


def _replace(match: re.Match[str]) -> str:
    text = match.group()
    if text == "$${":
        return "${"
    if text == "%%{":
        return "%{"
    simple, four, eight, other = match.groups()
    if simple is not None:
        return _SIMPLE[simple]
    if four is not None or eight is not None:
        code = int(four or eight, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise StringProblem(match.start(), f"the escape {text} is not a Unicode character")
        return chr(code)
    shown = f"\\{other}" if other and other.isprintable() else "\\"
    raise StringProblem(
        match.start(),
        f'invalid escape sequence {shown!r} in a string: HCL takes \\n, \\r, \\t, \\", \\\\, '
        "\\uNNNN and \\UNNNNNNNN (write \\\\ for a backslash)",
    )


def _first_line_break(raw: str) -> int:
    found = [index for index in (raw.find("\n"), raw.find("\r")) if index >= 0]
    return min(found) if found else -1


def heredoc(content: str, flush: bool) -> str:
    """The value of a heredoc whose lines (after the opening line, up to the closing marker's
    line) are `content`."""
    if "$${" in content or "%%{" in content:
        content = content.replace("$${", "${").replace("%%{", "%{")
    if not flush:
        return content
    lines = _LINE.findall(content)
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.rstrip("\r\n") != ""]
    strip = min(indents, default=0)
    if strip == 0:
        return content
    return "".join(line[min(strip, len(line) - len(line.lstrip(" \t"))) :] for line in lines)

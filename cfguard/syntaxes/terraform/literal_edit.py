"""An HCL quoted string rewritten in place: the string, quotes included, replaced by the new
value with HCL's escapes (`\\"`, `\\\\`, and `$${`/`%%{` so that nothing becomes a template). A
heredoc, a template with `${...}` or anything but a quoted string is left alone."""

from __future__ import annotations

from cfguard.core.fixes import Edit


def literal_edit(text: str, start: int, end: int, value: str) -> Edit | None:
    """The edit that makes the quoted string spanning `start`..`end` read `value`."""
    token = text[start:end]
    if len(token) < 2 or token[0] != '"' or token[-1] != '"' or "${" in token or "%{" in token:
        return None
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("${", "$${")
        .replace("%{", "%%{")
    )
    return Edit(start, end, f'"{escaped}"')

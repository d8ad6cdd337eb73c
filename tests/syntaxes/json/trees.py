"""Located JSON trees for the schema tests: the JSON syntax's parser once it is in the package
(`cfguard.syntaxes.json.parser.parse`), until then a small stand-in built on the stdlib's own
string and number scanners, giving the same `JsonTree` (`cfguard.syntaxes.json.tree`)."""

from __future__ import annotations

import importlib
import json.decoder
import re

from cfguard.core.line_index import LineIndex
from cfguard.syntaxes.json.tree import JsonTree, Member, Node

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_SPACE = re.compile(r"[ \t\n\r]*")
_LITERALS = {"true": ("bool", True), "false": ("bool", False), "null": ("null", None)}


def tree(text: str) -> JsonTree:
    """The located tree of a JSON document (which must be valid JSON)."""
    try:
        parser = importlib.import_module("cfguard.syntaxes.json.parser")
    except ImportError:
        return _StandIn(text).document()
    parsed = parser.parse(text.encode("utf-8"))
    assert isinstance(parsed, JsonTree), parsed
    return parsed


class _StandIn:
    def __init__(self, text: str) -> None:
        self.text = text
        self.duplicates: list[tuple[Member, Member]] = []

    def document(self) -> JsonTree:
        root, end = self.value(self.space(0))
        assert self.space(end) == len(self.text), "trailing text"
        return JsonTree(self.text, root, LineIndex(self.text), tuple(self.duplicates))

    def space(self, index: int) -> int:
        match = _SPACE.match(self.text, index)
        assert match is not None
        return match.end()

    def value(self, index: int) -> tuple[Node, int]:
        char = self.text[index]
        if char == "{":
            return self.object(index)
        if char == "[":
            return self.array(index)
        if char == '"':
            string, end = json.decoder.scanstring(self.text, index + 1)
            return Node("string", string, index, end), end
        for word, (kind, scalar) in _LITERALS.items():
            if self.text.startswith(word, index):
                return Node(kind, scalar, index, index + len(word)), index + len(word)
        match = _NUMBER.match(self.text, index)
        assert match is not None, f"no JSON value at offset {index}"
        number = float(match.group()) if match.group(1) or match.group(2) else int(match.group())
        return Node("number", number, index, match.end()), match.end()

    def object(self, start: int) -> tuple[Node, int]:
        members: list[Member] = []
        seen: dict[str, int] = {}
        index = self.space(start + 1)
        while self.text[index] != "}":
            key_start = index
            key, key_end = json.decoder.scanstring(self.text, index + 1)
            index = self.space(key_end)
            assert self.text[index] == ":"
            value, index = self.value(self.space(index + 1))
            members.append(Member(key, key_start, key_end, value))
            if key in seen:
                self.duplicates.append((members[seen[key]], members[-1]))
            seen[key] = len(members) - 1
            index = self.space(index)
            if self.text[index] == ",":
                index = self.space(index + 1)
        return Node("object", tuple(members), start, index + 1), index + 1

    def array(self, start: int) -> tuple[Node, int]:
        values: list[Node] = []
        index = self.space(start + 1)
        while self.text[index] != "]":
            value, index = self.value(index)
            values.append(value)
            index = self.space(index)
            if self.text[index] == ",":
                index = self.space(index + 1)
        return Node("array", tuple(values), start, index + 1), index + 1

"""The located, hardened YAML parser of CloudFormation templates: untrusted bytes -> `YamlTree`
(the same located `JsonTree` the JSON parser gives, plus the file's comments) or `YamlError` (a
line, a column and a reason a person understands; CFG001).

PyYAML reads the YAML, with libyaml (`yaml.CSafeLoader`, bundled in PyYAML's wheels) or, where
PyYAML was built without it, the pure-Python `yaml.SafeLoader`, which gives the same tree (the
tests hold them to it) ~10 times slower. Only its event stream is used (`compose`): no Python
object is ever constructed from a tag. Both loaders give marks in characters (code points) of
the decoded text, CR LF counting as two, so offsets go straight into `LineIndex`; only
libyaml's reader errors count bytes, and those are located again here.

What CloudFormation makes of the YAML (see `scalars` and `compose` for the evidence):

* Short forms become one-member objects in their long form: `!Ref X` is {"Ref": "X"} with the
  member's key spanning the tag and the object spanning the tag to the end of the value;
  `!GetAtt A.B` is {"Fn::GetAtt": "A.B"} and `!GetAtt [A, B]` {"Fn::GetAtt": ["A", "B"]}. The
  value of a tagged scalar is a string (`!Ref 12` refers to "12"), as PyYAML and the AWS CLI
  read it. Any other `!Tag` is CFG001, and so is `!!python/...` or any global tag but YAML's
  core types: cfguard never constructs Python objects.
* Plain scalars resolve by YAML 1.1 (PyYAML's resolvers): `yes`/`on` are booleans, dates are
  strings; quoted scalars are strings. Keys are the text written (`1: x` has the key "1").
* Aliases and merge keys are expanded within a budget, and their first uses noted: the service
  refuses them (`unsupported`), CFG003.
* A UTF-8 byte order mark is accepted (YAML allows one, and the CloudFormation console takes
  such a template) and is not part of `tree.text`, so columns on line 1 are the editor's.
  UTF-16 and bytes that are not UTF-8 are CFG001.
* One document: a second `---` document, an empty file, more than `MAX_DEPTH` levels or
  `MAX_VALUES` values (or `MAX_COMMENTS` comments), or a file over `MAX_DOCUMENT_BYTES` is
  CFG001.

Speed, on the 27.8 KB `tests/syntaxes/yaml/data/webapp.yaml` (its PROVENANCE.md has the timeit
commands): ~3.0 ms with libyaml, about what `yaml.load` with CSafeLoader and a constructor for
the short tags takes (~3.2 ms), which gives no positions; ~31 ms with the pure-Python loader.
The module imports PyYAML only when it parses.
"""

from __future__ import annotations

import codecs
import gc
from typing import Any, NamedTuple

from cfguard.core.limits import MAX_DOCUMENT_BYTES
from cfguard.core.line_index import LineIndex
from cfguard.syntaxes.json.tree import JsonTree
from cfguard.syntaxes.yaml.comments import MAX_COMMENTS, YamlComment, find_comments
from cfguard.syntaxes.yaml.compose import MAX_DEPTH, MAX_VALUES, compose
from cfguard.syntaxes.yaml.scalars import MAX_INTEGER_DIGITS
from cfguard.syntaxes.yaml.unsupported import Use
from cfguard.syntaxes.yaml.yaml_errors import Refusal, explain, too_deep

__all__ = [
    "MAX_COMMENTS",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "MAX_INTEGER_DIGITS",
    "MAX_VALUES",
    "YamlComment",
    "YamlError",
    "YamlTree",
    "default_loader",
    "parse",
]


class YamlError(NamedTuple):
    """Why the bytes are not a usable template (CFG001): where, and a plain reason. `column` is
    None when the fault is the file as a whole (its size, no content)."""

    line: int
    column: int | None
    message: str


class YamlTree(NamedTuple):
    """A parsed template: the located tree (offsets into `tree.text`, the decoded text without
    a BOM) and the comments of the file, in file order."""

    tree: JsonTree
    comments: tuple[YamlComment, ...]
    #: The first alias and merge key, which CloudFormation refuses (`unsupported`).
    uses: tuple[Use, ...] = ()


def default_loader() -> type[Any]:
    """libyaml's loader when PyYAML has it, else the pure-Python one (the same tree)."""
    import yaml

    loader: type[Any] = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return loader


def parse(data: bytes, *, loader: type[Any] | None = None) -> YamlTree | YamlError:
    """Parse untrusted bytes into a located tree, or say at which line and column, and why, they
    are not a template cfguard reads. `loader` is a PyYAML loader class (the tests pass
    `yaml.SafeLoader`); the default is `default_loader()`. Never raises on any input."""
    refused = _refuse_bytes(data)
    if refused is not None:
        return refused
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _invalid_utf8(data, error.start, error.reason)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = LineIndex(text)
    stray = text.find("\ufeff")
    if stray >= 0:
        # Past the start, libyaml and the pure loader read a byte order mark differently (as
        # text, or as nothing); no template needs one there.
        line, column = lines.position(stray)
        return YamlError(
            line,
            column,
            "a byte order mark (U+FEFF) inside the file: remove it, or save the file as UTF-8 "
            "again",
        )
    # The tree holds no reference cycle: the cyclic collector's passes over its fresh tuples
    # would only cost time (as in the JSON parser).
    collecting = gc.isenabled()
    gc.disable()
    try:
        root, duplicates, spans, uses = _compose(text, loader or default_loader())
        comments = find_comments(text, spans)
    except Refusal as refusal:
        if refusal.offset is None:
            return YamlError(1, None, refusal.message)
        return YamlError(*lines.position(refusal.offset), refusal.message)
    finally:
        if collecting:
            gc.enable()
    if len(duplicates) > 1:  # mappings close inner first: put the pairs in file order
        duplicates.sort(key=lambda pair: pair[0].key_start)
    tree = JsonTree(text, root, lines, tuple(duplicates))
    return YamlTree(tree, comments, uses)


def _compose(text: str, loader_class: type[Any]) -> Any:
    """`compose` over a loader of `text`, PyYAML's errors turned into Refusals."""
    import yaml

    loader = None
    try:
        loader = loader_class(text)  # the pure reader checks the characters here
        return compose(text, loader)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or ""
        if "nesting depth" not in problem:
            raise explain(error, text) from None
        # libyaml's own limit on flow nesting (1,000 levels) fires while its scanner looks
        # ahead for a key, before this loop has seen `MAX_DEPTH` levels. The pure loader, which
        # has no such limit, finds where cfguard's is crossed in the text up to that point.
        mark = getattr(error, "problem_mark", None)
        end = mark.index + 1 if mark is not None else len(text)
        if loader_class is yaml.SafeLoader:  # pragma: no cover - the pure loader has no limit
            raise too_deep(end - 1, MAX_DEPTH) from None
        try:
            _compose(text[:end], yaml.SafeLoader)
        except Refusal as refusal:
            if "nested more than" in refusal.message:
                raise
        raise too_deep(end - 1, MAX_DEPTH) from None
    finally:
        if loader is not None:
            loader.dispose()


def _refuse_bytes(data: bytes) -> YamlError | None:
    """What is wrong with the file before it is read as text: its size or its encoding."""
    if len(data) > MAX_DOCUMENT_BYTES:
        return YamlError(
            1,
            None,
            f"the file is over cfguard's size limit of {MAX_DOCUMENT_BYTES:,} bytes (10 MiB); "
            "CloudFormation takes templates of at most 1 MB",
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        return YamlError(
            1,
            1,
            "the file is UTF-16 (what Windows PowerShell's > and Out-File write), not UTF-8: "
            "save it as UTF-8 (Out-File -Encoding utf8)",
        )
    return None


def _utf16_without_bom(data: bytes) -> bool:
    """Two ASCII characters in UTF-16: a NUL byte after each (LE) or before each (BE)."""
    if len(data) < 4:
        return False
    zeros = [byte == 0 for byte in data[:4]]
    return zeros in ([False, True, False, True], [True, False, True, False])


def _invalid_utf8(data: bytes, start: int, reason: str) -> YamlError:
    """Where the first byte that is not UTF-8 is, in characters of the text before it."""
    before = data[:start].decode("utf-8")  # valid: the decoder stopped at `start`
    if before.startswith("\ufeff"):
        before = before[1:]
    line, column = LineIndex(before).position(len(before))
    return YamlError(
        line,
        column,
        f"the file is not valid UTF-8 (byte 0x{data[start]:02X}: {reason}); it is binary, or "
        "text in another encoding such as Windows-1252: save it as UTF-8",
    )

"""The other files of a file's module (its directory's `*.tf` and `*.tf.json`), read for what
they say about certificates and providers (`module.facts`), so a distribution in `cdn.tf` is
checked against the `aws_acm_certificate` in `acm.tf` and the `provider "aws"` in
`providers.tf`.

This is the one place a syntax reads a file it was not given, so it reads carefully: regular
files only (no symlink, FIFO or device is opened), at most `MAX_DOCUMENT_BYTES` each and
`MAX_NEIGHBOURS` of them, only those that name a certificate or a provider, never written. A
neighbour that does not parse says nothing here (its own check reports it). What each says is
kept for the run, by name, size and modification time, so a directory of many files is read
once rather than once per file.
"""

from __future__ import annotations

import os
import stat

from cfguard.core.limits import MAX_DOCUMENT_BYTES
from cfguard.syntaxes import Refused
from cfguard.syntaxes.terraform.module import EMPTY, ModuleFacts, facts, is_override

MAX_NEIGHBOURS = 500
_WANTED = (b"aws_acm_certificate", b"provider")
_SUFFIXES = (".tf", ".tf.json")
_cache: dict[tuple[str, str, int, int], ModuleFacts] = {}


def module_facts(path: str) -> ModuleFacts:
    """What every other file of `path`'s directory says (the file itself excluded)."""
    directory = os.path.dirname(os.path.abspath(path))
    own = os.path.basename(path)
    combined = EMPTY
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return EMPTY
    seen = 0
    for name in names:
        if name == own or not name.lower().endswith(_SUFFIXES):
            continue
        seen += 1
        if seen > MAX_NEIGHBOURS:
            break
        combined = combined.merged(_file_facts(os.path.join(directory, name), name))
    return combined


def _file_facts(path: str, name: str) -> ModuleFacts:
    try:
        info = os.lstat(path)
    except OSError:
        return EMPTY
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DOCUMENT_BYTES:
        return EMPTY
    key = (path, name, info.st_size, info.st_mtime_ns)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    found = _read(path, name)
    _cache[key] = found
    return found


def _read(path: str, name: str) -> ModuleFacts:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError:
        return EMPTY
    wanted = any(word in data for word in _WANTED) or is_override(name)
    if len(data) > MAX_DOCUMENT_BYTES or not wanted:
        return EMPTY
    if name.lower().endswith(".json"):
        from cfguard.syntaxes.json.parser import JsonError, parse
        from cfguard.syntaxes.terraform.from_json import read_tf_json

        tree = parse(data)
        return EMPTY if isinstance(tree, JsonError) else facts(read_tf_json(tree), name)
    from cfguard.syntaxes.terraform.hcl_file import read

    parsed = read(data)
    return EMPTY if isinstance(parsed, Refused) else facts(parsed.file, name)

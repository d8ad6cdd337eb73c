"""One document fixed: lint, apply the fixes that can go together, lint the result again, until
nothing is left to fix (at most `MAX_ROUNDS` rounds: a fix never undoes another, but a bound
keeps a rule that proposed the same fix forever from hanging the run).

A fix must not make the document worse: if the fixed text has more CFG001, more CFG002 or more
CFG003 findings (it no longer parses, or no longer validates) than the text before it, the
fixes of that round are tried one at a time and the ones that do harm are dropped, with a note
saying so.

Only UTF-8 text is edited (a byte order mark is kept as it was): a file in another encoding
would have to be decoded and encoded again, and cfguard does not rewrite what it did not read
exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from cfguard.core.fixes import Edit, NewFile
from cfguard.core.line_index import LineIndex
from cfguard.core.results import FileResult
from cfguard.engine import lint, load
from cfguard.rules.settings import Settings
from cfguard.syntaxes import syntax_for
from cfguard.syntaxes.edits import applicable, apply, compatible, decoded, edits_of

MAX_ROUNDS = 10
_VALIDATION = Settings(enabled=frozenset({"CFG003"}))


class Fixed(NamedTuple):
    """What fixing gave: the document's bytes after it (the same object when nothing changed),
    how many fixes were applied, one-line notes (a fix dropped, a file not fixable), and the
    lint of the bytes after it with the settings given (None for a file not edited), which the
    report can take as it is instead of linting the document once more."""

    data: bytes
    applied: int
    notes: tuple[str, ...] = ()
    result: FileResult | None = None
    #: Files the fixes write beside the document (CFG201's batch), each once, and how many
    #: findings they fix (not in `applied`: they are fixed only once the files are written).
    creates: tuple[NewFile, ...] = ()
    creating: int = 0


class _Document(NamedTuple):
    """The file being fixed: its byte order mark, its path and its CFG001-CFG003 count before
    any fix, which no fix may raise."""

    bom: bytes
    path: str
    before: tuple[int, int, int]

    def encoded(self, text: str) -> bytes:
        return self.bom + text.encode("utf-8")

    def worse(self, text: str) -> bool:
        return _worse(_problems(self.encoded(text), self.path), self.before)


#: How a document's text is linted: the engine alone, or (with a baseline) the change-aware
#: lint, which CFG201 and its fix need.
Linter = Callable[[bytes, str, Settings], FileResult]


def fix_document(
    data: bytes, path: str, settings: Settings, unsafe: bool, linter: Linter = lint
) -> Fixed:
    """`data` with every applicable fix made."""
    split = decoded(data)
    if split is None:
        return Fixed(data, 0, (f"{path}: not fixed: only UTF-8 text is edited",))
    bom, text = split
    syntax = syntax_for(path, data)
    # With CFG003 on, each round's lint counts the document's CFG001-CFG003 findings too (no
    # comment can suppress them), so a round costs one lint; else they are counted apart.
    counted = "CFG003" in settings.for_path(path).enabled
    result = linter(data, path, settings)
    document = _Document(bom, path, _syntax_problems(result) if counted else _problems(data, path))
    count = 0
    notes: list[str] = []
    for _ in range(MAX_ROUNDS):
        fixes = compatible(edits_of(result.findings, text, LineIndex(text), syntax, unsafe))
        if not fixes:
            break
        candidate = apply(text, fixes)
        harmless = counted or not document.worse(candidate)
        candidate_result = linter(document.encoded(candidate), path, settings) if harmless else None
        if candidate_result is not None and (
            not counted or not _worse(_syntax_problems(candidate_result), document.before)
        ):
            text, result, count = candidate, candidate_result, count + len(fixes)
            continue
        kept = _harmless(document, text, fixes, result, notes)
        if not kept:
            break
        text = apply(text, kept)
        result = linter(document.encoded(text), path, settings)
        count += len(kept)
    fixed = document.encoded(text)
    creating = [f for f in result.findings if (fix := applicable(f, unsafe)) and fix.creates]
    files = {new.name: new for finding in creating if finding.fix for new in finding.fix.creates}
    return Fixed(
        data if fixed == data else fixed,
        count,
        tuple(notes),
        result,
        tuple(files.values()),
        len(creating),
    )


def _syntax_problems(result: FileResult) -> tuple[int, int, int]:
    """How many CFG001, CFG002 and CFG003 findings the result has."""
    return _counted(finding.rule_id for finding in result.findings)


def _counted(rule_ids: Iterable[str]) -> tuple[int, int, int]:
    ids = list(rule_ids)
    return ids.count("CFG001"), ids.count("CFG002"), ids.count("CFG003")


def _worse(after: tuple[int, int, int], before: tuple[int, int, int]) -> bool:
    """Worse by any one of the three: a schema violation that became a parse error is worse,
    though the total stayed the same."""
    return any(now > then for now, then in zip(after, before, strict=True))


def _harmless(
    document: _Document,
    text: str,
    fixes: Sequence[tuple[Edit, ...]],
    result: FileResult,
    notes: list[str],
) -> list[tuple[Edit, ...]]:
    """The fixes of a round that leave the document as valid as it was: all of them when
    together they do; else each that does on its own, for as long as they still do together."""
    if not document.worse(apply(text, fixes)):
        return list(fixes)
    kept: list[tuple[Edit, ...]] = []
    for edits in fixes:
        if document.worse(apply(text, [*kept, edits])):
            notes.append(
                f"{document.path}: {_described(edits, text, result)} was not applied: the "
                "fixed document would not validate"
            )
        else:
            kept.append(edits)
    return kept


def _described(edits: tuple[Edit, ...], text: str, result: FileResult) -> str:
    line, column = LineIndex(text).position(edits[0].start)
    rules = sorted({f.rule_id for f in result.findings if f.location.line == line})
    return f"the fix at {line}:{column}" + (f" ({', '.join(rules)})" if rules else "")


def _problems(data: bytes, path: str) -> tuple[int, int, int]:
    """How many CFG001, CFG002 and CFG003 findings the document has: what a fix must not add
    to."""
    return _counted(finding.rule_id for finding in load(data, _VALIDATION, path).findings)

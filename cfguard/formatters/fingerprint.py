"""A finding's identity across commits, so code scanning and GitLab can tell a finding that was
fixed from one that merely moved.

Neither the line nor any position is part of it: inserting a comment above an element, a cache
behavior before another or reordering origins must not turn the other findings into "new"
alerts. What identifies a finding is its rule, the file, the distribution the file names (its
`resource`, none for a request body) and the location's `identity`: the element's place with
each list entry named by what identifies it in the model (a behavior's path pattern, an
origin's id, an alias or invalidation path by its value). Findings that share all of these are
told apart by their order.

`cfguard/v1` (rule, XPath, file) is no longer written: its `CacheBehavior[n]` renumbered on
every insertion, and a matcher that compares every partial fingerprint would keep that fault
alive beside v2. Upgrading re-keys each open alert once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cfguard.core.findings import Finding
from cfguard.core.results import FileResult

#: The key in SARIF `partialFingerprints`; bump the version if the recipe below ever changes.
FINGERPRINT_KEY = "cfguard/v2"


def fingerprint(
    rule_id: str, path: str, resource: str | None, identity: str, occurrence: int
) -> str:
    """32 hex digits (128 bits of SHA-256) of the key's version, rule id, repository path,
    resource, identity and occurrence counter, NUL-separated so no two inputs run together."""
    import hashlib  # loads OpenSSL: paid only by runs that have a finding to fingerprint

    key = "\0".join((FINGERPRINT_KEY, rule_id, path, resource or "", identity, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def fingerprints(path: str, findings: Iterable[Finding]) -> Iterator[tuple[Finding, str]]:
    """Each finding of one file (in report order) with its fingerprint; `path` is the
    repository-relative path."""
    seen: Counter[tuple[str, str | None, str]] = Counter()
    for finding in findings:
        where = finding.location
        key = (finding.rule_id, where.resource, where.identity)
        yield finding, fingerprint(finding.rule_id, path, where.resource, where.identity, seen[key])
        seen[key] += 1


@dataclass(frozen=True, slots=True)
class Identified:
    """A finding of one file, its fingerprint, and the reason when a suppression silenced it."""

    finding: Finding
    fingerprint: str
    suppressed: str | None = None


def identify(result: FileResult, path: str) -> Iterator[Identified]:
    """Reported and suppressed findings of `result` in line order, fingerprinted together so a
    finding keeps its fingerprint when it is suppressed and its neighbours keep theirs."""
    reasons: dict[int, str] = {id(item.finding): item.reason for item in result.suppressed}
    everything = sorted(
        [*result.findings, *(item.finding for item in result.suppressed)],
        key=lambda finding: finding.sort_key,
    )
    for finding, print_ in fingerprints(path, everything):
        yield Identified(finding, print_, reasons.get(id(finding)))

"""A finding's identity across commits, so code scanning and GitLab can tell a finding that was
fixed from one that merely moved.

The line is left out on purpose: inserting a comment above an element must not turn its finding
into a "new" alert. What identifies a finding is its rule, the element it is about (the readable
element path) and the file; findings that share all three are told apart by their order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from cfguard.core.findings import Finding
from cfguard.core.records import record
from cfguard.core.results import FileResult

#: The key in SARIF `partialFingerprints`; bump the version if the recipe below ever changes.
FINGERPRINT_KEY = "cfguard/v1"


def fingerprint(rule_id: str, xpath: str, path: str, occurrence: int) -> str:
    """32 hex digits (128 bits of SHA-256) of rule id, element path, repository path and the
    occurrence counter, NUL-separated so no two inputs run together."""
    import hashlib  # loads OpenSSL: paid only by runs that have a finding to fingerprint

    key = "\0".join((rule_id, xpath, path, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def fingerprints(path: str, findings: Iterable[Finding]) -> Iterator[tuple[Finding, str]]:
    """Each finding of one file (in report order) with its fingerprint; `path` is the
    repository-relative path."""
    seen: Counter[tuple[str, str]] = Counter()
    for finding in findings:
        key = (finding.rule_id, finding.location.xpath)
        yield finding, fingerprint(finding.rule_id, finding.location.xpath, path, seen[key])
        seen[key] += 1


@record
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

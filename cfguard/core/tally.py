"""The tally the summary reports, filled in while results stream past."""

from __future__ import annotations

from cfguard.core.findings import Finding, Severity
from cfguard.core.results import FileResult, InputProblem


class Tally:
    """Counts filled in while results stream past, read by the formatter's summary.

    A plain slotted class rather than a dataclass: it is defined on every run's start-up path,
    where `dataclass()` would compile its methods (~0.4 ms), and nothing compares or prints it.
    """

    __slots__ = (
        "by_severity",
        "checked",
        "fixable",
        "fixed",
        "notes",
        "problems",
        "skipped",
        "suppressed",
        "unit",
        "unsafe_fixable",
        "unsafe_fixes",
    )

    def __init__(self, *, unsafe_fixes: bool = False) -> None:
        self.checked = 0
        self.skipped = 0
        self.suppressed = 0
        self.by_severity: dict[Severity, int] = dict.fromkeys(Severity, 0)
        self.problems: list[InputProblem] = []
        #: One-line remarks for stderr (FileResult.notes); they never change the exit status.
        self.notes: list[str] = []
        #: Fixes `--fix` applied (`--diff`: would apply); findings left with a safe fix and with
        #: an unsafe one; whether unsafe fixes count as fixable (`--unsafe-fixes`).
        self.fixed = 0
        self.fixable = 0
        self.unsafe_fixable = 0
        self.unsafe_fixes = unsafe_fixes
        #: What the summary counts: files, or the live distributions of `--aws`.
        self.unit = "file"

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def add(self, result: FileResult) -> None:
        self.notes.extend(result.notes)
        self.problems.extend(InputProblem(result.path, message) for message in result.problems)
        if result.skipped is not None:
            self.skipped += 1
            return
        self.checked += 1
        self.suppressed += len(result.suppressed)
        self.fixed += result.fixed
        for finding in result.findings:
            self.by_severity[finding.severity] += 1
            if finding.fix is not None:
                if finding.fix.safe:
                    self.fixable += 1
                else:
                    self.unsafe_fixable += 1

    def fixes(self, finding: Finding) -> bool:
        """Whether `--fix` (with this run's `--unsafe-fixes`) repairs the finding: `[*]`."""
        fix = finding.fix
        return fix is not None and (fix.safe or self.unsafe_fixes)

    def fails(self, threshold: Severity | None) -> bool:
        """Whether any finding is at or above `threshold` (None: never)."""
        if threshold is None:
            return False
        return any(n for sev, n in self.by_severity.items() if sev.rank >= threshold.rank)

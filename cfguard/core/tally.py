"""The tally the summary reports, filled in while results stream past."""

from __future__ import annotations

from dataclasses import dataclass, field

from cfguard.core.findings import Severity
from cfguard.core.results import FileResult, InputProblem


@dataclass(slots=True)
class Tally:
    """Counts filled in while results stream past, read by the formatter's summary."""

    checked: int = 0
    skipped: int = 0
    suppressed: int = 0
    by_severity: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))
    problems: list[InputProblem] = field(default_factory=list)
    #: One-line remarks for stderr (FileResult.notes); they never change the exit status.
    notes: list[str] = field(default_factory=list)

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
        for finding in result.findings:
            self.by_severity[finding.severity] += 1

    def fails(self, threshold: Severity | None) -> bool:
        """Whether any finding is at or above `threshold` (None: never)."""
        if threshold is None:
            return False
        return any(n for sev, n in self.by_severity.items() if sev.rank >= threshold.rank)

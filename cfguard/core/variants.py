"""The findings of a document modelled several times, as one list: once for each combination of
the conditions it depends on (a CloudFormation distribution whose values are `Fn::If`s: the stack
may be deployed with either branch), and once more for each other value a parameter it uses may
be given (its `AllowedValues`).

A finding every combination of conditions gives is reported once, as it is. One that only some
give is reported once, with the conditions that lead to it: "(when condition IsProd is false)",
or, when no single set of condition values says it, each combination that does. A finding that
only a parameter's other allowed value gives is an info note: the template as deployed by
default is not at fault, but it lets the stack be deployed so: "(if parameter Policy is
allow-all, which its AllowedValues admit)".
"""

from __future__ import annotations

from collections.abc import Sequence

from cfguard.core.findings import Finding, Severity

#: What one variant assumes, in order: a condition and its value (True/False), or a parameter
#: given one of its allowed values (a string) rather than its default.
Variant = tuple[tuple[str, bool | str], ...]


def merge(found: Sequence[tuple[Variant, Sequence[Finding]]]) -> list[Finding]:
    """The findings of every variant of one document, each once, in the order first found."""
    if len(found) == 1:
        return list(found[0][1])
    combinations = [(v, f) for v, f in found if not _alternative(v)]
    merged = _merge_conditions(combinations)
    seen = {_key(finding) for _, findings in combinations[:1] for finding in findings}
    for variant, findings in found:
        if not _alternative(variant):
            continue
        name, value = variant[-1]
        for finding in findings:
            if _key(finding) in seen:
                continue
            seen.add(_key(finding))
            note = f"if parameter {name} is {value}, which its AllowedValues admit"
            merged.append(
                finding._replace(message=f"{finding.message} ({note})", severity=Severity.INFO)
            )
    return merged


def _alternative(variant: Variant) -> bool:
    return bool(variant) and isinstance(variant[-1][1], str)


def _key(finding: Finding) -> tuple[object, ...]:
    return (finding.rule_id, finding.severity, finding.message, finding.location)


def _merge_conditions(found: Sequence[tuple[Variant, Sequence[Finding]]]) -> list[Finding]:
    if len(found) == 1:
        return list(found[0][1])
    by_key: dict[tuple[object, ...], tuple[Finding, list[int]]] = {}
    for number, (_, findings) in enumerate(found):
        for finding in findings:
            entry = by_key.setdefault(_key(finding), (finding, []))
            if number not in entry[1]:
                entry[1].append(number)
    variants = [variant for variant, _ in found]
    merged: list[Finding] = []
    for finding, numbers in by_key.values():
        if len(numbers) == len(variants):
            merged.append(finding)
            continue
        when = describe([variants[number] for number in numbers], variants)
        merged.append(finding._replace(message=f"{finding.message} ({when})"))
    return merged


def describe(some: Sequence[Variant], every: Sequence[Variant]) -> str:
    """When `some` of the variants `every` hold: the condition values they share, if exactly
    those variants have them, else each variant's own values."""
    common = set(some[0]).intersection(*some[1:])
    if common:
        having = [variant for variant in every if common <= set(variant)]
        if len(having) == len(some):
            ordered = [pair for pair in some[0] if pair in common]
            return "when " + _values(ordered)
    return "when " + ", or ".join(_values(variant) for variant in some)


def _values(pairs: Sequence[tuple[str, bool | str]]) -> str:
    return " and ".join(
        f"condition {name} is {'true' if value else 'false'}" for name, value in pairs
    )

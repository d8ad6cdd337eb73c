"""The findings of a document modelled several times, once for each combination of the
conditions it depends on (a CloudFormation distribution whose values are `Fn::If`s: the stack
may be deployed with either branch), as one list.

A finding every variant gives is reported once, as it is. One that only some variants give is
reported once, with the conditions that lead to it: "(when condition IsProd is false)", or,
when no single set of condition values says it, each combination that does.
"""

from __future__ import annotations

from collections.abc import Sequence

from cfguard.core.findings import Finding

#: The conditions one variant assumes, each with its value, in order.
Variant = tuple[tuple[str, bool], ...]


def merge(found: Sequence[tuple[Variant, Sequence[Finding]]]) -> list[Finding]:
    """The findings of every variant of one document, each once, in the order first found."""
    if len(found) == 1:
        return list(found[0][1])
    by_key: dict[tuple[object, ...], tuple[Finding, list[int]]] = {}
    for number, (_, findings) in enumerate(found):
        for finding in findings:
            key = (finding.rule_id, finding.severity, finding.message, finding.location)
            entry = by_key.setdefault(key, (finding, []))
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


def _values(pairs: Sequence[tuple[str, bool]]) -> str:
    return " and ".join(
        f"condition {name} is {'true' if value else 'false'}" for name, value in pairs
    )

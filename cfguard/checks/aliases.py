"""Alternate domain names (aliases, CNAMEs): names CloudFront accepts, and how many (notes §2-3)."""

from __future__ import annotations

from collections.abc import Iterator

from cfguard.context import Context
from cfguard.documents import DocumentFormat
from cfguard.findings import Hit
from cfguard.model import Distribution
from cfguard.registry import check

#: 2010-11-01 API: CNAME 0..10; the 11th is answered with TooManyDistributionCNAMEs (notes §2).
LEGACY_MAX_CNAMES = 10


@check("CFG106")
def alias_format(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    for alias in dist.aliases:
        problems = alias_problems(alias.value)
        if problems:
            shown = f'alias "{alias.value}"' if alias.value else "an empty alias"
            yield Hit(alias.location, f"{shown}: {'; '.join(problems)}")
    yield from _too_many(dist, ctx)


def alias_problems(name: str) -> list[str]:
    """What CloudFront objects to in one alternate domain name (each with its fix)."""
    if not name:
        return ["a CNAME must name a domain; remove the empty element"]
    problems: list[str] = []
    if "://" in name or "/" in name or ":" in name or any(c.isspace() for c in name):
        problems.append("an alias is a bare domain name, without scheme, path, port or spaces")
    if name != name.lower():
        problems.append(f"aliases must be lowercase: use {name.lower()}")
    if "*" in name and not _valid_wildcard(name):
        problems.append("a wildcard is only allowed as the whole first label, as in *.example.com")
    return problems


def _valid_wildcard(name: str) -> bool:
    rest = name[2:]
    return name.startswith("*.") and bool(rest) and "*" not in rest and not rest.startswith(".")


def _too_many(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    count = len(dist.aliases)
    if dist.aliases_location is None:
        return
    if dist.format is DocumentFormat.LEGACY:
        if count > LEGACY_MAX_CNAMES:
            yield Hit(
                dist.aliases_location,
                f"{count} CNAME elements; this API allows at most {LEGACY_MAX_CNAMES} and answers "
                "TooManyDistributionCNAMEs; split the names across distributions",
            )
        return
    limit = ctx.options.max_aliases
    if count > limit:
        yield Hit(
            dist.aliases_location,
            f"{count} aliases; a distribution may have {limit} (the quota cfguard is configured "
            "with, max-aliases); split the names across distributions or, if AWS raised your "
            "quota, set max-aliases",
        )

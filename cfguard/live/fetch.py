"""Which distributions there are (ListDistributions, page by page) and what each is configured
as (GetDistributionConfig, or GetDistribution for one named by id, which also gives its ARN),
fetched by a bounded pool of threads in listing order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

from cfguard.live.client import CONCURRENCY
from cfguard.live.errors import GONE, describe, error_code

#: A listing that never ends (a marker that does not move, or a broken endpoint) stops here:
#: 100 distributions a page, far more than any account may have.
_MAX_PAGES = 10_000


class Listed(NamedTuple):
    """A distribution to fetch: its id, and its ARN once known (the listing gives it)."""

    id: str
    arn: str | None = None


class Fetched(NamedTuple):
    """A distribution's configuration as `get-distribution-config` returns it."""

    id: str
    arn: str
    etag: str
    config: dict[str, Any]


class Failed(NamedTuple):
    """A distribution that could not be fetched; `gone` when it no longer exists."""

    id: str
    arn: str | None
    message: str
    gone: bool = False


class ListingError(Exception):
    """ListDistributions failed: the account's distributions are unknown (one line)."""


def list_distributions(client: Any) -> list[Listed]:
    """Every distribution of the account, in the API's order."""
    found: list[Listed] = []
    marker = ""
    for _ in range(_MAX_PAGES):
        try:
            page = client.list_distributions(**({"Marker": marker} if marker else {}))
        except Exception as error:  # botocore's errors share no base worth naming apart
            raise ListingError(describe(error, "ListDistributions")) from None
        listing = page.get("DistributionList") if isinstance(page, dict) else None
        if not isinstance(listing, dict):
            raise ListingError("ListDistributions returned no DistributionList")
        items = listing.get("Items")
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and isinstance(item.get("Id"), str):
                arn = item.get("ARN")
                found.append(Listed(item["Id"], arn if isinstance(arn, str) else None))
        following = listing.get("NextMarker") or ""
        if not listing.get("IsTruncated") or not following:
            return found
        if following == marker:
            raise ListingError("ListDistributions returned the same page twice; stopped")
        marker = following
    raise ListingError(f"ListDistributions returned more than {_MAX_PAGES} pages; stopped")


def fetch(client: Any, target: Listed) -> Fetched | Failed:
    """One distribution's configuration. A listed distribution (its ARN known) is read with
    GetDistributionConfig; one named by id with GetDistribution, which also says its ARN."""
    operation = "GetDistributionConfig" if target.arn else "GetDistribution"
    try:
        if target.arn:
            answer = client.get_distribution_config(Id=target.id)
            config = answer.get("DistributionConfig")
            arn: object = target.arn
        else:
            answer = client.get_distribution(Id=target.id)
            distribution = answer.get("Distribution") or {}
            config = distribution.get("DistributionConfig")
            arn = distribution.get("ARN")
    except Exception as error:  # every failure is one line and the scan goes on
        return Failed(target.id, target.arn, describe(error, operation), error_code(error) in GONE)
    if not isinstance(config, dict) or not isinstance(arn, str):
        return Failed(target.id, target.arn, f"{operation} returned no DistributionConfig")
    return Fetched(target.id, arn, str(answer.get("ETag") or ""), config)


def fetch_all(
    client: Any, targets: Iterable[Listed], on_each: Callable[[], None] = lambda: None
) -> Iterator[Fetched | Failed]:
    """Each target's outcome in the order given, fetched by at most CONCURRENCY threads (the
    client, shared, is thread-safe; its connection pool is as large as the thread pool)."""
    with ThreadPoolExecutor(max_workers=CONCURRENCY, thread_name_prefix="cfguard-fetch") as pool:

        def one(target: Listed) -> Fetched | Failed:
            outcome = fetch(client, target)
            on_each()
            return outcome

        yield from pool.map(one, targets)

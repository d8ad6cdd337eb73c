"""Caching and invalidation: batches CloudFront can accept (CFG202), and the cache left behind by a
switch from HTTP to HTTPS (CFG201)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cfguard.checks.context import Context
from cfguard.core.document import Dialect
from cfguard.core.findings import Hit, Location
from cfguard.core.message import Field, Message, NewDocument, Setting, message
from cfguard.model import Behavior, Distribution, InvalidationBatch, Value, ViewerProtocol

#: Current API: 3,000 individual paths and, separately, 15 wildcard paths in progress per
#: distribution
#: (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/InvalidationLimits.html);
#: legacy: 1 to 1,000 paths per batch (docs/cloudfront.md, "Invalidation after a switch to HTTPS").
MAX_PATHS_CURRENT = 3000
MAX_WILDCARDS_CURRENT = 15
MAX_PATHS_LEGACY = 1000
#: The one current-format path that clears every cached object
#: (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/invalidation-specifying-objects.html).
EVERYTHING = "/*"
_CLEAR_EVERYTHING = Setting("Path", EVERYTHING)


# -- CFG202 ----------------------------------------------------------------------------------


def invalidation_path(batch: InvalidationBatch, ctx: Context) -> Iterator[Hit]:
    if not batch.paths:
        yield Hit(
            batch.paths_location,
            message(
                "the invalidation batch lists no path and clears nothing; add at least one, e.g. ",
                _CLEAR_EVERYTHING,
                " to clear everything",
            ),
        )
        return
    current = batch.dialect is Dialect.CURRENT
    for path in batch.paths:
        yield from _path_problems(path, wildcards=current)
    if current:
        plain = [p for p in batch.paths if not p.value.endswith("*")]
        wild = [p for p in batch.paths if p.value.endswith("*")]
        yield from _too_many(
            plain,
            MAX_PATHS_CURRENT,
            "individual paths; CloudFront accepts at most {limit} in progress per distribution",
            'split it, or clear a folder with one wildcard path such as "/images/*"',
        )
        yield from _too_many(
            wild,
            MAX_WILDCARDS_CURRENT,
            "wildcard paths; CloudFront accepts at most {limit} in progress per distribution",
            'split it, or use one wildcard higher up ("/*" clears everything)',
        )
    else:
        yield from _too_many(
            batch.paths,
            MAX_PATHS_LEGACY,
            "paths; the legacy API accepts at most {limit} per batch",
            "split it into batches of {limit} paths or fewer",
        )


def _path_problems(path: Value[str], *, wildcards: bool) -> Iterator[Hit]:
    text = path.value
    if not text:
        yield Hit(path.location, 'the invalidation path is empty; a path starts with "/"')
        return
    if not text.startswith("/"):
        yield Hit(
            path.location,
            f'invalidation path "{text}" does not start with "/"; write "/{text}"',
        )
    star = text.find("*")
    # The legacy API has no wildcards: there "*" is an ordinary character (docs/cloudfront.md).
    if wildcards and 0 <= star < len(text) - 1:
        yield Hit(
            path.location,
            f'invalidation path "{text}" has "*" before its end; a wildcard works only as the '
            f'last character: use "{text[: star + 1]}" (it clears more) or list the objects',
        )


def _too_many(paths: Sequence[Value[str]], limit: int, what: str, fix: str) -> Iterator[Hit]:
    """One finding, at the first path over the limit."""
    if len(paths) > limit:
        shown = f"{limit:,}"
        yield Hit(
            paths[limit].location,
            f"the batch has {len(paths):,} {what.format(limit=shown)} (this is number "
            f"{limit + 1:,}): {fix.format(limit=shown)}",
        )


# -- CFG201 ----------------------------------------------------------------------------------


#: One behavior's paths went from accepting HTTP (baseline) to refusing it (now): where, and what.
Switch = tuple[Location, str]


def https_switch_without_invalidation(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    if ctx.baseline is None:
        return
    switches = list(find_switches(ctx.baseline, dist))
    usable = [batch for batch in ctx.invalidations if can_invalidate(batch, dist)]
    if not switches or any(clears_everything(batch) for batch in usable):
        return
    remedy = _remedy(usable, _unusable(ctx, dist), ctx.path)
    for location, description in switches:
        yield Hit(location, message(f"{description}; ", remedy))


def can_invalidate(batch: InvalidationBatch, dist: Distribution) -> bool:
    """A legacy (2010-11-01) batch is a request to the legacy API, which cannot invalidate a
    current-format distribution; today's API invalidates any distribution, so a current batch
    counts for a legacy document too."""
    return not (batch.dialect is Dialect.LEGACY and dist.dialect is Dialect.CURRENT)


def _unusable(ctx: Context, dist: Distribution) -> list[str]:
    """What was read but does not count, as "<file or batch> <why>"."""
    legacy = [
        f"the legacy batch {_summary(batch)} cannot invalidate a current-format distribution"
        for batch in ctx.invalidations
        if not can_invalidate(batch, dist)
    ]
    return [*ctx.rejected, *legacy]


def clears_everything(batch: InvalidationBatch) -> bool:
    """Whether a batch clears every cached object. Current API: only `/*` does. The
    legacy API had no wildcards, so any non-empty legacy batch is taken at its word that it lists
    every cached object (cfguard cannot see the cache; the rule documentation says so)."""
    if batch.dialect is Dialect.LEGACY:
        return bool(batch.paths)
    return any(path.value == EVERYTHING for path in batch.paths)


def find_switches(baseline: Distribution, dist: Distribution) -> Iterator[Switch]:
    """Compare by behavior key, across formats. A path pattern only one version has was, or is,
    served by that version's default behavior, so that is what it is compared with."""
    before = {behavior.key: behavior for behavior in baseline.behaviors}
    now = {behavior.key: behavior for behavior in dist.behaviors}
    old_default, new_default = before.get("default"), now.get("default")
    for key, behavior in now.items():
        old = before.get(key)
        if old is not None:
            if old.accepts_http and _refuses_http(behavior):
                yield (
                    _where(dist, behavior),
                    f"{behavior.label} switched from {_was(baseline, old)} to "
                    f"{_policy(dist, behavior)}",
                )
        elif old_default is not None and old_default.accepts_http and _refuses_http(behavior):
            yield (
                _where(dist, behavior),
                f"{behavior.label} is new and {_policy(dist, behavior)}; its paths were served "
                f"by {old_default.label} with {_was(baseline, old_default)}",
            )
    if new_default is None or not _refuses_http(new_default):
        return
    for key, old in before.items():
        if key not in now and old.accepts_http:
            yield (
                _where(dist, new_default),
                f"{old.label}, {old.viewer_protocol} in the baseline, is gone; its paths now "
                f"fall to "
                f"{new_default.label}, which is {_policy(dist, new_default)}",
            )


def _refuses_http(behavior: Behavior) -> bool:
    # None (missing or unknown policy) is a schema error reported elsewhere, not a switch.
    return behavior.viewer_protocol in (ViewerProtocol.REDIRECT_TO_HTTPS, ViewerProtocol.HTTPS_ONLY)


def _where(dist: Distribution, behavior: Behavior) -> Location:
    """The policy that changed: `ViewerProtocolPolicy`, or legacy `RequiredProtocols`."""
    if dist.dialect is Dialect.LEGACY and dist.required_protocols is not None:
        return dist.required_protocols
    return behavior.location


def _policy(dist: Distribution, behavior: Behavior) -> str:
    if dist.dialect is Dialect.LEGACY:
        if behavior.accepts_http:
            return "HTTP and HTTPS (no RequiredProtocols)"
        return "HTTPS only (RequiredProtocols https)"
    return str(behavior.viewer_protocol)


def _was(baseline: Distribution, behavior: Behavior) -> str:
    if baseline.dialect is Dialect.LEGACY:
        return "HTTP and HTTPS (baseline: no RequiredProtocols)"
    return f"{behavior.viewer_protocol} (baseline)"


def fresh_caller_reference() -> str:
    """A `CallerReference` to suggest: new each day (it must be new for each request:
    https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_InvalidationBatch.html).
    SOURCE_DATE_EPOCH (the reproducible-builds convention) pins the date, so a saved report or a
    snapshot does not change from one day to the next."""
    import os
    import time
    from datetime import datetime, timezone

    pinned = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(pinned) if pinned.isdigit() else time.time()
    day = datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y%m%d")
    return f"cfguard-https-switch-{day}"


def _remedy(
    invalidations: Sequence[InvalidationBatch], unusable: Sequence[str], path: str | None
) -> Message:
    ready = NewDocument(
        Setting(
            "InvalidationBatch",
            (
                Setting("Paths", (Setting("Quantity", "1"), Setting("Items", _CLEAR_EVERYTHING))),
                Setting("CallerReference", fresh_caller_reference()),
            ),
        )
    )
    ignored = _ignored(unusable)
    if not invalidations:
        return message(
            "objects cached over HTTP stay cached (the cache is protocol agnostic) and no new "
            f"invalidation clears them{ignored}: save ",
            ready,
            f" {_where_to_save(path)} (see cfguard explain CFG201)",
        )
    listed = ", ".join(_summary(batch) for batch in invalidations[:3])
    more = f" and {len(invalidations) - 3} more" if len(invalidations) > 3 else ""
    # A legacy batch that counts has paths (an empty one is a CFG202 error and does not count),
    # and is taken to list every cached object: so the batches here are current ones.
    return message(
        f"objects cached over HTTP stay cached: the invalidation given ({listed}{more}) does not "
        f"clear the whole cache{ignored}, only the path {EVERYTHING} does: add ",
        _CLEAR_EVERYTHING,
        " to it and raise its ",
        Field("Quantity"),
        " by one (see cfguard explain CFG201)",
    )


def _ignored(unusable: Sequence[str]) -> str:
    """ " (<file> <why>, so it does not count)": the batches read that do not count, so the user
    is not told to save a file that is there."""
    if not unusable:
        return ""
    shown = "; ".join(unusable[:3]) + (
        f"; and {len(unusable) - 3} more" if len(unusable) > 3 else ""
    )
    return f" ({shown}, so {'it does not count' if len(unusable) == 1 else 'none counts'})"


def _where_to_save(path: str | None) -> str:
    from cfguard.core.naming import sibling_name

    name = sibling_name(path) if path is not None else None
    if name is None:  # standard input (or a caller of the engine that gave no path)
        return (
            "in a file and pass it with --invalidation FILE (standard input has no file name "
            "to save a batch beside)"
        )
    return f"beside this file as {name}"


def _summary(batch: InvalidationBatch) -> str:
    reference = batch.caller_reference.value if batch.caller_reference else "no CallerReference"
    paths = [path.value for path in batch.paths[:3]]
    shown = " ".join(paths) + (" …" if len(batch.paths) > 3 else "") if paths else "no path"
    return f'"{reference}": {shown}'

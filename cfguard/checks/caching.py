"""Caching and invalidation: batches CloudFront can accept (CFG202), and the cache left behind by a
switch from HTTP to HTTPS (CFG201)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cfguard.checks.context import Context
from cfguard.checks.switch_remedy import (
    CLEAR_EVERYTHING,
    EVERYTHING,
    applied_remedy,
    remedy,
    saved_batch,
    summary,
)
from cfguard.core.document import Dialect
from cfguard.core.findings import Hit, Location
from cfguard.core.fixes import safe_fix
from cfguard.core.message import Mention, Stated, Text, message
from cfguard.model import Behavior, Distribution, InvalidationBatch, Value, ViewerProtocol
from cfguard.model.values import each_decided

#: Current API: 3,000 individual paths and, separately, 15 wildcard paths in progress per
#: distribution
#: (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/InvalidationLimits.html);
#: legacy: 1 to 1,000 paths per batch (docs/cloudfront.md, "Invalidation after a switch to HTTPS").
MAX_PATHS_CURRENT = 3000
MAX_WILDCARDS_CURRENT = 15
MAX_PATHS_LEGACY = 1000
_REQUIRED_PROTOCOLS = Mention("RequiredProtocols")


# -- CFG202 ----------------------------------------------------------------------------------


def invalidation_path(batch: InvalidationBatch, ctx: Context) -> Iterator[Hit]:
    if not batch.paths:
        yield Hit(
            batch.paths_location,
            message(
                "the invalidation batch lists no path and clears nothing; add at least one, e.g. ",
                CLEAR_EVERYTHING,
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
        # Safe: CloudFront refuses the batch as it is, and "/" + the path is the object meant.
        yield Hit(
            path.location,
            f'invalidation path "{text}" does not start with "/"; write "/{text}"',
            fix=safe_fix('start the path with "/"', path.location, f"/{text}"),
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
Switch = tuple[Location, Text]


def https_switch_without_invalidation(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    if ctx.baseline is None:
        return
    switches = list(find_switches(ctx.baseline, dist))
    usable = [batch for batch in ctx.invalidations if can_invalidate(batch, dist)]
    if not switches or any(clears_everything(batch) for batch in usable):
        return
    stack = dist.address if dist.is_stack else None
    repair = None
    if dist.deployed_by is not None and not usable:
        fix = applied_remedy(dist.distribution_id, dist.address, dist.deployed_by)
    else:
        unusable = _unusable(ctx, dist)
        fix = remedy(usable, unusable, ctx.path, dist.distribution_id, stack)
        # Only where no batch was read at all: one that is there, broken, is not overwritten.
        repair = None if usable or unusable else saved_batch(ctx.path)
    for location, description in switches:
        yield Hit(location, message(description, "; ", fix), fix=repair)


def can_invalidate(batch: InvalidationBatch, dist: Distribution) -> bool:
    """A legacy (2010-11-01) batch is a request to the legacy API, which cannot invalidate a
    current-format distribution; today's API invalidates any distribution, so a current batch
    counts for a legacy document too."""
    return not (batch.dialect is Dialect.LEGACY and dist.dialect is Dialect.CURRENT)


def _unusable(ctx: Context, dist: Distribution) -> list[Text]:
    """What was read but does not count, as "<file or batch> <why>"."""
    legacy = [
        message(
            "the legacy batch ", summary(batch), " cannot invalidate a current-format distribution"
        )
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
    served by that version's default behavior, so that is what it is compared with. A behavior
    whose policy either version does not decide says nothing; the others are still compared."""
    before = {behavior.key: behavior for behavior in baseline.behaviors}
    now = {behavior.key: behavior for behavior in dist.behaviors}
    old_default, new_default = before.get("default"), now.get("default")

    def switched(behavior: Behavior) -> Iterator[Switch]:
        old = before.get(behavior.key)
        if old is not None:
            if old.accepts_http and _refuses_http(behavior):
                yield (
                    _where(dist, behavior),
                    message(
                        f"{behavior.label} switched from ",
                        _was(baseline, old),
                        " to ",
                        _policy(dist, behavior),
                    ),
                )
        elif old_default is not None and old_default.accepts_http and _refuses_http(behavior):
            yield (
                _where(dist, behavior),
                message(
                    f"{behavior.label} is new and ",
                    _policy(dist, behavior),
                    f"; its paths were served by {old_default.label} with ",
                    _was(baseline, old_default),
                ),
            )

    yield from each_decided(now.values(), switched)
    if new_default is None or not _refuses_http(new_default):
        return

    def gone(old: Behavior) -> Iterator[Switch]:
        if old.key not in now and old.accepts_http:
            yield (
                _where(dist, new_default),
                message(
                    f"{old.label}, {old.viewer_protocol} in the baseline, is gone; its paths now "
                    f"fall to {new_default.label}, which is ",
                    _policy(dist, new_default),
                ),
            )

    yield from each_decided(before.values(), gone)


def _refuses_http(behavior: Behavior) -> bool:
    # None (missing or unknown policy) is a schema error reported elsewhere, not a switch.
    return behavior.viewer_protocol in (ViewerProtocol.REDIRECT_TO_HTTPS, ViewerProtocol.HTTPS_ONLY)


def _where(dist: Distribution, behavior: Behavior) -> Location:
    """The policy that changed: `ViewerProtocolPolicy`, or legacy `RequiredProtocols`."""
    if dist.dialect is Dialect.LEGACY and dist.required_protocols is not None:
        return dist.required_protocols
    return behavior.location


def _policy(dist: Distribution, behavior: Behavior) -> Text:
    if dist.dialect is Dialect.LEGACY:
        if behavior.accepts_http:
            return message("HTTP and HTTPS (no ", _REQUIRED_PROTOCOLS, ")")
        return message("HTTPS only (", Stated("RequiredProtocols", "https"), ")")
    return str(behavior.viewer_protocol)


def _was(baseline: Distribution, behavior: Behavior) -> Text:
    if baseline.dialect is Dialect.LEGACY:
        return message("HTTP and HTTPS (baseline: no ", _REQUIRED_PROTOCOLS, ")")
    return f"{behavior.viewer_protocol} (baseline)"

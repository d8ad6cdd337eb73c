"""What CFG201 asks for once a switch to HTTPS leaves objects cached over HTTP: the invalidation
batch to save beside the document, or the path to add to the one given, in the document's
spelling; and the batches that were read but do not count, so the user is not told to save a file
that is there."""

from __future__ import annotations

from collections.abc import Sequence

from cfguard.core.fixes import Fix, unsafe_new_file
from cfguard.core.message import (
    Field,
    Item,
    Mention,
    Message,
    NewDocument,
    Placeholder,
    Recount,
    Setting,
    Text,
    joined,
    message,
)
from cfguard.model import InvalidationBatch

#: The one current-format path that clears every cached object
#: (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/invalidation-specifying-objects.html).
EVERYTHING = "/*"
CLEAR_EVERYTHING = Item("Paths", "Path", EVERYTHING)


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


def remedy(
    invalidations: Sequence[InvalidationBatch],
    unusable: Sequence[Text],
    path: str | None,
    distribution_id: str | None = None,
    stack_resource: str | None = None,
) -> Message:
    everything = Setting("Items", Setting("Path", EVERYTHING))
    ready = NewDocument(
        Setting(
            "InvalidationBatch",
            (
                Setting("Paths", (Setting("Quantity", 1), everything)),
                Setting("CallerReference", fresh_caller_reference()),
            ),
        )
    )
    ignored = _ignored(unusable)
    if not invalidations:
        return message(
            "objects cached over HTTP stay cached (the cache is protocol agnostic) and no new "
            "invalidation clears them",
            ignored,
            ": save ",
            ready,
            f" {_where_to_save(path)}",
            _command(distribution_id, path, stack_resource),
            " (see cfguard explain CFG201)",
        )
    listed = joined(", ", [summary(batch) for batch in invalidations[:3]])
    more = f" and {len(invalidations) - 3} more" if len(invalidations) > 3 else ""
    # A legacy batch that counts has paths (an empty one is a CFG202 error and does not count),
    # and is taken to list every cached object: so the batches here are current ones.
    return message(
        "objects cached over HTTP stay cached: the invalidation given (",
        listed,
        f"{more}) does not clear the whole cache",
        ignored,
        f", only the path {EVERYTHING} does: add ",
        CLEAR_EVERYTHING,
        " to it",
        Recount(" and raise its ", Field("Quantity"), " by one"),
        " (see cfguard explain CFG201)",
    )


def _ignored(unusable: Sequence[Text]) -> Text:
    """ " (<file> <why>, so it does not count)": the batches read that do not count, so the user
    is not told to save a file that is there."""
    if not unusable:
        return ""
    more = f"; and {len(unusable) - 3} more" if len(unusable) > 3 else ""
    counts = "it does not count" if len(unusable) == 1 else "none counts"
    return message(" (", joined("; ", unusable[:3]), f"{more}, so {counts})")


def _command(distribution_id: str | None, path: str | None, stack_resource: str | None) -> Text:
    """The AWS CLI command that sends the batch, where the document names its distribution: from
    the file to save, so what is sent is what the next check counts; from standard input, with
    the path alone. A CloudFormation template names its distribution by logical id only (its
    Id exists once the stack does) and has no invalidation resource: the command is to run
    once the stack is deployed, with a placeholder for the Id."""
    if distribution_id is None and stack_resource is None:
        return ""
    from cfguard.core.naming import sibling_name

    name = sibling_name(path) if path is not None else None
    command = message(
        "aws cloudfront create-invalidation --distribution-id ",
        distribution_id or Placeholder(f"distribution id of {stack_resource}"),
    )
    when = " once the stack is deployed" if distribution_id is None else ""
    if name is None or path is None:
        return message(f", or send one{when} with ", command, f' --paths "{EVERYTHING}"')
    import os

    saved = os.path.join(os.path.dirname(path), name)  # where the command runs from: as given
    return message(f", and send it{when} with ", command, f" --invalidation-batch file://{saved}")


def _where_to_save(path: str | None) -> str:
    from cfguard.core.naming import sibling_name

    name = sibling_name(path) if path is not None else None
    if name is None:  # standard input (or a caller of the engine that gave no path)
        return (
            "in a file and pass it with --invalidation FILE (standard input has no file name "
            "to save a batch beside)"
        )
    return f"beside this file as {name}"


def summary(batch: InvalidationBatch) -> Text:
    paths = [path.value for path in batch.paths[:3]]
    shown = " ".join(paths) + (" …" if len(batch.paths) > 3 else "") if paths else "no path"
    if batch.caller_reference is None:
        return message('"no ', Mention("CallerReference"), f'": {shown}')
    return f'"{batch.caller_reference.value}": {shown}'


def applied_remedy(distribution_id: str | None, address: str | None, deployed_by: str) -> Message:
    """CFG201's remedy for a configuration a tool applies (Terraform): it has no invalidation
    resource, so the command to run once the change is applied, for every path."""
    command = message(
        "aws cloudfront create-invalidation --distribution-id ",
        distribution_id or Placeholder(f"distribution id of {address or 'the distribution'}"),
        f' --paths "{EVERYTHING}"',
    )
    return message(
        "objects cached over HTTP stay cached (the cache is protocol agnostic) and nothing in "
        f"the change clears them: after {deployed_by}, run ",
        command,
        " (Terraform has no invalidation resource; see cfguard explain CFG201)",
    )


def saved_batch(path: str | None) -> Fix | None:
    """CFG201's fix: the batch its message says to save, written beside the document as
    `<stem>.invalidation.xml|json` (unsafe: it clears the cache only if the deploy sends it).
    None from standard input, which has no file to put a batch beside."""
    from cfguard.core.naming import sibling_name

    name = sibling_name(path) if path is not None else None
    if name is None:
        return None
    from cfguard.syntaxes.batch_file import batch_file

    text = batch_file(name, EVERYTHING, fresh_caller_reference())
    return unsafe_new_file(f"write the invalidation batch {name}", name, text)

"""How cfguard names its inputs: `-` for standard input, and the file a document's invalidation
batch is saved beside it as (`www.xml` -> `www.invalidation.xml`, `www.json` ->
`www.invalidation.json`; a CloudFormation template's `site.yaml` -> `site.invalidation.json`,
since a batch is an API document, XML or JSON)."""

from __future__ import annotations

import os

STDIN = "-"
SIBLING_MARK = ".invalidation"
#: The suffixes an invalidation batch may have: a batch of either syntax counts for a document
#: of any.
BATCH_SUFFIXES = (".xml", ".json")
#: The suffixes of the files a document may have, in the order an owner is looked for.
DOCUMENT_SUFFIXES = (*BATCH_SUFFIXES, ".yaml", ".yml", ".template")


def split_suffix(name: str, suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES) -> tuple[str, str]:
    """`www.xml` -> (`www`, `.xml`); a name without one of `suffixes` -> (name, "")."""
    lower = name.lower()
    for suffix in suffixes:
        if lower.endswith(suffix):
            return name[: -len(suffix)], name[-len(suffix) :]
    return name, ""


def sibling_name(document: str) -> str | None:
    """The file name a batch for `document` is saved as (`www.xml` -> `www.invalidation.xml`);
    None for standard input, which has no name to put a batch beside."""
    if document == STDIN:
        return None
    stem, suffix = split_suffix(os.path.basename(document))
    suffix = suffix.lower()
    if suffix and suffix not in BATCH_SUFFIXES:
        suffix = ".json"  # a template's batch: the JSON the AWS CLI sends
    return stem + SIBLING_MARK + (suffix or ".xml")


#: A directory the CDK writes (`cdk synth`): a fix there would be lost at the next synth.
GENERATED_DIRECTORY = "cdk.out"


def generated(path: str) -> bool:
    """Whether `path` lies in a directory a tool regenerates (`cdk.out`), where --fix edits
    nothing."""
    return GENERATED_DIRECTORY in path.replace("\\", "/").split("/")


#: What a live distribution is called in reports (`cfguard check --aws`): its ARN, which no file
#: path a user types looks like (`arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE`;
#: the partition may be `aws-cn` or another).
_ARN_HEAD = "arn:"
_ARN_SERVICE = ":cloudfront::"
_ARN_RESOURCE = ":distribution/"


def live_distribution_id(name: str) -> str | None:
    """The distribution id in a live distribution's ARN, or None for any other name (a file,
    standard input)."""
    if not name.startswith(_ARN_HEAD) or _ARN_SERVICE not in name:
        return None
    head, found, identifier = name.rpartition(_ARN_RESOURCE)
    account = head.rpartition(_ARN_SERVICE)[2]
    if not found or not account.isdigit() or not identifier.isalnum():
        return None
    return identifier


def live_label(name: str) -> str | None:
    """`cloudfront:ID`, what the text report calls a live distribution; None for a file."""
    identifier = live_distribution_id(name)
    return None if identifier is None else f"cloudfront:{identifier}"


#: The name a problem with the whole account takes (ListDistributions failed).
LIVE_LISTING = "cloudfront:ListDistributions"


def is_live_name(name: str) -> bool:
    """Whether `name` is a live distribution's (its ARN, or `cloudfront:...` before the ARN is
    known), which no report turns into a file path."""
    return name.startswith("cloudfront:") or live_distribution_id(name) is not None

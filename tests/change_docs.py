"""Documents for the change-aware tests (CFG201): distributions before and after a switch to
HTTPS, invalidation batches, and where in a document a finding is expected."""

from __future__ import annotations

from pathlib import Path

#: Pins the CallerReference CFG201 suggests (cfguard-https-switch-20250101).
PINNED_DATE = {"SOURCE_DATE_EPOCH": "1735689600"}
SUGGESTED = (
    '<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Paths>'
    "<Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths>"
    "<CallerReference>cfguard-https-switch-20250101</CallerReference></InvalidationBatch>"
)


def no_invalidation(batch_name: str) -> str:
    """The end of a CFG201 message when no batch was given: save `batch_name` beside the file."""
    return (
        "objects cached over HTTP stay cached (the cache is protocol agnostic) and no new "
        f"invalidation clears them: save {SUGGESTED} beside this file as {batch_name} "
        "(see cfguard explain CFG201)"
    )


NO_INVALIDATION = no_invalidation("after.invalidation.xml")  # for after.xml, as most tests use


def current(default: str, img: str | None = None, comment: str = "www") -> str:
    """A 2020-05-31 distribution that passes every other rule at warning level or above, with a
    default behavior and, if `img` is given, a `/img/*` behavior with that policy."""
    behaviors = ""
    if img is not None:
        behaviors = f"""  <CacheBehaviors>
    <Quantity>1</Quantity>
    <Items>
      <CacheBehavior>
        <PathPattern>/img/*</PathPattern>
        <TargetOriginId>web</TargetOriginId>
        <ViewerProtocolPolicy>{img}</ViewerProtocolPolicy>
      </CacheBehavior>
    </Items>
  </CacheBehaviors>
"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <CallerReference>www-1</CallerReference>
  <Origins>
    <Quantity>1</Quantity>
    <Items>
      <Origin>
        <Id>web</Id>
        <DomainName>my-site.s3.amazonaws.com</DomainName>
        <S3OriginConfig>
          <OriginAccessIdentity></OriginAccessIdentity>
        </S3OriginConfig>
      </Origin>
    </Items>
  </Origins>
  <DefaultCacheBehavior>
    <TargetOriginId>web</TargetOriginId>
    <ViewerProtocolPolicy>{default}</ViewerProtocolPolicy>
  </DefaultCacheBehavior>
{behaviors}  <Comment>{comment}</Comment>
  <Enabled>true</Enabled>
</DistributionConfig>
"""


def legacy(https: bool, comment: str = "www") -> str:
    """A 2010-11-01 distribution; `https` adds RequiredProtocols/Protocol=https."""
    required = (
        "  <RequiredProtocols>\n    <Protocol>https</Protocol>\n  </RequiredProtocols>\n"
        if https
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2010-11-01/">
  <S3Origin>
    <DNSName>my-site.s3.amazonaws.com</DNSName>
  </S3Origin>
  <CallerReference>www-legacy-1</CallerReference>
{required}  <Comment>{comment}</Comment>
  <Enabled>true</Enabled>
</DistributionConfig>
"""


def batch(*paths: str, reference: str = "www-https-switch-1") -> str:
    """A 2020-05-31 InvalidationBatch, one path per line."""
    items = "".join(f"      <Path>{path}</Path>\n" for path in paths)
    wrapper = f"    <Items>\n{items}    </Items>\n" if paths else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
  <Paths>
    <Quantity>{len(paths)}</Quantity>
{wrapper}  </Paths>
  <CallerReference>{reference}</CallerReference>
</InvalidationBatch>
"""


def legacy_batch(*paths: str, reference: str = "www-https-switch-1") -> str:
    items = "".join(f"  <Path>{path}</Path>\n" for path in paths)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2010-11-01/">
{items}  <CallerReference>{reference}</CallerReference>
</InvalidationBatch>
"""


def where(text: str, needle: str, occurrence: int = 1) -> str:
    """`line:column` of the `occurrence`-th `needle` in `text` (1-based, as cfguard prints)."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def policy_at(text: str, occurrence: int = 1) -> str:
    """Where the `occurrence`-th `<ViewerProtocolPolicy>` is."""
    return where(text, "<ViewerProtocolPolicy>", occurrence)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cfg201_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if " CFG201 " in line]

"""Generate a realistic, deterministic corpus of CloudFront documents for benchmarks and tests.

    python bench/generate.py OUT_DIR --count 1000 [--seed 1] [--legacy-share 0.1]

Document `i` depends only on the seed and `i`, so a corpus of 100 is the first 100 files of a
corpus of 1,000. Most files are current-format `DistributionConfig`s of 2-10 KB (a few wrapped in
`DistributionConfigWithTags`), pretty-printed like a hand-edited file or on one line like the body
an API client sends; some are legacy flat-format distributions, `InvalidationBatch`es, and XML
that is not CloudFront's (skipped). About half are clean; the others carry one to three faults
drawn from `FAULTS`: rule findings (allow-all, default certificate with aliases, weak TLS,
malformed buckets and prefixes, plaintext or SSLv3 origins), schema errors (bad enums, wrong
Quantity, missing or unknown elements), suppression comments (used, unused or invalid), and
hostile or broken inputs (a DOCTYPE with entities, truncated XML).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

NS_CURRENT = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
NS_LEGACY = "http://cloudfront.amazonaws.com/doc/2010-11-01/"
MIN_SIZE, MAX_SIZE = 2 * 1024, 10 * 1024

#: Faults of a current-format distribution, each with how often it is drawn. Rule findings are
#: what a repository mostly holds; schema errors and broken files are rarer (CloudFront refuses
#: them, so they do not stay long), but each costs far more to check and must be represented:
#: about 4% of the documents break the schema and 1% are not well-formed or hostile.
FAULTS = {
    **dict.fromkeys(
        ("allow-all", "default-cert-alias", "weak-tls", "vip", "bad-alias", "bad-bucket"), 4.0
    ),
    **dict.fromkeys(
        ("bad-prefix", "logging-off", "origin-http", "origin-sslv3", "acm-region"), 4.0
    ),
    **dict.fromkeys(("suppressed", "unused-suppression", "bad-suppression"), 2.0),
    **dict.fromkeys(
        ("bad-enum", "quantity-mismatch", "missing-required", "unknown-element", "bad-boolean"), 0.5
    ),
    **dict.fromkeys(("truncated", "doctype"), 0.25),
}
WORDS = ("shop", "media", "api", "static", "docs", "assets", "img", "app", "cdn", "video", "beta")
TLDS = ("example.com", "example.org", "example.net")
METHOD_SETS = (("HEAD", "GET"), ("HEAD", "GET", "OPTIONS"))
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "OPTIONS", "DELETE")

Node = tuple[str, "str | list[Node]"]  # (tag, text or children); "!" + text is a comment


def quantity(tag: str, item_tag: str, items: list[Node] | list[str]) -> Node:
    nodes: list[Node] = [i if isinstance(i, tuple) else (item_tag, i) for i in items]
    body: list[Node] = [("Quantity", str(len(nodes)))]
    return (tag, [*body, ("Items", nodes)] if nodes else body)


def behavior(rng: random.Random, origin: str, pattern: str | None) -> Node:
    head: list[Node] = [("PathPattern", pattern)] if pattern is not None else []
    methods = rng.choice(METHOD_SETS) if rng.random() < 0.8 else ALL_METHODS
    allowed = quantity("AllowedMethods", "Method", list(methods))
    assert isinstance(allowed[1], list)
    allowed[1].append(quantity("CachedMethods", "Method", ["HEAD", "GET"]))
    headers = rng.sample(
        ("Origin", "Host", "Accept", "Authorization", "CloudFront-Viewer-Country"), 2
    )
    return (
        "CacheBehavior" if pattern is not None else "DefaultCacheBehavior",
        [
            *head,
            ("TargetOriginId", origin),
            ("TrustedSigners", [("Enabled", "false"), ("Quantity", "0")]),
            ("ViewerProtocolPolicy", rng.choice(("redirect-to-https", "https-only"))),
            allowed,
            ("SmoothStreaming", "false"),
            ("Compress", rng.choice(("true", "false"))),
            quantity("LambdaFunctionAssociations", "LambdaFunctionAssociation", []),
            ("FieldLevelEncryptionId", ""),
            (
                "ForwardedValues",
                [
                    ("QueryString", rng.choice(("true", "false"))),
                    ("Cookies", [("Forward", rng.choice(("none", "all")))]),
                    quantity("Headers", "Name", headers),
                    quantity("QueryStringCacheKeys", "Name", []),
                ],
            ),
            ("MinTTL", "0"),
            ("DefaultTTL", str(rng.choice((0, 300, 3600, 86400)))),
            ("MaxTTL", "31536000"),
        ],
    )


def origin(rng: random.Random, index: int, site: str) -> Node:
    origin_id = f"origin-{index}"
    if rng.random() < 0.5:
        bucket = f"{site.replace('.', '-')}-{index}.s3.amazonaws.com"
        detail: Node = ("S3OriginConfig", [("OriginAccessIdentity", "")])
        return (
            "Origin",
            [
                ("Id", origin_id),
                ("DomainName", bucket),
                ("OriginPath", ""),
                quantity("CustomHeaders", "OriginCustomHeader", []),
                detail,
                ("OriginAccessControlId", f"E{rng.randrange(10**12):012d}"),
            ],
        )
    detail = (
        "CustomOriginConfig",
        [
            ("HTTPPort", "80"),
            ("HTTPSPort", "443"),
            ("OriginProtocolPolicy", "https-only"),
            quantity("OriginSslProtocols", "SslProtocol", ["TLSv1.2"]),
            ("OriginReadTimeout", "30"),
            ("OriginKeepaliveTimeout", "5"),
        ],
    )
    return (
        "Origin",
        [
            ("Id", origin_id),
            ("DomainName", f"backend{index}.{site}"),
            ("OriginPath", ""),
            quantity("CustomHeaders", "OriginCustomHeader", []),
            detail,
            ("ConnectionAttempts", "3"),
            ("ConnectionTimeout", "10"),
        ],
    )


def distribution(rng: random.Random, n_behaviors: int, name: str) -> Node:
    site = f"{rng.choice(WORDS)}{rng.randrange(1000)}.{rng.choice(TLDS)}"
    aliases = [site, f"www.{site}"][: rng.randint(1, 2)]
    origins = [origin(rng, i, site) for i in range(rng.randint(1, 3))]
    ids = [f"origin-{i}" for i in range(len(origins))]
    patterns = [f"/{rng.choice(WORDS)}{i}/*" for i in range(n_behaviors)]
    return (
        "DistributionConfig",
        [
            ("CallerReference", f"{name}-{rng.randrange(10**9)}"),
            quantity("Aliases", "CNAME", aliases),
            ("DefaultRootObject", "index.html"),
            quantity("Origins", "Origin", origins),
            quantity("OriginGroups", "OriginGroup", []),
            behavior(rng, ids[0], None),
            quantity(
                "CacheBehaviors",
                "CacheBehavior",
                [behavior(rng, rng.choice(ids), p) for p in patterns],
            ),
            quantity("CustomErrorResponses", "CustomErrorResponse", []),
            ("Comment", f"{site} ({name})"),
            (
                "Logging",
                [
                    ("Enabled", "true"),
                    ("IncludeCookies", "false"),
                    ("Bucket", f"{site.partition('.')[0]}-logs.s3.amazonaws.com"),
                    ("Prefix", f"{site.partition('.')[0]}/"),
                ],
            ),
            ("PriceClass", rng.choice(("PriceClass_100", "PriceClass_All"))),
            ("Enabled", "true"),
            (
                "ViewerCertificate",
                [
                    ("CloudFrontDefaultCertificate", "false"),
                    (
                        "ACMCertificateArn",
                        "arn:aws:acm:us-east-1:123456789012:certificate/"
                        f"{rng.randrange(16**8):08x}-1234-4321-abcd-{rng.randrange(16**12):012x}",
                    ),
                    ("SSLSupportMethod", "sni-only"),
                    ("MinimumProtocolVersion", rng.choice(("TLSv1.2_2021", "TLSv1.2_2025"))),
                ],
            ),
            (
                "Restrictions",
                [("GeoRestriction", [("RestrictionType", "none"), ("Quantity", "0")])],
            ),
            ("WebACLId", ""),
            ("HttpVersion", rng.choice(("http2", "http2and3"))),
            ("IsIPV6Enabled", "true"),
        ],
    )


def draw_faults(rng: random.Random, count: int) -> list[str]:
    faults: list[str] = []
    while len(faults) < count:
        fault = rng.choices(list(FAULTS), weights=list(FAULTS.values()))[0]
        if fault not in faults:
            faults.append(fault)
    return faults


def find(node: Node, *path: str) -> Node:
    """The first descendant along `path` (tags); `Items` lists may be skipped by naming items."""
    for tag in path:
        children = node[1]
        assert isinstance(children, list)
        node = next(c for c in children if c[0] == tag)
    return node


def children(node: Node) -> list[Node]:
    assert isinstance(node[1], list)
    return node[1]


def set_text(node: Node, tag: str, text: str) -> None:
    items = children(node)
    for i, child in enumerate(items):
        if child[0] == tag:
            items[i] = (tag, text)


def all_behaviors(dist: Node) -> list[Node]:
    behaviors = [find(dist, "DefaultCacheBehavior")]
    cache = find(dist, "CacheBehaviors")
    if len(children(cache)) > 1:
        behaviors += children(find(cache, "Items"))
    return behaviors


def apply_fault(rng: random.Random, dist: Node, fault: str) -> None:
    cert, logging = find(dist, "ViewerCertificate"), find(dist, "Logging")
    behaviors, origins = all_behaviors(dist), children(find(dist, "Origins", "Items"))
    if fault == "allow-all":
        set_text(rng.choice(behaviors), "ViewerProtocolPolicy", "allow-all")
    elif fault == "suppressed":  # on its own line, the comment covers the next element
        set_text(behaviors[0], "ViewerProtocolPolicy", "allow-all")
        at = children(dist).index(behaviors[0])
        children(dist).insert(at, ("!", " cfguard: ignore[CFG101] legacy set-top boxes "))
    elif fault == "default-cert-alias":
        cert[1][:] = [
            ("CloudFrontDefaultCertificate", "true"),
            ("MinimumProtocolVersion", "TLSv1"),
            ("CertificateSource", "cloudfront"),
        ]
    elif fault == "weak-tls":
        set_text(
            cert, "MinimumProtocolVersion", rng.choice(("TLSv1", "TLSv1_2016", "TLSv1.1_2016"))
        )
    elif fault == "vip":
        set_text(cert, "SSLSupportMethod", "vip")
    elif fault == "bad-alias":
        children(find(dist, "Aliases", "Items"))[0] = (
            "CNAME",
            rng.choice(("https://www.example.com/", "WWW.Example.com", "www.*.example.com")),
        )
    elif fault == "bad-bucket":
        set_text(logging, "Bucket", rng.choice(("my_logs", "Logs.s3.amazonaws.com", "ab")))
    elif fault == "bad-prefix":
        set_text(logging, "Prefix", "/logs")
    elif fault == "logging-off":
        logging[1][:] = [
            ("Enabled", "false"),
            ("IncludeCookies", "false"),
            ("Bucket", ""),
            ("Prefix", ""),
        ]
    elif fault in ("origin-http", "origin-sslv3"):
        custom = [o for o in origins if any(c[0] == "CustomOriginConfig" for c in children(o))]
        if not custom:
            return
        config = find(rng.choice(custom), "CustomOriginConfig")
        if fault == "origin-http":
            set_text(config, "OriginProtocolPolicy", "http-only")
        else:
            children(config)[3] = quantity(
                "OriginSslProtocols", "SslProtocol", ["SSLv3", "TLSv1.2"]
            )
    elif fault == "acm-region":
        set_text(cert, "ACMCertificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abc")
    elif fault == "bad-enum":
        set_text(rng.choice(behaviors), "ViewerProtocolPolicy", "https")
    elif fault == "quantity-mismatch":
        set_text(find(dist, "Aliases"), "Quantity", "3")
    elif fault == "missing-required":
        children(dist)[:] = [c for c in children(dist) if c[0] != "Comment"]
    elif fault == "unknown-element":
        children(rng.choice(behaviors)).append(("RequiredProtocols", [("Protocol", "https")]))
    elif fault == "bad-boolean":
        set_text(dist, "Enabled", "yes")
    elif fault == "unused-suppression":
        children(dist).insert(1, ("!", " cfguard: ignore[CFG303] staging "))
    elif fault == "bad-suppression":
        children(dist).insert(1, ("!", " cfguard: ignore[CFG999] typo "))


def render(node: Node, pretty: bool, depth: int = 0) -> str:
    pad = "\n" + "  " * depth if pretty else ""
    tag, body = node
    if tag == "!":
        return f"{pad}<!--{body}-->"
    if isinstance(body, str):
        return f"{pad}<{tag}>{escape(body)}</{tag}>" if body else f"{pad}<{tag}/>"
    inner = "".join(render(child, pretty, depth + 1) for child in body)
    return f"{pad}<{tag}>{inner}{pad}</{tag}>"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document(root: Node, namespace: str, pretty: bool) -> str:
    body = render(root, pretty).lstrip("\n")
    tag = root[0]
    body = body.replace(f"<{tag}>", f'<{tag} xmlns="{namespace}">', 1)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def current(rng: random.Random, name: str, faults: list[str] | None = None) -> str:
    """A current-format distribution of 2-10 KB; `faults` drawn at random unless given."""
    target, pretty = rng.randint(MIN_SIZE, MAX_SIZE), rng.random() < 0.6
    if faults is None:
        faults = [] if rng.random() < 0.5 else draw_faults(rng, rng.choice((1, 1, 2, 3)))
    state = rng.getstate()

    def build(n_behaviors: int) -> str:
        rng.setstate(state)  # the same draws whatever the number of behaviors
        dist = distribution(rng, n_behaviors, name)
        for fault in faults:
            apply_fault(rng, dist, fault)
        root: Node = dist
        if "tags" in name:
            tags = ("Tags", [("Items", [("Tag", [("Key", "team"), ("Value", "web")])])])
            root = ("DistributionConfigWithTags", [tags, dist])
        return document(root, NS_CURRENT, pretty)

    # The most behaviors that stay within the drawn size, from the size of one behavior.
    empty, one_more = len(build(0)), len(build(1))
    n_behaviors = max(0, (target - empty) // max(one_more - empty, 1))
    text = build(n_behaviors)
    if len(text) < MIN_SIZE:
        text = build(n_behaviors + 1)
    while len(text) > MAX_SIZE and n_behaviors > 0:
        n_behaviors -= 1
        text = build(n_behaviors)
    if "truncated" in faults:
        text = text[: len(text) * 2 // 3]
    if "doctype" in faults:
        entities = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        text = text.replace("\n<Dist", f"\n<!DOCTYPE x [{entities}]>\n<Dist", 1)
    return text


def legacy(rng: random.Random, name: str) -> str:
    site = f"{rng.choice(WORDS)}{rng.randrange(1000)}.{rng.choice(TLDS)}"
    origin_node: Node = (
        ("S3Origin", [("DNSName", f"{site.partition('.')[0]}.s3.amazonaws.com")])
        if rng.random() < 0.5
        else (
            "CustomOrigin",
            [
                ("DNSName", f"backend.{site}"),
                ("HTTPPort", "80"),
                ("HTTPSPort", "443"),
                ("OriginProtocolPolicy", rng.choice(("match-viewer", "http-only"))),
            ],
        )
    )
    body: list[Node] = [origin_node, ("CallerReference", f"{name}-{rng.randrange(10**9)}")]
    body += [("CNAME", f"{w}.{site}") for w in rng.sample(WORDS, rng.randint(0, 4))]
    body += [("Comment", f"{site} ({name}) " + "x" * rng.randint(1500, 4000)), ("Enabled", "true")]
    if rng.random() < 0.7:
        body.append(
            (
                "Logging",
                [("Bucket", f"{site.partition('.')[0]}-logs.s3.amazonaws.com"), ("Prefix", "cf/")],
            )
        )
    if rng.random() < 0.6:
        body.append(("RequiredProtocols", [("Protocol", "https")]))
    return document(("DistributionConfig", body), NS_LEGACY, rng.random() < 0.8)


def invalidation(rng: random.Random, name: str) -> str:
    paths = ["/*"] if rng.random() < 0.3 else []
    paths += [
        f"/{rng.choice(WORDS)}/{rng.randrange(10**6)}.html" for _ in range(rng.randint(60, 300))
    ]
    if rng.random() < 0.5:
        paths.append("images/*.png")  # CFG202: no leading slash, * not last
    root = ("InvalidationBatch", [quantity("Paths", "Path", paths), ("CallerReference", name)])
    return document(root, NS_CURRENT, True)


def foreign(rng: random.Random, name: str) -> str:
    deps = "".join(f"<dependency><artifactId>{w}</artifactId></dependency>" for w in WORDS)
    return (
        f'<project xmlns="http://maven.apache.org/POM/4.0.0"><name>{name}</name>{deps}</project>\n'
    )


def one(seed: int, index: int, legacy_share: float) -> tuple[str, str]:
    """File name and text of document `index` of the corpus of `seed`."""
    rng = random.Random(f"{seed}:{index}")
    draw = rng.random()
    if draw < legacy_share:
        return f"legacy-{index:05d}.xml", legacy(rng, f"doc{index}")
    draw = rng.random()
    if draw < 0.03:
        return f"batch-{index:05d}.xml", invalidation(rng, f"batch{index}")
    if draw < 0.04:
        return f"pom-{index:05d}.xml", foreign(rng, f"pom{index}")
    name = f"dist-tags-{index:05d}" if draw < 0.10 else f"dist-{index:05d}"
    return f"{name}.xml", current(rng, name)


def sample(seed: int, faults: list[str]) -> str:
    """One current-format distribution with exactly `faults` (none: a clean document)."""
    return current(random.Random(f"{seed}:sample"), "sample", faults)


def generate(directory: Path, count: int, seed: int = 1, legacy_share: float = 0.1) -> list[Path]:
    """Write `count` documents into `directory` (created); returns their paths in order."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = one(seed, index, legacy_share)
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--legacy-share",
        type=float,
        default=0.1,
        help="fraction of legacy flat-format distributions (default 0.1)",
    )
    args = parser.parse_args(argv)
    paths = generate(args.directory, args.count, args.seed, args.legacy_share)
    print(f"wrote {len(paths)} documents to {args.directory}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Generate a realistic, deterministic corpus of CloudFront documents for benchmarks and tests.

    python bench/generate.py OUT_DIR --count 1000 [--seed 1] [--legacy-share 0.1]
    python bench/generate.py OUT_DIR --count 1000 --syntax json            # needs botocore
    python bench/generate.py OUT_DIR --count 10000 --syntax unrelated-json

Document `i` depends only on the seed and `i`, so a corpus of 100 is the first 100 files of a
corpus of 1,000. Most files are current-format `DistributionConfig`s of 2-10 KB (a few wrapped in
`DistributionConfigWithTags`), pretty-printed like a hand-edited file or on one line like the body
an API client sends; some are legacy flat-format distributions, `InvalidationBatch`es, and XML
that is not CloudFront's (skipped). About half are clean; the others carry one to three faults
drawn from `FAULTS`: rule findings (allow-all, default certificate with aliases, weak TLS,
malformed buckets and prefixes, plaintext or SSLv3 origins), schema errors (bad enums, wrong
Quantity, missing or unknown elements), suppression comments (used, unused or invalid), and
hostile or broken inputs (a DOCTYPE with entities, truncated XML).

`--syntax json` writes the same documents as the AWS CLI's JSON (`CliJson`: the XML read by
botocore's own response parser, then written as the CLI writes it): a distribution as
`aws cloudfront get-distribution-config` prints it (`{"ETag", "DistributionConfig"}`), with tags
as `--distribution-config-with-tags` takes it, a batch as `create-invalidation --cli-input-json`
takes it, and a `package.json` where the XML corpus has a POM. botocore (a test dependency of
cfguard, not a dependency) is needed for it. `--syntax unrelated-json` writes JSON files that are
not CloudFront's (`package.json`, `tsconfig.json`, `package-lock.json`), which cfguard skips.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import string
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
ID_CHARACTERS = string.ascii_uppercase + string.digits
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
    text, faults = current_xml(rng, name, faults)
    return damaged(text, faults)


def current_xml(
    rng: random.Random, name: str, faults: list[str] | None = None
) -> tuple[str, list[str]]:
    """The well-formed XML of `current` and its faults: "truncated" and "doctype" are applied
    to the text afterwards (`damaged`), so that the JSON rendering can start from the XML."""
    target, pretty = rng.randint(MIN_SIZE, MAX_SIZE), rng.random() < 0.6
    if faults is None:
        faults = [] if rng.random() < 0.5 else draw_faults(rng, rng.choice((1, 1, 2, 3)))
    build = _builder(rng, name, faults, pretty)
    # The most behaviors that stay within the drawn size, from the size of one behavior.
    empty, one_more = len(build(0)), len(build(1))
    n_behaviors = max(0, (target - empty) // max(one_more - empty, 1))
    text = build(n_behaviors)
    if len(text) < MIN_SIZE:
        text = build(n_behaviors + 1)
    while len(text) > MAX_SIZE and n_behaviors > 0:
        n_behaviors -= 1
        text = build(n_behaviors)
    return text, faults


def _builder(
    rng: random.Random, name: str, faults: list[str], pretty: bool
) -> Callable[[int], str]:
    """The XML of the distribution drawn next from `rng`, with a given number of behaviors."""
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

    return build


def damaged(text: str, faults: list[str]) -> str:
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


class CliJson:
    """Generated XML as the AWS CLI's JSON, by botocore's own REST-XML response parser (the code
    behind `aws cloudfront get-distribution-config`) and the CloudFront model it ships, written
    as the CLI's JSON formatter writes it (`json.dumps(..., indent=4, ensure_ascii=False)` and a
    newline): the botocore member names, `Quantity`/`Items`, lists without their item elements,
    booleans and integers typed. botocore is a test dependency, not cfguard's: `CliJson()` raises
    ImportError without it."""

    def __init__(self) -> None:
        import botocore.awsrequest
        import botocore.parsers
        import botocore.session

        self._headers = botocore.awsrequest.HeadersDict  # case-insensitive, like a response's
        self.model = botocore.session.get_session().get_service_model("cloudfront")
        self.parser = botocore.parsers.RestXMLParser()
        self._get_config = self.model.operation_model("GetDistributionConfig").output_shape

    def _parse(self, xml: str, shape: Any, headers: dict[str, str] | None = None) -> Any:
        response = {"body": xml.encode(), "headers": self._headers(headers or {})}
        parsed = self.parser.parse({**response, "status_code": 200}, shape)
        parsed.pop("ResponseMetadata", None)
        return parsed

    def get_distribution_config(self, xml: str, etag: str) -> dict[str, Any]:
        """`aws cloudfront get-distribution-config` output: `{"ETag", "DistributionConfig"}`."""
        parsed: dict[str, Any] = self._parse(xml, self._get_config, {"ETag": etag})
        return parsed

    def with_tags(self, xml: str) -> dict[str, Any]:
        """A `DistributionConfigWithTags` (`--distribution-config-with-tags file://...`)."""
        parsed: dict[str, Any] = self._parse(
            xml, self.model.shape_for("DistributionConfigWithTags")
        )
        return parsed

    def invalidation(self, xml: str, distribution_id: str) -> dict[str, Any]:
        """`aws cloudfront create-invalidation --cli-input-json` input."""
        batch = self._parse(xml, self.model.shape_for("InvalidationBatch"))
        return {"DistributionId": distribution_id, "InvalidationBatch": batch}

    @staticmethod
    def render(document: dict[str, Any]) -> str:
        return json.dumps(document, indent=4, ensure_ascii=False) + "\n"

    def distribution(self, xml: str, faults: list[str], ident: str, tags: bool) -> str:
        """The JSON of one `current_xml` document, with its faults in their JSON form.

        botocore's parser keeps what CloudFront's schema would refuse if it is typed right (an
        unknown enum value, a wrong Quantity, a missing member), but reads any boolean but
        "true" as false and drops unknown elements and comments: those faults are put back in
        the JSON (`"Enabled": "yes"`, an unknown member). JSON has no comments, so a suppression
        comment has no JSON form (the finding it suppressed stays). A truncated document is cut
        at the same share of its JSON; the DOCTYPE, which JSON has not, becomes the broken JSON
        file an editor writes most: one that starts with a UTF-8 byte order mark (CFG001)."""
        document = self.with_tags(xml) if tags else self.get_distribution_config(xml, ident)
        config = document["DistributionConfig"]
        if "bad-boolean" in faults:
            config["Enabled"] = "yes"
        if "unknown-element" in faults:
            config["DefaultCacheBehavior"]["RequiredProtocols"] = {"Protocol": "https"}
        text = self.render(document)
        if "truncated" in faults:
            text = text[: len(text) * 2 // 3]
        if "doctype" in faults:
            text = "\ufeff" + text
        return text


def cloudfront_id(rng: random.Random) -> str:
    """An ETag or distribution Id: E and 13 letters and digits (E2QWRUHEXAMPLE)."""
    return "E" + "".join(rng.choices(ID_CHARACTERS, k=13))


def one_json(cli: CliJson, seed: int, index: int) -> tuple[str, str]:
    """File name and text of document `index` of the JSON corpus of `seed`: the JSON rendering
    of document `index` of the XML corpus of `seed` with no legacy documents (the 2010 API has
    no JSON form), the XML that is not CloudFront's replaced by a `package.json`."""
    rng = random.Random(f"{seed}:{index}")
    rng.random()  # the legacy draw of `one`
    ident = cloudfront_id(random.Random(f"{seed}:{index}:id"))
    draw = rng.random()
    if draw < 0.03:
        xml = invalidation(rng, f"batch{index}")
        return f"batch-{index:05d}.json", cli.render(cli.invalidation(xml, ident))
    if draw < 0.04:
        return f"package-{index:05d}.json", package_json(rng, f"pkg{index}")
    name = f"dist-tags-{index:05d}" if draw < 0.10 else f"dist-{index:05d}"
    xml, faults = current_xml(rng, name)
    return f"{name}.json", cli.distribution(xml, faults, ident, "tags" in name)


def cli_sample(cli: CliJson, seed: int, faults: list[str], size: int = 5000) -> str:
    """The `get-distribution-config` output of the distribution of `sample(seed, faults)`, with
    the number of cache behaviors that brings it nearest `size` bytes."""
    rng = random.Random(f"{seed}:sample")
    rng.randint(MIN_SIZE, MAX_SIZE)  # the size `current` draws, not used here
    build = _builder(rng, "sample", faults, rng.random() < 0.6)
    ident = cloudfront_id(random.Random(f"{seed}:sample:id"))
    texts = [cli.distribution(build(n), faults, ident, tags=False) for n in range(16)]
    return min(texts, key=lambda text: abs(len(text.encode()) - size))


#: npm package names for the unrelated JSON files.
PACKAGES = (
    *("react", "react-dom", "lodash", "express", "typescript", "eslint", "jest", "webpack"),
    *("axios", "chalk", "commander", "debug", "semver", "uuid", "yargs", "vite", "prettier"),
    *("rimraf", "glob", "minimist", "dotenv", "zod", "tslib", "rxjs", "classnames", "ms"),
    *("@types/node", "@babel/core", "@babel/runtime", "postcss", "ws", "qs", "mime-types"),
)
TS_OPTIONS: dict[str, tuple[object, str]] = {
    "target": ("es2022", "Set the JavaScript language version for emitted JavaScript."),
    "lib": (["dom", "es2022"], "Specify a set of bundled library declaration files."),
    "module": ("nodenext", "Specify what module code is generated."),
    "moduleResolution": ("nodenext", "Specify how TypeScript looks up a file."),
    "rootDir": ("./src", "Specify the root folder within your source files."),
    "outDir": ("./dist", "Specify an output folder for all emitted files."),
    "declaration": (True, "Generate .d.ts files from TypeScript and JavaScript files."),
    "sourceMap": (True, "Create source map files for emitted JavaScript files."),
    "esModuleInterop": (True, "Emit additional JavaScript to ease support for CommonJS."),
    "strict": (True, "Enable all strict type-checking options."),
    "skipLibCheck": (True, "Skip type checking all .d.ts files."),
    "resolveJsonModule": (True, "Enable importing .json files."),
    "noUnusedLocals": (True, "Enable error reporting when local variables aren't read."),
    "jsx": ("react-jsx", "Specify what JSX code is generated."),
    "baseUrl": (".", "Specify the base directory to resolve non-relative module names."),
}


def _version(rng: random.Random) -> str:
    return f"{rng.randint(0, 20)}.{rng.randint(0, 30)}.{rng.randint(0, 12)}"


def _dependencies(rng: random.Random, count: int) -> dict[str, str]:
    names = sorted(rng.sample(PACKAGES, count))
    return {name: rng.choice(("^", "~", "")) + _version(rng) for name in names}


def package_json(rng: random.Random, name: str) -> str:
    """A `package.json` as npm writes it (2-space indent), 0.5-2 KB."""
    scope = rng.choice(WORDS)
    document: dict[str, object] = {
        "name": f"@{scope}/{name}",
        "version": _version(rng),
        "description": f"The {scope} {name} package",
        "main": "dist/index.js",
        "types": "dist/index.d.ts",
        "scripts": {
            "build": "tsc -p .",
            "test": rng.choice(("jest", "vitest run", "node --test")),
            "lint": "eslint . --ext .ts",
        },
        "keywords": rng.sample(WORDS, rng.randint(0, 4)),
        "author": f"{scope} team <{scope}@{rng.choice(TLDS)}>",
        "license": rng.choice(("MIT", "Apache-2.0", "ISC")),
        "repository": {"type": "git", "url": f"git+https://github.com/{scope}/{name}.git"},
        "dependencies": _dependencies(rng, rng.randint(0, 12)),
        "devDependencies": _dependencies(rng, rng.randint(0, 10)),
        "engines": {"node": f">={rng.choice((16, 18, 20))}"},
    }
    return json.dumps(document, indent=2) + "\n"


def tsconfig_json(rng: random.Random) -> str:
    """A `tsconfig.json`, 0.3-2 KB; like `tsc --init` writes them, some with comments (JSONC,
    which a JSON parser refuses: a skipped file is never parsed)."""
    options = {key: TS_OPTIONS[key][0] for key in rng.sample(list(TS_OPTIONS), rng.randint(4, 15))}
    document = {
        "compilerOptions": options,
        "include": ["src/**/*"],
        "exclude": ["node_modules", "dist", *(["**/*.test.ts"] if rng.random() < 0.5 else [])],
    }
    if rng.random() < 0.6:
        return json.dumps(document, indent=2) + "\n"
    lines = [
        "{",
        "  // Visit https://aka.ms/tsconfig to read more about this file",
        '  "compilerOptions": {',
    ]
    for i, (key, value) in enumerate(options.items()):
        comma = "," if i < len(options) - 1 else ""
        lines.append(
            f"    {json.dumps(key)}: {json.dumps(value)}{comma}  /* {TS_OPTIONS[key][1]} */"
        )
    lines.append("  },")
    lines.append(f'  "include": {json.dumps(document["include"])},')
    lines.append(f'  "exclude": {json.dumps(document["exclude"])}')
    return "\n".join([*lines, "}", ""])


def lock_json(rng: random.Random, name: str) -> str:
    """A `package-lock.json` (lockfile version 3) of 20-250 packages, about 6-80 KB."""
    root = {"name": name, "version": _version(rng), "license": "MIT"}
    packages: dict[str, dict[str, object]] = {
        "": {**root, "dependencies": _dependencies(rng, rng.randint(1, 8))}
    }
    for _ in range(rng.randint(20, 250)):
        package = rng.choice(PACKAGES)
        key = f"node_modules/{package}"
        while key in packages:
            key = f"node_modules/{rng.choice(PACKAGES)}/{key}"
        version = _version(rng)
        entry: dict[str, object] = {
            "version": version,
            "resolved": f"https://registry.npmjs.org/{package}/-/"
            f"{package.rpartition('/')[2]}-{version}.tgz",
            "integrity": "sha512-" + base64.b64encode(rng.randbytes(64)).decode(),
        }
        if rng.random() < 0.4:
            entry["dev"] = True
        if rng.random() < 0.5:
            entry["dependencies"] = _dependencies(rng, rng.randint(1, 4))
        if rng.random() < 0.3:
            entry["engines"] = {"node": ">=14"}
        packages[key] = entry
    document = {**root, "lockfileVersion": 3, "requires": True, "packages": packages}
    return json.dumps(document, indent=2) + "\n"


def unrelated(seed: int, index: int) -> tuple[str, str]:
    """File name and text of unrelated JSON file `index` of `seed`: 65% `package.json`, 30%
    `tsconfig.json`, 5% `package-lock.json`, none of which names a CloudFront member."""
    rng = random.Random(f"{seed}:unrelated:{index}")
    draw = rng.random()
    if draw < 0.65:
        return f"package-{index:05d}.json", package_json(rng, f"pkg{index}")
    if draw < 0.95:
        return f"tsconfig-{index:05d}.json", tsconfig_json(rng)
    return f"package-lock-{index:05d}.json", lock_json(rng, f"app{index}")


def _write(directory: Path, count: int, one_file: Callable[[int], tuple[str, str]]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = one_file(index)
        path = directory / name
        path.write_bytes(text.encode())  # the bytes as written, whatever the platform
        paths.append(path)
    return paths


def generate_json(
    directory: Path, count: int, seed: int = 1, cli: CliJson | None = None
) -> list[Path]:
    """Write the JSON corpus of `count` documents (needs botocore); returns their paths."""
    converter = cli or CliJson()
    return _write(directory, count, lambda index: one_json(converter, seed, index))


def generate_unrelated(directory: Path, count: int, seed: int = 1) -> list[Path]:
    """Write `count` unrelated JSON files (package.json-, tsconfig- and lock-file-like)."""
    return _write(directory, count, lambda index: unrelated(seed, index))


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
        help="fraction of legacy flat-format distributions (default 0.1; XML only)",
    )
    parser.add_argument(
        "--syntax",
        choices=("xml", "json", "unrelated-json"),
        default="xml",
        help="xml: the corpus; json: the same documents as the AWS CLI's JSON (needs botocore); "
        "unrelated-json: package.json-, tsconfig- and lock-file-like files",
    )
    args = parser.parse_args(argv)
    if args.syntax == "json":
        try:
            cli = CliJson()
        except ImportError:
            print("the JSON corpus needs botocore: pip install botocore==1.44.8", file=sys.stderr)
            return 2
        paths = generate_json(args.directory, args.count, args.seed, cli)
    elif args.syntax == "unrelated-json":
        paths = generate_unrelated(args.directory, args.count, args.seed)
    else:
        paths = generate(args.directory, args.count, args.seed, args.legacy_share)
    print(f"wrote {len(paths)} {args.syntax} files to {args.directory}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

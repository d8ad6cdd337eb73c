"""Alternate domain names (aliases, CNAMEs): names CloudFront accepts and can serve, and how many.

Requirements: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html
(lowercase; covered by a certificate from a trusted CA), wildcards:
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/alternate-domain-names-wildcard.html
DNS name syntax (labels of letters, digits and '-', 63 and 253 octets): RFC 1035 §2.3.1 and
RFC 1123 §2.1; internationalized names travel as Punycode A-labels (RFC 5890).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cfguard.checks.context import Context
from cfguard.core.document import Dialect
from cfguard.core.findings import Hit
from cfguard.core.fixes import Fix, safe_fix
from cfguard.core.message import Item, Noun, Text, joined, message
from cfguard.model import Distribution, Value

#: 2010-11-01 API: CNAME 0..10; the 11th is answered with TooManyDistributionCNAMEs (2010-11-01 API
#: reference, DistributionConfig; docs/cloudfront.md).
LEGACY_MAX_CNAMES = 10
LABEL_MAX = 63
NAME_MAX = 253
# Characters a DNS label may hold once lowercased (RFC 1123). `_` is left alone: it is not a host
# name character, but cfguard has no evidence of what CloudFront does with it.
_LABEL_CHARS = re.compile(r"^[a-z0-9_-]+$")
# Format, control and separator characters: invisible in an editor or a console, so a name that
# holds one looks right and is not (U+200B ZERO WIDTH SPACE, U+00AD SOFT HYPHEN, U+FEFF ...).
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cn", "Zl", "Zp"})
_IPV4_CHARS = frozenset("0123456789.")
#: One alternate domain name: `CNAME` in XML, in both formats.
_CNAME = Item("Aliases", "CNAME")


def alias_format(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    first_seen: dict[str, int] = {}
    for alias in dist.aliases:
        if alias.is_unknown:
            continue  # what a variable holds is judged where it is decided
        problems = alias_problems(alias.value)
        # The same name twice, whatever its case or a final dot (DNS names compare that way).
        key = alias.value.lower().rstrip(".")
        if key and key in first_seen:
            problems.append(
                f"it is listed twice (first on line {first_seen[key]}) and CloudFront takes each "
                "alternate domain name once: remove this one"
            )
        elif key:
            first_seen[key] = alias.location.line
        if problems:
            shown = f'alias "{alias.value}"' if alias.value else "an empty alias"
            yield Hit(
                alias.location,
                message(f"{shown}: ", joined("; ", problems)),
                fix=_lowercased(alias, problems),
            )
    yield from _too_many(dist, ctx)


def _lowercased(alias: Value[str], problems: list[Text]) -> Fix | None:
    """An alias whose only fault is its case: the lowercase name (safe: DNS names compare
    without case, so it names the same host)."""
    lower = alias.value.lower()
    if lower == alias.value or len(problems) != 1 or alias_problems(lower):
        return None
    return safe_fix("write the alias in lowercase", alias.location, lower)


def alias_problems(name: str) -> list[Text]:
    """What CloudFront objects to in one alternate domain name, each with its fix."""
    if not name:
        return [message("a ", _CNAME, " must name a domain; remove the empty ", Noun("entry"))]
    problems: list[Text] = []
    invisible = [
        char
        for char in name
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES and not char.isspace()
    ]
    if invisible:
        named = ", ".join(dict.fromkeys(_describe(char) for char in invisible))
        problems.append(f"it contains an invisible character ({named}); delete it")
        name = "".join(char for char in name if char not in invisible)
    if _is_ip_address(name):
        return [
            *problems,
            "an IP address is not an alternate domain name; use a domain name whose DNS record "
            "points at the distribution",
        ]
    if "://" in name or "/" in name or ":" in name or any(c.isspace() for c in name):
        return [*problems, "an alias is a bare domain name, without scheme, path, port or spaces"]
    if name != name.lower():
        problems.append(f"aliases must be lowercase: use {name.lower()}")
        name = name.lower()
    if name.endswith(".") and name.strip("."):
        # A fully qualified name's final dot: DNS knows it, CloudFront does not take it.
        name = name.rstrip(".")
        problems.append(f"it ends with '.'; give the name without the final dot: {name}")
    if not name.isascii():
        ascii_name = _punycode(name)
        if ascii_name is None:
            problems.append(
                "it contains non-ASCII characters that are not a valid internationalized domain "
                "name; CloudFront takes a name in ASCII (Punycode for an internationalized one)"
            )
            return problems
        problems.append(
            "it contains non-ASCII characters; CloudFront takes an internationalized name in "
            f"its Punycode form: use {ascii_name}"
        )
        name = ascii_name
    if "*" in name and not _valid_wildcard(name):
        problems.append("a wildcard is only allowed as the whole first label, as in *.example.com")
        return problems
    return problems + _name_problems(name)


def _name_problems(name: str) -> list[Text]:
    """DNS syntax of a lowercase ASCII name (a valid leading `*.` allowed)."""
    wildcard = name.startswith("*.")
    rest = name[2:] if wildcard else name
    labels = rest.split(".")
    problems: list[Text] = []
    if len(name) > NAME_MAX:
        problems.append(f"it is {len(name)} characters long; a domain name has at most {NAME_MAX}")
    if "" in labels:
        where = "it starts with '.'" if rest.startswith(".") else "it has '..'"
        fixed = ".".join(label for label in labels if label)
        if not fixed:
            return ["it names no domain, only dots; give a domain name such as www.example.com"]
        problems.append(f"{where}, an empty label; use {'*.' if wildcard else ''}{fixed}")
        labels = [label for label in labels if label]
    if len(labels) == 1:
        if wildcard:
            problems.append(
                f"the wildcard {name} would cover a whole top-level domain; a wildcard covers "
                "names under a domain of your own, as in *.example.com"
            )
        else:
            problems.append(
                f"{name} is a single label, not a full domain name; use a name under a domain "
                "you own, such as www.example.com"
            )
    for label in labels:
        problems.extend(_label_problems(label))
    return problems


def _label_problems(label: str) -> list[Text]:
    shown = label if len(label) <= 24 else label[:20] + "..."
    if len(label) > LABEL_MAX:
        return [f'label "{shown}" is {len(label)} characters long; a label has at most {LABEL_MAX}']
    if not _LABEL_CHARS.match(label):
        bad = sorted({char for char in label if not _LABEL_CHARS.match(char)})
        listed = " and ".join(repr(char) for char in bad[:5])
        return [f'label "{shown}" contains {listed}; use letters, digits and "-" only']
    if label.startswith("-") or label.endswith("-"):
        end = "starts" if label.startswith("-") else "ends"
        return [f'label "{shown}" {end} with "-"; a label begins and ends with a letter or digit']
    return []


def _valid_wildcard(name: str) -> bool:
    rest = name[2:]
    return name.startswith("*.") and bool(rest) and "*" not in rest and not rest.startswith(".")


def _is_ip_address(name: str) -> bool:
    text = name.strip("[]")
    if ":" not in text and not set(text) <= _IPV4_CHARS:
        return False  # neither IPv6 (it has colons) nor IPv4 (digits and dots only)
    import ipaddress  # ~1 ms at start-up: only for a name that may be an address

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _punycode(name: str) -> str | None:
    """The ASCII (A-label) form of an internationalized name, or None if it has none."""
    try:
        return ".".join(
            label.encode("idna").decode("ascii") if label and not label.isascii() else label
            for label in name.split(".")
        )
    except UnicodeError:
        return None


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


def _too_many(dist: Distribution, ctx: Context) -> Iterator[Hit]:
    count = len(dist.aliases)
    if dist.aliases_location is None:
        return
    if dist.dialect is Dialect.LEGACY:
        if count > LEGACY_MAX_CNAMES:
            yield Hit(
                dist.aliases_location,
                message(
                    f"{count} ",
                    _CNAME,
                    f" elements; this API allows at most {LEGACY_MAX_CNAMES} and answers "
                    "TooManyDistributionCNAMEs; split the names across distributions",
                ),
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

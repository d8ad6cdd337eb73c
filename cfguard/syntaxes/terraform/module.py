"""What the whole module says about the certificates a distribution uses: the
`aws_acm_certificate` resources (the names each covers, the provider it is created with), the
`aws_acm_certificate_validation` resources that stand for one, and the region of each
`provider "aws"` configuration. Read from every file of the module (a directory's `.tf` and
`.tf.json` files: `neighbours`), so a certificate in `acm.tf` counts for a distribution in
`cdn.tf`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from cfguard.core.findings import Location
from cfguard.model import Value
from cfguard.syntaxes.terraform.cursor import At
from cfguard.syntaxes.terraform.tree import TfBlock, TfFile

CERTIFICATE = "aws_acm_certificate"
VALIDATION = "aws_acm_certificate_validation"
DEFAULT_PROVIDER = "aws"


class CertificateFacts(NamedTuple):
    address: str
    #: `domain_name` and `subject_alternative_names` (each may be unknown).
    names: tuple[Value[str], ...]
    #: The provider configuration it is created with: "aws" (the default one) or
    #: "aws.<alias>"; None when the file gives an expression cfguard does not follow.
    provider: str | None
    location: Location
    #: The file it is in, when not the distribution's (for messages).
    file: str | None


class ModuleFacts(NamedTuple):
    certificates: dict[str, CertificateFacts]
    #: `aws_acm_certificate_validation.<name>` -> the certificate address it validates.
    validations: dict[str, str]
    #: "aws" / "aws.<alias>" -> its `region` (unknown for a variable); None: it sets none.
    providers: dict[str, Value[str] | None]
    #: What an override file of the module sets (resource addresses, provider keys): Terraform
    #: merges it into the block it overrides, so what the other files say of it is not final.
    overridden: frozenset[str] = frozenset()

    def merged(self, other: ModuleFacts) -> ModuleFacts:
        overridden = self.overridden | other.overridden
        certificates = {**other.certificates, **self.certificates}
        providers = {**other.providers, **self.providers}
        return ModuleFacts(
            {k: v for k, v in certificates.items() if k not in overridden},
            {**other.validations, **self.validations},
            {k: v for k, v in providers.items() if k not in overridden},
            overridden,
        )


EMPTY = ModuleFacts({}, {}, {})


def is_override(name: str) -> bool:
    """`override.tf`, `*_override.tf` and their `.tf.json` forms: Terraform's override files,
    merged into the blocks of the module's other files that they name."""
    base = name.lower().removesuffix(".json").removesuffix(".tf")
    return base == "override" or base.endswith("_override")


def _overrides(file: TfFile) -> ModuleFacts:
    """What an override file changes: every resource and provider it names, unknown."""
    named: set[str] = set()
    for block in file.blocks:
        if block.type == "resource" and len(block.labels) == 2:
            named.add(".".join(block.labels))
        elif block.type == "provider" and block.labels == (DEFAULT_PROVIDER,):
            at = _top(file, block, "provider.aws")
            alias = at.text("alias")
            known = alias is None or not alias.is_unknown
            named.add(DEFAULT_PROVIDER if alias is None or not known else f"aws.{alias.value}")
    return ModuleFacts({}, {}, {}, frozenset(named))


def facts(file: TfFile, name: str | None = None) -> ModuleFacts:
    """What one file says; `name` is the file's name when it is a neighbour."""
    if name is not None and is_override(name):
        return _overrides(file)
    certificates: dict[str, CertificateFacts] = {}
    validations: dict[str, str] = {}
    providers: dict[str, Value[str] | None] = {}
    for block in file.blocks:
        if block.type == "provider" and block.labels == (DEFAULT_PROVIDER,):
            at = _top(file, block, "provider.aws")
            alias = at.text("alias")
            if alias is not None and alias.is_unknown:
                continue
            key = DEFAULT_PROVIDER if alias is None else f"{DEFAULT_PROVIDER}.{alias.value}"
            providers[key] = at.text("region")
        elif block.type == "resource" and len(block.labels) == 2:
            kind, label = block.labels
            address = f"{kind}.{label}"
            if kind == CERTIFICATE:
                certificates[address] = _certificate(file, block, address, name)
            elif kind == VALIDATION:
                at = _top(file, block, address)
                arn = at.child("certificate_arn")
                target = certificate_named(arn.node.references if arn is not None else ())
                if target is not None:
                    validations[address] = target
    return ModuleFacts(certificates, validations, providers)


def certificate_named(references: Iterable[str]) -> str | None:
    """The certificate (or validation) resource a reference names:
    `aws_acm_certificate.site.arn` -> `aws_acm_certificate.site`
    (`module.cdn.aws_acm_certificate.site` in a plan's child module)."""
    for reference in references:
        parts = reference.split(".")
        for index, part in enumerate(parts[:-1]):
            if part in (CERTIFICATE, VALIDATION):  # after a plan's module path, if any
                return ".".join([*parts[:index], part, parts[index + 1].split("[")[0]])
    return None


def _top(file: TfFile, block: TfBlock, address: str) -> At:
    return At(file.source, block.body, address, address, block.key, address)


def _certificate(file: TfFile, block: TfBlock, address: str, name: str | None) -> CertificateFacts:
    at = _top(file, block, address)
    names: list[Value[str]] = []
    domain = at.text("domain_name")
    names.extend([domain] if domain is not None else [])
    names.extend(at.texts("subject_alternative_names") or ())
    provider = at.child("provider")
    chosen: str | None = DEFAULT_PROVIDER
    if provider is not None:
        written = provider.expression if provider.is_unknown else provider.string()
        text = written.value if isinstance(written, Value) else written
        chosen = text.strip() if text and text.strip().startswith("aws") else None
    return CertificateFacts(address, tuple(names), chosen, at.location(), name)

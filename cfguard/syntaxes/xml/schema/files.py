"""Which XSD file a document needs, its text, and the XSD 1.0 form of a 1.1 schema.

The schemas are data: the wheel carries them as `cfguard/_data/schemas` (hatchling's
force-include), a source checkout or editable install has them at `<repo>/schemas`;
`cfguard.core.resources.data_dir` looks in that order.
"""

from __future__ import annotations

import functools
import os

from lxml import etree

from cfguard.core.document import CURRENT_VERSION, NAMESPACE_PREFIX, Dialect, DocumentType
from cfguard.core.resources import data_dir

XSD_NAMESPACE = "http://www.w3.org/2001/XMLSchema"
VERSIONING_NAMESPACE = "http://www.w3.org/2007/XMLSchema-versioning"
#: The one legacy schema; every flat-format namespace (2010-07-15 ... 2012-03-15) uses it.
LEGACY_SCHEMA_VERSION = "2010-11-01"


class SchemaFileError(RuntimeError):
    """A schema file is missing or unreadable: an installation problem, not a document's."""


def schema_directory() -> str:
    try:
        return data_dir("schemas")
    except FileNotFoundError as error:
        raise SchemaFileError(str(error)) from None


def schema_text(doc_type: DocumentType) -> str:
    """The XSD 1.1 text that validates `doc_type`, in the document's own namespace.

    The legacy file is written for 2010-11-01; a document in another flat-format namespace gets
    a copy whose namespace is substituted. So does the configuration inside a response of an
    older Quantity/Items version (2012-05-05 ...: `detect.RESPONSE_FIRST`), with the 2020-05-31
    file: it is what an update sends back, and must be valid today. The namespace URI appears
    in each file only as the target and default namespace, so a plain replacement is exact.
    """
    return _schema_text(doc_type.dialect, doc_type.api_version)


@functools.cache
def _schema_text(dialect: Dialect, api_version: str) -> str:
    version = LEGACY_SCHEMA_VERSION if dialect is Dialect.LEGACY else CURRENT_VERSION
    path = os.path.join(schema_directory(), f"cloudfront-{version}.xsd")
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except OSError as error:
        raise SchemaFileError(f"cannot read schema {path}: {error.strerror}") from None
    if api_version != version:
        text = text.replace(f"{NAMESPACE_PREFIX}{version}/", f"{NAMESPACE_PREFIX}{api_version}/")
    return text


def xsd10_document(xsd11_text: str) -> etree._ElementTree:
    """Derive the XSD 1.0 form libxml2 accepts from an XSD 1.1 schema.

    Only 1.1 additions that the generated schema uses are removed: `xs:assert` (checked in Python
    instead) and the 1.1-only attributes. Anything else 1.1-only (such as `maxOccurs > 1` inside
    `xs:all`) makes libxml2 refuse the schema, which is a bug to fix here, not to hide.
    """
    root = etree.fromstring(xsd11_text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    for assertion in root.findall(f".//{{{XSD_NAMESPACE}}}assert"):
        parent = assertion.getparent()
        if parent is not None:
            parent.remove(assertion)
    for name in list(root.attrib):
        if name == "xpathDefaultNamespace" or name.startswith(f"{{{VERSIONING_NAMESPACE}}}"):
            del root.attrib[name]
    return etree.ElementTree(root)

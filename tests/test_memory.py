"""No document outlives its report: results, and the models cfguard caches for a whole run
(baselines, invalidation batches), hold no parsed tree."""

from __future__ import annotations

import gc
from pathlib import Path

from lxml import etree

from cfguard.change.evidence import load_file
from cfguard.engine import lint
from cfguard.rules.registry import all_rules
from cfguard.rules.settings import Settings
from cfguard.syntaxes.xml.source import SourceDocument
from tests.conftest import REPO

INSECURE = REPO / "examples" / "insecure-distribution.xml"


def reaches_a_tree(root: object) -> bool:
    """Whether a parsed document is reachable from `root` through object references."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, type):
            continue
        seen.add(id(item))
        if isinstance(item, (SourceDocument, etree._ElementTree, etree._Element)):
            return True
        stack.extend(gc.get_referents(item))
    return False


def test_a_result_holds_no_tree() -> None:
    settings = Settings(enabled=frozenset(rule.id for rule in all_rules()))
    result = lint(INSECURE.read_bytes(), str(INSECURE), settings)
    assert result.findings
    assert not reaches_a_tree(result)


def test_a_cached_invalidation_batch_holds_no_tree(tmp_path: Path) -> None:
    batch = tmp_path / "flush.xml"
    batch.write_text(
        '<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
        "<Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths>"
        "<CallerReference>r1</CallerReference></InvalidationBatch>",
        encoding="utf-8",
    )
    loaded = load_file(str(batch))
    assert not isinstance(loaded, Exception)
    assert loaded.model is not None
    assert not reaches_a_tree(loaded)
    # ...and its locations are still there to point at.
    assert loaded.model.paths_location.xpath == "/InvalidationBatch/Paths"

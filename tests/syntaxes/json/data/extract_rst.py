"""Extract the JSON documents of the aws-cli `.rst` examples into this directory.

Run once by hand (never by the tests, which must not read ../shared):

    python tests/syntaxes/json/data/extract_rst.py ../shared/input-samples/aws-cli-json

Each block is the `.rst` line range that ../shared/input-samples/PROVENANCE.md gives (1-based,
inclusive), with the 4 spaces of the literal block's indentation stripped from each line; the
output is `<rst stem>-<n>.json`, n counting the blocks of that file from 1. Nothing else is
changed: the text is the example's, byte for byte, less the indentation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BLOCKS = {
    "aws-cli-examples-create-distribution-with-tags.rst": [(15, 126), (130, 243)],
    "aws-cli-examples-create-distribution.rst": [
        (11, 124),
        (136, 233),
        (246, 300),
        (304, 425),
        (438, 494),
        (498, 623),
    ],
    "aws-cli-examples-create-invalidation-for-distribution-tenant.rst": [(11, 27)],
    "aws-cli-examples-create-invalidation.rst": [(11, 28), (38, 47), (51, 68)],
    "aws-cli-examples-get-distribution-config.rst": [(10, 110)],
    "aws-cli-examples-get-distribution.rst": [(10, 122)],
    "aws-cli-examples-get-invalidation-for-distribution-tenant.rst": [(11, 27)],
    "aws-cli-examples-get-invalidation.rst": [(10, 26)],
    "aws-cli-examples-list-distributions-by-connection-mode.rst": [(10, 113)],
    "aws-cli-examples-list-distributions.rst": [(9, 110)],
    "aws-cli-examples-list-invalidations.rst": [(10, 24)],
    "aws-cli-examples-update-distribution.rst": [(11, 137), (154, 251), (255, 367)],
}


def main(source: Path) -> None:
    here = Path(__file__).resolve().parent
    for name, ranges in BLOCKS.items():
        lines = (source / name).read_text(encoding="utf-8").splitlines(keepends=True)
        for number, (first, last) in enumerate(ranges, start=1):
            block = lines[first - 1 : last]
            assert all(line.startswith("    ") or not line.strip() for line in block), name
            text = "".join(line[4:] if line.strip() else line.lstrip(" ") for line in block)
            json.loads(text)  # every block is one JSON document
            (here / f"{name.removesuffix('.rst')}-{number}.json").write_text(text)


if __name__ == "__main__":
    main(Path(sys.argv[1]))

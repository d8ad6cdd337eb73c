"""The syntax seam (issue 13): XML is a `Syntax` like any other, the engine and the directory
scan reach it only through the registry, and a file may hold several distributions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from cfguard import syntaxes
from cfguard.core.findings import Hit, Location
from cfguard.core.fixes import Edit
from cfguard.core.message import Spelling
from cfguard.engine import lint
from cfguard.inputs import Input, expand
from cfguard.model import Behavior, Document, ViewerProtocol
from cfguard.rules.settings import Settings
from cfguard.syntaxes import Comment, Detected, Head, Refused, Skipped, get_syntax
from tests.conftest import REPO
from tests.model_builders import CURRENT, insecure
from tests.test_architecture import import_graph

XML = get_syntax("xml")
CLEAN = (REPO / "examples" / "secure-distribution.xml").read_bytes()


def _never(path: str) -> Head:
    def head() -> bytes:
        raise AssertionError(f"{path} was opened to be sniffed")

    return head


@pytest.mark.parametrize("name", ["dist.xml", "dir/DIST.XML", "a.b.Xml"])
def test_xml_claims_every_xml_file_by_name_alone(name: str) -> None:
    assert XML.claims(name, _never(name))


@pytest.mark.parametrize("name", ["dist.json", "template.yaml", "main.tf", "xml", "dist.xml~"])
def test_xml_claims_no_other_file(name: str) -> None:
    assert not XML.claims(name, _never(name))


def test_xml_parses_a_document_into_one_distribution_without_an_address() -> None:
    tree = XML.parse(CLEAN)
    assert not isinstance(tree, Refused)
    [document] = XML.documents(tree)
    assert isinstance(document, Detected)
    assert document.address is None
    assert (document.type.kind.value, document.type.api_version) == (
        "DistributionConfig",
        "2020-05-31",
    )
    model = XML.adapt(document)
    assert model is not None
    assert model.address is None


def test_xml_refuses_broken_bytes_as_cfg001_at_their_line_and_column() -> None:
    refused = XML.parse(b"<DistributionConfig>\n  <Comment>x</Commnt>\n</DistributionConfig>")
    assert isinstance(refused, Refused)
    assert refused.rule_id == "CFG001"
    assert (refused.hit.location.line, refused.hit.location.column) == (2, 22)


def test_xml_skips_other_xml_and_refuses_an_unknown_version_as_cfg002() -> None:
    pom = XML.parse(b"<project><modelVersion>4.0.0</modelVersion></project>")
    assert not isinstance(pom, Refused)
    assert XML.documents(pom) == (Skipped("root element <project> is not a CloudFront document"),)
    old = XML.parse(
        b'<DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/1999-01-01/"/>'
    )
    assert not isinstance(old, Refused)
    [refused] = XML.documents(old)
    assert isinstance(refused, Refused)
    assert refused.rule_id == "CFG002"
    assert refused.hit.location.line == 1


def test_a_clean_xml_document_is_not_read_for_directives() -> None:
    tree = XML.parse(CLEAN.replace(b"cfguard", b"a linter"))
    assert not isinstance(tree, Refused)
    assert XML.comments(tree) is None


def test_the_engine_and_the_suppressions_reach_no_syntax_but_through_the_registry() -> None:
    graph = import_graph()
    for module in ("cfguard.engine", "cfguard.suppressions", "cfguard.inputs"):
        through = sorted(t for t in graph[module] if t.startswith("cfguard.syntaxes.xml."))
        # The size limit inputs reads up to is `cfguard.core.limits`': a run over JSON files and
        # templates never loads the XML syntax (nor lxml).
        assert through == [], module


class ToySyntax:
    """A made-up syntax: `*.json` files starting `{"toy"`, one distribution per `dist NAME`
    line after the first, whose default behavior accepts HTTP at that line."""

    @property
    def name(self) -> str:
        return "toy"

    def claims(self, path: str, head: Head) -> bool:
        return path.endswith(".json") and head().startswith(b'{"toy"')

    def parse(self, data: bytes) -> list[str] | Refused:
        if b"\0" in data:
            return Refused("CFG001", Hit(Location(1, 1, "/"), "a NUL byte"))
        return data.decode().splitlines()

    def documents(
        self, tree: list[str], path: str | None = None
    ) -> Sequence[Detected[int] | Skipped | Refused]:
        found: list[Detected[int] | Skipped | Refused] = []
        for number, line in enumerate(tree[1:], start=2):
            if line.startswith("dist "):
                found.append(Detected(line.split()[1], CURRENT, number))
            else:
                found.append(Skipped(f"{line} is not a distribution"))
        return found

    def validate(self, document: Detected[int], settings: Settings) -> Iterable[Hit]:
        return ()

    def adapt(self, document: Detected[int]) -> Document | None:
        at = Location(document.node, 1, f"/{document.address}")
        allow = ViewerProtocol.ALLOW_ALL
        behavior = Behavior(
            "default", f"{document.address}'s default behavior", None, allow, at, "web"
        )
        return insecure(address=document.address)._replace(behaviors=(behavior,))

    def comments(self, tree: list[str]) -> Sequence[Comment] | None:
        return None

    def source_lines(self, data: bytes, tree: list[str] | None, wanted: set[int]) -> dict[int, str]:
        return {n: tree[n - 1] for n in wanted} if tree else {}

    @property
    def spelling(self) -> Spelling:
        return XML.spelling

    def literal_edit(self, text: str, start: int, end: int, value: str) -> Edit | None:
        return None  # a line of the toy syntax is a name, not a value


SYNTAX: syntaxes.Syntax[list[str], int] = ToySyntax()


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(syntaxes, "SYNTAXES", {"toy": __name__, **syntaxes.SYNTAXES})


def test_one_file_can_hold_several_distributions(toy: None) -> None:
    data = b'{"toy": 1}\ndist Site\nbucket Logs\ndist Api\n'
    result = lint(data, "stack.json", Settings(enabled=frozenset({"CFG101"})), keep_lines=True)
    fix = "accepts plain HTTP (ViewerProtocolPolicy allow-all); use redirect-to-https or https-only"
    # Each message says which distribution of the file it is about.
    assert [(f.rule_id, f.location.line, f.message) for f in result.findings] == [
        ("CFG101", 2, f"distribution Site: Site's default behavior {fix}"),
        ("CFG101", 4, f"distribution Api: Api's default behavior {fix}"),
    ]
    assert result.skipped is None
    assert result.lines == {2: "dist Site", 4: "dist Api"}


def test_a_file_of_nothing_but_other_resources_is_skipped(toy: None) -> None:
    result = lint(b'{"toy": 1}\nbucket Logs\n', "stack.json", Settings(enabled=frozenset()))
    assert (result.skipped, result.findings) == ("bucket Logs is not a distribution", ())


def test_a_file_no_syntax_claims_is_read_as_json_or_xml_by_its_first_character(
    toy: None,
) -> None:
    # Named, so read whatever its name: JSON if it opens an object or array, else XML.
    as_xml = lint(b"toy 1\n", "named.txt", Settings(enabled=frozenset()))
    assert [f.rule_id for f in as_xml.findings] == ["CFG001"]
    as_json = lint(b'\xef\xbb\xbf {"toy": 1}\n', "named.txt", Settings(enabled=frozenset()))
    assert as_json.findings == ()
    assert as_json.skipped is not None
    assert as_json.skipped.startswith("not a CloudFront document")


def _scan(directory: Path) -> list[str]:
    return [Path(item.path).name for item in expand([str(directory)]) if isinstance(item, Input)]


def test_a_directory_scan_reads_what_a_syntax_claims(tmp_path: Path, toy: None) -> None:
    (tmp_path / "a.xml").write_bytes(CLEAN)
    (tmp_path / "b.json").write_bytes(b'{"toy": 1}\n')
    # Not the toy's (its sniff passes it over), so the next syntax's: JSON claims every *.json.
    (tmp_path / "c.json").write_bytes(b'{"name": "package"}\n')
    (tmp_path / "d.txt").write_bytes(b"notes")
    assert _scan(tmp_path) == ["a.xml", "b.json", "c.json"]


def test_a_directory_scan_reads_the_registered_syntaxes_files(tmp_path: Path) -> None:
    for name in ("b.json", "a.XML", "c.xml", "d.txt", "e.yaml", "f.yml", "g.template"):
        (tmp_path / name).write_bytes(b'{"toy": 1}\n')
    # YAML (CloudFormation templates) claims *.yaml and *.yml; a *.template that starts like
    # JSON is JSON's.
    assert _scan(tmp_path) == ["a.XML", "b.json", "c.xml", "e.yaml", "f.yml", "g.template"]

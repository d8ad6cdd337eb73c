"""The YAML parser (`cfguard.syntaxes.yaml.parser`): where every key, value and tag is, what it is
(CloudFormation's short forms in their long form, YAML 1.1 scalars), the comments, and for every
way a file can fail to be a template, the line, column and message a user sees (CFG001).

Every test runs with libyaml's loader and with the pure-Python one, which must give the same
tree; a round-trip property holds the tree to what `yaml.safe_dump` wrote, and the real
templates of `data/` to what PyYAML loads.
"""

from __future__ import annotations

import codecs
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cfguard.syntaxes.json.tree import Member, Node, fields, items, locate, locate_key, to_python
from cfguard.syntaxes.yaml.parser import (
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    YamlComment,
    YamlError,
    YamlTree,
    default_loader,
    parse,
)

DATA = Path(__file__).parent / "data"
LOADERS = [
    pytest.param(yaml.SafeLoader, id="pure"),
    pytest.param(
        getattr(yaml, "CSafeLoader", None),
        id="libyaml",
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml"),
    ),
]


@pytest.fixture(params=LOADERS)
def loader(request: pytest.FixtureRequest) -> type[Any]:
    loader_class: type[Any] = request.param
    return loader_class


def parsed(data: bytes | str, loader: type[Any]) -> YamlTree:
    result = parse(data.encode("utf-8") if isinstance(data, str) else data, loader=loader)
    assert isinstance(result, YamlTree), result
    return result


def error(data: bytes | str, loader: type[Any]) -> YamlError:
    result = parse(data.encode("utf-8") if isinstance(data, str) else data, loader=loader)
    assert isinstance(result, YamlError), result
    return result


def at(tree: YamlTree, *path: str | int) -> Node:
    node = tree.tree.root
    for step in path:
        node = items(node)[step] if isinstance(step, int) else fields(node)[step].value
    return node


def span(tree: YamlTree, node: Node) -> tuple[int, int | None, int | None, int | None]:
    location = locate(tree.tree, node, "")
    return location.line, location.column, location.end_line, location.end_column


def key_span(tree: YamlTree, member: Member) -> tuple[int, int | None, int | None, int | None]:
    location = locate_key(tree.tree, member, "")
    return location.line, location.column, location.end_line, location.end_column


def test_the_default_loader_is_libyaml_when_pyyaml_has_it() -> None:
    assert default_loader() is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


# --- positions -----------------------------------------------------------------------------

POSITIONS = """\
Resources:
  Dist:  # Café 😀
    Type: AWS::CloudFront::Distribution
    Properties:
      Comment: 'Café 😀'
      Arn: !Sub 'arn:${AWS::Partition}:acm'
      Bucket: !GetAtt Logs.DomainName
      Origins: !If
        - HasOrigin
        - [a, "b"]
        - !Ref AWS::NoValue
      Script: |
        echo "# not a comment"
      Map: &shared {Ttl: 86400}
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_positions_of_keys_values_and_tags(loader: type[Any], newline: str) -> None:
    tree = parsed(POSITIONS.replace("\n", newline), loader)
    props = at(tree, "Resources", "Dist", "Properties")
    members = fields(props)
    # Columns count characters: 'Café 😀' is 8 of them with its quotes, whatever its bytes.
    assert key_span(tree, members["Comment"]) == (5, 7, 5, 14)
    assert span(tree, members["Comment"].value) == (5, 16, 5, 24)
    # A short form: the object spans the tag to the end of its value, its key is the tag.
    arn = members["Arn"].value
    assert span(tree, arn) == (6, 12, 6, 44)
    [sub] = arn.value  # type: ignore[misc]
    assert (sub.key, key_span(tree, sub), span(tree, sub.value)) == (
        "Fn::Sub",
        (6, 12, 6, 16),
        (6, 17, 6, 44),
    )
    getatt = fields(members["Bucket"].value)["Fn::GetAtt"]
    assert (key_span(tree, getatt), span(tree, getatt.value)) == ((7, 15, 7, 22), (7, 23, 7, 38))
    # A tagged block list starts at its first '-', on the next line.
    condition = fields(members["Origins"].value)["Fn::If"]
    assert span(tree, members["Origins"].value) == (8, 16, 11, 28)
    assert span(tree, condition.value) == (9, 9, 11, 28)
    assert span(tree, at(tree, "Resources", "Dist", "Properties", "Origins", "Fn::If", 1, 1)) == (
        10,
        15,
        10,
        18,
    )
    # A block scalar ends at its last character, not on the line after it.
    assert span(tree, members["Script"].value) == (12, 15, 13, 31)
    # An anchored mapping starts at its '{', after the anchor.
    assert span(tree, members["Map"].value) == (14, 20, 14, 32)
    assert tree.tree.text[arn.start : arn.end] == "!Sub 'arn:${AWS::Partition}:acm'"


def test_a_bom_is_not_part_of_the_text(loader: type[Any]) -> None:
    tree = parsed(codecs.BOM_UTF8 + b"Comment: x\n", loader)
    assert tree.tree.text == "Comment: x\n"
    assert key_span(tree, fields(tree.tree.root)["Comment"]) == (1, 1, 1, 8)


# --- short forms ---------------------------------------------------------------------------

SHORT_FORMS = {
    "!Ref Bucket": {"Ref": "Bucket"},
    "!Condition IsProd": {"Condition": "IsProd"},
    "!GetAtt Logs.DomainName": {"Fn::GetAtt": "Logs.DomainName"},
    "!GetAtt [Logs, DomainName]": {"Fn::GetAtt": ["Logs", "DomainName"]},
    "!Sub 'arn:${AWS::Region}'": {"Fn::Sub": "arn:${AWS::Region}"},
    "!Sub ['${A}-x', {A: !Ref B}]": {"Fn::Sub": ["${A}-x", {"A": {"Ref": "B"}}]},
    "!If [IsProd, a, !Ref AWS::NoValue]": {"Fn::If": ["IsProd", "a", {"Ref": "AWS::NoValue"}]},
    "!Join ['', [a, b]]": {"Fn::Join": ["", ["a", "b"]]},
    "!Select [0, !GetAZs '']": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
    "!FindInMap [M, !Ref AWS::Region, K]": {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "K"]},
    "!ImportValue Shared": {"Fn::ImportValue": "Shared"},
    "!Base64 text": {"Fn::Base64": "text"},
    "!Cidr [10.0.0.0/16, 4, 8]": {"Fn::Cidr": ["10.0.0.0/16", 4, 8]},
    "!GetAZs us-east-1": {"Fn::GetAZs": "us-east-1"},
    "!Split [',', 'a,b']": {"Fn::Split": [",", "a,b"]},
    "!Equals [!Ref Env, prod]": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
    "!And [!Condition A, !Condition B]": {"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]},
    "!Or [!Condition A, !Condition B]": {"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]},
    "!Not [!Condition A]": {"Fn::Not": [{"Condition": "A"}]},
    "!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}": {
        "Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}
    },
    "!Contains [[a, b], !Ref P]": {"Fn::Contains": [["a", "b"], {"Ref": "P"}]},
    "!ToJsonString {a: 1}": {"Fn::ToJsonString": {"a": 1}},
    '!Rain::Module "bucket.yaml"': {"Rain::Module": "bucket.yaml"},
    # The value of a tagged scalar is a string, as PyYAML and the AWS CLI read it.
    "!Ref 12": {"Ref": "12"},
    "!Ref": {"Ref": ""},
}


@pytest.mark.parametrize("written", SHORT_FORMS)
def test_short_forms_are_their_long_form(loader: type[Any], written: str) -> None:
    tree = parsed(f"Value: {written}\n", loader)
    assert to_python(tree.tree.root) == {"Value": SHORT_FORMS[written]}
    [member] = at(tree, "Value").value  # type: ignore[misc]
    assert tree.tree.text[member.key_start : member.key_end] == written.split(maxsplit=1)[0]


def test_an_anchor_before_or_after_the_tag(loader: type[Any]) -> None:
    tree = parsed("a: &x !Ref B\nb: !Ref &y C\nc: *x\nd: *y\n", loader)
    assert to_python(tree.tree.root) == {
        "a": {"Ref": "B"},
        "b": {"Ref": "C"},
        "c": {"Ref": "B"},
        "d": {"Ref": "C"},
    }
    for name, tag_column, value_column in (("a", 7, 12), ("b", 4, 12)):
        [member] = at(tree, name).value  # type: ignore[misc]
        assert key_span(tree, member)[1] == tag_column
        assert span(tree, member.value)[1] == value_column


# --- scalars -------------------------------------------------------------------------------

SCALARS: dict[str, tuple[str, Any]] = {
    "plain": ("string", "plain"),
    "'quoted 12'": ("string", "quoted 12"),
    '"12"': ("string", "12"),
    "12": ("number", 12),
    "-0x1F": ("number", -31),
    "0o17": ("string", "0o17"),  # YAML 1.1 writes octal 017
    "017": ("number", 15),
    "0b101": ("number", 5),
    "1_000": ("number", 1000),
    "190:20:30": ("number", 685230),
    "1.5e+3": ("number", 1500.0),
    "1.5e3": ("string", "1.5e3"),  # YAML 1.1 exponents have a sign
    "1e+3": ("string", "1e+3"),  # and floats a point
    ".inf": ("number", math.inf),
    "-.Inf": ("number", -math.inf),
    "true": ("bool", True),
    "yes": ("bool", True),
    "On": ("bool", True),
    "OFF": ("bool", False),
    "no": ("bool", False),
    "y": ("string", "y"),
    "n": ("string", "n"),
    "~": ("null", None),
    "null": ("null", None),
    "": ("null", None),
    "2010-09-09": ("string", "2010-09-09"),  # CloudFormation has no timestamp type
    "2001-12-14t21:59:43.10-05:00": ("string", "2001-12-14t21:59:43.10-05:00"),
    "!!str 12": ("string", "12"),
    "!!int '12'": ("number", 12),
    "!!float 12": ("number", 12.0),
    "!!bool 'yes'": ("bool", True),
    "!!null ''": ("null", None),
    "! 12": ("string", "12"),
    "<<": ("string", "<<"),
    "=": ("string", "="),
    "'it''s'": ("string", "it's"),
    '"tab\\tand \\u00e9"': ("string", "tab\tand é"),
    "|\n  two\n  lines\n": ("string", "two\nlines\n"),
    ">-\n  folded\n  text\n": ("string", "folded text"),
}


@pytest.mark.parametrize("written", SCALARS)
def test_scalars_are_read_as_yaml_1_1(loader: type[Any], written: str) -> None:
    node = at(parsed(f"Value: {written}\n", loader), "Value")
    assert (node.kind, node.value) == SCALARS[written]
    assert type(node.value) is type(SCALARS[written][1])


def test_integers_up_to_the_digit_limit_are_exact(loader: type[Any]) -> None:
    digits = "7" * 4300
    assert at(parsed(f"a: -{digits}\n", loader), "a").value == -int(digits)


def test_keys_are_the_text_written(loader: type[Any]) -> None:
    tree = parsed("1: a\ntrue: b\n'q': c\n!!str 2: d\n~: e\n", loader)
    assert [member.key for member in tree.tree.root.value] == ["1", "true", "q", "2", "~"]  # type: ignore[union-attr]


# --- anchors, aliases, merge keys ----------------------------------------------------------


def test_aliases_are_the_anchored_value_at_its_place(loader: type[Any]) -> None:
    tree = parsed("base: &b\n  Ttl: 1\ncopy: *b\nlist: [*b, *b]\n", loader)
    assert to_python(tree.tree.root) == {
        "base": {"Ttl": 1},
        "copy": {"Ttl": 1},
        "list": [{"Ttl": 1}, {"Ttl": 1}],
    }
    assert span(tree, at(tree, "copy")) == (2, 3, 2, 9)  # where the anchored text is


def test_merge_keys_merge_as_aws_cloudformation_package_does(loader: type[Any]) -> None:
    text = """\
a: &a {x: 1, y: 1}
b: &b {y: 2, z: 2}
one:
  <<: *a
  x: own
many:
  <<: [*a, *b]
  w: 0
"""
    tree = parsed(text, loader)
    assert to_python(tree.tree.root) == {
        "a": {"x": 1, "y": 1},
        "b": {"y": 2, "z": 2},
        "one": {"x": "own", "y": 1},
        "many": {"x": 1, "y": 1, "z": 2, "w": 0},
    }
    assert to_python(tree.tree.root) == yaml.safe_load(text)
    assert tree.tree.duplicates == ()  # an overridden merged key is no duplicate
    assert [m.key for m in at(tree, "one").value] == ["y", "x"]  # type: ignore[union-attr]


# --- duplicates ----------------------------------------------------------------------------


def test_duplicates_pair_each_dropped_member_with_the_kept_one_in_file_order(
    loader: type[Any],
) -> None:
    tree = parsed("a: 1\nb:\n  x: 1\n  x: 2\na: 3\na: 4\n", loader)
    pairs = [
        (earlier.key, earlier.value.value, kept.value.value, key_span(tree, kept)[0])
        for earlier, kept in tree.tree.duplicates
    ]
    assert pairs == [("a", 1, 4, 6), ("x", 1, 2, 4), ("a", 3, 4, 6)]
    assert [member.key for member in tree.tree.root.value] == ["a", "b", "a", "a"]  # type: ignore[union-attr]
    assert fields(tree.tree.root)["a"].value.value == 4


# --- comments ------------------------------------------------------------------------------

COMMENTED = """\
# cfguard: file-ignore[CFG301] logs elsewhere
Resources:  # after a key
  A: "x # in double quotes"  # after a value
  B: 'y # in single quotes'
  C: plain#not-a-comment
  D: |
    # a line of the block scalar
    echo hi # still the scalar
    # indented comment-like text
  # own line, indented
  E: [1, 2] #flow
"""


def test_comments_outside_scalars_with_their_place(loader: type[Any]) -> None:
    tree = parsed(COMMENTED.replace("\n", "\r\n"), loader)
    text = tree.tree.text
    found = [(c.text, c.own_line, tree.tree.lines.position(c.start)) for c in tree.comments]
    assert found == [
        (" cfguard: file-ignore[CFG301] logs elsewhere", True, (1, 1)),
        (" after a key", False, (2, 13)),
        (" after a value", False, (3, 30)),
        (" own line, indented", True, (10, 3)),
        ("flow", False, (11, 13)),
    ]
    for comment in tree.comments:
        assert text[comment.start : comment.end] == "#" + comment.text
    assert at(tree, "Resources", "C").value == "plain#not-a-comment"


def test_a_comment_on_a_block_scalar_header_line(loader: type[Any]) -> None:
    tree = parsed("a: |  # header\n  # text\nb: 1 # end\n", loader)
    assert tree.comments == (
        YamlComment(" header", 6, 14, False),
        YamlComment(" end", 29, 34, False),
    )
    assert at(tree, "a").value == "# text\n"


def test_no_comment_in_a_file_without_a_hash(loader: type[Any]) -> None:
    assert parsed("a: 1\n", loader).comments == ()


# --- refusals (CFG001) ---------------------------------------------------------------------

TAB = (
    "a tab character where YAML expects indentation: YAML indents with spaces only; replace the "
    "tab with spaces"
)
REFUSED: dict[str, tuple[str | bytes, int, int | None, str]] = {
    "empty": (
        "",
        1,
        None,
        "the file is empty (nothing but blank lines and comments): expected a CloudFormation "
        "template",
    ),
    "comments only": ("# nothing\n\n", 1, None, "the file is empty (nothing but blank lines and"),
    "two documents": (
        "a: 1\n---\nb: 2\n",
        2,
        1,
        "a second YAML document (after '---'): a CloudFormation template is one document; put "
        "each template in its own file",
    ),
    "tab indentation": ("a:\n\tb: 1\n", 2, 1, TAB),
    "bad indentation": (
        "Resources:\n  A: 1\n B: 2\n",
        3,
        2,
        "this line is indented unlike the keys of the mapping that starts at line 1, column 1: "
        "the keys of one mapping start in the same column",
    ),
    "list in the keys' column": ("a: 1\n- b\n", 2, 1, "a '- ' list item in the column of the keys"),
    "colon in a value": (
        "Comment: a: b\n",
        1,
        11,
        "a ':' and a space inside a value, read as a second key on this line: put the value in "
        "quotes, or start a nested mapping on its own line, indented under its key",
    ),
    "key without colon": ("a: 1\nb\n", 2, 1, "a line in a mapping that is not 'key: value'"),
    "unterminated double quote": (
        'a: "abc\nb: 1\n',
        3,
        1,
        'the file ends inside the quoted value that starts at line 1, column 4: its closing " is '
        "missing",
    ),
    "unterminated single quote": ("a: 'abc\n", 2, 1, "the file ends inside the quoted value"),
    "unterminated list": (
        "a: [1, 2\n",
        2,
        1,
        "the file ends inside the [ list that starts at line 1, column 4: its closing ']' is "
        "missing",
    ),
    "unterminated mapping": ("a: {b: 1\n", 2, 1, "the file ends inside the { mapping that starts"),
    "stray bracket": ("a: [1, 2]]\n", 1, 10, "a ']' that closes nothing"),
    "control character": (
        "a: b\x01c\n",
        1,
        5,
        "a control character (U+0001): YAML allows no control character but tab and line breaks "
        "in a file; remove it, or write it as \\u0001 inside a double-quoted value",
    ),
    "control character after é": ("é: b\x7f\n", 1, 5, "a control character (U+007F)"),
    "NUL": ("a: 1\x00", 1, 5, "a NUL byte: the file is binary"),
    "bad escape": ('a: "\\q"\n', 1, 5, "the escape '\\q' is not one YAML knows"),
    "reserved character": ("a: @x\n", 1, 4, "'@' cannot start a plain value in YAML"),
    "unknown tag": ("a: !Foo x\n", 1, 4, "an unknown tag !Foo: CloudFormation's short forms are"),
    "python tag": (
        "a: !!python/object/apply:os.system ['true']\n",
        1,
        4,
        "the tag !!python/object/apply:os.system asks the reader to build a Python object (or "
        "run code); cfguard never constructs Python objects from tags",
    ),
    "python name": ("a: !!python/name:os.system\n", 1, 4, "the tag !!python/name:os.system"),
    "global tag": ("a: !<tag:example.com,2000:x> 1\n", 1, 4, "an unknown tag tag:example.com"),
    "binary": ("a: !!binary aGk=\n", 1, 4, "CloudFormation does not support YAML's !!binary tag"),
    "timestamp tag": ("a: !!timestamp 2001-01-01\n", 1, 4, "CloudFormation does not support"),
    "set": ("a: !!set {x}\n", 1, 4, "CloudFormation does not support YAML's !!set tag"),
    "bad !!int": ("a: !!int abc\n", 1, 10, "'abc' is not a valid !!int value"),
    "complex key": ("? [a]\n: 1\n", 1, 3, "a mapping key that is itself a mapping or a list"),
    "flow complex key": ("{[a]: 1}\n", 1, 2, "a mapping key that is itself a mapping or a list"),
    "tag on a key": ("!Ref a: 1\n", 1, 1, "a tag (!Ref) on a mapping key: a key is a plain name"),
    "undefined alias": ("a: *nope\n", 1, 4, "the alias *nope names no anchor (&nope) defined"),
    "recursive alias": ("a: &a [1, *a]\n", 1, 11, "the alias *a is inside the value its anchor"),
    "anchor twice": ("a: &x 1\nb: &x 2\n", 2, 4, "the anchor &x is defined a second time"),
    "bad merge": ("a:\n  <<: 1\n", 2, 7, "the merge key '<<' takes a mapping or a list"),
    "huge integer": ("a: " + "9" * 5000 + "\n", 1, 4, "a number of 5,000 digits, more than the"),
    "huge hex": ("a: 0x" + "f" * 3600 + "\n", 1, 4, "a number of 4,335 digits, more than the"),
    "long sexagesimal": ("a: " + ":".join(["1"] * 5000) + "\n", 1, 4, "a number of 5,000 digits"),
    "too deep": (
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        1,
        MAX_DEPTH + 1,
        f"mappings and lists are nested more than {MAX_DEPTH} levels deep, cfguard's limit",
    ),
    "too deep on many lines": ("[\n" * 1000, MAX_DEPTH + 1, 1, "mappings and lists are nested"),
    "undeclared tag handle": ("a: !e!x 1\n", 1, 4, "the tag handle '!e!' is not declared"),
    "utf-16": (
        "a: 1\n".encode("utf-16"),
        1,
        1,
        "the file is UTF-16 (what Windows PowerShell's > and Out-File write), not UTF-8",
    ),
    "utf-16 without bom": ("a: 1\n".encode("utf-16-le"), 1, 1, "the file is UTF-16"),
    "not utf-8": (
        b"a: 'caf" + b"\xe9'\n",
        1,
        8,
        "the file is not valid UTF-8 (byte 0xE9: invalid continuation byte); it is binary, or "
        "text in another encoding such as Windows-1252: save it as UTF-8",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refusals_say_where_and_why(loader: type[Any], case: str) -> None:
    data, line, column, message = REFUSED[case]
    got = error(data, loader)
    assert (got.line, got.column) == (line, column)
    assert got.message.startswith(message), got.message


def test_a_file_over_the_size_limit(loader: type[Any]) -> None:
    got = error(b"#" * (MAX_DOCUMENT_BYTES + 1), loader)
    assert got == YamlError(
        1,
        None,
        f"the file is over cfguard's size limit of {MAX_DOCUMENT_BYTES:,} bytes (10 MiB); "
        "CloudFormation takes templates of at most 1 MB",
    )


def test_a_python_tag_runs_nothing(loader: type[Any], tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payloads = [
        f"a: !!python/object/apply:os.system ['touch {marker}']\n",
        f"a: !!python/object/new:subprocess.check_call [['touch', '{marker}']]\n",
        f"- !!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]\n",
    ]
    for payload in payloads:
        assert error(payload, loader).message.startswith("the tag !!python/object/")
    assert not marker.exists()


def test_the_deepest_nesting_allowed_parses(loader: type[Any]) -> None:
    deepest = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parsed(deepest, loader).tree.root.kind == "array"


def test_a_billion_laughs_is_refused_at_the_alias_that_crosses_the_limit(loader: type[Any]) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    got = error("\n".join(lines) + "\n", loader)
    # 123,457 values before f's aliases, 111,111 in each *e: the 8th crosses 1,000,000.
    assert (got.line, got.column) == (6, 36)
    assert got.message.startswith("the template holds more than 1,000,000 values once its")


# --- the loaders agree, and agree with PyYAML ----------------------------------------------


def _pyyaml_with_short_forms(text: str) -> Any:
    """What PyYAML loads, with the short forms as the parser writes them (a constructor)."""

    class Loader(yaml.SafeLoader):
        pass

    def function(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        key = suffix if suffix in ("Ref", "Condition") or "::" in suffix else "Fn::" + suffix
        if isinstance(node, yaml.ScalarNode):
            return {key: loader.construct_scalar(node)}
        if isinstance(node, yaml.SequenceNode):
            return {key: loader.construct_sequence(node, deep=True)}
        return {key: loader.construct_mapping(node, deep=True)}  # type: ignore[arg-type]

    Loader.add_multi_constructor("!", function)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda lo, n: lo.construct_scalar(n))
    return yaml.load(text, Loader=Loader)  # a SafeLoader subclass


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_real_templates_parse_to_what_pyyaml_loads(path: Path) -> None:
    data = path.read_bytes()
    trees = [parsed(data, loader.values[0]) for loader in LOADERS if loader.values[0]]
    assert to_python(trees[0].tree.root) == _pyyaml_with_short_forms(data.decode("utf-8"))
    for tree in trees[1:]:
        assert (tree.tree.root, tree.tree.duplicates, tree.comments) == (
            trees[0].tree.root,
            trees[0].tree.duplicates,
            trees[0].comments,
        )


JSON_LIKE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_LIKE, st.booleans())
def test_round_trip_of_what_safe_dump_writes(value: Any, flow: bool) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    trees = [parsed(text, loader.values[0]) for loader in LOADERS if loader.values[0]]
    # What PyYAML reads back: `value` itself but where its own round trip is lossy (a U+0085 in
    # a quoted string is a YAML 1.1 line break, folded to a space).
    expected = yaml.safe_load(text)
    for tree in trees:
        assert to_python(tree.tree.root) == expected
        assert tree.tree.root == trees[0].tree.root

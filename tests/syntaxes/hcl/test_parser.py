"""The HCL parser (`cfguard.syntaxes.hcl.parser`): what every kind of value reads as, where every
attribute, block, label and value is (line and column in characters, as an editor shows them),
the comments, every real `.tf` file of `data/` read to a tree, and for each way a file can fail
to be HCL the line, column and message a user sees (CFG001).

Tests marked xfail(strict=True) state what the parser should do and does not yet; each reason
names the fault. When one is fixed, the test passes, strict xfail fails it, and the mark goes.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from cfguard.syntaxes.hcl.nodes import (
    Attribute,
    Block,
    Body,
    Dynamic,
    Expr,
    Literal,
    Object,
    Tuple,
)
from cfguard.syntaxes.hcl.parser import HclError, HclTree, parse
from cfguard.syntaxes.hcl.text import MAX_HCL_BYTES

DATA = Path(__file__).parent / "data"
SAMPLES = sorted(DATA.glob("*.tf"))
BOM = codecs.BOM_UTF8


def tree(source: str | bytes) -> HclTree:
    result = parse(source.encode("utf-8") if isinstance(source, str) else source)
    assert isinstance(result, HclTree), result
    return result


def error(source: str | bytes) -> tuple[int, int | None, str]:
    result = parse(source.encode("utf-8") if isinstance(source, str) else source)
    assert isinstance(result, HclError), result
    return result.line, result.column, result.message


def value(source: str, name: str = "a") -> Expr:
    attribute = tree(source).body.attribute(name)
    assert attribute is not None
    return attribute.value


def at(parsed: HclTree, offset: int) -> tuple[int, int]:
    return parsed.lines.position(offset)


def only_block(body: Body, kind: str) -> Block:
    [block] = body.blocks_of(kind)
    return block


def attribute(body: Body, name: str) -> Attribute:
    found = body.attribute(name)
    assert found is not None, name
    return found


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (r'"plain"', "plain"),
        (r'""', ""),
        (r'"a\nb"', "a\nb"),
        (r'"a\rb\tc"', "a\rb\tc"),
        (r'"say \"hi\""', 'say "hi"'),
        (r'"back\\slash"', "back\\slash"),
        (r'"caf\u00e9"', "café"),
        (r'"\U0001F600"', "\U0001f600"),
        (r'"$${not.interpolated}"', "${not.interpolated}"),
        (r'"%%{not a directive}"', "%{not a directive}"),
        ('"日本"', "日本"),
    ],
)
def test_quoted_strings_are_literals_with_their_escapes_applied(
    written: str, expected: str
) -> None:
    parsed = value(f"a = {written}\n")
    assert parsed == Literal(expected, 4, 4 + len(written))


def test_a_template_with_interpolation_is_dynamic_with_its_references() -> None:
    parsed = value('a = "${var.region}-${aws_acm_certificate.cert.arn}"\n')
    assert parsed == Dynamic(
        '"${var.region}-${aws_acm_certificate.cert.arn}"',
        4,
        51,
        ("var.region", "aws_acm_certificate.cert.arn"),
    )


def test_references_are_kept_as_written_in_file_order_each_once() -> None:
    parsed = value("a = lookup(local.origins[0].id, var.x, var.x, aws_s3_bucket.b[*].arn)\n")
    assert isinstance(parsed, Dynamic)
    assert parsed.references == ("local.origins[0].id", "var.x", "aws_s3_bucket.b[*].arn")


def test_object_keys_are_not_references_but_object_values_are() -> None:
    parsed = value("a = merge({ enabled = var.on }, { (var.k) = 1 })\n")
    assert isinstance(parsed, Dynamic)
    assert parsed.references == ("var.on", "var.k")


@pytest.mark.parametrize(
    ("source", "references"),
    [
        ("a = [for o in var.origins : o.id]\n", ("var.origins",)),
        ("a = {for k, v in var.m : k => v.x}\n", ("var.m",)),
    ],
)
def test_a_name_a_for_binds_is_not_a_reference(source: str, references: tuple[str, ...]) -> None:
    parsed = value(source)
    assert isinstance(parsed, Dynamic)
    assert parsed.references == references


def test_a_for_binding_does_not_hide_a_reference_outside_the_for() -> None:
    parsed = tree("a = [for o in var.origins : o.id]\nb = o.id\n")
    b = attribute(parsed.body, "b").value
    assert isinstance(b, Dynamic)
    assert b.references == ("o.id",)


def test_other_undecided_expressions_are_dynamic() -> None:
    for written in ('var.x ? "a" : "b"', "1 + 2", 'upper("x")', "0x10", "local.a"):
        parsed = value(f"a = {written}\n")
        assert isinstance(parsed, Dynamic), written
        assert (parsed.text, parsed.start, parsed.end) == (written, 4, 4 + len(written))


def test_a_dynamic_text_is_collapsed_and_cut_for_messages() -> None:
    parsed = value("a = concat(\n  var.x,\n  var.y\n)\n")
    assert isinstance(parsed, Dynamic)
    assert parsed.text == "concat( var.x, var.y )"
    long = value("a = f(" + "var.x, " * 40 + ")\n")
    assert isinstance(long, Dynamic)
    assert len(long.text) == 120


def test_heredocs_are_literal_lines() -> None:
    source = "a = <<EOT\n  line one\n    line two\nEOT\n"
    assert value(source) == Literal("  line one\n    line two\n", 4, 37)


def test_a_flush_heredoc_loses_the_indent_its_lines_share() -> None:
    source = "a = <<-EOT\n    alpha\n\n      beta\n    EOT\n"
    parsed = value(source)
    assert isinstance(parsed, Literal)
    assert parsed.value == "alpha\n\n  beta\n"
    assert (parsed.start, parsed.end) == (4, len(source) - 1)


def test_a_heredoc_takes_no_backslash_escapes_but_takes_doubled_markers() -> None:
    assert value("a = <<EOT\n\\n $${x} %%{y}\nEOT\n") == Literal("\\n ${x} %{y}\n", 4, 28)


def test_a_heredoc_with_interpolation_is_dynamic() -> None:
    parsed = value("a = <<EOT\nhost ${var.host}\nEOT\n")
    assert isinstance(parsed, Dynamic)
    assert parsed.references == ("var.host",)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("443", 443),
        ("0", 0),
        ("0.5", 0.5),
        ("1.0", 1),
        ("1.5e3", 1500),
        ("2.5E-1", 0.25),
        ("(443)", 443),
        ("true", True),
        ("false", False),
        ("null", None),
    ],
)
def test_numbers_and_keywords(written: str, expected: str | float | None) -> None:
    parsed = value(f"a = {written}\n")
    assert parsed == Literal(expected, 4, 4 + len(written))
    assert isinstance(parsed, Literal)
    assert type(parsed.value) is type(expected)  # 1.0 and 1.5e3 are ints, 0.5 a float


@pytest.mark.parametrize(("written", "expected"), [("-443", -443), ("-1.5", -1.5)])
def test_a_negative_number_is_a_literal(written: str, expected: float) -> None:
    assert value(f"a = {written}\n") == Literal(expected, 4, 4 + len(written))


@pytest.mark.xfail(
    strict=True,
    reason="'1e3' (valid HCL: the exponent needs no fraction) is refused with \"unexpected "
    "'e3'\": tree-sitter-hcl 1.2.0's numeric_lit takes an exponent only after a fraction",
)
def test_an_exponent_without_a_fraction_is_a_number() -> None:
    assert value("a = 1e3\n") == Literal(1000, 4, 7)


def test_lists_and_objects() -> None:
    parsed = value('a = [1, "two", [true], { k = null, "quoted key" : 2, (var.k) = 3 }]\n')
    assert isinstance(parsed, Tuple)
    one, two, inner, obj = parsed.items
    assert one == Literal(1, 5, 6)
    assert two == Literal("two", 8, 13)
    assert inner == Tuple((Literal(True, 16, 20),), 15, 21)
    assert isinstance(obj, Object)
    assert [(m.key, m.key_start, m.key_end, m.value) for m in obj.members] == [
        ("k", 25, 26, Literal(None, 29, 33)),
        ("quoted key", 35, 47, Literal(2, 50, 51)),
        (None, 53, 60, Literal(3, 63, 64)),
    ]
    assert (parsed.start, parsed.end, obj.start, obj.end) == (4, 67, 23, 66)


def test_an_empty_file_and_a_file_of_comments_have_an_empty_body() -> None:
    assert tree(b"").body == Body((), (), 0, 0)
    only = tree("# nothing here\n")
    assert (only.body.attributes, only.body.blocks) == ((), ())
    assert [c.text for c in only.comments] == [" nothing here"]


# --- blocks and locations --------------------------------------------------------------------

DISTRIBUTION = """\
# café ☕ — the distribution
resource "aws_cloudfront_distribution" "s3" {
  comment = "日本"
  enabled = true

  origin {
    domain_name = aws_s3_bucket.b.bucket_regional_domain_name
    origin_id   = "s3"
  }

  dynamic "origin" {
    for_each = var.origins
    content {
      domain_name = origin.value.domain
    }
  }

  viewer_certificate {
    acm_certificate_arn = aws_acm_certificate.cert.arn
  }
}
"""


def test_blocks_labels_and_nested_blocks() -> None:
    parsed = tree(DISTRIBUTION)
    [resource] = parsed.body.blocks
    assert (resource.type, resource.labels) == ("resource", ("aws_cloudfront_distribution", "s3"))
    assert [at(parsed, start) for start, _ in resource.label_spans] == [(2, 10), (2, 40)]
    assert [parsed.text[s:e] for s, e in resource.label_spans] == [
        '"aws_cloudfront_distribution"',
        '"s3"',
    ]
    assert (at(parsed, resource.start), at(parsed, resource.end - 1)) == ((2, 1), (21, 1))
    assert [block.type for block in resource.body.blocks] == [
        "origin",
        "dynamic",
        "viewer_certificate",
    ]
    origin = only_block(resource.body, "origin")
    assert origin.labels == ()
    assert at(parsed, origin.start) == (6, 3)
    assert attribute(origin.body, "origin_id").value == Literal(
        "s3", parsed.text.index('"s3"\n'), parsed.text.index('"s3"\n') + 4
    )
    dynamic = only_block(resource.body, "dynamic")
    assert dynamic.labels == ("origin",)
    assert at(parsed, dynamic.label_spans[0][0]) == (11, 11)
    for_each = attribute(dynamic.body, "for_each").value
    assert isinstance(for_each, Dynamic)
    assert for_each.references == ("var.origins",)
    content = only_block(dynamic.body, "content")
    domain = attribute(content.body, "domain_name")
    assert at(parsed, domain.start) == (14, 7)
    assert isinstance(domain.value, Dynamic)
    assert domain.value.references == ("origin.value.domain",)
    certificate = only_block(resource.body, "viewer_certificate")
    arn = attribute(certificate.body, "acm_certificate_arn").value
    assert isinstance(arn, Dynamic)
    assert arn.references == ("aws_acm_certificate.cert.arn",)
    assert at(parsed, arn.start) == (19, 27)


def test_columns_count_characters_after_non_ascii_text() -> None:
    parsed = tree(DISTRIBUTION)
    [resource] = parsed.body.blocks
    comment = attribute(resource.body, "comment")
    enabled = attribute(resource.body, "enabled")
    # line 1 is 28 characters and 34 bytes; "日本" is 2 characters and 6 bytes
    assert (at(parsed, comment.start), at(parsed, comment.end)) == ((3, 3), (3, 17))
    assert comment.value == Literal("日本", comment.value.start, comment.value.start + 4)
    assert at(parsed, comment.value.start) == (3, 13)
    assert (at(parsed, enabled.start), at(parsed, enabled.value.start)) == ((4, 3), (4, 13))
    assert parsed.text[enabled.value.start : enabled.value.end] == "true"


def test_a_value_after_non_ascii_text_on_its_own_line() -> None:
    parsed = tree('a = { "é☕" = "日本", b = 1 }\n')
    obj = attribute(parsed.body, "a").value
    assert isinstance(obj, Object)
    first, second = obj.members
    assert first.key == "é☕"
    assert at(parsed, first.value.start) == (1, 14)
    assert (second.key, at(parsed, second.key_start)) == ("b", (1, 20))
    assert second.value == Literal(1, 23, 24)


def test_a_byte_order_mark_is_not_text_and_not_a_column() -> None:
    plain = tree(DISTRIBUTION)
    marked = tree(BOM + DISTRIBUTION.encode("utf-8"))
    assert marked.text == DISTRIBUTION
    assert marked.body == plain.body
    assert marked.comments == plain.comments
    first = tree(BOM + b"a = 1\n")
    assert at(first, attribute(first.body, "a").start) == (1, 1)


def test_a_comment_after_an_opening_brace_keeps_the_block_body() -> None:
    parsed = tree('resource "r" "x" { # trailing\n  enabled = true\n}\n')
    [block] = parsed.body.blocks
    assert attribute(block.body, "enabled").value == Literal(True, 42, 46)


def test_a_comment_on_the_first_line_of_a_block_keeps_the_block_body() -> None:
    parsed = tree(
        (DATA / "checkov-example_CloudfrontDistributionOriginFailover-main.tf").read_bytes()
    )
    behavior = only_block(parsed.body.blocks[0].body, "default_cache_behavior")
    assert attribute(behavior.body, "target_origin_id").value == Literal(
        "groupS3", behavior.end - 13, behavior.end - 4
    )


@pytest.mark.parametrize(
    ("source", "path"),
    [
        ("a /* c */ = 1\n", ("a",)),
        ("a = /* c */ 1\n", ("a",)),
        ("a = { k = /* c */ 1 }\n", ("a", "k")),
        ("a = { k /* c */ = 1 }\n", ("a", "k")),
    ],
)
def test_a_comment_inside_an_attribute_is_not_its_value(source: str, path: tuple[str, ...]) -> None:
    parsed = value(source)
    if len(path) == 2:
        assert isinstance(parsed, Object)
        parsed = parsed.members[0].value
    assert isinstance(parsed, Literal)
    assert parsed.value == 1
    assert source[parsed.start : parsed.end] == "1"


def test_a_comment_in_a_block_header_keeps_the_labels() -> None:
    [block] = tree('resource /* c */ "aws_s3_bucket" "b" {\n}\n').body.blocks
    assert block.labels == ("aws_s3_bucket", "b")


def test_a_block_on_one_line() -> None:
    parsed = tree("origin { origin_id = 1 }\n")
    block = only_block(parsed.body, "origin")
    assert attribute(block.body, "origin_id").value == Literal(1, 21, 22)
    assert (block.start, block.end) == (0, 24)
    empty = only_block(tree("origin {}\n").body, "origin")
    assert (empty.body.attributes, empty.body.blocks) == ((), ())


# --- comments --------------------------------------------------------------------------------


def test_comments_lose_their_markers_and_say_whether_they_stand_alone() -> None:
    source = (
        "# hash ☕\n"
        "a = 1 // slashes\n"
        "  /* block\n     two lines */\n"
        "b = 2 /* inline */\n"
        "c = 3 # after\r\n"
    )
    parsed = tree(source)
    assert [(c.text, c.own_line) for c in parsed.comments] == [
        (" hash ☕", True),
        (" slashes", False),
        (" block\n     two lines ", True),
        (" inline ", False),
        (" after", False),
    ]
    assert [at(parsed, c.start) for c in parsed.comments] == [
        (1, 1),
        (2, 7),
        (3, 3),
        (5, 7),
        (6, 7),
    ]
    assert [parsed.text[c.start : c.end].rstrip("\r\n") for c in parsed.comments][3] == (
        "/* inline */"
    )
    b = attribute(parsed.body, "b")
    assert b.value == Literal(2, b.start + 4, b.start + 5)


# --- the real files --------------------------------------------------------------------------


def test_the_sample_files_are_all_here() -> None:
    assert len(SAMPLES) == 19


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_parses_to_a_tree(path: Path) -> None:
    data = path.read_bytes()
    parsed = tree(data)
    assert parsed.text == data.decode("utf-8")
    assert parsed.body.blocks, "a configuration has blocks"
    for block in parsed.body.blocks:
        assert parsed.text[block.start :].startswith(block.type)
        assert parsed.text[block.end - 1] == "}"


def test_a_real_distribution_reads_as_written() -> None:
    parsed = tree((DATA / "regula-distribution_https_infra.tf").read_bytes())
    distributions = [
        b for b in parsed.body.blocks if b.labels[:1] == ("aws_cloudfront_distribution",)
    ]
    assert distributions
    for distribution in distributions:
        viewer = [
            attribute(c.body, "viewer_protocol_policy")
            for c in distribution.body.blocks_of("default_cache_behavior")
        ]
        assert viewer
        for policy in viewer:
            assert isinstance(policy.value, Literal)
            line, column = at(parsed, policy.value.start)
            assert parsed.lines.line(line) is not None
            assert parsed.text[policy.value.start : policy.value.end] == f'"{policy.value.value}"'
            assert column > policy.name_end - policy.name_start


# --- broken files ----------------------------------------------------------------------------

UNUSABLE = [
    pytest.param(
        'resource "a" "b" {\n  enabled = true\n',
        (3, 1, "expected '}' to close the block opened at line 1"),
        id="unclosed block",
    ),
    pytest.param(
        'resource "a" "b" {\n  origin {\n    origin_id = 1\n  }\n\n',
        (6, 1, "expected '}' to close the block opened at line 1"),
        id="unclosed outer block",
    ),
    pytest.param(
        "a = [1, 2\n",
        (2, 1, "expected ']' to close the list opened at line 1"),
        id="unclosed list",
    ),
    pytest.param(
        "a = (1 + 2\n",
        (2, 1, "expected ')' to close the parenthesis opened at line 1"),
        id="unclosed parenthesis",
    ),
    pytest.param(
        'a = "abc\nb = 1\n',
        (3, 1, "expected '\"' to close the string opened at line 1"),
        id="unclosed string",
    ),
    pytest.param(
        'a = "abc',
        (1, 9, "expected '\"' to close the string opened at line 1"),
        id="unclosed string at the end",
    ),
    pytest.param(
        "a =\n",
        (2, 1, "expected a value after '='"),
        id="no value",
    ),
    pytest.param(
        "a = 1\n}\n",
        (2, 1, "unexpected '}'"),
        id="stray brace",
    ),
    pytest.param(
        "a = 1, b = 2\n",
        (1, 6, "unexpected ','"),
        id="comma between attributes",
    ),
    pytest.param(
        "a = 1\nb = 2\na = 3\n",
        (
            3,
            1,
            "the attribute 'a' is already set at line 1; Terraform refuses a body that sets an "
            "attribute twice",
        ),
        id="attribute set twice",
    ),
    pytest.param(
        'r "x" {\n  a = 1\n\n  a = "日本"\n}\n',
        (
            4,
            3,
            "the attribute 'a' is already set at line 2; Terraform refuses a body that sets an "
            "attribute twice",
        ),
        id="attribute set twice in a block",
    ),
    pytest.param(
        "a = 1 b = 2\n",
        (1, 7, "expected a line break before this: HCL takes one attribute or block per line"),
        id="two attributes on a line",
    ),
    pytest.param(
        '# ☕\na = "日本" b = 2\n',
        (2, 10, "expected a line break before this: HCL takes one attribute or block per line"),
        id="two attributes on a line after non-ASCII",
    ),
    pytest.param(
        "a {} b {}\n",
        (1, 6, "expected a line break before this: HCL takes one attribute or block per line"),
        id="two blocks on a line",
    ),
    pytest.param(
        'a = "abc\ndef"\n',
        (1, 9, "a quoted string cannot span lines: close it, or use a heredoc (<<EOT)"),
        id="string spanning lines",
    ),
    pytest.param(
        'a = "\\ud800"\n',
        (1, 6, "the escape \\ud800 is not a Unicode character"),
        id="surrogate escape",
    ),
    pytest.param(
        "a = " + "9" * 4301 + "\n",
        (1, 5, "a number of more than 4300 digits"),
        id="huge integer",
    ),
]


@pytest.mark.parametrize(("source", "expected"), UNUSABLE)
def test_broken_hcl_is_reported_where_it_breaks(
    source: str, expected: tuple[int, int | None, str]
) -> None:
    assert error(source) == expected
    # the same place and message with a byte order mark (not a column) and with CR LF
    assert error(BOM + source.encode("utf-8")) == expected
    assert error(source.replace("\n", "\r\n")) == expected


WRONG = [
    pytest.param(
        "a = = 1\n",
        (1, 5),
        "'='",
        id="a = = 1",
        marks=pytest.mark.xfail(
            strict=True, reason="reported as \"unexpected 'a'\" at 1:1, not at the second '='"
        ),
    ),
    pytest.param(
        "r {\n  a = = 1\n}\n",
        (2, 7),
        "'='",
        id="a = = 1 in a block",
        marks=pytest.mark.xfail(
            strict=True,
            reason="reported at 3:2 as \"expected '}' to close the block or object opened at "
            'line 1", though the block is closed',
        ),
    ),
    pytest.param(
        'a = "\\q"\n',
        (1, 6),
        "invalid escape sequence '\\\\q'",
        id="invalid escape",
        marks=pytest.mark.xfail(
            strict=True,
            reason="reported as \"unexpected '\\\\\\\\'\" (a repr of the backslash): tree-sitter "
            "refuses the escape before strings.unquote can explain it",
        ),
    ),
    pytest.param(
        'r "\\q" {}\n',
        (1, 4),
        "invalid escape sequence '\\\\q'",
        id="invalid escape in a label",
        marks=pytest.mark.xfail(
            strict=True,
            reason='reported at 1:10 as "expected \'\\"\' to close the string opened at line 1"',
        ),
    ),
    pytest.param(
        'a = "${x}\ndef"\n',
        (1, 10),
        "a quoted string cannot span lines",
        id="template spanning lines",
        marks=pytest.mark.xfail(
            strict=True,
            reason="a quoted template with a line break after '${...}' parses to a tree: "
            "tree-sitter gives the line break no template_literal for _no_line_breaks to check",
        ),
    ),
    pytest.param(
        "a = <<EOT\nhello\n",
        (3, 1),
        "expected 'EOT' on a line of its own to close the heredoc opened at line 1",
        id="unclosed heredoc",
        marks=pytest.mark.xfail(
            strict=True,
            reason="the message names 'the marker', not EOT: the heredoc node has no "
            "start_identifier field in tree-sitter-hcl 1.2.0",
        ),
    ),
    pytest.param(
        "a = 1\n/* never closed\n",
        (2, 1),
        "*/",
        id="unclosed comment",
        marks=pytest.mark.xfail(strict=True, reason="reported at 2:2 as 'expected a value here'"),
    ),
    pytest.param(
        'a = "${var.x"\n',
        (1, 13),
        "expected '}' to close the interpolation '${' opened at line 1",
        id="unclosed interpolation",
        marks=pytest.mark.xfail(
            strict=True,
            reason='reported as "expected \'\\"\' to close the string", which is closed',
        ),
    ),
    pytest.param(
        "x = 0\ra = 1\rb = 2\ra = 3\r",
        (4, 1),
        "is already set at line 2;",
        id="attribute set twice, CR line ends",
    ),
]


@pytest.mark.parametrize(("source", "where", "says"), WRONG)
def test_broken_hcl_is_explained_in_a_persons_words(
    source: str, where: tuple[int, int], says: str
) -> None:
    line, column, message = error(source)
    assert (line, column) == where, message
    assert says in message


def test_invalid_utf8_is_reported_at_the_bad_byte_in_characters() -> None:
    assert error(b'# caf\xc3\xa9 \xe2\x98\x95\nb = "x \xff"\n') == (
        2,
        8,
        "the file is not valid UTF-8 (byte 0xFF: invalid start byte); it is binary, or text in "
        "another encoding such as Windows-1252: save it as UTF-8",
    )
    line, column, message = error(BOM + b"a = 1\nb = \xe9\n")
    assert (line, column) == (2, 5)
    assert message.startswith("the file is not valid UTF-8 (byte 0xE9: invalid continuation")


UTF16 = (
    1,
    1,
    "the file is UTF-16 (what Windows PowerShell's > and Out-File write), not UTF-8: save it as "
    "UTF-8 (Out-File -Encoding utf8); Terraform reads only UTF-8",
)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused_with_and_without_a_byte_order_mark(codec: str) -> None:
    assert error('resource "a" "b" {}\n'.encode(codec)) == UTF16


def test_a_nul_byte_or_a_control_character_is_binary() -> None:
    assert error(b'a = 1\nb = "\xc3\xa9\x00"\n') == (
        2,
        7,
        "a NUL byte: this is a binary file, not HCL text (Terraform refuses it)",
    )
    assert error(b"a = 1\x1b[31m\n") == (
        1,
        6,
        "the control character 0x1B: this is a binary file, not HCL text (Terraform refuses it)",
    )


def test_tabs_form_feeds_and_line_ends_are_text() -> None:
    parsed = tree(b"a\t=\t1\x0c\r\nb = 2\rc = 3\n")
    assert [at(parsed, a.start) for a in parsed.body.attributes] == [(1, 1), (2, 1), (3, 1)]


def test_over_the_size_limit() -> None:
    assert MAX_HCL_BYTES == 2 * 1024 * 1024
    message = (
        "the file is over cfguard's size limit for HCL of 2,097,152 bytes (2 MiB): split the "
        "configuration into several .tf files"
    )
    assert error(b"#" * (MAX_HCL_BYTES + 1)) == (1, None, message)
    at_limit = b"a = 1\n" + b"#" * (MAX_HCL_BYTES - 7) + b"\n"
    assert len(at_limit) == MAX_HCL_BYTES
    assert attribute(tree(at_limit).body, "a").value == Literal(1, 4, 5)

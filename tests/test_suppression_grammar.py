"""The suppression grammar is one for every syntax: it reads a comment's text, whatever wraps it,
and speaks of the comment in the file's own form (XML's `<!-- -->`, YAML's and HCL's `#`)."""

from __future__ import annotations

from cfguard.core.findings import Location
from cfguard.suppressions.grammar import EXAMPLE_TEXT, FILE_IGNORE, IGNORE, parse_directive

AT = Location(3, 5, "/DistributionConfig")
HASH_EXAMPLE = f"# {EXAMPLE_TEXT}"


def test_the_same_text_means_the_same_directive_in_any_syntax() -> None:
    directive = parse_directive(
        " cfguard: ignore[CFG101, http-allowed] redirect done upstream ", AT, True, "x"
    )
    assert directive is not None
    assert (directive.verb, directive.rules, directive.reason) == (
        IGNORE,
        ("CFG101",),
        "redirect done upstream",
    )
    assert directive.active
    assert directive.problems == ()
    whole = parse_directive("cfguard: FILE-IGNORE[CFG301] logs go elsewhere", AT, True, "x")
    assert whole is not None
    assert whole.verb == FILE_IGNORE
    assert whole.rules == ("CFG301",)


def test_prose_that_starts_with_cfguard_is_not_a_directive() -> None:
    assert parse_directive("cfguard checks this file in CI", AT, False, HASH_EXAMPLE) is None
    assert parse_directive("managed by terraform", AT, False, HASH_EXAMPLE) is None


def test_messages_show_the_example_as_a_comment_of_the_files_syntax() -> None:
    no_colon = parse_directive("cfguard ignore[CFG101] why", AT, False, HASH_EXAMPLE)
    assert no_colon is not None
    assert not no_colon.active
    assert no_colon.problems == (
        "malformed suppression: write 'cfguard:' with a colon, as in "
        "# cfguard: ignore[CFG101] why it is fine",
    )
    no_reason = parse_directive("cfguard: ignore[CFG101]", AT, True, HASH_EXAMPLE)
    assert no_reason is not None
    assert not no_reason.active
    assert no_reason.problems == (
        "the suppression of CFG101 gives no reason; write why after the ']', as in "
        "# cfguard: ignore[CFG101] why it is fine",
    )
    assert no_reason.location is AT

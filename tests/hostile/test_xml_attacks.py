"""XML attacks: nothing is expanded, fetched, opened or included, and the document gets one
CFG001 finding that says why (exit 1).

Each attack is checked three ways where it applies: the secret's content never reaches stdout
or stderr, the local listener receives no request, and the FIFO canary is never opened.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.conftest import NS, Canary, Listener, cfg001_lines, finding_lines

SECRET = "TOP-SECRET-7f3a9c"
DOCTYPE = "DOCTYPE"
LAUGHS = "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">' for i in range(10)
)


def _doc(prolog: str = "", body: str = "<Comment>x</Comment>", root_attrs: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}\n'
        f'<DistributionConfig xmlns="{NS}"{root_attrs}>{body}</DistributionConfig>\n'
    ).encode()


# name -> (document builder taking (secret file URL, listener URL, canary URL), expected reason)
Builder = Callable[[str, str, str], bytes]
ATTACKS: dict[str, tuple[Builder, str]] = {
    "external-entity-file": (
        lambda s, h, c: _doc(f'<!DOCTYPE d [<!ENTITY x SYSTEM "{s}">]>', "<Comment>&x;</Comment>"),
        DOCTYPE,
    ),
    "external-entity-in-attribute": (
        lambda s, h, c: _doc(f'<!DOCTYPE d [<!ENTITY x SYSTEM "{s}">]>', '<Comment a="&x;"/>'),
        DOCTYPE,
    ),
    "external-entity-http": (
        lambda s, h, c: _doc(
            f'<!DOCTYPE d [<!ENTITY x SYSTEM "{h}/entity">]>', "<Comment>&x;</Comment>"
        ),
        DOCTYPE,
    ),
    "external-entity-canary": (
        lambda s, h, c: _doc(f'<!DOCTYPE d [<!ENTITY x SYSTEM "{c}">]>', "<Comment>&x;</Comment>"),
        DOCTYPE,
    ),
    "parameter-entity-http": (
        lambda s, h, c: _doc(f'<!DOCTYPE d [<!ENTITY % p SYSTEM "{h}/p.dtd"> %p;]>'),
        DOCTYPE,
    ),
    "parameter-entity-file": (
        lambda s, h, c: _doc(f'<!DOCTYPE d [<!ENTITY % p SYSTEM "{s}"> %p;]>'),
        DOCTYPE,
    ),
    "parameter-entity-canary": (
        lambda s, h, c: _doc(f'<!DOCTYPE d [<!ENTITY % p SYSTEM "{c}"> %p;]>'),
        DOCTYPE,
    ),
    "external-dtd-http": (
        lambda s, h, c: _doc(f'<!DOCTYPE DistributionConfig SYSTEM "{h}/x.dtd">'),
        DOCTYPE,
    ),
    "external-dtd-public-http": (
        lambda s, h, c: _doc(f'<!DOCTYPE DistributionConfig PUBLIC "-//X//DTD X//EN" "{h}/p.dtd">'),
        DOCTYPE,
    ),
    "external-dtd-canary": (
        lambda s, h, c: _doc(f'<!DOCTYPE DistributionConfig SYSTEM "{c}">'),
        DOCTYPE,
    ),
    "billion-laughs": (
        lambda s, h, c: _doc(f"<!DOCTYPE d [{LAUGHS}]>", "<Comment>&lol9;</Comment>"),
        DOCTYPE,
    ),
    "quadratic-blowup": (
        lambda s, h, c: _doc(
            f'<!DOCTYPE d [<!ENTITY a "{"a" * 100_000}">]>', f"<Comment>{'&a;' * 20_000}</Comment>"
        ),
        DOCTYPE,
    ),
    "doctype-with-broken-internal-subset": (
        lambda s, h, c: _doc(f'<!DOCTYPE d [<!ENTITY % p SYSTEM "{h}/p.dtd"> %p; <!BROKEN'),
        DOCTYPE,
    ),
    "xinclude-file": (
        lambda s, h, c: _doc(
            body=f'<xi:include href="{s}" parse="text"/>',
            root_attrs=' xmlns:xi="http://www.w3.org/2001/XInclude"',
        ),
        "XInclude",
    ),
    "xinclude-etc-passwd": (
        lambda s, h, c: _doc(
            body='<Comment><xi:include href="file:///etc/passwd" parse="text"/></Comment>',
            root_attrs=' xmlns:xi="http://www.w3.org/2001/XInclude"',
        ),
        "XInclude",
    ),
    "xinclude-http": (
        lambda s, h, c: _doc(
            body=f'<xi:include href="{h}/inc.xml"/>',
            root_attrs=' xmlns:xi="http://www.w3.org/2001/XInclude"',
        ),
        "XInclude",
    ),
    "xinclude-2003-canary": (
        lambda s, h, c: _doc(
            body=f'<xi:include href="{c}" parse="text"/>',
            root_attrs=' xmlns:xi="http://www.w3.org/2003/XInclude"',
        ),
        "XInclude",
    ),
    "processing-instruction-prolog": (lambda s, h, c: _doc("<?cfguard run?>"), "<?cfguard"),
    "processing-instruction-inside": (
        lambda s, h, c: _doc(body="<Comment>x<?php system('id'); ?></Comment>"),
        "<?php",
    ),
    "processing-instruction-after-root": (
        lambda s, h, c: _doc() + b"<?after-root x?>\n",
        "<?after-root",
    ),
    "xml-stylesheet": (
        lambda s, h, c: _doc(f'<?xml-stylesheet type="text/xsl" href="{h}/style.xsl"?>'),
        "<?xml-stylesheet",
    ),
    "utf16-external-entity": (
        lambda s, h, c: (
            '<?xml version="1.0" encoding="UTF-16"?>\n'
            f'<!DOCTYPE d [<!ENTITY x SYSTEM "{s}">]>\n'
            f'<DistributionConfig xmlns="{NS}"><Comment>&x;</Comment></DistributionConfig>'
        ).encode("utf-16"),
        DOCTYPE,
    ),
}


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"{SECRET}\n")
    return path


@dataclass(frozen=True)
class Traps:
    secret: Path
    listener: Listener
    canary: Canary


@pytest.fixture
def traps(secret: Path, listener: Listener, canary: Canary) -> Traps:
    return Traps(secret, listener, canary)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_refused_without_being_followed(
    name: str, tmp_path: Path, traps: Traps, check: Any
) -> None:
    build, reason = ATTACKS[name]
    listener, canary = traps.listener, traps.canary
    document = tmp_path / f"{name}.xml"
    document.write_bytes(build(traps.secret.as_uri(), listener.url, canary.path.as_uri()))

    text = check(document)
    report = check(document, args=("--format", "json"))

    assert text.code == 1, text
    assert report.code == 1, report
    [finding] = cfg001_lines(text.out)
    assert reason in finding.group(0), finding.group(0)
    assert len(finding_lines(text.out)) == 1  # CFG001 stops the pipeline: nothing else
    [entry] = json.loads(report.out)["files"]
    assert [f["rule"] for f in entry["findings"]] == ["CFG001"]
    for run in (text, report):
        assert SECRET not in run.out + run.err
        assert "FETCHED-FROM-LISTENER" not in run.out + run.err
        assert "CANARY-CONTENT" not in run.out + run.err
        assert "root:x:0:0" not in run.out + run.err
    assert listener.requests == []
    assert not canary.opened.is_set(), "a file named in the document was opened"


def test_error_based_exfiltration_through_a_local_dtd_reads_nothing(
    tmp_path: Path, secret: Path, canary: Canary, check: Any
) -> None:
    """The classic error-based XXE: a DTD in the repository (the attacker's pull request can add
    one) defines an entity whose *system id* holds the secret, so a parser's "failed to load"
    error would print it. cfguard never opens the DTD, the secret or the canary."""
    (tmp_path / "evil.dtd").write_text(
        f'<!ENTITY % file SYSTEM "{secret.as_uri()}">\n'
        f'<!ENTITY % canary SYSTEM "{canary.path.as_uri()}">\n'
        "<!ENTITY % eval \"<!ENTITY &#x25; error SYSTEM 'file:///nonexistent/%file;'>\">\n"
        "%canary;\n%eval;\n%error;\n"
    )
    relative = tmp_path / "relative.xml"
    relative.write_bytes(_doc('<!DOCTYPE DistributionConfig SYSTEM "evil.dtd">'))
    absolute = tmp_path / "absolute.xml"
    absolute.write_bytes(
        _doc(f'<!DOCTYPE d [<!ENTITY % e SYSTEM "{(tmp_path / "evil.dtd").as_uri()}"> %e;]>')
    )
    # cwd = the DTD's directory, where a relative system id would be looked up.
    result = check(relative, absolute, cwd=tmp_path)
    assert result.code == 1
    assert len(cfg001_lines(result.out)) == 2
    assert all(DOCTYPE in m.group(0) for m in cfg001_lines(result.out))
    assert SECRET not in result.out + result.err
    assert "nonexistent" not in result.out + result.err
    assert not canary.opened.is_set()


def test_the_canary_would_notice_an_open(canary: Canary) -> None:
    """The canary itself works: reading the FIFO is noticed (so the tests above can fail)."""
    with open(canary.path, "rb") as pipe:
        assert pipe.read().startswith(b"CANARY-CONTENT")
    assert canary.opened.is_set()


def test_the_listener_would_notice_a_fetch(listener: Listener) -> None:
    from urllib.request import urlopen

    with urlopen(f"{listener.url}/probe", timeout=10) as response:
        assert b"FETCHED-FROM-LISTENER" in response.read()
    assert listener.requests == ["/probe"]


def test_doctype_finding_points_at_the_doctype(tmp_path: Path, check: Any) -> None:
    document = tmp_path / "dtd.xml"
    document.write_bytes(_doc("<!-- a comment first -->\n  <!DOCTYPE d>"))
    [finding] = cfg001_lines(check(document).out)
    assert (finding["line"], finding["column"]) == ("3", "3")
    assert finding.group(0).endswith(": remove it (syntax-error)")


def test_many_processing_instructions_before_broken_markup(tmp_path: Path, check: Any) -> None:
    """The prolog scan that finds a DOCTYPE in a broken document stays linear: a regular
    expression over `(<?...?>)*` once backtracked exponentially here (100 of them hung)."""
    document = tmp_path / "pis.xml"
    document.write_bytes(b"<?a?><!--c-->" * 5000 + b"<DistributionConfig><")
    [finding] = cfg001_lines(check(document).out)
    assert "not well-formed XML" in finding.group(0)
    broken_with_doctype = tmp_path / "pis-doctype.xml"
    broken_with_doctype.write_bytes(b"<?a?>\n" * 5000 + b"<!DOCTYPE d [<!BROKEN")
    [finding] = cfg001_lines(check(broken_with_doctype).out)
    assert DOCTYPE in finding.group(0)
    assert (finding["line"], finding["column"]) == ("5001", "1")

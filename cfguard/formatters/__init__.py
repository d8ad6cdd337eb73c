"""Output formats: one small module each, all behind the `Formatter` protocol."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol, TextIO

if TYPE_CHECKING:  # only in annotations; importing them here would make a cycle with inputs
    from cfguard.core.results import FileResult
    from cfguard.core.tally import Tally

#: Format name -> module; imported only when chosen, so start-up pays for one format.
FORMATS = {
    "text": "cfguard.formatters.text",
    "json": "cfguard.formatters.json",
    "sarif": "cfguard.formatters.sarif",
    "github": "cfguard.formatters.github",
    "gitlab": "cfguard.formatters.gitlab",
}


class OutputOptions(NamedTuple):
    color: bool = False
    #: The source line with a caret under the column, below each finding (text format, on a
    #: terminal); independent of colour, which NO_COLOR turns off.
    excerpt: bool = False
    quiet: bool = False
    show_suppressed: bool = False


class Formatter(Protocol):
    def __call__(
        self, results: Iterable[FileResult], tally: Tally, out: TextIO, options: OutputOptions
    ) -> None:
        """Write every result, then whatever the format says about the whole run.

        `results` is consumed once and may be a stream; `tally` is complete once it is.
        """


def get_formatter(name: str) -> Formatter:
    module = importlib.import_module(FORMATS[name])
    render: Formatter = module.render
    return render

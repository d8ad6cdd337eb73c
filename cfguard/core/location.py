"""Where something is in a document: `Location`, which every finding, fix and model value
carries (`cfguard.core.findings` re-exports it)."""

from __future__ import annotations

from collections.abc import Callable

#: A location's fields: line, column, xpath, end_line, end_column, path, identity, resource, via.
_LocationKey = tuple[
    int, int | None, str, int | None, int | None, str | None, str, str | None, str | None
]


class Location:
    """Where something is in a document: a span, a neutral path and an identity.

    `line` and `column` (1-based; `column` None when unknown) are where it starts. `end_line`
    and `end_column` are the position just past its last character, as SARIF and LSP ranges
    count (None when unknown): for an element with a value, the end of its end tag; for an
    element holding elements, the end of its start tag (a span over a whole behavior, or the
    whole document for a finding at the root, would mark everything and point at nothing).

    `xpath` is the XML rendering of the element's place
    (`/DistributionConfig/CacheBehaviors/Items/CacheBehavior[2]`); `path` is the same place in
    the form every syntax shares, a JMESPath expression as `aws cloudfront ... --query` takes it
    (`DistributionConfig.CacheBehaviors.Items[1]`, 0-based), or None when there is no element.
    `identity` is what the finding is about, by name rather than position
    (`DistributionConfig.CacheBehaviors.Items[PathPattern='/api/*']`): fingerprints hash it, so
    inserting a behavior does not renumber the others' alerts. `resource` is the address of the
    distribution in a file that names one (a CloudFormation logical id); None in XML. `via` says
    where a value found elsewhere came from, for a location that is not where the value is
    written (a CloudFormation `!Ref` to a parameter, located at the `!Ref`, whose value is the
    parameter's `Default`): the engine appends it to the message of a finding located here, in
    parentheses. None in XML and the AWS CLI's JSON, which hold every value where it applies.

    Immutable, compared and hashed by value. A location made with `deferred` is worked out on
    first use: the adapters give every model value a location, but a clean document never shows
    one, and working out columns and paths for all of them was half the cost of checking it.
    A `Finding` always holds a worked-out location (so it never keeps a document's tree alive).
    """

    __slots__ = (
        "_column",
        "_end_column",
        "_end_line",
        "_identity",
        "_line",
        "_path",
        "_pending",
        "_resource",
        "_via",
        "_xpath",
    )

    def __init__(
        self,
        line: int,
        column: int | None,
        xpath: str,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
        path: str | None = None,
        identity: str | None = None,
        resource: str | None = None,
        via: str | None = None,
    ) -> None:
        self._line, self._column, self._xpath = line, column, xpath
        self._end_line, self._end_column = end_line, end_column
        self._path, self._resource, self._via = path, resource, via
        # Without a name-based identity, the element's place is the best one there is.
        self._identity = identity if identity is not None else xpath
        self._pending: Callable[[], Location] | None = None

    @classmethod
    def deferred(cls, compute: Callable[[], Location]) -> Location:
        """A location that calls `compute` (once) when it is first read."""
        location = cls.__new__(cls)
        location._pending = compute
        return location

    def resolve(self) -> Location:
        """Work the location out now (if deferred) and drop what it needed; returns self."""
        if self._pending is not None:
            done = self._pending()
            self._line, self._column, self._xpath = done.line, done.column, done.xpath
            self._end_line, self._end_column = done.end_line, done.end_column
            self._path, self._identity, self._resource = done.path, done.identity, done.resource
            self._via = done.via
            self._pending = None
        return self

    def at(self, line: int, column: int | None) -> Location:
        """A point at `line`:`column` inside this location's element (a comment in it): the same
        paths and identity, no span."""
        self.resolve()
        return Location(
            line,
            column,
            self._xpath,
            path=self._path,
            identity=self._identity,
            resource=self._resource,
        )

    @property
    def line(self) -> int:
        return self.resolve()._line

    @property
    def column(self) -> int | None:
        return self.resolve()._column

    @property
    def end_line(self) -> int | None:
        return self.resolve()._end_line

    @property
    def end_column(self) -> int | None:
        return self.resolve()._end_column

    @property
    def xpath(self) -> str:
        return self.resolve()._xpath

    @property
    def path(self) -> str | None:
        return self.resolve()._path

    @property
    def identity(self) -> str:
        return self.resolve()._identity

    @property
    def resource(self) -> str | None:
        return self.resolve()._resource

    @property
    def via(self) -> str | None:
        return self.resolve()._via

    def _key(self) -> _LocationKey:
        self.resolve()
        return (
            self._line,
            self._column,
            self._xpath,
            self._end_line,
            self._end_column,
            self._path,
            self._identity,
            self._resource,
            self._via,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Location) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Location(line={self.line}, column={self.column}, xpath={self.xpath!r}, "
            f"end_line={self.end_line}, end_column={self.end_column}, path={self.path!r}, "
            f"identity={self.identity!r}, resource={self.resource!r}"
            + (f", via={self.via!r})" if self.via is not None else ")")
        )

    def __reduce__(self) -> tuple[Callable[[_LocationKey], Location], tuple[_LocationKey]]:
        return (_rebuild, (self._key(),))


def _rebuild(key: _LocationKey) -> Location:
    """Unpickle a `Location` (results cross process boundaries with `--jobs`)."""
    line, column, xpath, end_line, end_column, path, identity, resource, via = key
    return Location(
        line,
        column,
        xpath,
        end_line=end_line,
        end_column=end_column,
        path=path,
        identity=identity,
        resource=resource,
        via=via,
    )

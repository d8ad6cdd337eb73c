"""The package layout keeps itself: the import graph of `cfguard/`, derived from the source with
`ast`, has no cycle and no upward import, only `cfguard.syntaxes.xml` touches lxml/xmlschema, and no
module grows past 300 lines.

Every `import` and `from ... import` counts, at any depth: inside a function, under
`if TYPE_CHECKING:`, lazy or not. A cycle that only exists at type-checking time is still a cycle
in the design, and a lazy upward import is still an upward import.

Layers, top to bottom; a module may import its own layer and any layer below, never one above:

    cli
    run, live, config, formatters  (`live`: the deployed distributions, `cfguard check --aws`)
    change        (above the engine: it runs the engine to judge a batch against its siblings,
                  and reads the documents and sibling files named on the command line)
    fixing        (beside change: `--fix` runs the engine on each fixed text, and writes files)
    engine, inputs  (`cfguard.inputs` finds and reads the files to check; it sits below `change`,
                  which reads inputs too, and needs nothing above `syntaxes`)
    checks, suppressions
    syntaxes
    model
    rules
    core          (and the package root `cfguard`: `__version__`)

A package that is in no layer fails the layer test until `LAYERS` places it. `from a import b`
counts as importing the module `a.b` when there is one, so `from cfguard.checks import tls` is
an edge to `cfguard.checks.tls`. `docs/ARCHITECTURE.md` describes the same layers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cfguard"

#: Top-level part of `cfguard.<part>` -> its layer (higher imports lower).
LAYERS: Mapping[str, int] = {
    "cli": 8,
    "__main__": 8,
    "run": 7,
    "live": 7,
    "config": 7,
    "formatters": 7,
    "change": 6,
    "fixing": 6,
    "engine": 5,
    "inputs": 5,
    "scan_filters": 5,
    "checks": 4,
    "suppressions": 4,
    "syntaxes": 3,
    "model": 2,
    "rules": 1,
    "core": 0,
    "": 0,  # the package root
}
LAYER_NAMES = {
    8: "cli",
    7: "run/live/config/formatters",
    6: "change/fixing",
    5: "engine/inputs",
    4: "checks/suppressions",
    3: "syntaxes",
    2: "model",
    1: "rules",
    0: "core",
}
XML_LIBRARIES = ("lxml", "xmlschema", "elementpath")
XML_PACKAGE = "cfguard.syntaxes.xml"
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> Iterator[str]:
    """Every module `tree` imports, at any depth; `from a import b` is `a.b` when that is a
    module."""
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target
            for alias in node.names:
                if f"{target}.{alias.name}" in known:
                    yield f"{target}.{alias.name}"


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the modules (cfguard's and third parties') it imports."""
    found = modules(root)
    known = set(found)
    graph: dict[str, set[str]] = {}
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = set(_imported(tree, name, path.name == "__init__.py", known)) - {name}
    return graph


def _internal(graph: Mapping[str, set[str]]) -> dict[str, set[str]]:
    return {name: {t for t in targets if t in graph} for name, targets in graph.items()}


def find_cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as one cycle
    through them."""
    internal = _internal(graph)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(internal[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(internal):
        if node not in index:
            visit(node)
    return [_cycle_through(internal, component) for component in components]


def _cycle_through(internal: Mapping[str, set[str]], component: list[str]) -> list[str]:
    """One concrete cycle inside a strongly connected component: a -> b -> ... -> a."""
    members = set(component)
    start = component[0]
    path = [start]
    seen = {start}
    while True:
        targets = sorted(internal[path[-1]] & members)
        if start in targets and len(path) > 1:
            return [*path, start]
        unseen = [t for t in targets if t not in seen]
        if not unseen:  # fall back to the component itself
            return [*component, component[0]]
        path.append(unseen[0])
        seen.add(unseen[0])


def layer(module: str) -> int:
    parts = module.split(".")
    part = parts[1] if len(parts) > 1 else ""
    if part not in LAYERS:
        raise AssertionError(f"{module} is in no layer: add `{part}` to LAYERS")
    return LAYERS[part]


def upward_imports(graph: Mapping[str, set[str]]) -> list[str]:
    internal = _internal(graph)
    return [
        f"{source} ({LAYER_NAMES[layer(source)]}) -> {target} ({LAYER_NAMES[layer(target)]})"
        for source in sorted(internal)
        for target in sorted(internal[source])
        if layer(target) > layer(source)
    ]


def xml_outside_syntaxes(graph: Mapping[str, set[str]]) -> list[str]:
    return [
        f"{source} -> {target}"
        for source in sorted(graph)
        for target in sorted(graph[source])
        if target.split(".")[0] in XML_LIBRARIES
        and not (source == XML_PACKAGE or source.startswith(XML_PACKAGE + "."))
    ]


AWS_LIBRARIES = ("boto3", "botocore")
AWS_PACKAGE = "cfguard.live"


def aws_outside_live(graph: Mapping[str, set[str]]) -> list[str]:
    """boto3 is an optional extra: only `cfguard.live` may import it (lazily, when asked)."""
    return [
        f"{source} -> {target}"
        for source in sorted(graph)
        for target in sorted(graph[source])
        if target.split(".")[0] in AWS_LIBRARIES
        and not (source == AWS_PACKAGE or source.startswith(AWS_PACKAGE + "."))
    ]


def test_only_the_live_package_imports_boto3() -> None:
    graph = import_graph()
    assert "boto3" in graph["cfguard.live.client"]  # the check can see it
    outside = aws_outside_live(graph)
    assert not outside, f"only {AWS_PACKAGE} may import boto3/botocore:\n" + "\n".join(outside)


def test_the_graph_sees_every_kind_of_import() -> None:
    graph = import_graph()
    assert len(graph) > 40
    assert "cfguard.suppressions" in graph["cfguard.engine"]  # inside a function
    assert "cfguard.change.baseline" in graph["cfguard.run.lint"]  # under TYPE_CHECKING
    assert "cfguard.checks.tls" in graph["cfguard.checks"]  # `from cfguard.checks import tls`
    assert "lxml" in graph["cfguard.syntaxes.xml.source"]  # third parties too


def test_no_import_cycle() -> None:
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = upward_imports(import_graph())
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_only_the_xml_syntax_imports_xml_libraries() -> None:
    outside = xml_outside_syntaxes(import_graph())
    assert not outside, f"only {XML_PACKAGE} may import lxml/xmlschema:\n" + "\n".join(outside)


def test_no_module_is_longer_than_300_lines() -> None:
    long = {
        name: count
        for name, path in modules().items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"

"""No module of app/ or ui/ imports itself round a circle.

Every import is counted, wherever it is written: at module level, inside a function
(a late import is the usual way to hide a circle, not to remove it) and under
``if TYPE_CHECKING:`` (a type-only import still makes two modules depend on each
other: the case window's old circle ran through one). An import names the deepest
module of app/ or ui/ it reaches: ``from ui.wizard import actions`` is the module
``ui.wizard.actions``; ``from app.domain.forms import Field`` is the package
``app.domain.forms``. Importing a submodule is not counted as importing its parent
package (Python runs the package's ``__init__`` first, but that is not a dependency
written by anyone), so a package that re-exports its own submodules is no circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "ui")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for top in PACKAGES for p in sorted((ROOT / top).rglob("*.py"))}


def resolve(dotted: str, known: dict[str, Path]) -> str | None:
    """The deepest module of app/ or ui/ that ``dotted`` names (None: outside them)."""
    while dotted and dotted not in known:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def imports_of(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The modules of app/ and ui/ that the file imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(resolve(alias.name, known) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x / from ..a import b
                parts = package.split(".")
                parts = parts[:len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:  # "from a.b import c": module a.b.c, or a name in a.b
                full = f"{base}.{alias.name}"
                found.add(full if full in known else resolve(base, known))
    return {module for module in found if module is not None and module != name}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, name, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle (first module repeated at the end) per group of mutually importing
    modules (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_circle(graph, group) for group in groups]


def _circle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt_frontier = []
        for node in frontier:
            for nxt in sorted(graph[node] & group):
                if nxt == start:
                    return [*paths[node], start]
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    nxt_frontier.append(nxt)
        frontier = nxt_frontier
    return sorted(group)  # pragma: no cover - a strongly connected group always has one


def test_no_import_cycles_in_app_or_ui() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_check_sees_every_kind_of_import() -> None:
    """The walker finds module-level, function-level and TYPE_CHECKING imports."""
    graph = import_graph()
    assert "ui.wizard.window_actions" in graph["ui.wizard.case_window"]  # from ui.wizard import x
    assert "app.domain.forms" in graph["app.services.cases"]  # from package import name
    late = {"ui.documents"} & graph["ui.wizard.case_layout"]  # imported inside a function
    assert late == {"ui.documents"}
    typed = graph["ui.supervisor.case_model"]  # "if TYPE_CHECKING: from ... import Session"
    assert "app.services.session" in typed


def test_a_cycle_is_reported_as_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []

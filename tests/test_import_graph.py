"""The package's shape: no import circle anywhere in mgreader, and the core reaches nothing outside core."""

import ast
from pathlib import Path

import mgreader

ROOT = Path(mgreader.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Every module's imports of other mgreader modules, including lazy ones inside functions and
    those under TYPE_CHECKING: a circle hidden from the interpreter is still a circle for a reader."""
    paths = {module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                found.add(base)
                found |= {f"{base}.{alias.name}" for alias in node.names}
        # A module importing a name from a package depends on that package's __init__, not on its siblings;
        # empty __init__ files carry no edges, so they cannot hide a circle.
        graph[name] = {d for d in found if d in paths and d != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                found.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_anywhere_in_the_package():
    assert cycles(import_graph()) == []


def test_controllers_see_the_window_only_through_its_shell():
    graph = import_graph()
    controllers = [name for name in graph if name.endswith("_controller")]
    assert controllers, "the controllers were found"
    assert {name for name in controllers if "mgreader.ui.main_window" in graph[name]} == set()


def test_the_core_imports_nothing_outside_the_core():
    graph = import_graph()
    outside = sorted(
        f"{name} -> {dep}"
        for name, deps in graph.items()
        if name.startswith("mgreader.core")
        for dep in deps
        if not dep.startswith("mgreader.core")
    )
    assert outside == []

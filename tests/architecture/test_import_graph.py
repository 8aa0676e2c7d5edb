"""The modules under ``src/paystead`` import each other without a cycle, so that the code reads
(and can be tested) from the bottom up.

Every import statement counts, wherever it stands: at module level, inside a function (a
deferred import is still a dependency), and under ``if TYPE_CHECKING`` (a type that needs an
upper layer is a layering cycle too). ``from package import name`` is an import of the module
``package.name`` when there is one, else of the package itself.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src"


def module_names(source: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the packages under ``source``."""
    names = {}
    for path in source.rglob("*.py"):
        parts = list(path.relative_to(source).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _imported(node: ast.AST, module: str, is_package: bool, known: dict[str, Path]) -> set[str]:
    if isinstance(node, ast.Import):
        candidates = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:  # relative: resolved against the importing module's package
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([node.module] if node.module else []))
        candidates = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
    else:
        return set()
    found = set()
    for name in candidates:
        # ``import a.b.c`` names a.b.c; keep the longest prefix that is a module of ours.
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name:
            found.add(name)
    return found


def import_graph(source: Path = SOURCE) -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (itself excluded)."""
    known = module_names(source)
    graph = {}
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        imported = set()
        for node in ast.walk(tree):
            imported |= _imported(node, module, is_package, known)
        graph[module] = imported - {module}
    return graph


def test_the_graph_sees_imports_inside_functions_and_type_checking_blocks():
    graph = import_graph()
    # A module-level import, a function-level one and one from a package (not a name in it).
    assert "paystead.resources.catalog" in graph["paystead.resources.declaration"]
    assert "paystead.modules" in graph["paystead.cli"]  # imported inside the commands
    assert "paystead.resources.crud" in graph["paystead.resources.registry"]  # from paystead.resources import crud


def test_src_has_no_import_cycle():
    graph = import_graph()
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        cycle = error.args[1]
        pytest.fail("import cycle: " + " -> ".join(reversed(cycle)))

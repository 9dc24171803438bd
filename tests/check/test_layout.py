"""The layout of transpiler/check: small modules, imports at module top that point one way
inside the fuzzer, and no module importing another module's private name."""
import ast
from pathlib import Path

import pytest

import transpiler.check

CHECK = Path(transpiler.check.__file__).parent
FUZZ = CHECK / "fuzz"
OPTIONAL = {"numba", "autograd", "sympy", "scipy"}      # imported where used: none is a dependency


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _function_level_imports(tree: ast.Module) -> list[ast.stmt]:
    top = set(map(id, tree.body))
    return [node for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top]


def _imported_names(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name.split(".")[0] for alias in node.names]
    return [node.module.split(".")[0]] if node.level == 0 else ["." * node.level + (node.module or "")]


@pytest.mark.parametrize("path", _modules(FUZZ), ids=lambda p: p.name)
def test_every_fuzz_module_stays_under_450_lines(path):
    assert len(path.read_text().splitlines()) <= 450


@pytest.mark.parametrize("path", _modules(CHECK), ids=lambda p: str(p.relative_to(CHECK)))
def test_no_check_module_imports_another_modules_private_name(path):
    private = [f"{node.module}.{alias.name}" for node in ast.walk(_tree(path))
               if isinstance(node, ast.ImportFrom) for alias in node.names
               if alias.name.startswith("_") and node.module != "__future__"]
    assert not private, f"{path.name} imports {private}: make the name public where it is shared"


@pytest.mark.parametrize("path", _modules(FUZZ), ids=lambda p: p.name)
def test_fuzz_modules_import_at_module_top_except_optional_dependencies(path):
    late = [(node.lineno, name) for node in _function_level_imports(_tree(path))
            for name in _imported_names(node) if name not in OPTIONAL]
    assert not late, f"{path.name}: imports inside functions {late}"


def _sibling_imports(path: Path) -> set[str]:
    """The modules of the fuzz package that ``path`` imports (``from .x import ...``)."""
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_fuzz_modules_import_each_other_without_a_cycle():
    graph = {p.stem: _sibling_imports(p) for p in _modules(FUZZ) if p.stem != "__init__"}
    assert set().union(*graph.values()) <= set(graph) | {"__init__"}
    order, done = [], set()

    def visit(module, path):
        assert module not in path, f"import cycle: {' -> '.join(path + [module])}"
        if module not in done:
            for imported in sorted(graph[module]):
                visit(imported, path + [module])
            done.add(module)
            order.append(module)

    for module in sorted(graph):
        visit(module, [])
    assert sorted(order) == sorted(graph)

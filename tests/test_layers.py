"""The package's import rules (docs/how-it-works.md, "The layout"): every import, function-level
ones included, points down the pipeline's layers; no import cycles; no module reads another's
private names; no module grows past ~500 lines."""
from __future__ import annotations

import ast
import functools
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "transpiler"

# Lowest first. A module may import from its own layer's packages and from the layers below.
LAYERS = [
    {"errors"},
    {"ir"},
    {"primitives"},
    {"frontend"},
    {"analysis"},
    {"ad"},
    {"opt", "rewrites"},
    {"backends"},
    {"driver"},
    {"api", "custom", "nested_gradients", "solver_rules", "solver_odes", "solver_support", "trees", "check", "cli", "__init__", "__main__"},
]
MAX_LINES = 500


def modules() -> dict[str, pathlib.Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


@functools.cache
def parsed(name: str) -> ast.Module:
    """The module's syntax tree, parsed once for all the tests below (each reads every module)."""
    return ast.parse(MODULES[name].read_text())


@functools.cache
def imports(name: str) -> tuple[tuple[str, str, int], ...]:
    """(imported module, imported name or "", line) for every import in the module, at any depth."""
    tree = parsed(name)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, "", node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = name.split(".") if is_package(name) else name.split(".")[:-1]
            if node.level:
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                if submodule in MODULES:
                    found.append((submodule, "", node.lineno))
                else:
                    found.append((module, alias.name, node.lineno))
    return tuple((m, n, line) for m, n, line in found if m == "transpiler" or m.startswith("transpiler."))


def layer(name: str) -> int:
    parts = name.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    for i, members in enumerate(LAYERS):
        if top in members:
            return i
    raise AssertionError(f"{name} is in no layer: add its package to LAYERS (and to docs/how-it-works.md)")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down_the_layers(name):
    if name == "transpiler":
        return      # the package's __init__ re-exports the public API
    upward = [f"line {line}: {module}" for module, _, line in imports(name)
              if module != "transpiler" and layer(module) > layer(name)]
    assert not upward, f"{name} (layer {layer(name)}) imports from above: {upward}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_another_modules_private_names(name):
    private = [f"line {line}: {module}.{imported}" for module, imported, line in imports(name)
               if imported.startswith("_") and not imported.startswith("__") and module != name]
    tree = parsed(name)
    module_names = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    for alias in node.names
                    if any(m.endswith("." + alias.name) and not n for m, n, _ in imports(name))}
    module_names |= {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree)   # import transpiler.x as y
                     if isinstance(node, ast.Import) for alias in node.names if alias.name.startswith("transpiler")}
    private += [f"line {node.lineno}: {ast.unparse(node)}" for node in ast.walk(tree)
                if isinstance(node, ast.Attribute) and _root(node) in module_names and _private(node.attr)]
    private += [f"line {node.lineno}: {ast.unparse(node)}" for node in ast.walk(tree)      # getattr(module, "_x")
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                and len(node.args) >= 2 and _root(node.args[0]) in module_names
                and isinstance(node.args[1], ast.Constant) and _private(str(node.args[1].value))]
    assert not private, f"{name} reads private names of other modules: {private}"


def _root(node: ast.expr) -> str | None:
    """The name an attribute chain starts from (``rules.registry._X``: ``rules``)."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_there_is_no_import_cycle_counting_function_level_imports():
    graph = {name: {m for m, _, _ in imports(name) if m in MODULES and m != name} for name in MODULES}
    graph["transpiler"] = set()      # the package's __init__ only re-exports
    state: dict[str, str] = {}
    cycles = []

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_longer_than_about_five_hundred_lines(name):
    lines = len(MODULES[name].read_text().splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES}): split it by what it does"


def test_every_layer_named_is_a_package_or_module_of_transpiler():
    tops = {name.split(".")[1] for name in MODULES if name != "transpiler"} | {"__init__"}
    assert set().union(*LAYERS) <= tops | {"__main__"}

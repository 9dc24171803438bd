"""Each fact about a primitive is declared once, on the Primitive (primitives/model.py), and the
passes read it there (issue 14, "One IR"): no pass module under analysis/, ad/, opt/ or rewrites/
compares a primitive's path or name with a string literal, or holds a table of ``"np."`` /
``"scipy."`` strings. A pass about particular primitives names them by their functions
(``spelled_as(stmt.prim, np.linalg.solve)``); a property of many is a field (``cost``,
``shape_query``, ``reads_shape``, ``container``, ``floating_result``...).

The checker reads the source (no import): a comparison (``==``, ``!=``, ``in``, ``not in``,
``.startswith``) between a string literal (or a collection of them) and an expression reading
``.name`` or ``.path`` of a ``prim``/``spelling`` (or a local name bound to one); and any tuple,
list, set or dict display holding a string that starts with ``np.`` or ``scipy.``."""
from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "transpiler"
PASS_PACKAGES = ("analysis", "ad", "opt", "rewrites")

# module (relative to transpiler/) -> why its string comparisons stay. Empty: keep it short.
ALLOWED: dict[str, str] = {}


def pass_modules() -> list[pathlib.Path]:
    return sorted(p for package in PASS_PACKAGES for p in (PACKAGE / package).rglob("*.py"))


def _strings(node: ast.expr) -> bool:
    """A string literal (an f-string too), or a display or frozenset/set call of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) or isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(_strings(e) for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set") \
            and len(node.args) == 1:
        return _strings(node.args[0])
    return False


def _names_a_primitive(node: ast.expr, bound: set[str]) -> bool:
    """Does ``node`` read a primitive's ``.name`` or ``.path`` (``stmt.prim.name``,
    ``prim.spelling.path or ""``), or a local name bound to one?"""
    if isinstance(node, ast.Name):
        return node.id in bound
    if isinstance(node, ast.BoolOp):
        return any(_names_a_primitive(v, bound) for v in node.values)
    if isinstance(node, ast.Attribute) and node.attr in ("name", "path"):
        return any(isinstance(n, ast.Attribute) and n.attr in ("prim", "spelling")
                   or isinstance(n, ast.Name) and n.id in ("prim", "spelling") for n in ast.walk(node.value))
    return False


def _bound_names(tree: ast.AST) -> set[str]:
    """Local names assigned a primitive's name or path (``path = stmt.prim.spelling.path``)."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        pairs = [(t, node.value) for t in node.targets]
        pairs += [(t, v) for t in node.targets if isinstance(t, ast.Tuple) and isinstance(node.value, ast.Tuple)
                  for t, v in zip(t.elts, node.value.elts)]          # path, binop = ...path, ...binop
        bound.update(t.id for t, v in pairs if isinstance(t, ast.Name) and _names_a_primitive(v, set()))
    return bound


def _comparing_functions(tree: ast.AST) -> set[str]:
    """Functions that compare a parameter with a primitive's name or path (``_is(stmt, path)``):
    a call of one with a string literal is a comparison with it."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            params = {a.arg for a in node.args.args}
            for compare in ast.walk(node):
                if isinstance(compare, ast.Compare):
                    sides = [compare.left, *compare.comparators]
                    if any(isinstance(s, ast.Name) and s.id in params for s in sides) \
                            and any(_names_a_primitive(s, set()) for s in sides):
                        found.add(getattr(node, "name", "<lambda>"))
    return found


def string_comparisons(source: str) -> list[str]:
    """``line: text`` of each comparison of a primitive's name or path with string literals, and
    each table of ``np.`` / ``scipy.`` strings, in ``source``."""
    tree = ast.parse(source)
    bound, comparing = _bound_names(tree), _comparing_functions(tree)
    found = []
    for node in ast.walk(tree):
        hit = False
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            hit = any(_strings(s) for s in sides) and any(_names_a_primitive(s, bound) for s in sides)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in comparing:
            hit = any(_strings(a) for a in node.args)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("startswith", "endswith", "removeprefix") and node.args:
            hit = _names_a_primitive(node.func.value, bound) and _strings(node.args[0])
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            items = node.keys + node.values if isinstance(node, ast.Dict) else node.elts
            hit = any(isinstance(i, ast.Constant) and isinstance(i.value, str) and i.value.startswith(("np.", "scipy."))
                      for i in items)
        if hit:
            found.append(f"{node.lineno}: {ast.unparse(node)[:100]}")
    return found


@pytest.mark.parametrize("path", pass_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_passes_read_declared_facts_not_string_tables(path):
    name = str(path.relative_to(PACKAGE))
    found = string_comparisons(path.read_text())
    if name in ALLOWED:
        assert found, f"{name} is allowed string comparisons it no longer makes: drop it from ALLOWED"
        return
    assert not found, f"{name} compares primitives' names or paths with strings (declare the fact on the " \
        f"Primitive, or name the primitive by its function: registry.spelled_as):\n" + "\n".join(found)


@pytest.mark.parametrize("source", [
    'def f(stmt):\n    return stmt.prim.name == "written"',
    'def f(stmt):\n    path = stmt.prim.spelling.path\n    return path in ("np.eye", "np.identity")',
    'def f(prim):\n    return (prim.spelling.path or "").startswith("np.")',
    '_TABLE = frozenset({"np.mean", "np.sum"})',
    'def f(stmt, k):\n    return stmt.prim.name == f"x[{k}]"',
    'def _is(stmt, path):\n    return stmt.prim.spelling.path == path\n\ndef g(s):\n    return _is(s, "np.exp")',
])
def test_the_checker_finds_each_form(source):
    assert string_comparisons(source)


@pytest.mark.parametrize("source", [
    'def f(stmt):\n    return spelled_as(stmt.prim, np.eye, np.identity)',
    'def f(stmt):\n    return stmt.target.name in names',
    'DESCRIPTION = "np.vdot(g, np.eye(n)) as np.trace(g)"',
    'def f(node):\n    return node.func.attr in ("sum", "mean")',
])
def test_the_checker_passes_what_names_no_primitive_by_text(source):
    assert not string_comparisons(source)

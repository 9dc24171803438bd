"""What the clean-ups share, on the IR (opt/copies.py, opt/temporaries.py, opt/accumulations.py,
opt/constants.py) and on a backend's printed code (backends/: arrays freed after their last use,
fusion): how deep an expression may grow, a substitution of names by expressions."""
from __future__ import annotations

import ast

from ..ir.code import Transformer, child_nodes, copy_tree, read_names

# The passes that merge statements into expressions stop at this nesting depth (AST levels):
# a chain of 2,000 accumulations or temporaries stays a chain of statements. Deep expressions are
# unreadable, and every walk of them recurses: the passes' own NodeTransformers, astor printing,
# Python's compile() of an AST. Ordinary expressions are far shallower than this.
MAX_DEPTH = 40


def depth(node) -> int:
    """Nesting depth of an AST node (1 for a leaf), without recursion. A context or operator
    counts as a level under its node (as ``ast.iter_child_nodes`` gives them; the walk itself
    is over ``child_nodes``' fields, at a fraction of the cost)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        node, level = stack.pop()
        below = level + 1 if _has_context_or_operator(node) else level
        deepest = max(deepest, below)
        for child in child_nodes(node):
            stack.append((child, level + 1))
    return deepest


def _has_context_or_operator(node) -> bool:
    if not _HAS_FIELD[type(node)]:
        return False        # (most nodes: a call, a constant, a keyword; no attribute looked up)
    return (isinstance(getattr(node, "ctx", None), ast.AST) or isinstance(getattr(node, "op", None), ast.AST)
            or bool(getattr(node, "ops", None)))


class _Classes(dict):
    """Node class -> whether it has a field ``ctx``, ``op`` or ``ops``, worked out on first use."""

    def __missing__(self, cls: type) -> bool:
        found = self[cls] = bool({"ctx", "op", "ops"} & set(getattr(cls, "_fields", ())))
        return found


_HAS_FIELD = _Classes()


# --------------------------------------------------------------------------- freeing arrays
def free_early(stmts: list, arrays: set[str]) -> list:
    """``del`` the named arrays in ``arrays`` after the top-level statement that last reads them,
    so that their memory is reused while the function runs rather than held until it returns.
    Only names assigned by an earlier top-level statement are deleted (always bound there)."""
    last: dict[str, int] = {}
    for i, stmt in enumerate(stmts):
        for name in read_names(stmt) & arrays:
            last[name] = i
    last_read_at: dict[int, list[str]] = {}
    for name, i in last.items():
        last_read_at.setdefault(i, []).append(name)
    bound: set[str] = set()
    out: list = []
    for i, stmt in enumerate(stmts):
        out.append(stmt)
        if isinstance(stmt, ast.Assign):
            bound |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
        if isinstance(stmt, ast.Return) or (i + 1 < len(stmts) and isinstance(stmts[i + 1], ast.Return)):
            continue         # returning frees them anyway
        dead = sorted(n for n in last_read_at.get(i, ()) if n in bound)
        if dead:
            out.append(ast.Delete(targets=[ast.Name(id=n, ctx=ast.Del()) for n in dead]))
    return out


class Substitute(Transformer):
    """Replace loads of the named variables by copies of expressions. (A field walk copying
    with ``copy_tree``: the IR passes substitute into every line they fold.)"""

    def __init__(self, names: dict[str, ast.expr]):
        self.names = names

    def visit_Name(self, node: ast.Name) -> ast.expr:
        if isinstance(node.ctx, ast.Load) and node.id in self.names:
            return copy_tree(self.names[node.id])
        return node


"""Expensive calls the adjoints of one statement's operands share, computed once.

Each operand's adjoint is built by its own rule; for a solve ``y = np.linalg.solve(a, b)`` both
need ``solve(a.T, d_y)`` (``d_b`` is it, ``d_a = -d_b @ y.T``), and two rules spell it twice. A
linear-algebra call (a solve, an inverse, a determinant, a factorisation: the *expensive* cost
class, primitives/cost.py) that appears in two or more of the contributions is bound once to a
temporary, before them, and read by each: the reverse sweep never pays for it twice.
"""
from __future__ import annotations

import ast
import copy
from typing import Callable

from ..ir.code import all_nodes, load, store
from ..primitives.cost import cost_class
from ..primitives.registry import spelled


def _expensive_calls(node: ast.expr) -> list[ast.Call]:
    """The calls in ``node`` whose repetition is worth a temporary: of primitives of the
    *expensive* cost class (a solve, a product, an FFT; a runtime helper such as
    ``triangular_solve`` too)."""
    return [n for n in all_nodes(node) if isinstance(n, ast.Call) and _expensive(_callee_text(n.func))]


def _expensive(callee: str) -> bool:
    prim = spelled(callee)
    return prim is not None and cost_class(prim) == "expensive"


def _callee_text(func: ast.expr) -> str:
    """``ast.unparse(func)``, spelled out directly for a dotted name (``np.linalg.solve``: nearly
    every callee): this runs on every call of every statement's adjoints."""
    path, root = [], func
    while type(root) is ast.Attribute:
        path.append(root.attr)
        root = root.value
    if type(root) is not ast.Name:
        return ast.unparse(func)
    return ".".join([root.id, *reversed(path)])


def share_expensive_calls(contributions: list[ast.expr | None],
                          fresh_name: Callable[[str], str]) -> tuple[list[ast.stmt], list[ast.expr | None]]:
    """(statements binding the calls repeated across ``contributions``, the contributions
    reading them instead). Contributions are only read here; their copies are rewritten."""
    if sum(c is not None for c in contributions) < 2:
        return [], contributions             # (a call is shared only across two contributions)
    seen: dict[str, int] = {}
    for contribution in contributions:
        if contribution is not None:
            for key in {ast.dump(call) for call in _expensive_calls(contribution)}:
                seen[key] = seen.get(key, 0) + 1
    repeated = {key for key, count in seen.items() if count > 1}
    if not repeated:
        return [], contributions
    bound: dict[str, str] = {}
    statements: list[ast.stmt] = []

    class Share(ast.NodeTransformer):
        def visit_Call(self, node: ast.Call) -> ast.expr:
            key = ast.dump(node)
            if key not in repeated:
                return self.generic_visit(node)
            if key not in bound:
                bound[key] = fresh_name("_shared")
                statements.append(ast.Assign(targets=[store(bound[key])], value=node))
            return load(bound[key])

    shared = [None if c is None else Share().visit(copy.deepcopy(c)) for c in contributions]
    return statements, shared

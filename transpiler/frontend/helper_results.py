"""What an inlined helper leaves its caller besides its value (frontend/calls.py ``_inline``):
the caller's names for an array the helper wrote into, and the tuple displays it returned."""
from __future__ import annotations

import ast

from ..ir import Var
from . import aliasing
from .values import walk_scope


def written_back(lowering, arguments: dict, at_call: dict, caller_env: dict, tree: ast.AST) -> None:
    """A helper that wrote into the array a parameter was bound to (``out[i, j] = ...`` in
    sklearn's ``_log_logistic_sigmoid(n, m, X, out)``, CALFEM's ``assem(edof, K, Ke)``) wrote
    into the caller's array, as NumPy does: the caller's names for it, stale after the write,
    now mean the parameter's final value. Only where the parameter still names that memory
    (never rebound by an assignment: ``X = X[::-1]`` is a view, into which a write is not the
    caller's array as it stands; ``tree`` is the helper's) and each write was an element write (a
    soft-stale ``out += v`` may have been on a number, which the caller never sees)."""
    rebound = _rebound_names(tree)
    for param, atom in arguments.items():
        final = lowering.env.get(param)
        if not isinstance(atom, Var) or not isinstance(final, Var) or final is atom \
                or not lowering._storage(atom) or lowering._storage(final) != lowering._storage(atom) \
                or param in rebound:
            continue       # (`X = X[::-1]; X[0] = v` writes into a view: the caller's name is not it)
        for name, entry in caller_env.items():
            if aliasing.hard(entry) and at_call.get(name) is atom:
                caller_env[name] = final


def _rebound_names(tree: ast.AST) -> set[str]:
    """The names the function ``tree`` binds by assignment (not ``x op= v``, not ``x[i] = v``)."""
    body = tree.body if isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef)) else [tree]
    nodes = list(walk_scope(body))
    augmented = {id(n.target) for n in nodes if isinstance(n, ast.AugAssign)}
    return {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))
            and id(n) not in augmented}


def returned_displays(result, displays: dict) -> dict:
    """The tuple displays a helper returns (``return acts, start``), and those nested in them:
    the caller unpacking ``acts, n = helper()`` gets the items themselves (a list made in the
    helper stays a list made in the function), as it does for a display of its own."""
    found = {}
    stack = [result]
    while stack:
        atom = stack.pop()
        items = displays.get(atom) if isinstance(atom, Var) else None
        if type(items) is tuple and atom not in found:
            found[atom] = items
            stack.extend(items)
    return found

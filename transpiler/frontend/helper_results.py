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
        if isinstance(atom, Var) and isinstance(final, Var):
            parameter_finals(lowering)[atom] = final
        if not isinstance(atom, Var) or not isinstance(final, Var) or final is atom \
                or not lowering._storage(atom) or lowering._storage(final) != lowering._storage(atom) \
                or param in rebound:
            continue       # (`X = X[::-1]; X[0] = v` writes into a view: the caller's name is not it)
        for name, entry in caller_env.items():
            if aliasing.hard(entry) and at_call.get(name) is atom:
                caller_env[name] = final


def with_final_return(body: list, tree: ast.AST, procedure: bool) -> list:
    """The statements of a helper's body; a helper called for its effects (``procedure``) that
    ends without ``return`` returns None there, as Python's."""
    if procedure and not (body and isinstance(body[-1], ast.Return)):
        body.append(ast.copy_location(ast.Return(value=ast.Constant(None)), tree))
    return body


def _rebound_names(tree: ast.AST) -> set[str]:
    """The names the function ``tree`` binds by assignment (not ``x op= v``, not ``x[i] = v``)."""
    body = tree.body if isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef)) else [tree]
    nodes = list(walk_scope(body))
    augmented = {id(n.target) for n in nodes if isinstance(n, ast.AugAssign)}
    return {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del))
            and id(n) not in augmented}


def parameter_finals(lowering) -> dict:
    """Value an inlined helper's parameter was bound to -> the parameter's value at its return
    (dispatched_procedures.py reads it right after the call)."""
    return lowering.__dict__.setdefault("_parameter_finals", {})


def element_updates(lowering) -> dict:
    """``new -> old`` of each write ``x[i] = v`` (``out=x`` too): ``new`` is ``old`` written into."""
    return lowering.__dict__.setdefault("_element_updates", {})


def updated_from(lowering, final, start) -> str | None:
    """How ``final`` is ``start`` updated: "written" (by element writes only: the same object,
    surely), "augmented" (``x op= v`` among them: the same object where ``start`` is an array,
    a list or a dict, a new value where it is a number), or None (not by updates alone)."""
    writes, augmented = element_updates(lowering), augmented_updates(lowering)
    how, seen = "written", set()
    while final is not start and final not in seen:
        seen.add(final)
        if final in writes:
            final = writes[final]
        elif final in augmented:
            final, how = augmented[final], "augmented"
        else:
            return None
    return how if final is start else None


def augmented_updates(lowering) -> dict:
    """``new -> old`` of each ``x op= v`` on a name (``new`` is ``old`` updated: in place where
    ``old`` is an array, a list or a dict, a new value where it is a number)."""
    return lowering.__dict__.setdefault("_augmented_updates", {})


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


def refuse_captured_writes(lowering, fn, local: set[str]) -> None:
    """``x[i] = v`` on an enclosing function's array, inside the nested function or lambda
    ``fn``, changes the array the enclosing function (and every later call of the closure)
    sees: refused, located, by ``lowering``."""
    body = [fn.node.body] if isinstance(fn.node, ast.Lambda) else fn.node.body
    for sub in walk_scope(body):
        if isinstance(sub, ast.Subscript) and isinstance(sub.ctx, ast.Store) \
                and isinstance(sub.value, ast.Name) and sub.value.id not in local:
            lowering._unsupported(sub, f"writing into `{sub.value.id}`, a variable of the enclosing function, "
                                  f"inside {fn.describe()}",
                                  f"make a copy inside it (`{sub.value.id} = np.copy({sub.value.id})`) "
                                  "or return the new value")

"""What an inlined helper leaves its caller besides its value (frontend/calls.py ``_inline``):
the caller's names for an array the helper wrote into, and the tuple displays it returned."""
from __future__ import annotations

from ..ir import Var
from . import aliasing


def written_back(lowering, arguments: dict, at_call: dict, caller_env: dict) -> None:
    """A helper that wrote into the array a parameter was bound to (``out[i, j] = ...`` in
    sklearn's ``_log_logistic_sigmoid(n, m, X, out)``, CALFEM's ``assem(edof, K, Ke)``) wrote
    into the caller's array, as NumPy does: the caller's names for it, stale after the write,
    now mean the parameter's final value. Only where the parameter still names that memory
    (never rebound to another array) and each write was an element write (a soft-stale
    ``out += v`` may have been on a number, which the caller never sees)."""
    for param, atom in arguments.items():
        final = lowering.env.get(param)
        if not isinstance(atom, Var) or not isinstance(final, Var) or final is atom \
                or not lowering._storage(atom) or lowering._storage(final) != lowering._storage(atom):
            continue
        for name, entry in caller_env.items():
            if aliasing.hard(entry) and at_call.get(name) is atom:
                caller_env[name] = final


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

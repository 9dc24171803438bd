"""``isinstance(v, classes)`` answered from what specialisation knows of ``v``: its kind and shape.

Code written for several kinds of input branches on the type (``if isinstance(v, (list,
tuple)): v = np.asarray(v)``, ``if not isinstance(x, np.ndarray): ...``). The call key fixes the
arguments' kinds (api/numbers.py ``kind_of``: a list, tuple or dict exactly, or a dtype for a
number or array), and analysis/kinds.py follows them through the function. Where that decides
the test, the branch is folded (opt/specialize.py): the other path never runs, and printed it
may not even compile for this input (``v * v`` of a tuple). Only sure answers are given:
- a list, tuple or dict: its exact type (``kind_of`` gives no kind to a subclass);
- a value with a dtype kind is a number or an array (or a NumPy scalar), never a container or
  a string: a test for those classes only is False;
- one of known shape with at least one axis is an array: True for ``np.ndarray`` (or a class
  it derives from); False for classes unrelated to arrays. A number's type (``float``,
  ``np.float64``, a 0-d array) is not known from its kind: left to run time.
So is ``v is None`` (``v is not None``) of an argument or free value with a kind, or of a value
that is one of those by copies alone (:func:`copies_of_inputs`: an inlined helper's parameter
bound to the caller's argument, as SciPy's ``logsumexp(a, b=w)``'s ``b``).
"""
from __future__ import annotations

import ast

import numpy as np

from ..ir.defuse import def_use
from ..ir.nodes import Const, Copy, Function, Var

CONTAINER_KINDS = {"dict": dict, "list": list, "tuple": tuple}
_NEVER_ARRAYS = (list, tuple, dict, set, frozenset, str, bytes)   # (and their subclasses)


def known_isinstance(kind: str | None, shape: tuple | None, classes: tuple) -> bool | None:
    """The test's answer for a value of this kind and shape (``None``: either), or None."""
    if not classes or not all(isinstance(c, type) for c in classes):
        return None
    if kind in CONTAINER_KINDS:
        return issubclass(CONTAINER_KINDS[kind], classes)
    if kind is None:
        return None
    if all(issubclass(c, _NEVER_ARRAYS) for c in classes):
        return False            # a number or an array tested for lists and tuples
    if shape is None or len(shape) == 0:
        return None
    if issubclass(np.ndarray, classes):
        return True
    related = any(issubclass(c, np.ndarray) or type(c) is not type for c in classes)
    return None if related else False     # (a subclass of ndarray, or an ABC: left to run time)


def copies_of_inputs(fn: Function) -> frozenset:
    """The parameters and free values of ``fn``, and the values every binding of which copies one
    of those (``b = w``: an inlined helper's parameter bound to the caller's argument; a merge of
    two such copies): each holds what the caller passed. Not a value any binding of which is
    something else: one carried from ``state = None`` through a loop, or merged from a helper's
    ``nfft=None`` default and ``nperseg``, may be None on a path whatever kind it has on others."""
    found = {*fn.params, *fn.free.values()}
    definitions = def_use(fn).definitions
    changed = True
    while changed:          # (to a fixed point: a copy of a copy)
        changed = False
        for var, stmts in definitions.items():
            if var not in found and all(isinstance(s, Copy) and s.source in found for s in stmts):
                found.add(var)
                changed = True
    return frozenset(found)


def known_none_test(prim, args: tuple, kinds: dict, inputs: frozenset) -> bool | None:
    """``v is None`` (False) or ``v is not None`` (True) of a value ``v`` of known kind (a number,
    an array or a container: never None) that holds an argument or free value (``inputs``:
    :func:`copies_of_inputs`), either order; None for any other statement. (Not of another value
    the function binds: it may be None on a path whatever kind it has elsewhere.)"""
    if getattr(prim.spelling, "compare", None) not in (ast.Is, ast.IsNot) or len(args) != 2:
        return None
    value, other = args if isinstance(args[1], Const) else args[::-1]
    if not (isinstance(other, Const) and other.value is None and isinstance(value, Var)) \
            or kinds.get(value) is None or value not in inputs:
        return None
    return prim.spelling.compare is ast.IsNot

"""An expression that makes a new array, evaluated twice, makes two arrays: ``a = np.sin(x);
b = np.sin(x)`` are two objects, and ``a[0] = 5.0`` leaves ``b`` as it was. The lowering shares
the value of an expression computed already (common subexpressions: expressions.py ``_apply``)
and tells memory apart by values (aliasing.py), so the shared value made ``b`` an alias of ``a``:
the write marked ``b`` stale (refused), and ``d["a"]``, ``d["b"]`` one object (the generated
code's check that a written entry is alone in its dict failed at run time).

Sharing stays the rule: most arrays are never written in place, and the lowering reasons about
values by identity (an index ``i + 1`` computed twice is one key). Each place that shared a new
array is noted (its *site*: the expression's position in the source and its primitive); where a
write in place reaches memory such a shared value may be, the function is lowered again, those
sites computing their value anew (:func:`lowered_apart`). Functions whose shared arrays are never
written are lowered once, as before, and their code is unchanged."""
from __future__ import annotations

import ast
from typing import Callable

from ..ir import Atom, Function, Var
from .display_items import shared_value

ROUNDS = 8      # lowerings of one function at most (each computes at least one more site anew)


def lowered_apart(lower_once: Callable[[frozenset], object]) -> Function:
    """``lower_once(apart)``'s function, lowered again with more sites computed anew (``apart``)
    while a write reached a value shared at a site not among them; ``lower_once`` makes a
    lowering (its ``written_shares``, the sites found so) and returns ``(lowering, run)``."""
    apart: frozenset = frozenset()
    for last in [False] * (ROUNDS - 1) + [True]:
        lowering, run = lower_once(apart)
        try:
            fn = run()
        except Exception:
            if not last and lowering.written_shares - apart:
                apart |= lowering.written_shares
                continue        # (a refusal the shared value may have caused: `b` read after `a[0] = v`)
            raise
        if last or not lowering.written_shares - apart:
            return fn
        apart |= lowering.written_shares
    raise AssertionError("unreachable: the last round returns or raises")


def reused_value(lowering, node: ast.AST, prim, key) -> Atom | None:
    """The value computed already for ``key`` that this expression shares, or None where it is
    computed (again): where none is, or where it is a new array and this site computes anew."""
    atom = shared_value(lowering, key)
    if not isinstance(atom, Var):
        return atom             # (none, a constant: shared as before)
    site = (lowering.parsed.filename, getattr(node, "lineno", 0), getattr(node, "col_offset", 0),
            getattr(node, "end_lineno", 0), getattr(node, "end_col_offset", 0), prim.name)
    if site in lowering.computed_apart:
        lowering.made_apart = True
        return None
    # (a view shares the memory of what it views, not of itself: a write into it reaches every
    # view alike, so only a test of identity needs its sites apart: `np.ravel(x) is np.ravel(x)`;
    # a number has no memory to write, and two computed alike are two objects too: `np.mean(x) is
    # np.mean(x)` is False)
    lowering.shared_at.setdefault(atom, set()).add(site)
    return atom


def remembered(lowering, key, target: Var) -> Var:
    """``target``, which computes ``key``'s expression, kept to be shared by later ones; not one
    computed anew at a site apart (later ones share the first value, as in the lowering before)."""
    if key is not None and not lowering.made_apart:
        lowering.available[key] = target
    lowering.made_apart = False
    return target


def told_apart(lowering, prim, args: tuple, kwargs: tuple) -> None:
    """``prim(*args, **kwargs)`` may tell objects apart (``a is b``, ``id(a)``: a primitive's
    ``observes_identity``): the sites that shared a new array its arguments may be are computed
    anew, as for a write into it, so two arrays computed alike stay two objects, as in Python."""
    if prim.tells_apart(args):
        values = (*args, *(v for _, v in kwargs))
        note_written(lowering, frozenset().union(*map(lowering._storage, values),
                                                 (v for v in values if isinstance(v, Var))))


def note_written(lowering, storage: frozenset) -> None:
    """Memory ``storage`` was written into in place: the sites that shared a new array it may
    hold are computed anew when the function is lowered again."""
    for atom in storage:
        lowering.written_shares |= lowering.shared_at.get(atom, set())

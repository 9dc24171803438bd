"""A call that writes into an argument in place (``Primitive.writes``: ``add_into``'s adjoint
buffer, in generated code lowered again for a Hessian). The lowering gives the call value
semantics (its result is the written buffer); what it must not do is make an equal array
computed elsewhere the buffer itself: ``a = x * 2.0; b = x * 2.0; c = add_into(a, 0, g)`` shared
``b`` with ``a``, and the generated code added ``g`` into both. The buffer's memory counts as
written into, so an array shared with it is computed anew (recomputed_values.py).

Other names for the buffer are not made stale: the buffer may be a list or dict adjoint, whose
entries ``add_into`` replaces (the arrays it held, read under other names, are unchanged), and
the lowering does not know which it is. Generated code reads no other name for an array buffer
after adding into it."""
from __future__ import annotations

import ast

from ..ir import Atom, Var
from .recomputed_values import note_written


def with_arguments_written(lowering, node: ast.Call, prim, atoms: tuple, result: Atom) -> Atom:
    """``result``, the value of ``node`` (a call of ``prim`` on ``atoms``), the memory of the
    arguments ``prim`` writes into noted as written."""
    for position in getattr(prim, "writes", ()):
        atom = atoms[position] if position < len(atoms) else None
        if isinstance(atom, Var):
            note_written(lowering, lowering._storage(atom))
    return result

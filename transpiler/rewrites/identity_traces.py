"""Rewrite ``identity_traces``: ``np.vdot(g, I)`` for an identity matrix ``I = np.eye(n)`` (or
``np.identity(n)``) is ``np.trace(g)`` (a pass on the reverse sweep's IR, for calls: where shapes
are known).

A number times an identity added to a matrix (a kernel's noise ``(sn ** 2 + 1e-6) * np.eye(n)``, a
ridge ``lam * np.eye(d)``, a damping term) gets the adjoint ``np.vdot(d_K, I)`` (arithmetic.py's
rule for a number times an array): a pass over two n×n arrays, and the identity kept alive from
the forward sweep until then, an n×n array more in memory when the reverse sweep's largest
arrays are (at n = 200 each fresh n×n array costs about 78 page faults). The trace reads the n
diagonal entries, and the identity dies after its forward use.

Only where both are known n×n (``g``'s shape the identity's), the identity bound once by a
one-argument call and never written into, and neither may be complex (``np.vdot`` conjugates its
first argument). Exact where ``g`` is finite: the off-diagonal products are zeros; an infinite or
NaN off-diagonal entry of ``g``, which the identity does not see, no longer makes the result NaN.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..analysis.complex_values import may_be_complex
from ..ir.defuse import def_use
from ..ir.nodes import Assign, Function, Var
from ..opt.repeated import written_values
from ..primitives.registry import lookup, spelled_as
from .shapes import known_shapes

NAME = "identity_traces"
DESCRIPTION = "np.vdot(g, np.eye(n)) as np.trace(g): no pass over the identity, which dies after the forward sweep"

def trace_identity_products(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each top-level ``np.vdot`` of an n×n value and an identity matrix computed as
    the value's trace (``fn`` itself where there is none)."""
    candidates = [i for i, stmt in enumerate(fn.body) if _vdot(stmt)]
    if not candidates:
        return fn
    chains, shapes, complex_values = def_use(fn), known_shapes(fn, named_shapes), may_be_complex(fn, {})
    written = written_values(fn)
    body = list(fn.body)
    for i in candidates:
        stmt = body[i]
        for g, identity in (stmt.args, stmt.args[::-1]):
            if _identity(identity, chains, written) and g not in complex_values and identity not in complex_values \
                    and _square(shapes.get(g)) and shapes.get(g) == shapes.get(identity):
                body[i] = Assign(stmt.target, lookup(np.trace), (g,), (), stmt.location, rebinds=stmt.rebinds)
                break
    return fn if all(a is b for a, b in zip(body, fn.body)) else dataclasses.replace(fn, body=body)


def _vdot(stmt) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, np.vdot) and not stmt.kwargs \
        and len(stmt.args) == 2 and all(isinstance(a, Var) for a in stmt.args)


def _identity(atom: Var, chains, written: set) -> bool:
    """Is ``atom`` bound once, by ``np.eye(n)`` or ``np.identity(n)``, and never written into?"""
    bindings = chains.definitions.get(atom, [])
    if len(bindings) != 1 or atom in written:
        return False
    stmt = bindings[0]
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, np.eye, np.identity) and len(stmt.args) == 1 \
        and not stmt.kwargs


def _square(shape) -> bool:
    return isinstance(shape, tuple) and len(shape) == 2 and isinstance(shape[0], int) and shape[0] == shape[1]

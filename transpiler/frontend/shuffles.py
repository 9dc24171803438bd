"""``random.shuffle(indices)``, ``np.random.shuffle(order)``: a list or array of the function
shuffled in place by a random draw (d2l's ``data_iter``).

The shuffle is a call that simply runs (primitives/opaque.py), its draws taken once in the
forward sweep: ``indices = shuffled(random.shuffle, indices)`` shuffles a copy with the same draws
from the same stream, and the name is rebound to it, as ``x[i] = v`` rebinds ``x`` (other names
for the old sequence are stale after it). A sequence that depends on the differentiated
parameters is refused by the analysis, as any call that simply runs."""
from __future__ import annotations

import ast
import random

import numpy as np

from ..primitives import opaque

_GENERATORS = (random.Random, np.random.RandomState, np.random.Generator)


def is_shuffle(lowering, node: ast.Call, callee) -> bool:
    """``shuffle(name)`` of a random generator reached by a name outside the function
    (``random.shuffle``, ``np.random.shuffle``, ``RNG.shuffle``), given a local name."""
    return (getattr(callee, "__name__", None) == "shuffle" and isinstance(getattr(callee, "__self__", None), _GENERATORS)
            and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], ast.Name)
            and node.args[0].id in lowering.env)


def lower_shuffle(lowering, node: ast.Call) -> None:
    name = node.args[0].id
    written = ast.unparse(node.func)
    sequence = lowering._expr(node.args[0])
    prim = opaque.opaque_call(written, written, (written, name), lowering._chain(), path="shuffled")
    new = lowering._apply(node, prim, (lowering._free(node.func), sequence), (), name)
    lowering._written(name, lowering._storage(sequence), node)
    lowering._changed_in_place(sequence, new, node)
    lowering.env[name] = new


def shuffled_again(lowering, node: ast.Call, name: str | None):
    """``shuffled(random_shuffle, indices)`` in generated code differentiated again (a Hessian):
    the same call that simply runs."""
    sources = tuple(ast.unparse(a) for a in node.args)
    prim = opaque.opaque_call("shuffled", "shuffled", sources, lowering._chain(), path="shuffled")
    return lowering._apply(node, prim, tuple(lowering._expr(a) for a in node.args), (), name)

"""Loops over ``zip``/``enumerate`` of list arguments, unrolled where the call gives the lengths:
``for (W, U, b), h in zip(layers, hs)``, ``for i, (W, b) in enumerate(params)``.

Such a loop goes over a model's layers, few and each of its own shape (an input layer ``D -> H``,
then ``H -> H``). Kept a run-time loop, its body cannot be specialised (every iteration's shapes
differ), so each matrix product's adjoint is the generic helper testing shapes at run time and the
layers' adjoints accumulate through generic list helpers. Unrolled, one copy of the body per item,
each copy is specialised to its layer's shapes, and the items are values of their own.

The loop asks for the lengths of the list arguments it zips (argument_lengths.py's
:class:`~.argument_lengths.LengthNeeded`, marked ``optional``: where the call gives none, an
array argument or printed code for any arguments, the driver gives ``None`` and the loop stays a
run-time loop, as before). The loop then unrolls through the lowering's zip iterations
(functions.py), up to :data:`UNROLL_LIMIT` iterations: a longer list is data (samples, time
steps) of one shape each more likely than layers, and unrolled it would grow the code by its
length for nothing to specialise. A loop that keeps objects across its iterations is left to
object_loops.py (unrolled whatever its length: it must be)."""
from __future__ import annotations

import ast

from . import aliasing
from .argument_lengths import LengthNeeded, given_lengths, parameter_length
from .object_loops import keeps_objects
from .parameter_classes import element_classes

# Iterations a loop is unrolled for only to specialise it (here, and opt/containers.py's loops over
# a list argument's display): a network's layers are a handful; the code grows by one copy of the
# body per iteration.
UNROLL_LIMIT = 16


def stays_run_time_loop(lowering, node: ast.For) -> bool:
    """For ``for ... in zip(xs, ...)`` / ``enumerate(xs)`` over list arguments: ask for their
    lengths where not yet given (raises :class:`LengthNeeded`); True where the loop must not be
    unrolled for them (longer than :data:`UNROLL_LIMIT`), False otherwise (unrolled where the
    lengths are given, as any zip over list arguments of known lengths is)."""
    it = node.iter
    if not _zips_or_enumerates(lowering, it) or keeps_objects(lowering, node.body) \
            or any(lowering._static_sequence(a) is not None for a in it.args):
        return False
    params = lowering.parameters_in_order
    values = [aliasing.value_of(lowering.env.get(a.id)) if isinstance(a, ast.Name) else None for a in it.args]
    if any(v in element_classes(lowering) for v in values):
        return False        # (a list of records: its methods resolve on the loop's item, parameter_classes.py)
    for value in values:
        if value in params and value not in given_lengths(lowering):
            raise LengthNeeded(params.index(value), lowering.dependencies, optional=True)
    lengths = [found[1] for a in it.args if (found := parameter_length(lowering, a)) is not None]
    return bool(lengths) and min(lengths) > UNROLL_LIMIT


def _zips_or_enumerates(lowering, it: ast.expr) -> bool:
    return isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id not in lowering.env \
        and it.args and not it.keywords and not any(isinstance(a, ast.Starred) for a in it.args) \
        and lowering._resolve(it.func) in (zip, enumerate) and (it.func.id == "zip" or len(it.args) == 1)

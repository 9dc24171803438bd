"""``for i, (a, b) in enumerate(zip(xs, ys)):`` (Victor Zhou's ``for i, (im, label) in
enumerate(zip(test_images, test_labels))``) lowered as the loop over ``zip``'s sequences it
means: each of ``a``, ``b`` read from its own sequence by position, the counter bound as
``enumerate`` binds it.

Read the other way, as items of the list of pairs ``zip(xs, ys)`` makes, the pair is one value:
an index read from ``ys`` (a label) would count as differentiated wherever ``xs`` is, and
reverse mode refused ``out[label]``.

Likewise ``for i in reversed(range(b))`` (or ``range(a, b)``) is lowered as the loop counting down
it means: the counter ``k`` runs over ``range(b - a)`` and ``i`` is the number ``b - 1 - k``. Read as
any ``reversed(xs)``, the range would be an object indexed by position (``iterated(range(b))``, its
length, an item read per iteration) whose items no analysis knows to be integers: a gradient's
reverse sweep, read again for a Hessian's forward pass (api/second.py), then had each adjoint's
item write ``d_x[i] += g`` copied rather than written in place, its shapes unknown."""
from __future__ import annotations

import ast

from .. import primitives as rules
from ..ir import Const, Var
from .iteration_keywords import check_strict_lengths, counted, enumerate_start, sequence_arguments


def enumerate_of_zip(lowering, node: ast.For, callee):
    """``(bounds, bind)`` for ``for i, (a, b, ...) in enumerate(zip(xs, ys, ...), start)``;
    None for any other loop (left to the general lowering)."""
    it = node.iter
    if callee is not enumerate or not it.args or not isinstance(inner := it.args[0], ast.Call):
        return None
    if lowering._resolve(inner.func) is not zip or any(isinstance(a, ast.Starred) for a in inner.args):
        return None
    targets = node.target.elts if isinstance(node.target, ast.Tuple) else None
    if targets is None or len(targets) != 2 or not isinstance(targets[1], ast.Tuple) \
            or len(targets[1].elts) != len(inner.args) or any(isinstance(t, ast.Starred) for t in targets[1].elts):
        return None                                                    # (`(a, *rest)`: Python's unpacking)
    sequence_arguments(lowering, it, enumerate)                        # (its forms refused as for any enumerate)
    seqs = [lowering._iterable(lowering._expr(a), a) for a in sequence_arguments(lowering, inner, zip)]
    start = enumerate_start(lowering, it)
    length = lowering._length(seqs, node)
    check_strict_lengths(lowering, inner, seqs)                        # zip(..., strict=True)

    def bind(index):
        lowering._bind(targets[0], counted(lowering, it, index, start))
        for target, seq, seq_node in zip(targets[1].elts, seqs, inner.args):
            lowering._bind(target, element := lowering._index(seq, index, node))
            lowering._bind_row(target, seq_node, seq, index, element)
    return (length,), bind


def reversed_range(lowering, node: ast.For, callee):
    """``(bounds, bind)`` for ``for i in reversed(range(b))`` or ``reversed(range(a, b))``, the
    target a name; None for any other loop (left to the general lowering)."""
    it, target = node.iter, node.target
    if callee is not reversed or len(it.args) != 1 or it.keywords or not isinstance(target, ast.Name):
        return None
    inner = it.args[0]
    if not (isinstance(inner, ast.Call) and lowering._resolve(inner.func) is range and 1 <= len(inner.args) <= 2
            and not inner.keywords and not any(isinstance(a, ast.Starred) for a in inner.args)):
        return None
    bounds = [lowering._expr(a) for a in inner.args]
    subtract = rules.lookup(ast.Sub)
    count = bounds[0] if len(bounds) == 1 else lowering._apply(inner, subtract, (bounds[1], bounds[0]), (), None)
    last = lowering._apply(inner, subtract, (bounds[-1], Const(1)), (), None)

    def bind(index: Var):
        lowering._bind(target, lowering._apply(inner, subtract, (last, index), (), None))
    return (count,), bind

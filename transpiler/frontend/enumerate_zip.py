"""``for i, (a, b) in enumerate(zip(xs, ys)):`` (Victor Zhou's ``for i, (im, label) in
enumerate(zip(test_images, test_labels))``) lowered as the loop over ``zip``'s sequences it
means: each of ``a``, ``b`` read from its own sequence by position, the counter bound as
``enumerate`` binds it.

Read the other way, as items of the list of pairs ``zip(xs, ys)`` makes, the pair is one value:
an index read from ``ys`` (a label) would count as differentiated wherever ``xs`` is, and
reverse mode refused ``out[label]``."""
from __future__ import annotations

import ast

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

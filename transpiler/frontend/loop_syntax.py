"""What a loop's source says about the names it binds, read once per loop and lowering.

A loop is lowered until what its body does to memory is what its top assumed (loops.py
``_loop_fixpoint``): twice at least where it carries a value, and a loop nested in another once
per pass of each. What each pass asks of the loop's syntax tree (the names its body binds, in
order; the ``for`` targets in it; how often each name occurs in it) does not change between
passes, so it is worked out at the first and kept with the lowering, keyed by the loop's node
(held, so that its ``id`` is not reused by a node made later in the same lowering)."""
from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass

from ..primitives import writes
from .containers import mutated_list
from .values import walk_scope


@dataclass(frozen=True)
class LoopSyntax:
    stored: frozenset[str]          # every name the body stores to (``name = ...``), nested loops' targets too
    for_targets: tuple[str, ...]    # the targets of the loop's own and nested ``for`` loops, in order
    occurrences: Counter            # name -> how often it occurs in the loop (nested functions included)
    called: tuple[str, ...]         # the names the body calls (``inc()``), in order


def loop_syntax(lowering, node: ast.stmt) -> LoopSyntax:
    """:class:`LoopSyntax` of loop ``node``."""
    return _kept(lowering, node, None, lambda: _read(node))


def assigned_names(lowering, node: ast.stmt, lists: bool = True) -> tuple[list[str], set[str]]:
    """User names a loop body binds, in order of first binding (the loop target excluded), and
    the set of those it binds other than by appending to a list (:func:`_assigned_names`); new
    containers each time (the caller adds to them)."""
    names, rebound = _kept(lowering, node, lists, lambda: _assigned_names(node, lists))
    return list(names), set(rebound)


def _kept(lowering, node: ast.stmt, what, compute):
    kept = lowering.__dict__.setdefault("_loop_syntax", {})
    key = (id(node), what)
    if key not in kept:
        kept[key] = (node, compute())
    return kept[key][1]


def _read(node: ast.stmt) -> LoopSyntax:
    stored = frozenset(n.id for n in walk_scope(node.body) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    targets = tuple(n.id for sub in walk_scope([node]) if isinstance(sub, ast.For)
                    for n in ast.walk(sub.target) if isinstance(n, ast.Name))
    occurrences = Counter(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
    called = tuple(n.func.id for n in walk_scope(node.body) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name))
    return LoopSyntax(stored, targets, occurrences, called)


def _assigned_names(node: ast.stmt, lists: bool = True) -> tuple[list[str], set[str]]:
    """User names a loop body binds, in order of first binding (the loop target excluded), and
    the set of those it binds other than by appending to a list (what the list is without
    ``lists``), found in one walk. ``x[i] = v`` rebinds ``x`` too: an update makes a new version
    of the array; so does ``lst.append(v)`` (``lists``: in the user's code, not generated code's
    tapes), and ``np.put(a, ...)``: primitives/writes.py."""
    loop_targets = {n.id for sub in ast.walk(node) if isinstance(sub, ast.For) and sub is not node
                    for n in ast.walk(sub.target) if isinstance(n, ast.Name)}
    outside_targets = _bound_outside_for_targets(node) if loop_targets else set()
    names: list[str] = []
    rebound: set[str] = set()

    def add(name: str, rebinds: bool = True) -> None:
        if name not in names:
            names.append(name)
        if rebinds:
            rebound.add(name)
    for stmt in node.body:
        for sub in walk_scope([stmt]):      # (a nested function's names are its own)
            if isinstance(sub, ast.Subscript) and isinstance(sub.ctx, ast.Store):
                base = sub.value
                while isinstance(base, ast.Subscript):      # hs[t][k] = v rebinds hs
                    base = base.value
                if isinstance(base, ast.Name):
                    add(base.id)
            if lists and (appended := mutated_list(sub)) is not None:
                add(appended, rebinds=False)
            if (written := writes.written_name(sub)) is not None:
                add(written)                                # np.fill_diagonal(a, 0) rebinds a too
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                if sub.id in loop_targets and sub.id not in outside_targets:
                    continue
                add(sub.id)
    return names, rebound


def _bound_outside_for_targets(node: ast.stmt) -> set[str]:
    """The names bound in ``node``'s body other than as a nested loop's target."""
    targets = {id(n) for sub in ast.walk(node) if isinstance(sub, ast.For)
               for n in ast.walk(sub.target)}
    return {n.id for stmt in node.body for n in ast.walk(stmt)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and id(n) not in targets}

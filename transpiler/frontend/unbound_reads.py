"""Reads of names that may not be bound yet. A name first assigned inside a loop, or on one path
of a branch, starts as ``Const(Unbound(name))`` (ir/nodes.py) so that every iteration and both
paths can copy it; Python raises ``UnboundLocalError`` where such a name is read before a value
reached it (the loop ran zero times, the branch was not taken). After lowering, every read of a
value that may still be that placeholder, other than a copy passing it on, goes through
``bound(...)`` (primitives/unbound.py), which raises that error: never a ``None`` or zero
gradient. Reads dominated by a check use the checked value, so a name is checked once per path."""
from __future__ import annotations

import ast
from collections import Counter

from ..ir import Assign, Const, Copy, Effect, If, Loop, Unbound, Var, walk
from ..primitives.chained_writes import ARRAY_APART
from ..primitives.indexing import UNSHARED
from ..primitives.unbound import BOUND
from .loop_syntax import loop_syntax


def placeholder(user_name: str, names) -> Const:
    """What ``user_name`` holds before its first assignment. A variable the compiler added to the
    code (a ``return``'s ``_result``, a ``try``'s flag) is never read unbound: it holds None."""
    return Const(None if user_name in names.invented else Unbound(user_name))


def outliving_targets(lowering, node: ast.stmt) -> list[str]:
    """The names of ``for`` targets in loop ``node`` (its own, a nested loop's) that are not bound
    before it but named in the function after it: ``[j]`` for ``for j in range(n)`` or
    ``for i in ...: for j in range(i)`` read after. Python leaves ``j`` as it was where a loop
    runs no iteration: unbound if nothing bound it yet. The loop carries ``j`` from its
    placeholder (``j = unbound('j')``), so that a read after it raises Python's error, a read
    after an outer loop sees the last value an inner one left, and a later loop rebinding ``j``
    copies a value, not a name the printed code never bound. (A name bound before the loop is
    carried where an iteration changes it: loops.py's ``_written_back``.)"""
    syntax = loop_syntax(lowering, node)
    targets = [name for name in syntax.for_targets if name not in lowering.env]
    if not targets:
        return []
    counts = lowering.__dict__.setdefault("_name_counts", {})
    tree = lowering.parsed.tree
    if id(tree) not in counts:
        counts[id(tree)] = Counter(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))
    return [name for name in dict.fromkeys(targets) if counts[id(tree)][name] > syntax.occurrences[name]]


def check_unbound_reads(body: list, result, names) -> object:
    """Insert the checks into ``body`` (in place); returns the function's result, checked too."""
    maybe = _maybe_unbound(body)
    if not maybe:
        return result
    renamed: dict[Var, Var] = {}
    _check_block(body, maybe, renamed, names)
    result = renamed.get(result, result)
    if result in maybe:
        checked = Var(names.fresh(result.name))
        body.append(Assign(checked, BOUND, (result,)))
        result = checked
    return result


# checks whose operands after the first two are only compared for shared memory (x, where, *others)
_SHARING_CHECKS = (UNSHARED, ARRAY_APART)


def _maybe_unbound(body: list) -> set[Var]:
    """Values copied, directly or through other copies, from an ``Unbound`` placeholder."""
    copies = [s for s in walk(body) if isinstance(s, Copy)]
    maybe = {s.target for s in copies if isinstance(s.source, Const) and isinstance(s.source.value, Unbound)}
    grown = True
    while grown:
        grown = False
        for s in copies:
            if s.source in maybe and s.target not in maybe:
                maybe.add(s.target)
                grown = True
    return maybe


def _check_block(block: list, maybe: set, renamed: dict, names) -> None:
    """Check each read of a possibly unbound value in ``block`` before the statement reading it.
    ``renamed``: values already checked on every path to here -> their checked names."""
    renamed = dict(renamed)
    i = 0
    while i < len(block):
        stmt = block[i]
        _rename_uses(stmt, renamed)
        read = [v for v in dict.fromkeys(_reads(stmt)) if v in maybe]
        for var in read:
            checked = Var(names.fresh(var.name))
            block.insert(i, Assign(checked, BOUND, (var,), (), getattr(stmt, "location", None)))
            i += 1
            renamed[var] = checked
        _rename_uses(stmt, renamed)
        inside = renamed
        if isinstance(stmt, Loop):   # (a loop variable changes from one iteration to the next)
            inside = {v: c for v, c in renamed.items() if v not in stmt.carried}
        for inner in getattr(stmt, "blocks", lambda: [])():
            _check_block(inner, maybe, inside, names)
        i += 1


def _reads(stmt) -> list:
    """What ``stmt`` reads before it runs: not a copy's source (it passes the value on), nor a
    loop's test or exit flag (computed by its iterations), nor the other names' values an
    ``unshared``/``array_apart`` check compares ``x`` with: a name not bound yet holds no array
    to share (DAG fuzz seed 18000: ``v1 = x1`` later in a loop, ``x0 += x1`` before it raised
    UnboundLocalError on the first iteration)."""
    if isinstance(stmt, Copy):
        return []
    if isinstance(stmt, Loop):
        return [a for a in (*stmt.range_args, stmt.count) if isinstance(a, Var)]
    if isinstance(stmt, Assign) and stmt.prim in _SHARING_CHECKS:
        return [a for a in stmt.args[:1] if isinstance(a, Var)]
    return stmt.uses()


def _rename_uses(stmt, renamed: dict) -> None:
    """Point ``stmt``'s own reads (not its nested blocks') at the checked values."""
    if not renamed:
        return
    new = lambda atom: renamed.get(atom, atom) if isinstance(atom, Var) else atom  # noqa: E731
    if isinstance(stmt, Assign):
        stmt.args = tuple(map(new, stmt.args))
        stmt.kwargs = tuple((k, new(v)) for k, v in stmt.kwargs)
    elif isinstance(stmt, Copy):
        stmt.source = new(stmt.source)
    elif isinstance(stmt, Effect):
        stmt.args = tuple(map(new, stmt.args))
    elif isinstance(stmt, If):
        stmt.test = new(stmt.test)
    elif isinstance(stmt, Loop):
        stmt.range_args, stmt.count = tuple(map(new, stmt.range_args)), new(stmt.count)

"""A value computed twice on the same values reads the first result: an elementwise operation, a
call of the expensive cost class (a solve, a matrix product, an FFT: primitives/cost.py; not one
whose result may be a view), an array reduction, or any other array value computed from its
operands alone (a slice, a reshape, ``np.diff``, ``np.concatenate`` of a list display only array
code reads), repeated in the function's top-level code, across its branches (driver/pipeline.py
runs it on reverse mode's IR as ``repeated_values``, before ``dead_code``). So what is computed
from such values is shared in turn: a helper or an object's method called twice on the same data
(a spline evaluated at ``q`` and its slope at ``q``) validates and solves once.

Partial derivatives written as one expression repeat a subexpression (``logaddexp``'s weights
read ``exp(-|a - b|)`` twice), and rules repeat what the forward sweep computed (``slogdet``'s
adjoint inverts the matrix the function inverted itself; ``var``'s centres ``x`` on
``np.mean(x, axis=0)``, which a batch norm computed as ``x.mean(axis=0)``: a reduction, shared
where nothing writes into its operand, its method spelling the same computation). The code-level
``common_subexpressions`` pass only sees statements of one straight-line run after temporaries
are folded back into expressions, and leaves expensive calls alone.

Shared only: top-level statements, each operand bound once (or a parameter), the earlier result
bound once too and never read by a statement that may write into it (an ``Effect``, an element
update, a written statement), no ``out=``; the
later statement becomes a copy of the earlier result (the NumPy backend's in-place pass treats a
copy as an alias: neither name's memory is reused while the other is read).
"""
from __future__ import annotations

import ast
import dataclasses

from ..ad.expressions import computation
from ..ir.defuse import RETURN, DefUse, def_use
from ..ir.memo import remembered
from ..ir.nodes import Assign, Const, Copy, Effect, Function, Var, to_expr, walk
from ..primitives.cost import cost_class
from ..primitives.opaque import OpaqueCall
from ..primitives.written import WrittenPrimitive

# families of elementwise primitives that compute a fresh value from their operands and nothing else
_ELEMENTWISE = frozenset({"arithmetic", "comparison", "elementwise math", "elementwise", "logic"})
_READ_ONLY_ATTRIBUTES = frozenset({"T", "shape", "ndim", "size", "dtype"})


def share_repeated_values(fn: Function) -> Function:
    """``fn`` with each repeated top-level pure statement a copy of the first's result (``fn``
    itself where there is none)."""
    if not _may_repeat(fn):
        return fn           # (most functions: the def-use, the positions and the writes not worked out)
    chains = def_use(fn)
    updated = written_values(fn)
    position = {id(stmt): i for i, stmt in enumerate(fn.body)}
    made: dict[tuple, Var] = {}
    same: dict[Var, Var] = {}           # a value bound by a copy (one made here too) -> the value copied
    renamed: dict[Var, Var] = {}        # a repeated value read under the first one's name
    body = list(fn.body)
    for i, stmt in enumerate(fn.body):
        if _runs_unknown_code(stmt):
            made.clear()    # (`history.append(v)` of a global's list: `history[-1]` after it is another value;
            #                  tests/frontend/test_counters_and_outer_items.py)
        if isinstance(stmt, Copy) and fixed(stmt.target, chains, position, len(body)) \
                and fixed(stmt.source, chains, position, i):
            same[stmt.target] = same.get(stmt.source, stmt.source)
        if not _pure(stmt) or stmt.target in updated or not fixed(stmt.target, chains, position, len(body)):
            continue
        if stmt.prim.display and not _only_read_by_array_code(stmt.target, chains):
            continue        # (a list a later append may grow in place, or a tuple kept as an object)
        if not _elementwise(stmt.prim) and any(a in updated for a in stmt.uses()):
            continue        # (an array written into between two reductions or solves of it: two values)
        operands = _operands(stmt)
        if not any(isinstance(a, Var) for a in operands) and not (stmt.prim.allocates or stmt.prim.display) \
                or not all(isinstance(a, Const) or fixed(a, chains, position, i) for a in operands):
            continue        # (`-0.5`, `np.float32(0.025)`: printed where read; of constants, only arrays and lists made)
        key = _key(stmt, same)
        if key is None:
            continue
        if key in made:
            body[i] = Copy(stmt.target, made[key], stmt.location, rebinds=stmt.rebinds)
            same[stmt.target] = made[key]
            if _read_at_top_level(stmt.target, chains, position):
                renamed[stmt.target] = made[key]
        else:
            made[key] = stmt.target
    if body == fn.body:
        return fn
    # a value read only by top-level statements is read under the first name, its copy dropped
    body = [_reading(stmt, renamed) for stmt in body if not (isinstance(stmt, Copy) and stmt.target in renamed)]
    result = renamed.get(fn.result, fn.result) if isinstance(fn.result, Var) else fn.result
    return dataclasses.replace(fn, body=body, result=result)


def _may_repeat(fn: Function) -> bool:
    """Could :func:`share_repeated_values` share anything in ``fn``? Its first share needs two
    pure top-level statements of one key, their operands read through the copies before them;
    here every name a chain of top-level copies joins counts as one value (more than the pass
    takes for one), so where no two keys meet even so, nothing is shared (the copies the pass
    makes itself only follow a first share)."""
    joined: dict[Var, Var] = {}

    def root(var: Var) -> Var:
        while var in joined:
            var = joined[var]
        return var

    for stmt in fn.body:
        if isinstance(stmt, Copy) and isinstance(stmt.source, Var):
            target, source = root(stmt.target), root(stmt.source)
            if target != source:
                joined[target] = source
    operand = lambda a: root(a) if isinstance(a, Var) else _typed(a)  # noqa: E731
    keys: set[tuple] = set()
    for stmt in fn.body:
        if not _pure(stmt):
            continue
        key = (id(computation(stmt.prim)), tuple(map(operand, stmt.args)),
               tuple((n, operand(v)) for n, v in stmt.kwargs))
        try:
            if key in keys:
                return True
            keys.add(key)
        except TypeError:       # (a constant array: no key, as in _key)
            continue
    return False


def written_values(fn: Function) -> frozenset[Var]:
    """The values some statement of ``fn`` may write into (:func:`may_write`), anywhere in it.
    Worked out once per function (ir/memo.py): several rewrites that run one after another ask."""
    return remembered(fn, "written values",
                      lambda: _with_held_items(fn, {v for stmt in walk(fn.body) for v in written_operands(stmt)}))


def written_operands(stmt) -> list[Var]:
    """The values ``stmt`` may write into: all it reads where :func:`may_write`, else the
    arguments its primitive declares it writes in place (``Primitive.writes``: ``add_into``'s
    buffer, in generated code lowered again for a Hessian). A statement telling objects apart
    (``a is b``: ``Primitive.observes_identity``) counts as writing all it reads: two values
    computed alike that reach it stay two objects, as a write would need them."""
    if may_write(stmt) or isinstance(stmt, Assign) and stmt.prim.tells_apart(stmt.args):
        return stmt.uses()
    positions = getattr(getattr(stmt, "prim", None), "writes", ()) if isinstance(stmt, Assign) else ()
    return [stmt.args[k] for k in positions if k < len(stmt.args) and isinstance(stmt.args[k], Var)]


def _with_held_items(fn: Function, written: set) -> frozenset[Var]:
    """``written`` with the items of each list or dict written into, at any depth: a write into
    an item read from it (``c[i][j] = v``: ``assign_at(c[i], j, v)``) writes into the array the
    container holds, and the run-time check that the item is no other entry (``alone_in(i, c)``)
    reads the container. Two equal arrays stored in one container are two objects there: merged
    into one, the check fails (``xs.append(np.sin(x))`` twice, then ``xs[0][0] = 5.0``)."""
    held: dict[Var, list] = {}          # a list or dict -> the values it may hold (an earlier version too)
    item_of: dict[Var, Var] = {}        # a value read from one of them -> the list or dict
    for stmt in walk(fn.body):
        if isinstance(stmt, Assign) and (getattr(stmt.prim, "container", None) is not None
                                         or getattr(stmt.prim, "display", False)):     # ([a, b], (a, b))
            held[stmt.target] = stmt.uses()
        elif isinstance(stmt, Assign) and getattr(stmt.prim, "pattern", None) is not None \
                and stmt.args and isinstance(stmt.args[0], Var) and stmt.args[0] in held:
            item_of[stmt.target] = stmt.args[0]
    if not held:
        return frozenset(written)
    pending = list(written)
    while pending:
        value = pending.pop()
        for reached in (item_of.get(value), *held.get(value, ())):
            if reached is not None and reached not in written:
                written.add(reached)
                pending.append(reached)
    return frozenset(written)


def _read_at_top_level(var: Var, chains: DefUse, position: dict) -> bool:
    return all(use == RETURN or id(use) in position and isinstance(use, (Assign, Copy, Effect))
               for use in chains.uses.get(var, []))


def _reading(stmt, renamed: dict):
    """``stmt`` (a top-level statement) reading ``renamed[v]`` where it read ``v``."""
    r = lambda atom: renamed.get(atom, atom) if isinstance(atom, Var) else atom  # noqa: E731
    if not renamed or not any(v in renamed for v in stmt.uses()):
        return stmt
    if isinstance(stmt, Assign):
        return dataclasses.replace(stmt, args=tuple(map(r, stmt.args)),
                                   kwargs=tuple((k, r(v)) for k, v in stmt.kwargs))
    if isinstance(stmt, Copy):
        return dataclasses.replace(stmt, source=r(stmt.source))
    return dataclasses.replace(stmt, args=tuple(map(r, stmt.args)))       # (an Effect)


def fixed(atom, chains: DefUse, position: dict, before: int) -> bool:
    """Does ``atom`` name one value everywhere in the function: bound nowhere (a parameter, a
    free name) or by one top-level statement before position ``before``?"""
    if not isinstance(atom, Var):
        return False
    bindings = chains.definitions.get(atom, [])
    return not bindings or len(bindings) == 1 and position.get(id(bindings[0]), before) < before


def may_write(stmt) -> bool:
    """May ``stmt`` write into a value it reads: an ``Effect`` (``d[i] += g``, an append), an
    element update (``assign_at``, which the backend may write in place), a written statement?"""
    if isinstance(stmt, Effect):
        return True
    if not isinstance(stmt, Assign):
        return False
    if isinstance(stmt.prim, WrittenPrimitive):
        printed = stmt.prim.primal([to_expr(a) for a in stmt.args])
        return not (isinstance(printed, ast.Attribute) and printed.attr in _READ_ONLY_ATTRIBUTES)
    return getattr(stmt.prim, "updates", False)


def _pure(stmt) -> bool:
    if not isinstance(stmt, Assign) or any(name == "out" for name, _ in stmt.kwargs):
        return False
    prim = stmt.prim
    # a reduction of an array (its shape rule known: not the builtin sum of a list, which may grow)
    reduction = prim.family == "reductions" and prim.shape_rule is not None
    return _elementwise(prim) or (cost_class(prim) == "expensive" and prim.views is False) or reduction \
        or _computed_from_operands(prim)


def _runs_unknown_code(stmt) -> bool:
    """Is ``stmt`` (or a statement in its blocks) a call the user's code runs for its effect
    (primitives/effects.py: ``history.append(v)`` of a global's list, ``log(v)``) or one that
    simply runs (primitives/opaque.py)? Either may change any object it reaches, not only its
    arguments: nothing computed before it is shared with what is computed after. (A ``raise``
    changes nothing that is read after it.)"""
    return any(isinstance(s, Effect) and s.observable and not s.raises
               or isinstance(getattr(s, "prim", None), OpaqueCall) for s in walk([stmt]))


def _computed_from_operands(prim) -> bool:
    """A value of array code computed from its operands alone, whatever its cost (``np.diff``, a
    slice, a reshape, a concatenation): shared, so what is computed from it is shared in turn
    (an object's method called twice on its data: each call's solve reads one value). Not a list
    or dict (a later append changes it), a draw, an effect, an element update, nor a write."""
    if prim.display:
        return True     # (where only array code reads it: _only_read_by_array_code)
    return (prim.shape_rule is not None and not prim.effect and not prim.updates and not prim.writes
            and not prim.pops and prim.container is None and not prim.tells_apart(())
            and not isinstance(prim, WrittenPrimitive))


def _only_read_by_array_code(var: Var, chains: DefUse) -> bool:
    """Is the list or tuple ``var`` read only by calls that make an array of it (``np.concatenate([a,
    b])``), never kept, grown or returned as the object it is?"""
    uses = chains.uses.get(var, [])
    return bool(uses) and all(isinstance(u, Assign) and not may_write(u) and _computed_from_operands(u.prim)
                              and (_only_read_by_array_code(u.target, chains) if u.prim.display
                                   else u.prim.container is None) for u in uses)


def _elementwise(prim) -> bool:
    return prim.shape_rule == "elementwise" and prim.family in _ELEMENTWISE


def _operands(stmt: Assign) -> list:
    return [*stmt.args, *(value for _, value in stmt.kwargs)]


def _key(stmt: Assign, same: dict) -> tuple | None:
    """What two statements computing the same value share (None where a constant is no key)."""
    operand = lambda a: _typed(same.get(a, a))  # noqa: E731
    key = (id(computation(stmt.prim)), tuple(map(operand, stmt.args)), tuple((n, operand(v)) for n, v in stmt.kwargs))
    try:
        hash(key)
    except TypeError:       # (a constant array)
        return None
    return key


def _typed(atom):
    return atom.key() if isinstance(atom, Const) else atom      # (1 and 1.0, 0.0 and -0.0: two values)

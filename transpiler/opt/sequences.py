"""Operators on lists and tuples whose type only the call tells: ``xs + ys`` of two list
parameters is their concatenation, not a sum of arrays.

Lowering is the same for every call, so an operator on values it cannot see the type of (a
parameter, a slice of one) is lowered as arithmetic. The spec of a call knows each argument's
kind (``"list"``, ``"tuple"``: api/numbers.py ``kind_of``); before the transform, a ``+`` of two
sequences (parameters, slices of them, displays: ``t + (a,)``) becomes the list primitive
``concatenated`` (its rule splits the adjoint), and ``*`` of a sequence and an integer the list
primitive ``repeated`` (its rule adds the copies' adjoints). A tuple parameter plus a tuple display
was differentiated as a sum of arrays: a wrong gradient. ``*`` of a sequence and a value of
another or unknown kind is refused at the user's line.
Likewise ``for k in d`` over a value the lowering could not see the type of goes through
``iterated(d)``: a dict's keys where the call passes a dict, the value itself where it passes a
list, tuple or array.
"""
from __future__ import annotations

import ast
from dataclasses import replace

import numpy as np

from ..analysis.kinds import SEQUENCES, known_kinds
from ..errors import UnsupportedSyntaxError
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk, with_blocks_rebuilt
from ..primitives import indexing, lists, lookup
from ..frontend.shallow_copies import METHOD_COPY, METHOD_SORT

INTEGERS = ("i8", "i4", "i2", "i1", "u8", "u4", "u2", "u1")
CONTAINERS = (*SEQUENCES, "dict")


def resolve_sequence_operators(fn: Function, arg_kinds: tuple, free: tuple = ()) -> Function:
    """``fn`` with ``+`` and ``*`` of lists (tuples) as concatenation and repetition; ``fn``
    itself where no operator reads a sequence."""
    fn = _container_copies(fn, arg_kinds, free)
    if not any(isinstance(stmt, Assign) and len(stmt.args) == 2 and stmt.prim.spelling.binop in (ast.Add, ast.Mult)
               for stmt in walk(fn.body)):
        return fn
    kinds = known_kinds(fn, arg_kinds, free)
    displays = {stmt.target for stmt in walk(fn.body)
                if isinstance(stmt, Assign) and stmt.prim in (indexing.TUPLE, indexing.LIST)}

    def sequence(atom) -> bool:          # a list or tuple parameter, a slice of one, a display
        if isinstance(atom, Const):
            return isinstance(atom.value, (tuple, list))
        return kinds.get(atom) in SEQUENCES or atom in displays

    def count(atom) -> bool:             # an integer
        if isinstance(atom, Const):
            return isinstance(atom.value, int) and not isinstance(atom.value, bool)
        return kinds.get(atom) in INTEGERS
    changed = []
    body = _assignments_rewritten(fn.body, lambda stmt: _resolved(stmt, sequence, count, changed)
                                  if len(stmt.args) == 2 and any(map(sequence, stmt.args)) else stmt)
    return replace(fn, body=body, specialized={}) if changed else fn


def _assignments_rewritten(stmts: list, rewrite) -> list:
    """``stmts`` with each assignment, in branches and loops too, replaced by ``rewrite(stmt)``."""
    return with_blocks_rebuilt(stmts, lambda stmt: rewrite(stmt) if isinstance(stmt, Assign) else stmt)


def _container_copies(fn: Function, arg_kinds: tuple, free: tuple) -> Function:
    """``xs.copy()`` of a list, tuple or dict parameter (lowered as NumPy's copy marked as the
    method's: lowering cannot see the type, frontend/shallow_copies.py) is a copy of the
    container, the same value, as generated code never writes in place: ``np.copy`` would make
    an array of a list (``xs.copy() + [x]`` then added instead of concatenating, a wrong value)
    and a 0-d object array of a dict. Of an array it is ``np.copy(x)``, the mark dropped."""
    copy = lookup(np.copy)
    if not any(isinstance(s, Assign) and s.prim is copy and s.kwargs == METHOD_COPY for s in walk(fn.body)):
        return fn
    containers = _containers(fn, known_kinds(fn, arg_kinds, free))
    changed = []

    def copied(stmt: Assign):
        if not (stmt.prim is copy and stmt.kwargs == METHOD_COPY):
            return stmt
        changed.append(stmt)
        return (Copy(stmt.target, stmt.args[0], stmt.location) if stmt.args[0] in containers
                else replace(stmt, kwargs=()))
    body = _assignments_rewritten(fn.body, copied)
    return _container_sorts(replace(fn, body=body, specialized={}), arg_kinds, free) if changed else fn


def _containers(fn: Function, kinds: dict) -> set:
    """The values known to be lists, tuples or dicts: by their kind, made as one (a container
    parameter taken apart is a display), an item written into one (``assign_at``), the method's
    copy of one, and a merge (a loop's ``params = params.copy()`` carried from the caller's dict)
    of at least one container and nothing known to be something else."""
    made = {lists.DICT_OF, indexing.LIST, indexing.TUPLE}
    found = {v for v, kind in kinds.items() if kind in CONTAINERS}
    found |= {s.target for s in walk(fn.body) if isinstance(s, Assign) and s.prim in made}
    derived = [(s.target, s.args[0]) for s in walk(fn.body) if isinstance(s, Assign) and s.args
               and (s.prim.updates or s.prim is lookup(np.copy) and s.kwargs == METHOD_COPY)]
    merges: dict = {}
    for s in walk(fn.body):
        if isinstance(s, Copy):
            merges.setdefault(s.target, []).append(s.source)
    while True:
        grown = {t for t, source in derived if source in found}
        grown |= {t for t, sources in merges.items() if any(v in found for v in sources)
                  and all(v in found or kinds.get(v) is None for v in sources)}
        if grown <= found:
            return found
        found |= grown


def _container_sorts(fn: Function, arg_kinds: tuple, free: tuple) -> Function:
    """``ys.sort()`` of such a copy (lowered as NumPy's sort, marked): of a list, the list
    sorted (``sorted(ys)``, a list, as ``list.sort`` leaves it), not an array; of an array,
    ``np.sort(ys)``, the mark dropped."""
    sort = lookup(np.sort)
    if not any(isinstance(s, Assign) and s.prim is sort and s.kwargs[-1:] == METHOD_SORT for s in walk(fn.body)):
        return fn
    kinds = known_kinds(fn, arg_kinds, free)

    def sorted_as_its_kind(stmt: Assign):
        if not (stmt.prim is sort and stmt.kwargs[-1:] == METHOD_SORT):
            return stmt
        rest = stmt.kwargs[:-1]
        return (replace(stmt, prim=lookup(sorted), kwargs=()) if kinds.get(stmt.args[0]) in SEQUENCES and not rest
                else replace(stmt, kwargs=rest))
    return replace(fn, body=_assignments_rewritten(fn.body, sorted_as_its_kind), specialized={})


def _resolved(stmt: Assign, sequence, count, changed: list) -> Assign:
    """``+`` of two lists (tuples) is their concatenation, ``*`` of one and an integer its
    repetition (``repeated(xs, n)``, the sequence first); a list times another value is refused."""
    op = stmt.prim.spelling.binop
    left, right = stmt.args
    if op is ast.Add and sequence(left) and sequence(right):
        changed.append(stmt)
        return replace(stmt, prim=lookup(lists.concatenated))
    if op is ast.Mult and (sequence(left) and count(right) or count(left) and sequence(right)):
        changed.append(stmt)
        return replace(stmt, prim=lookup(lists.repeated), args=(left, right) if sequence(left) else (right, left))
    if op is ast.Mult:
        raise UnsupportedSyntaxError(
            "`*` of a list or tuple and a value not known to be an integer is not supported in differentiated code",
            stmt.location, hint="repeat it by an integer (`xs * 2`, `n * xs`), or use a NumPy array")
    return stmt


def resolve_iteration(fn: Function, arg_kinds: tuple, free: tuple = ()) -> Function:
    """``fn`` with each ``iterated(xs)`` (frontend/loops.py) resolved where the kind of ``xs`` is
    known: ``dict_keys(xs)`` for a dict, ``xs`` itself for a list, tuple, array or number, or a
    list the function built; left as it is (its rules right either way) where the kind is unknown."""
    if not any(isinstance(s, Assign) and s.prim is lists.ITERATED for s in walk(fn.body)):
        return fn
    kinds = known_kinds(fn, arg_kinds, free)
    built = _lists_built(fn)
    dicts = {s.target: s.args[0].value for s in walk(fn.body)                   # (a dict parameter taken
             if isinstance(s, Assign) and s.prim is lists.DICT_OF and isinstance(s.args[0], Const)}  # apart)
    same: dict[Var, Var] = {}

    def block(stmts: list) -> list:
        out = []
        for stmt in stmts:
            if isinstance(stmt, Assign) and stmt.prim is lists.ITERATED:
                seq = _renamed(stmt.args[0], same)
                kind = kinds.get(seq)
                if seq in dicts:                  # its keys are known: a list of them
                    stmt = replace(stmt, prim=indexing.LIST, args=tuple(Const(k) for k in dicts[seq]))
                elif kind == "dict":
                    stmt = replace(stmt, prim=lists.DICT_KEYS, args=(seq,))
                elif (kind is not None or seq in built) and stmt.location in fn.keys_written:
                    raise UnsupportedSyntaxError(
                        f"writing `{stmt.args[0].name}[k]` inside `for k in {stmt.args[0].name}`, where the call "
                        f"passes a {kind or 'list'} (the write lands at the position an item names, which a later "
                        "iteration may read) is not supported", stmt.location,
                        hint="loop over the positions: `for i in range(len(xs)): xs[i] = ...`")
                elif kind is not None or seq in built:
                    same[stmt.target] = seq
                    continue
            elif isinstance(stmt, If):
                stmt = replace(stmt, body=block(stmt.body), orelse=block(stmt.orelse))
            elif isinstance(stmt, Loop):
                stmt = replace(stmt, cond_body=block(stmt.cond_body), body=block(stmt.body))
            out.append(_with_renamed_uses(stmt, same))
        return out

    body = block(fn.body)
    return replace(fn, body=body, result=_renamed(fn.result, same), specialized={})


def _lists_built(fn: Function) -> set:
    """Values that are lists the function built (never a dict): made by a list primitive or a
    display, or copied (merged, carried by a loop) from only such values."""
    makers = {id(p) for p in (indexing.LIST, indexing.TUPLE)} | (lists.MAKERS - {id(lists.DICT_OF)})
    built = {s.target for s in walk(fn.body) if isinstance(s, Assign) and id(s.prim) in makers}
    sources: dict[Var, list] = {}
    for stmt in walk(fn.body):
        if isinstance(stmt, Copy):
            sources.setdefault(stmt.target, []).append(stmt.source)
    while True:
        more = {target for target, found in sources.items() if target not in built and all(
            isinstance(a, Var) and a in built for a in found)}
        if not more:
            return built
        built |= more


def _renamed(atom, same: dict):
    return same.get(atom, atom) if isinstance(atom, Var) else atom


def _with_renamed_uses(stmt, same: dict):
    """``stmt`` reading ``same[v]`` wherever it read ``v`` (its blocks were renamed already)."""
    if not same:
        return stmt
    r = lambda atom: _renamed(atom, same)  # noqa: E731
    if isinstance(stmt, Assign):
        return replace(stmt, args=tuple(map(r, stmt.args)), kwargs=tuple((k, r(v)) for k, v in stmt.kwargs))
    if isinstance(stmt, Copy):
        return replace(stmt, source=r(stmt.source))
    if isinstance(stmt, Effect):
        return replace(stmt, args=tuple(map(r, stmt.args)))
    if isinstance(stmt, If):
        return replace(stmt, test=r(stmt.test))
    if isinstance(stmt, Loop):
        return replace(stmt, range_args=tuple(map(r, stmt.range_args)), cond=r(stmt.cond),
                       exit_flag=r(stmt.exit_flag), carried=list(stmt.carried))
    return stmt


def refuse_writes_into_list_items(fn: Function, arg_kinds: tuple, free: tuple = ()) -> Function:
    """``fn``, after checking that no array is written in place after being put into a list (or
    dict) the lowering could not see was one (the caller's: ``entries[1] = v; v[0, 0] = 5.0``).
    The list holds that very array in Python, so the write changes its item too; the lowering
    wrote the item by value (for an array parameter ``entries[1] = v`` copies), so the list would
    keep the old values: refused at the write, where the call's kinds tell it is a list."""
    if not any(isinstance(s, Assign) and s.prim.updates for s in walk(fn.body)):
        return fn
    kinds = known_kinds(fn, arg_kinds, free)
    callers = {p for p in fn.params if kinds.get(p) in ("list", "dict")}     # (and its updated values)
    held: dict[Var, Var] = {}           # an array put into such a list -> the parameter
    for stmt in walk(fn.body):
        if isinstance(stmt, Copy) and stmt.source in callers:
            callers.add(stmt.target)
        if not (isinstance(stmt, Assign) and stmt.prim.updates and stmt.args):
            continue
        if stmt.args[0] in held:
            raise UnsupportedSyntaxError(
                f"writing into `{stmt.args[0].name}` after it was put into the caller's `{held[stmt.args[0]].name}` "
                "(a list or dict, which holds that very array: its item would change too) is not supported in "
                "differentiated code", stmt.location,
                hint="put a copy into the list (`lst[i] = v.copy()`), or write into `v` before putting it there")
        if stmt.args[0] in callers:
            callers.add(stmt.target)
            if len(stmt.args) > 1 and isinstance(stmt.args[1], Var):
                held[stmt.args[1]] = stmt.args[0]
    return fn

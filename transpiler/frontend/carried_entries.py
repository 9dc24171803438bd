"""``a = rows[i]`` before a loop, ``a.append(v)`` (or ``a += [v]``, ``a.pop()``) inside it: the
loop carries ``rows`` too, and its top assumes that ``rows[i]`` *is* ``a``.

Outside loops the lowering knows that ``a`` is ``rows[i]`` (entry_writes.py ``entry_reads``),
and a write into ``a`` rebinds ``rows`` with that entry replaced (containers.py ``_rebind_list``,
entry_writes.py ``write_back``), as Python, which changes the one list both names reach, reads
it. A loop gives ``a`` a loop variable of its own, whose value the relation did not name: the
write made ``rows`` stale, and reading it after the loop was refused. Here the loop variables of
``a`` and of ``rows`` are assumed to keep the relation their values had before the loop; where
the end of an iteration does not (``rows[i] = [0.0]`` or ``a = []`` inside: Python's ``a`` is then
another list), the loop is lowered again without the assumption (loops.py's fixpoint), as before."""
from __future__ import annotations

import ast

from ..ir import Var
from . import aliasing
from .entry_writes import entry_reads, holders


# where a lowering keeps each loop's names written in place (not ``_written_in_place``: a method
# of the lowering, statements.py)
_KEPT = "_loops_names_written_in_place"
_IN_PLACE_METHODS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
                               "update", "setdefault", "popitem"})


def holders_to_carry(lowering, node: ast.stmt, names: list[str]) -> list[str]:
    """Names of lists and dicts holding, as an entry the lowering knows, the value of one of
    ``names`` (the names the loop ``node`` carries) that its body writes into in place: ``rows``
    for ``a = rows[i]`` and ``a.append(v)``."""
    found = []
    for name in names:
        value = aliasing.value_of(lowering.env.get(name))
        if not _written_in_place(lowering, node, name):
            continue
        found += [holder for env, holder, _ in holders(lowering, value)
                  if env is lowering.env and holder not in names and holder not in found]
    return found


def assume_entries(lowering, node: ast.stmt, carried: list, initials: dict) -> None:
    """For each carried ``a`` whose value before the loop is an entry of carried ``rows``'s,
    the loop variables are assumed to be so too (unless an earlier pass found that the iteration
    breaks it: :func:`broken_entries`); :func:`check_entries` checks it at the end of the iteration."""
    broken = broken_entries(lowering, node)
    loop_vars = dict(carried)
    relations = []
    for item, item_var in carried:
        for holder, _ in carried:
            if holder == item or (item, holder) in broken or not isinstance(initials.get(item), Var):
                continue
            for pattern, holes in _entries(lowering, initials.get(holder), initials[item]):
                entry_reads(lowering).setdefault(item_var, []).append((loop_vars[holder], pattern, holes))
                relations.append((item, holder, pattern, holes))
    _assumed(lowering)[node] = relations


def check_entries(lowering, node: ast.stmt) -> None:
    """At the end of an iteration, before the loop variables take their new values: the assumed
    relations that no longer hold are added to :func:`broken_entries` (the loop is lowered again)."""
    broken = broken_entries(lowering, node)
    for item, holder, pattern, holes in _assumed(lowering).get(node, ()):
        item_end = aliasing.value_of(lowering.env.get(item))
        holder_end = aliasing.value_of(lowering.env.get(holder))
        if not isinstance(item_end, Var) or not any(ast.dump(p) == ast.dump(pattern) and h == holes
                                                    for p, h in _entries(lowering, holder_end, item_end)):
            broken.add((item, holder))


def _entries(lowering, container, value: Var) -> list:
    """(pattern, holes) of each entry of ``container`` known to be ``value`` (a read ``c[k]``
    recorded, or a dict's entry at a constant key)."""
    known = lowering.dict_entries.get(container) or {} if isinstance(container, Var) else {}
    return [*((ast.Constant(key), []) for key, entry in known.items() if entry is value),
            *((p, h) for c, p, h in entry_reads(lowering).get(value, ()) if c is container)]


def entry_written_through_another_name(lowering, loop: ast.stmt, name: str, entries: dict) -> bool:
    """Does the loop write in place into an entry of the dict ``name`` through another name
    bound to it before the loop (``a = d["k"]``, then ``a.append(v)``)? Then dict_loops.py keeps
    the dict whole, so that the write reaches it here."""
    held = {id(v) for v in entries.values()}
    return any(other != name and id(aliasing.value_of(value)) in held and _written_in_place(lowering, loop, other)
               for other, value in lowering.env.items())


def _written_in_place(lowering, loop: ast.stmt, name: str) -> bool:
    """Does the loop's body change what ``name`` holds in place (``name.append(v)``, ``name += v``,
    ``name[k] = v``, ``del name[k]``)? Rebinding it (``name = name + [v]``) does not."""
    return name in _names_written_in_place(lowering, loop)


def _names_written_in_place(lowering, loop: ast.stmt) -> frozenset[str]:
    """The names whose values the loop changes in place (:func:`_written_in_place`), found in one
    walk of the loop and kept with the lowering for each loop (held, so that its ``id`` is not
    reused): the loop's every pass asks it of every name the loop carries, and a walk per name was
    quadratic in the length of the loop's body."""
    kept = lowering.__dict__.setdefault(_KEPT, {})
    if id(loop) not in kept:
        kept[id(loop)] = (loop, frozenset(_receivers(loop)))
    return kept[id(loop)][1]


def _receivers(loop: ast.stmt):
    """The names of the loop's writes in place, one per write."""
    for node in ast.walk(loop):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _IN_PLACE_METHODS:
            receiver = node.func.value
        elif isinstance(node, ast.AugAssign):
            receiver = node.target
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
            receiver = node.value
        else:
            continue
        if isinstance(receiver, ast.Name):
            yield receiver.id


def broken_entries(lowering, node: ast.stmt) -> set:
    """(item, holder) names whose relation the loop ``node`` does not keep (found by its passes)."""
    return lowering.__dict__.setdefault("_broken_entries", {}).setdefault(node, set())


def _assumed(lowering) -> dict:
    return lowering.__dict__.setdefault("_assumed_entries", {})

"""An array held by a dict or a list, updated in place through another name: ``w = params["W"]``
then ``w -= lr * dw`` (CS231n's update rules, given the arrays the solver's ``params`` dict
holds), ``p = layers[i]`` then ``p *= 0.9``, and the container read afterwards.

NumPy adds into the array, so the container sees the new values; on a number ``w -= v`` rebinds
``w`` alone and the container keeps the old one. The generated code never writes in place, so
each name for the container (here, or in a function this one is inlined into) is rebound to it
with that entry replaced by the new value, where the old one was an array (a run-time
``isinstance`` test: a parameter's kind is the call's). Which entry is known where ``w`` was read
from the container (``params[k]``, ``k`` a constant or a run-time value) or is the value of an
entry the compiler knows (``{"W": W0}``). Another entry, or another container, may hold the same
memory (``{"W": x, "V": x[1:]}``, ``[a, a]``): the generated code checks at run time, after the
rebinding, that the container shares no memory with the old array, and raises the aliasing error
otherwise (``unshared``, frontend/aliasing.py); other names for the array stay stale as before.

``for k, w in d.items()`` reads ``w`` as ``d[k]`` of the dict as it is then (loops.py), so its
entry is known the same way (CS231n's solver loop). Not yet: ``for p in layers: p -= ...`` (a
write into the sequence the loop iterates over, refused)."""
from __future__ import annotations

import ast

import numpy as np

from ..ir import Assign, Atom, Const, Copy, Effect, If, Var
from ..primitives import chained_writes, indexing, lookup
from . import aliasing
from .shallow_copies import is_dict


# `w op= v` changes these in place (a list extends, a dict updates); a number it rebinds.
_IN_PLACE = (np.ndarray, list, dict)


def entry_reads(lowering) -> dict:
    """value read -> [(container, index pattern, holes)] of the reads ``c[k]`` of a list or dict."""
    return lowering.__dict__.setdefault("_entry_reads", {})


def record_entry_read(lowering, container: Atom, read: Atom, pattern: ast.expr, holes: list) -> None:
    """``read`` is ``container[k]`` of a list or dict made in the function (not a slice)."""
    if isinstance(read, Var) and container in lowering.lists and not isinstance(pattern, (ast.Slice, ast.Tuple)):
        reads = entry_reads(lowering).setdefault(read, [])
        if not any(c == container and ast.dump(p) == ast.dump(pattern) and h == holes for c, p, h in reads):
            reads.append((container, pattern, holes))     # (a loop's body is lowered more than once)


def holders(lowering, before: Var) -> list[tuple[dict, str, Var]]:
    """(environment, name, container) of every name for a list or dict holding ``before`` as an
    entry it knows: what a write into ``before`` rebinds. Found before the write marks those
    names stale (``x[...] = v`` marks them so for good: assignments.py ``_update``)."""
    found = []
    own = {aliasing.value_of(atom) for atom in lowering.env.values()}
    for env in (lowering.env, *lowering.callers):
        for name, atom in env.items():
            if env is not lowering.env and aliasing.value_of(atom) in own:
                continue        # a helper's list parameter: handed back at its return (helper_results.py)
            container = aliasing.value_of(atom)
            if isinstance(container, Var) and (is_dict(lowering, container) or container in lowering.lists) \
                    and _entries_holding(lowering, container, before):
                found.append((env, name, container))
    return found


def write_back(lowering, before: Var, new: Atom, stmt: ast.stmt, label: str, found: list | None = None,
               always: bool = False) -> None:
    """After ``w op= v`` (``before`` the old value of ``w``, ``new`` the new one): every name for
    a container holding ``before`` as an entry it knows is rebound to it with that entry ``new``
    where ``before`` was an array (the module's docstring). ``always``: after ``w[...] = v``,
    which writes into ``w`` whatever it is (an array, or a list the container holds); ``found``:
    the :func:`holders` found before the write."""
    rebound: dict[Var, Var] = {}          # container -> its value after the write
    for env, name, container in holders(lowering, before) if found is None else found:
        if container not in rebound:
            entries = _entries_holding(lowering, container, before)
            rebound[container] = _rebound(lowering, container, entries, before, new, stmt, label, always)
        env[name] = rebound[container]


def _entries_holding(lowering, container: Var, value: Var) -> list[tuple[ast.expr, list]]:
    """(pattern, holes) of each entry of ``container`` known to be ``value``."""
    known = lowering.dict_entries.get(container) or {}
    return [*((ast.Constant(key), []) for key, entry in known.items() if entry == value),
            *((pattern, holes) for seq, pattern, holes in entry_reads(lowering).get(value, ()) if seq == container)]


def _rebound(lowering, container: Var, entries: list, before: Var, new: Atom, stmt: ast.stmt,
             label: str, always: bool) -> Var:
    """``container`` with ``entries`` replaced by ``new`` if ``before`` is an array, a list or a
    dict (or ``always``), else itself; the checks that no other entry is ``before`` or shares
    its memory come after (``unshared``; ``alone_in`` for a list held twice)."""
    where = lowering.parsed.location(stmt)
    in_place = None if always else lowering._apply(stmt, lookup(isinstance), (before, Const(_IN_PLACE)), (), None)
    saved = lowering.body
    lowering.body = [] if in_place is not None else saved
    updated = container
    for pattern, holes in entries:
        written = lowering._apply(stmt, indexing.update_primitive(pattern), (updated, new, *holes), (), None)
        lowering.storage[written] = lowering._storage(updated) | lowering._storage(new)
        lowering._entries_after(updated, written, pattern, holes, new)
        if updated in lowering.lists:          # (the container object changes, not its items)
            lowering.lists[written] = lowering.lists[updated]
        if updated in lowering.inner_lists and new in lowering.lists and not isinstance(pattern, ast.Slice):
            lowering.inner_lists[written] = lowering.inner_lists[updated] | lowering.lists[new]   # (dicts.py)
        updated = written
    if in_place is None:
        merged = updated
    else:
        merged = Var(lowering.names.fresh(container.name))
        then_stmts = lowering.body + [Copy(merged, updated, where)]
        lowering.body = saved
        lowering.body.append(If(in_place, then_stmts, [Copy(merged, container, where)], where))
        lowering.storage[merged] = lowering._storage(updated) | lowering._storage(container)
        lowering._merged_list(merged, [updated, container])
    for pattern, holes in entries:     # (`w += v` again: an entry of the new container, if an array)
        record_entry_read(lowering, merged, new, pattern, holes)
    checked = Var(lowering.names.fresh(f"{before.name}_checked"))
    lowering.body.append(Assign(checked, indexing.UNSHARED, (before, Const(label), merged), (), where))
    for pattern, holes in entries:      # (a list held twice: `unshared` tests arrays only)
        key = holes[0] if isinstance(pattern, ast.Name) and len(holes) == 1 else Const(pattern.value) \
            if isinstance(pattern, ast.Constant) else None
        if key is not None:
            lowering.body.append(Effect(chained_writes.ALONE_IN, (key, container, Const(label), container), where))
    return merged

"""What an inlined helper leaves its caller besides its value (frontend/calls.py ``_inline``):
the caller's names for an array the helper wrote into, and the tuple displays it returned."""
from __future__ import annotations

import ast
import os

import numpy as np

from ..ir import Assign, Atom, Const, Effect, Var
from ..primitives import chained_writes, indexing, lookup
from . import aliasing
from .objects import is_attribute_key
from .shallow_copies import is_dict
from .tree_facts import rebound_names
from .values import captured_stores, walk_scope


def written_back(lowering, arguments: dict, at_call: dict, caller_env: dict, tree: ast.AST, node: ast.AST) -> None:
    """A helper that wrote into the array a parameter was bound to (``out[i, j] = ...`` in
    sklearn's ``_log_logistic_sigmoid(n, m, X, out)``, CALFEM's ``assem(edof, K, Ke)``, arch's
    ``sigma2 **= inv_power``) wrote into the caller's array, as NumPy does: the caller's names for
    it, stale after the write, now mean the parameter's final value (an object's attribute too:
    scipy's ``rk_step(..., self.K)``). Where the argument was a view the call made
    (``_condition_on(..., filtered_mus[t], filtered_Sigmas[t])``), the array it views is written:
    ``filtered_mus[t] = <final>`` in the caller (``_through_view``). Only where the parameter
    still names that memory (never rebound by an assignment: ``X = X[::-1]`` is a view, into
    which a write is not the caller's array as it stands; ``tree`` is the helper's) and was
    changed by writes into it and ``x op= v`` alone; ``node``: the call."""
    rebound = rebound_names(tree)
    for param, atom in arguments.items():
        final = lowering.env.get(param)
        if isinstance(atom, Var) and isinstance(final, Var):
            parameter_finals(lowering)[atom] = final
        if not isinstance(atom, Var) or not isinstance(final, Var) or final is atom \
                or not lowering._storage(atom) or param in rebound:
            continue       # (`X = X[::-1]; X[0] = v` writes into a view: the caller's name is not it)
        how = _changed_in_place(lowering, final, atom)
        if how is None:
            continue
        if how == "if an array":      # `s **= p` alone: in place on an array, a list or a dict, else a new number
            test = lowering._apply(node, lookup(isinstance), (atom, Const(_IN_PLACE)), (), None)
            final = lowering._if(test, lambda: final, lambda: atom, node, None)
            # (its memory may be the argument's, never only it: a caller's caller, seeing it written
            # in place, would take it for an array where it may be a number; to that caller it is
            # `atom op= v` again, so its names are updated the same way)
            lowering.storage[final] = lowering._storage(final) | lowering._storage(atom)
            augmented_updates(lowering)[final] = atom
        _rebind(lowering, caller_env, at_call, atom, final)
        lowering._item_changed(atom, final)         # (`fill(row)` of `for row in M`: rows.py)
        _through_view(lowering, caller_env, at_call, atom, final, node, param)


# `x op= v` changes these in place (an array, a list, a dict); a number it rebinds.
_IN_PLACE = (np.ndarray, list, dict)


def _changed_in_place(lowering, final: Var, start: Var) -> str | None:
    """How the parameter's ``final`` value is its argument ``start`` changed: "in place" (by
    writes into it, maybe an ``x op= v`` after them: in place whatever ``x`` is, since it took
    a write), "if an array" (by ``x op= v`` alone: in place only on an array, a list or a
    dict), or None (not so: left as it is). A write keeps the argument's memory (a branch's or
    loop's merge of written values too); ``x op= v`` is followed back to the value it updated."""
    augmented, memory = augmented_updates(lowering), lowering._storage(start)
    if start in lowering.lists and final in lowering.lists and is_dict(lowering, start) == is_dict(lowering, final):
        return "in place"       # a list or dict the helper never rebinds is the same object, changed
    while lowering._storage(final) != memory:
        if final in branch_merges(lowering):       # `if c: q += v` (the Madgwick filter's update)
            return _changed_on_each_path(lowering, branch_merges(lowering)[final], start)
        if final not in augmented:
            return None
        final = augmented[final]
    return "if an array" if final is start else "in place"


def _changed_on_each_path(lowering, values: tuple, start: Var) -> str | None:
    """How a branch's merge of the parameter's values is ``start`` changed: in place only if
    each path's value is (or is ``start`` itself); None if a path rebound the name."""
    hows = ["if an array" if value is start else _changed_in_place(lowering, value, start) for value in values]
    if None in hows:
        return None
    return "if an array" if all(how == "if an array" for how in hows) else "in place"


def _rebind(lowering, caller_env: dict, at_call: dict, old: Var, new: Atom) -> None:
    """The caller's names for ``old`` at the call, stale after a write into it, hold ``new``.
    An object's attribute (``solver.K``) is rebound in the helper's environment too, whose
    attributes go back to the caller when it returns (objects.py ``_objects_back``)."""
    for name, entry in caller_env.items():
        if isinstance(entry, aliasing.Stale) and not entry.external and at_call.get(name) is old:
            caller_env[name] = new
            if is_attribute_key(name) and isinstance(lowering.env.get(name), aliasing.Stale):
                lowering.env[name] = new


def _through_view(lowering, caller_env: dict, at_call: dict, view: Var, final: Atom, node: ast.AST,
                  param: str) -> None:
    """``view`` is ``base[index]``, read in the caller (``filtered_mus[t]`` passed), an array
    the helper wrote into: NumPy wrote into ``base``, which is now ``assign_at(base, index,
    final)``, its stale names rebound to that; where ``base`` is a view read the same way
    (``M[1][1:]``), so on to the array it views. Exact where the index is basic (integers,
    slices) and ``base`` an array, a list or a dict: ``through_view`` checks both at run time,
    raising where NumPy passes a copy (an index array, a list, a mask: ``base`` is left as it
    was) or where ``base`` is a tuple (``assign_at`` would make an array of it). A view read
    elsewhere (before a branch), of a list or dict made here (its item itself:
    dispatched_procedures.py), of a tuple made here, or by a constant index that is not an
    integer leaves ``base``'s names stale: a read of one is refused, located."""
    made = _view_read(lowering, view)
    if made is None:
        return
    base, holes = made.args[0], made.args[1:]
    if not isinstance(base, Var) or base in lowering.lists or is_dict(lowering, base) \
            or type(lowering.displays.get(base)) is tuple or any(isinstance(h, Const) for h in holes) \
            or not any(isinstance(e, aliasing.Stale) and at_call.get(n) is base for n, e in caller_env.items()) \
            and _view_read(lowering, base) is None:
        return          # (no name holds `base`, nor is it a view of one: `h(M[1][1:])` goes on to `M`)
    where = lowering.parsed.location(node)
    label = Const(f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}")
    what = Const(f"`{lowering._readable(ast.unparse(node))}` gives `c[i]` to a helper that writes into it "
                 f"(its parameter `{param}`)")
    checked = [lowering._apply(node, chained_writes.THROUGH_VIEW, (h, base, label, what), (), None) for h in holes]
    if not holes:       # (the container is checked still: of a tuple, `assign_at` would make an array)
        lowering.body.append(Effect(chained_writes.THROUGH_VIEW, (Const(None), base, label, what), where))
    updated = lowering._apply(node, indexing.update_primitive(made.prim.pattern), (base, final, *checked), (), None)
    lowering.storage[updated] = lowering._storage(base)
    element_updates(lowering)[updated] = base
    _rebind(lowering, caller_env, at_call, base, updated)
    _through_view(lowering, caller_env, at_call, base, updated, node, param)


def _view_read(lowering, value: Var):
    """The statement ``value = base[index]`` reading it, in the block being lowered, or None."""
    made = next((s for s in reversed(lowering.body) if isinstance(s, Assign) and s.target is value), None)
    pattern = getattr(getattr(made, "prim", None), "pattern", None)
    if pattern is None or made.prim is not indexing.subscript_primitive(pattern) or not made.args:
        return None
    return made


def with_final_return(body: list, tree: ast.AST, procedure: bool) -> list:
    """The statements of a helper's body; a helper called for its effects (``procedure``) that
    ends without ``return`` returns None there, as Python's."""
    if procedure and not (body and isinstance(body[-1], ast.Return)):
        body.append(ast.copy_location(ast.Return(value=ast.Constant(None)), tree))
    return body


def parameter_finals(lowering) -> dict:
    """Value an inlined helper's parameter was bound to -> the parameter's value at its return
    (dispatched_procedures.py reads it right after the call)."""
    return lowering.__dict__.setdefault("_parameter_finals", {})


def element_updates(lowering) -> dict:
    """``new -> old`` of each write ``x[i] = v`` (``out=x`` too): ``new`` is ``old`` written into."""
    return lowering.__dict__.setdefault("_element_updates", {})


def updated_from(lowering, final, start) -> str | None:
    """How ``final`` is ``start`` updated: "written" (by element writes only: the same object,
    surely), "augmented" (``x op= v`` among them: the same object where ``start`` is an array,
    a list or a dict, a new value where it is a number), or None (not by updates alone)."""
    writes, augmented = element_updates(lowering), augmented_updates(lowering)
    how, seen = "written", set()
    while final is not start and final not in seen:
        seen.add(final)
        if final in writes:
            final = writes[final]
        elif final in augmented:
            final, how = augmented[final], "augmented"
        else:
            return None
    return how if final is start else None


def branch_merges(lowering) -> dict:
    """``merged -> (then value, else value)`` of each name a branch binds on both paths
    (lowering.py), for :func:`_changed_in_place`."""
    return lowering.__dict__.setdefault("_branch_merges", {})


def augmented_updates(lowering) -> dict:
    """``new -> old`` of each ``x op= v`` on a name (``new`` is ``old`` updated: in place where
    ``old`` is an array, a list or a dict, a new value where it is a number)."""
    return lowering.__dict__.setdefault("_augmented_updates", {})


def returned_displays(result, displays: dict) -> dict:
    """The tuple displays a helper returns (``return acts, start``), and those nested in them:
    the caller unpacking ``acts, n = helper()`` gets the items themselves (a list made in the
    helper stays a list made in the function), as it does for a display of its own."""
    found = {}
    stack = [result]
    while stack:
        atom = stack.pop()
        items = displays.get(atom) if isinstance(atom, Var) else None
        if type(items) is tuple and atom not in found:
            found[atom] = items
            stack.extend(items)
    return found


def captured_writes(lowering, fn, local: set[str], defined_here: bool) -> set[str]:
    """The enclosing function's names whose objects the nested function or lambda ``fn`` writes
    into (``total[0] += v``, ``acc[i] = v``). Followed where ``fn`` was defined in the function
    now calling it (``defined_here``): the caller rebinds each of them to the value the write
    left (functions.py), as for ``nonlocal``. Otherwise (a closure a factory returned, whose cells
    outlive the call) refused, located, by ``lowering``: the write would change an object every
    later call of the closure sees."""
    written = {}
    for sub in captured_stores(fn, local):
        if not defined_here:
            lowering._unsupported(sub, f"writing into `{sub.value.id}`, a variable of the enclosing function, "
                                  f"inside {fn.describe()}, called from another function than the one that "
                                  "defines it (a closure a factory returned, or one passed to a helper),",
                                  "call it only in the function that defines it, make a copy inside it "
                                  f"(`{sub.value.id} = np.copy({sub.value.id})`), or return the new value")
        written.setdefault(sub.value.id, sub)
    return set(written)

"""A list of lists carried by a loop stays one (``inner_lists``, frontend/dicts.py): grouping
code reads an inner list and grows it in the loop (``groups = [[], []]`` or ``[[] for _ in
range(K)]``, then ``g = groups[i % K]; g.append(v)``), and a comprehension copies a global's rows
(``rows = [list(r) for r in GL]``) before one is grown. Reading ``groups[k]`` then gives a list
the function made, whose growth is followed (not one the caller or a global may own).

The top of an iteration assumes the carried value holds the lists its initial value holds, and
those an iteration stores; the end of the iteration tells what it holds (``inner_ends``), and
where that is more, or not known to be lists, the loop is lowered again with that assumed
(loops.py ``_loop_fixpoint_passes``). An empty list starts so only where the loop appends a list
display, a comprehension or ``list(...)`` to it (else assuming would cost a pass for nothing)."""
from __future__ import annotations

import ast

from ..ir import Var
from .object_lists import empty_lists


def inner_ends(lowering) -> dict:
    """Loop variable -> the lists its value at the end of an iteration holds as items (None:
    not known to be lists)."""
    return lowering.__dict__.setdefault("_inner_ends", {})


def carry_inner_lists(lowering, node: ast.stmt, user_name: str, var: Var, initial, assumed: dict) -> None:
    """The loop variable ``var`` of ``user_name``, begun as ``initial``: a list of lists where
    ``initial`` is one (or an empty list the loop appends lists to) and ``assumed`` (user name ->
    the lists an iteration stores, None: not lists) does not say otherwise."""
    held = lowering.inner_lists.get(initial) if isinstance(initial, Var) else None
    if held is None and isinstance(initial, Var) and initial in empty_lists(lowering) \
            and _appends_lists(node, user_name):
        held = frozenset()
    extra = assumed.get(user_name, frozenset())
    if held is None or extra is None:
        lowering.inner_lists.pop(var, None)     # (a pass before this one may have assumed it)
    else:
        lowering.inner_lists[var] = held | extra


def learn_inner_lists(lowering, carried: list, assumed: dict) -> bool:
    """Add to ``assumed`` the lists each carried list of lists held at the end of the iteration
    just lowered; True where that was not assumed yet (the loop is lowered again)."""
    grown = False
    ends = inner_ends(lowering)
    for user_name, var in carried:
        if var not in lowering.inner_lists or var not in ends:
            continue
        held = ends[var]
        if held is None:
            assumed[user_name] = None
            grown = True
        elif not held <= lowering.inner_lists[var]:
            assumed[user_name] = assumed.get(user_name, frozenset()) | held
            grown = True
    return grown


def grown_inner_lists(lowering, old, new, appended) -> None:
    """``new`` is the list of lists ``old`` with ``appended`` added as its last item: a list of
    lists still where ``appended`` is a list (``groups.append([])``)."""
    if old in lowering.inner_lists and appended in lowering.lists:     # (and `list(r)`: containers.py)
        lowering.inner_lists[new] = lowering.inner_lists[old] | lowering.lists[appended]


def _appends_lists(node: ast.stmt, name: str) -> bool:
    """Does the loop ``node`` append a list display, a comprehension or ``list(...)`` to ``name``?"""
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "append" \
                and isinstance(call.func.value, ast.Name) and call.func.value.id == name and len(call.args) == 1:
            if makes_a_list(call.args[0]):
                return True
    return False


def makes_a_list(item: ast.expr) -> bool:
    """Is ``item`` a list display, a list comprehension or ``list(...)``?"""
    return isinstance(item, (ast.List, ast.ListComp)) or isinstance(item, ast.Call) \
        and isinstance(item.func, ast.Name) and item.func.id == "list"


def begin_list_of_lists(lowering, comprehension: ast.expr, made) -> None:
    """``made``, the empty list a comprehension appends its items to, is a list of lists
    (holding none yet) where each item is a list display, a comprehension or ``list(...)``
    (``[[] for _ in range(K)]``, ``[list(r) for r in GL]``)."""
    if isinstance(comprehension, ast.ListComp) and makes_a_list(comprehension.elt) and isinstance(made, Var):
        lowering.inner_lists[made] = frozenset()

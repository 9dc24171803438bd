"""``c[i][j] = v`` on an array: NumPy writes through ``c[i]``, which is a view of ``c`` only where
``i`` is a basic index (an integer, a slice, ``None``, ``...``). An index array, a list or a mask
makes ``c[i]`` a *copy*: the write goes into that copy and ``c`` is unchanged. The lowering gives
the statement the meaning of the view (``c[i, j] = v``), so every index of ``c[i]`` goes through
``through_view(i, c, where)``, which raises where the write would go into a copy instead
(frontend/dicts.py).

Lists and dicts hold their items: any index writes into the item, in place, and so into every other
entry that is the same object (``[np.zeros(2)] * 2``, ``[[0.0] * n] * m``, ``[z, z]``, ``d["b"] =
d["a"]``). The lowering updates the one entry written, so ``c[i][j] = v`` and ``c[i] += v`` go
through ``alone_in(i, c, where, c)``, which raises where another entry of ``c``, at any depth (``c
= [a, [a]]``), shares the item's memory; a write into a deeper item (``g[i][j] += v``, ``g[i][j][k]
= v``) checks each item on its path against the whole of ``g`` (``alone_in(j, g[i], where, g)``):
``g = [[a], [a]]`` holds ``a`` twice. Where ``c`` holds rows of numbers (a grid), one level is all
there is to look at: opt/write_checks.py drops the root. ``c[k].append(v)`` is lowered as ``c[k] +=
[v]`` after ``a_list(c[k], where)``, which raises Python's ``AttributeError`` where the item is no
list."""
from __future__ import annotations

import numpy as np

from .indexing import may_share_memory_with
from .registry import REGISTRY, Primitive, Spelling
from .runtime import helper


@helper()
def through_view(index, container, where, helper_call=None):
    """``index`` itself, where ``container[index]`` is a view of an array container (or the
    container is not an array); raises where NumPy would write into a copy. ``helper_call``:
    the write is a helper's into its parameter, given ``c[i]`` (frontend/helper_results.py)."""
    if helper_call is not None and not isinstance(container, (np.ndarray, list, dict)):
        raise TypeError(f"{where}: {helper_call}, where `c` is a {type(container).__name__}: the helper writes into "
                        "its item in place, which the compiler follows only in an array, a list or a dict; pass "
                        "a copy you keep (`item = c[i].copy()`) and read it, or hold the items in a list")
    if isinstance(container, np.ndarray) and not (
            index is None or index is Ellipsis or isinstance(index, (int, np.integer, slice))
            and not isinstance(index, bool)         # (`c[True]` is a copy with an axis added)
            or isinstance(index, np.ndarray) and index.ndim == 0 and index.dtype.kind in "iu"):
        if helper_call is not None:
            raise TypeError(f"{where}: {helper_call}, with the index `i` an array, a list or a mask: `c[i]` is "
                            "then a copy, which the helper writes into while `c` stays as it was (a write the "
                            "compiler does not follow); index with integers and slices, or pass a copy you "
                            "keep (`row = c[i].copy()`) and read it")
        raise TypeError(f"{where}: `c[i][j] = v` with the index `i` an array, a list or a mask writes into a copy "
                        "of `c[i]` (NumPy leaves `c` unchanged); write `c[i, j] = v` to change `c`")
    return index


@helper("times_held")
def alone_in(key, container, where, root=None):
    """``key`` itself, where no other entry of a list or dict ``container`` is (or shares memory
    with) ``container[key]``, nor, given the ``root`` a chain of items starts from (``g`` of
    ``g[0][1] += v``, or ``container`` itself), any entry of the lists, tuples and dicts ``root``
    holds at any depth; raises where one does: a write into the item changes that entry too
    (``g = [[a], [a]]``: ``g[0][0] += w`` changes ``g[1][0]``)."""
    if not isinstance(container, (list, dict)):
        return key
    item = container[key]
    if not isinstance(item, (np.ndarray, list, dict)):
        return key
    if root is not None:
        held = times_held(item, root)
    else:
        entries = container.values() if isinstance(container, dict) else container
        if not isinstance(item, np.ndarray) and list(map(id, entries)).count(id(item)) == 1:
            return key      # a list or dict item: only itself can be it (one pass in C, per write of a grid)
        # (np.may_share_memory first: a cheap test of bounds before the exact one)
        held = sum(1 for e in entries if e is item or isinstance(e, np.ndarray) and isinstance(item, np.ndarray)
                   and np.may_share_memory(e, item) and np.shares_memory(e, item))
    if held > 1:
        raise TypeError(f"{where}: the item written is also another entry of its container, or of a "
                        "list or dict it holds (`[a] * n` and `[z, z]` repeat one object, `[[a], [a]]` "
                        "holds one twice, `d[k2] = d[k1]` stores one twice), so Python changes both; build "
                        "each entry as its own object (`[np.zeros(n) for _ in range(m)]`, `a.copy()`), or "
                        "store a new value into the one entry you mean: `c[i] = c[i] + v`")
    return key


@helper()
def times_held(item, tree):
    """How many entries of ``tree``, and of the lists, tuples and dicts it holds at any depth, are
    ``item`` or (an array) share its memory. Objects of other classes are not looked into."""
    array = isinstance(item, np.ndarray)
    count, seen, pending = 0, {id(tree)}, [tree]
    while pending:
        entries = pending.pop()
        entries = list(entries.values()) if isinstance(entries, dict) else entries
        kinds = set(map(type, entries))     # (one pass in C: a row of numbers is passed over at once)
        if not any(issubclass(k, (list, tuple, dict)) or array and issubclass(k, np.ndarray) for k in kinds):
            count += list(map(id, entries)).count(id(item))
            continue
        for e in entries:
            if e is item:
                count += 1      # (not looked into: what the item holds is written with it)
            elif isinstance(e, (list, tuple, dict)):
                if id(e) not in seen:
                    seen.add(id(e))
                    pending.append(e)
            elif array and isinstance(e, np.ndarray) and np.may_share_memory(e, item) and np.shares_memory(e, item):
                count += 1      # (np.may_share_memory first: a cheap test of bounds before the exact one)
    return count


@helper()
def a_list(item, where):
    """``item`` itself, where it is a list; raises Python's error for ``item.append(v)`` otherwise
    (``c[k].append(v)`` is lowered as ``c[k] += [v]``, which on an array would add instead)."""
    if type(item) is not list:
        raise AttributeError(f"{where}: '{type(item).__name__}' object has no attribute 'append' "
                             "(the compiler follows `c[k].append(v)` on a list item only)")
    return item


THROUGH_VIEW = Primitive(name="through_view", spelling=Spelling(path="through_view"), family="runtime helpers",
                         differentiable=False, shape_rule=lambda shapes, kwargs: shapes[0],
                         effect=True)      # kept even where its value is unused: it may raise
REGISTRY[through_view] = THROUGH_VIEW
ALONE_IN = Primitive(name="alone_in", spelling=Spelling(path="alone_in"), family="runtime helpers",
                     differentiable=False, shape_rule=lambda shapes, kwargs: shapes[0], effect=True,
                     observes_identity=True)
REGISTRY[alone_in] = ALONE_IN
A_LIST = Primitive(name="a_list", spelling=Spelling(path="a_list"), family="runtime helpers",
                   differentiable=False, shape_rule=lambda shapes, kwargs: shapes[0], effect=True)
REGISTRY[a_list] = A_LIST


@helper("may_share_memory_with")
def array_apart(x, where, *others):
    """``x`` itself, where ``x`` is an array sharing no memory with any of ``others`` (the values
    of the other names that may hold it); raises otherwise. A helper given a list's item
    (``act(activations[i])``) writes into that array: no other name may see the write
    (frontend/dispatched_procedures.py)."""
    if not isinstance(x, np.ndarray) or any(may_share_memory_with(x, o) for o in others):
        what = "another name holds or views too" if isinstance(x, np.ndarray) else "is not an array"
        raise TypeError(f"{where}: the helper writes into this item, which {what}, so Python changes what "
                        "other names see as well; pass the helper an array of its own (`h = c[i].copy()`) "
                        "and store it back (`c[i] = h`), or return the new value from the helper")
    return x


ARRAY_APART = Primitive(name="array_apart", spelling=Spelling(path="array_apart"), family="runtime helpers",
                        differentiable=False, shape_rule=lambda shapes, kwargs: shapes[0], effect=True,
                        observes_identity=True)
REGISTRY[array_apart] = ARRAY_APART

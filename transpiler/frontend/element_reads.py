"""Values read as elements of an array: ``v = self.weights[state]``, ``row = X[i]``.

Writing into the array afterwards (``self.weights[s] -= dv``) changes ``v`` only where ``v`` is a
view, a row of a matrix; an element of a vector is a NumPy scalar of its own. Which one the index
gives is known only at run time, so a name holding such a value is not refused after the write:
it is soft-stale (aliasing.py), and reading it makes the generated code check that the array and
the value share no memory (the ``unshared`` helper), as for ``x += v``. Reads through a slice,
``None`` or ``...`` are views whatever the values: they stay refused when read after a write."""
from __future__ import annotations

import ast

from .shallow_copies import is_dict


def element_reads(lowering) -> set:
    """The values read as ``x[i]`` (integers or index arrays only) in this lowering."""
    return lowering.__dict__.setdefault("_element_reads", set())


def is_element_index(pattern: ast.expr) -> bool:
    """``x[i]``, ``x[i, j]``, ``x[idx]``: no slice, ``None`` or ``...`` (which always view)."""
    return not any(isinstance(n, ast.Slice) or isinstance(n, ast.Constant) and (n.value is None or n.value is Ellipsis)
                   for n in ast.walk(pattern))


# In the storage a loop learns its variable's new value shares (loops.py): the variable was taken
# to hold element reads only, and an iteration gave it more; the loop is lowered again without that.
# One marker per variable: storage is what two names may share, and two lists' markers are not memory
# the two share (one marker for all made `a` and `b` of two grids written in one loop look aliased).
MORE_THAN_ELEMENTS = "<more than element reads: {}>"


def holds_only_elements(lowering, value) -> bool:
    """Does ``value`` share memory only through element reads: one itself, a list holding only
    those (``hist.append(h[i])``), a fresh list or a number?"""
    return value in element_reads(lowering) or lowering._storage(value) <= lowering.lists.get(value, frozenset())


def mark_elements(lowering, value, elements_only: bool) -> None:
    """Record ``value`` as holding element reads only, or not (a name a lowering undone and done
    again reuses may have been one)."""
    if elements_only:
        element_reads(lowering).add(value)
    else:
        element_reads(lowering).discard(value)


def carried_elements(lowering, var, initial, assumed: frozenset) -> None:
    """Loop variable ``var`` (``hist``), a list, holds element reads only where its first value does
    and no iteration gave it more (``assumed``: the storage the loop learned its new values share).
    Any other loop variable keeps what it is (a number or row read as an element, ``v -= dv`` of a
    dict's entry, read as an element: neither marked nor unmarked here)."""
    if _a_list(lowering, initial):
        mark_elements(lowering, var, MORE_THAN_ELEMENTS.format(var.name) not in assumed
                      and holds_only_elements(lowering, initial))


def _a_list(lowering, value) -> bool:
    """A list the function made (not a dict: its entries read and written are values of their own)."""
    return value in lowering.lists and not is_dict(lowering, value)


def carried_storage(lowering, var, source) -> frozenset:
    """The storage of ``var``'s new value ``source``, with MORE_THAN_ELEMENTS where ``var``, a list,
    was taken to hold element reads only and ``source`` holds more."""
    storage = lowering._storage(source)
    if var in element_reads(lowering) and _a_list(lowering, var) and not holds_only_elements(lowering, source):
        storage |= {MORE_THAN_ELEMENTS.format(var.name)}
    return storage

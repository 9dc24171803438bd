"""Runtime helpers that write a list's adjoint in place in the reverse sweep (opt/adjoint_writes.py).

The adjoint of ``grid[i][j] = v`` is, per element written, ``replaced_at(d_grid, i, grid,
cleared_at(d_grid[i], j, grid[i]))``: a copy of the row's adjoint with position ``j`` zero, and a
copy of the outer list holding it. The adjoint is the reverse sweep's own (nothing else holds it
once the pass has made a private copy before the loops, ``owned_adjoint``), so these write the
same values into it in place instead. Each falls back on the copying helper's own result where
its container is no list (a tuple, a dict, an array) or its position no int.

Never differentiated: the pass writes them into the code a call runs, which nothing transforms.
"""
import numpy as np

from .lists import replaced_at
from .indexing import cleared_at
from .registry import REGISTRY, Primitive, Spelling
from .runtime import accumulate, helper, zeros_like_adjoint

@helper()
def owned_adjoint(d):
    """A copy of the adjoint ``d`` the reverse sweep may write in place: a list's outer list and
    each of its items that is a list, each position its own copy (so writing one position's row
    never changes another's); a tuple's rows alike, in a tuple (the helpers below copy it into a
    list, as ``cleared_at`` does), a dict's values alike. Anything else is returned as it is:
    the helpers below write into lists only."""
    if type(d) is list or type(d) is tuple:
        return type(d)(row.copy() if type(row) is list else row for row in d)
    if type(d) is dict:
        return {key: row.copy() if type(row) is list else row for key, row in d.items()}
    return d


@helper()
def adjoint_rows_plain(d, x):
    """Is each row of the adjoint ``d`` what ``replaced_at`` would store for the row of ``x`` at
    its position (a list of numbers in ``x``; a list of as many numbers or arrays in ``d``)?
    Then zero plus a row is the row itself, and stays so after a position of it is cleared to a
    zero shaped like the item ``x`` held there: ``stored_in_place`` need not test it again."""
    if type(d) is not list or type(x) is not list or len(d) != len(x):
        return False
    numbers = (bool, int, float, complex, np.float64, np.float32)    # (replaced_at's)
    for row, g in zip(x, d):
        if not (type(row) is list and type(g) is list and len(g) == len(row)
                and set(map(type, row)).issubset(numbers) and {list, tuple, dict}.isdisjoint(map(type, g))):
            return False
    return True


@helper("adjoint_rows_plain")
def cells_plain(d, x, overwritten):
    """``adjoint_rows_plain(d, x)``, and every item the reverse loop puts back into ``x`` (the
    tape ``overwritten`` the forward loop pushed them on, opt/list_rows.py) a float: then each
    ``cleared_in_place`` of a written item is ``d[i][j] = 0.0`` and its ``stored_in_place`` does
    nothing (opt/adjoint_writes.py writes that statement alone)."""
    return adjoint_rows_plain(d, x) and set(map(type, overwritten)) <= {float, np.float64}


@helper("cleared_at")
def cleared_in_place(d, index, x):
    """``cleared_at(d, index, x)`` written into ``d`` itself where it is a list and ``index`` an
    int (a zero shaped like the item ``x[index]`` it replaced); a new adjoint otherwise."""
    if type(d) is list and type(index) is int:
        old = x[index]
        d[index] = 0.0 if type(old) is float else zeros_like_adjoint(old)
        return d
    return cleared_at(d, index, x)


@helper("replaced_at", "accumulate", "zeros_like_adjoint")
def stored_in_place(d, index, x, g, plain=False):
    """``replaced_at(d, index, x, g)`` written into ``d`` itself where it is a list and ``index``
    an int: the item ``g`` where zero plus ``g`` is ``g``, zero plus ``g`` item by item otherwise.
    ``plain`` (``adjoint_rows_plain`` held before the loops) and ``g`` the row already at
    ``index`` (cleared in place): nothing to do. A list ``g`` stored is copied unless it is that
    row: a later write into the row must not change ``g``."""
    if type(d) is not list or type(index) is not int or not isinstance(x, (list, tuple)):
        out = replaced_at(d, index, x, g)
        if type(out) is list and type(index) is int and type(g) is list and out[index] is g:
            out[index] = g.copy()
        return out
    own = d[index]
    if plain and g is own:
        return d
    item = x[index]
    if type(item) in (float, np.float64) and type(g) in (float, np.float64):
        d[index] = g        # (an item of a grid of numbers, the common case: not the tests below)
        return d
    numbers = (bool, int, float, complex, np.float64, np.float32)
    if isinstance(item, numbers) and isinstance(g, (int, float, complex, np.number, np.ndarray)) or (
            type(item) is list and type(g) is list and len(g) == len(item)
            and set(map(type, item)).issubset(numbers) and {list, tuple, dict}.isdisjoint(map(type, g))):
        new = g
    else:
        new = accumulate(0.0 if type(item) is float else zeros_like_adjoint(item), g)
    d[index] = g.copy() if new is g and type(g) is list and g is not own else new
    return d


def _in_place_helper(fn, effect: bool, writes: tuple = ()) -> Primitive:
    return Primitive(name=fn.__name__, spelling=Spelling(path=fn.__name__), family="runtime helpers",
                     differentiable=False, shape_rule=None, effect=effect, writes=writes)


REGISTRY[owned_adjoint] = OWNED_ADJOINT = _in_place_helper(owned_adjoint, effect=False)
REGISTRY[adjoint_rows_plain] = ADJOINT_ROWS_PLAIN = _in_place_helper(adjoint_rows_plain, effect=False)
REGISTRY[cells_plain] = CELLS_PLAIN = _in_place_helper(cells_plain, effect=False)
REGISTRY[cleared_in_place] = CLEARED_IN_PLACE = _in_place_helper(cleared_in_place, effect=True, writes=(0,))
REGISTRY[stored_in_place] = STORED_IN_PLACE = _in_place_helper(stored_in_place, effect=True, writes=(0,))

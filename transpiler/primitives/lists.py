"""Python lists as values: ``lst.append(v)``, ``lst.extend(vs)``, ``lst.insert(i, v)``,
``lst.pop(i)``, ``lst + [v]``, ``n * [v]``, ``list(...)``/``tuple(...)``, the builtins ``sum`` and ``sorted``,
``math.fsum``, and iterating over a dict (its keys).

The lowering gives a list of the user's value semantics, as it does arrays (``x[i] = v``):
``lst.append(v)`` rebinds ``lst`` to ``appended(lst, v)``, a new list, and every other name for
the old list becomes stale (frontend/containers.py). So a list grown in a loop is an ordinary
loop-carried value, and each of these is an ordinary primitive, linear in its list and item
arguments together: the adjoint of a list is a list of its items' adjoints (or an array whose
first axis indexes them, as ``np.stack``'s rule gives), and its tangent a list of tangents.
The tapes of generated reverse code keep their in-place ``append``/``pop`` (indexing.py).
"""
import ast
import dataclasses
import math

import numpy as np

from .registry import REGISTRY, Primitive, Spelling, composed, nondifferentiable, vjp_rule
from .indexing import assign_at, cleared_at
from .runtime import accumulate, add_into, helper, owned, refuse_at_run_time, unbroadcast, zeros_like_adjoint

FAMILY = "containers"


@helper(linear="joint", args=(0, 1))
def appended(xs, v):
    """``xs`` with ``v`` added at the end (``xs.append(v)`` on a new list)."""
    return [*xs, v]


@helper("cleared_at", "add_into", "owned", linear="joint", args=(0, 3), reads_shape=(2,))
def replaced_at(d, index, x, g):
    """``add_into(owned(cleared_at(d, index, x)), index, g)``: the adjoint ``d`` of ``x`` before
    ``x[index] = v``, the written item's adjoint then ``g`` (opt/list_adjoints.py). Where that is
    ``g`` itself (a zero plus ``g``), ``g`` is stored in one copy of ``d``: a list with an integer
    position whose item is a number or a list of numbers (and ``g`` no list of lists), or an
    array. Not a zero of the item's shape built and ``g`` added to it element by element: one
    copy of the outer list per write into a grid of lists, not two and two walks of the row.
    Anything else goes through the three helpers."""
    if type(d) is list and type(index) is int:
        item = x[index]
        numbers = (bool, int, float, complex, np.float64, np.float32)
        if isinstance(item, numbers) and isinstance(g, (int, float, complex, np.number, np.ndarray)) or (
                type(item) is list and type(g) is list and len(g) == len(item)
                and set(map(type, item)).issubset(numbers)
                and {list, tuple, dict}.isdisjoint(map(type, g))):
            out = d.copy()
            out[index] = g
            return out
    elif type(d) is np.ndarray and type(index) is int and type(x) is not list:
        out = d.copy()
        out[index] = g
        return out
    return add_into(owned(cleared_at(d, index, x)), index, g)


@helper(linear="joint", args=(0, 1))
def extended(xs, items):
    """``xs`` with the items of ``items`` (a list, tuple or array) added (``xs.extend(items)``,
    ``xs += items``)."""
    return [*xs, *items]


@helper(linear="joint", args=(0, 1))
def concatenated(xs, ys):
    """``xs + ys`` where one is a list (or a tuple): for two, Python's concatenation; for a list
    and an array (``[1.0, 2.0] + x``), NumPy's sum of the list as an array and the other, as
    ``ndarray.__radd__`` gives it (and as the compiler's other operators on a list and an array)."""
    if isinstance(xs, (list, tuple)) and isinstance(ys, (list, tuple)):
        # (a list and a tuple only meet in tangents: a tuple's zero tangent is a list)
        return xs + ys if type(xs) is type(ys) else list(xs) + list(ys)
    return np.add(xs, ys)


@helper(linear="multi", args=(0, 1))
def repeated(xs, n):
    """``xs * n`` (or ``n * xs``) where ``xs`` is a list or tuple: for an integer ``n``, Python's
    repetition; for an array (``weights * w``), NumPy's product of the list as an array and ``n``,
    as ``ndarray.__rmul__`` gives it. (Linear in each: ``n`` has a tangent only as an array.)"""
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool):
        return xs * n
    return np.multiply(xs, n)


@helper("zeros_like_adjoint", "like_sequence", "accumulate", linear="joint")
def repeated_adjoint(d_y, xs):
    """The adjoint of ``repeated(xs, n)``: each item's copies' adjoints, added (by ``accumulate``:
    the adjoint of a tuple item is a list, which ``+`` would concatenate)."""
    k = len(xs)
    added = [zeros_like_adjoint(item) for item in xs]
    for i, d in enumerate(d_y):
        added[i % k] = accumulate(added[i % k], d)
    return like_sequence(added, xs)


@helper(linear="joint", args=(0, 2))
def inserted(xs, index, v):
    """``xs`` with ``v`` inserted before position ``index`` (``xs.insert(index, v)``)."""
    out = list(xs)
    out.insert(index, v)
    return out


@helper(linear="joint")
def removed(xs, index):
    """``xs`` without its item at ``index`` (what ``xs.pop(index)`` leaves)."""
    out = list(xs)
    del out[index]
    return out


@helper()
def inserted_position(xs, index):
    """Where ``xs.insert(index, v)`` puts ``v``: Python clamps the index to the list."""
    n = len(xs)
    return min(max(index + n if index < 0 else index, 0), n)


@helper("zeros_like_adjoint", linear="joint")
def removed_adjoint(d_y, xs, index):
    """The adjoint of ``removed(xs, index)``: ``d_y`` with a zero put back at ``index``."""
    out = list(d_y)
    out.insert(index % len(xs), zeros_like_adjoint(xs[index]))
    return out


@helper(linear="joint", reads_shape=(1,))
def like_sequence(d, xs):
    """The adjoint ``d`` of a sequence's items (a list, or an array indexed by position) in the
    form ``xs``'s adjoint takes: an array for an array, a list otherwise."""
    if isinstance(xs, np.ndarray):
        return np.zeros(np.shape(xs)) if len(d) == 0 else np.asarray(d, dtype=np.result_type(xs, 1.0))
    return list(d)


@helper("unbroadcast", linear="joint", reads_shape=(1,))
def sum_adjoint(g, xs):
    """The adjoint of the builtin ``sum(xs)``: ``g`` for every item (summed back where an item
    was broadcast); an array for an array (``sum(X)`` adds its rows)."""
    if isinstance(xs, np.ndarray):
        if len(xs) == 0:
            return np.zeros(xs.shape)
        row = unbroadcast(g, xs[0])
        return np.array(np.broadcast_to(row, xs.shape), dtype=np.result_type(xs, row, 1.0))
    if type(g) in (float, np.float64) and type(xs) in (list, tuple) and set(map(type, xs)) <= {float, int, np.float64}:
        return [g] * len(xs)        # (numbers: unbroadcast's g for each, without a call per item)
    return [unbroadcast(g, x) for x in xs]


@helper(linear="joint")
def transposed(seqs):
    """``zip(*seqs)`` as a list of tuples."""
    return list(zip(*seqs))


@helper("zeros_like_adjoint", "like_sequence", linear="joint")
def untransposed(d_y, seqs):
    """The adjoint of ``transposed(seqs)``: item j of sequence i gets ``d_y[j][i]`` (zeros
    past the shortest sequence, which ``zip`` stops at)."""
    out = []
    for i, seq in enumerate(seqs):
        d = zeros_like_adjoint(list(seq))
        for j, row in enumerate(d_y):
            d[j] = row[i]
        out.append(like_sequence(d, seq))
    return like_sequence(out, seqs)


@vjp_rule(appended, family=FAMILY, spelling=Spelling(path="appended"), linear="joint", container="list")
def appended_rule(d_y, y, xs, v):
    # (xs is a list: an array has no append; the reverse sweep need not keep it)
    return d_y[:-1], d_y[-1]


@vjp_rule(extended, family=FAMILY, spelling=Spelling(path="extended"), linear="joint", container="list")
def extended_rule(d_y, y, xs, items):
    return like_sequence(d_y[:len(xs)], xs), like_sequence(d_y[len(xs):], items)


@helper("like_sequence", "unbroadcast", linear="joint")
def operand_adjoint(d_y, y, operand, start):
    """The adjoint of one operand of ``concatenated``: its items' part of a concatenation's
    adjoint (from position ``start``); of NumPy's sum, the adjoint summed back to the operand's
    shape (a list's as a list of its items' adjoints)."""
    if isinstance(y, (list, tuple)):
        return like_sequence(d_y[start:start + len(operand)], operand)
    d = unbroadcast(d_y, operand)
    return like_sequence(list(d), operand) if isinstance(operand, (list, tuple)) else d


@vjp_rule(concatenated, family=FAMILY, spelling=Spelling(path="concatenated"), linear="joint")
def concatenated_rule(d_y, y, xs, ys):
    return operand_adjoint(d_y, y, xs, 0), operand_adjoint(d_y, y, ys, len(xs))


@helper(linear="multi", args=(0, 2))
def product_cotangent(d_y, y, n):
    """``d_y`` for a repetition ``y``; ``d_y * n`` for NumPy's product (an array: the forward
    mode adds this helper's two terms, which for lists would concatenate)."""
    return d_y if isinstance(y, (list, tuple)) else np.multiply(d_y, n)


@helper("repeated_adjoint", "operand_adjoint", linear="joint")
def repetition_adjoint(d, y, xs):
    """The adjoint of ``xs`` in ``repeated(xs, n)`` from ``d = product_cotangent(d_y, y, n)``: its
    copies' adjoints added (a repetition), or ``d`` summed back to its shape (NumPy's product)."""
    if isinstance(y, (list, tuple)):
        return repeated_adjoint(d, xs)
    return operand_adjoint(d, y, xs, 0)


@helper("unbroadcast", linear="multi", args=(0, 1))
def count_adjoint(d_y, xs, n):
    """The adjoint of ``n`` in ``repeated(xs, n)``, where it has one (NumPy's product: an array;
    an integer count, an item of a list with adjoints as in `[v] * nt[0]`, has none)."""
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool):
        return 0.0
    return unbroadcast(np.multiply(d_y, xs), n)


@vjp_rule(repeated, family=FAMILY, spelling=Spelling(path="repeated"), linear="multi")
def repeated_rule(d_y, y, xs, n):
    return repetition_adjoint(product_cotangent(d_y, y, n), y, xs), count_adjoint(d_y, xs, n)


# `[0.0] * n` holds the list's items, never the count (a global or argument `n` stays readable
# after a write into the grid `[[0.0] * n for _ in range(n)]`)
REGISTRY[repeated] = dataclasses.replace(REGISTRY[repeated], holds=(0,))


@vjp_rule(inserted, family=FAMILY, spelling=Spelling(path="inserted"), linear="joint", container="list")
def inserted_rule(d_y, y, xs, index, v):
    return (like_sequence(removed(d_y, inserted_position(xs, index)), xs), None,
            d_y[inserted_position(xs, index)])


@vjp_rule(removed, family=FAMILY, spelling=Spelling(path="removed"), linear="joint", container="list")
def removed_rule(d_y, y, xs, index):
    return like_sequence(removed_adjoint(d_y, xs, index), xs), None


@vjp_rule(transposed, family=FAMILY, spelling=Spelling(path="transposed"), linear="joint")
def transposed_rule(d_y, y, seqs):
    return untransposed(d_y, seqs)


@vjp_rule(list, tuple, family=FAMILY, linear="joint", container={list: "list", tuple: "tuple"})
def sequence(d_y, y, xs):
    return like_sequence(d_y, xs)




nondifferentiable(inserted_position, family=FAMILY, shape_rule="scalar")


# `for k in d` where the lowering cannot tell whether `d` is a dict (a parameter, a free name, an
# element of one) goes through `iterated(d)`: a dict's keys, anything else itself. The kinds of a
# call's arguments resolve it before the transform (opt/sequences.py); where they do not, its
# rules below are right either way.
@helper()
def iterated(xs):
    """What ``for x in xs`` iterates over: the keys of a dict, any other sequence itself."""
    return list(xs) if isinstance(xs, dict) else xs


@helper("zeros_like_adjoint", linear="joint", reads_shape=(1,))
def iterated_adjoint(d_y, xs):
    """The adjoint (or tangent) of ``iterated(xs)`` for ``xs``: none for a dict's keys."""
    return zeros_like_adjoint(xs) if isinstance(xs, dict) else d_y


def iterated_tangent(t, y, xs):
    return iterated_adjoint(t, xs)


@vjp_rule(iterated, family=FAMILY, spelling=Spelling(path="iterated"), jvp=iterated_tangent)
def iterated_rule(d_y, y, xs):
    return iterated_adjoint(d_y, xs)


@helper()
def sorting_order(xs, reverse):
    """The positions of ``xs``'s items in the order ``sorted(xs, reverse=reverse)`` lists them
    (Python's own sort, so ties keep the order it gives them)."""
    return sorted(range(len(xs)), key=xs.__getitem__, reverse=reverse)


@helper()
def extreme_position(keys, largest):
    """Where ``max(xs, key=f)`` (``largest``) or ``min(xs, key=f)`` finds its item, given the keys
    ``[f(x) for x in xs]``: the first position of the largest (smallest) key, as Python's."""
    best = 0
    for i in range(1, len(keys)):
        if (keys[i] > keys[best]) if largest else (keys[i] < keys[best]):
            best = i
    return best


@helper("sorting_order", "like_sequence", linear="joint")
def unsorted(d_y, xs, reverse):
    """The adjoint of ``sorted(xs)``: each item's adjoint put back where the sort took it from."""
    out = [None] * len(xs)
    for position, source in enumerate(sorting_order(xs, reverse)):
        out[source] = d_y[position]
    return like_sequence(out, xs)


@helper("sorting_order", linear="joint")
def in_sorted_order(t, xs, reverse):
    """The tangent of ``sorted(xs)``: the items' tangents in the sorted order."""
    return [t[i] for i in sorting_order(xs, reverse)]


def sorted_tangent(t, y, iterable, reverse=False):
    return in_sorted_order(t, iterable, reverse)


@vjp_rule(sorted, family=FAMILY, jvp=sorted_tangent, container="list")
def sorted_rule(d_y, y, iterable, reverse=False):
    return unsorted(d_y, iterable, reverse), None


@helper()
def dict_keys(d):
    """``list(d)``: a dict's keys, in order (``d.keys()``, ``for k in d``)."""
    return list(d)


# `np.ndindex(a.shape)`, iterated (`for idx in np.ndindex(a.shape)`, `enumerate(np.ndindex(2, 3))`):
# its index tuples as a list, made once. The ndindex object is an iterator: a loop's reverse sweep
# reading it again found it spent (the derivative was zero).
@helper()
def index_tuples(*shape):
    """``list(np.ndindex(*shape))``: every index of an array of that shape, in C order."""
    return list(np.ndindex(*shape))


nondifferentiable(dict_keys, sorting_order, family=FAMILY, shape_rule=None)
nondifferentiable(np.ndindex, family=FAMILY, shape_rule=None, spelling=Spelling(path="index_tuples"))
nondifferentiable(extreme_position, family=FAMILY, shape_rule="scalar")
ITERATED, DICT_KEYS = REGISTRY[iterated], REGISTRY[dict_keys]
SORTING_ORDER, EXTREME_POSITION = REGISTRY[sorting_order], REGISTRY[extreme_position]


@composed(math.fsum, family="reductions")
def fsum(iterable):
    """``math.fsum``: the sum (its derivative is the sum's; the value is float addition's)."""
    return sum(iterable, 0.0)


@helper()
def dict_of(keys, *values):
    """A dict comprehension's dict: ``keys`` (known to the compiler) mapped to ``values``."""
    return dict(zip(keys, values))


def _dict_of_adjoint(site, i, d_y):
    """Value i's adjoint is the dict adjoint's entry at key i (the keys are constants)."""
    if site is None:
        return True if i > 0 else None
    keys = ast.literal_eval(site.args[0])
    return ast.Subscript(value=d_y, slice=ast.Constant(keys[i - 1]), ctx=ast.Load())


REGISTRY[dict_of] = DICT_OF = Primitive(
    name="dict_of(keys, *values)", spelling=Spelling(path="dict_of"), family=FAMILY, linear="joint",
    vjp_builder=_dict_of_adjoint, shape_rule=None, container="dict")

@composed(np.ndarray.tolist, family=FAMILY)
def tolist(a, /):
    """``a.tolist()``: a vector's entries in a list, a matrix's rows as lists, a 3-d array's
    matrices as lists of those, a 0-d array's number (as ``a.item()``). Arrays of four or more
    dimensions are refused (a branch for each would weigh on every ``tolist``'s code)."""
    if np.ndim(a) == 0:
        return a.item()
    if np.ndim(a) == 1:
        return list(a)
    if np.ndim(a) == 2:
        return [list(row) for row in a]
    if np.ndim(a) == 3:
        return [[list(row) for row in matrix] for matrix in a]
    return tolist_refused(a)


@helper("refuse_at_run_time")
def tolist_refused(a):
    """Refuses ``a.tolist()`` of an array of four or more dimensions: a ``RunTimeRefusal`` the
    api locates at the user's ``.tolist()`` (primitives/runtime.py)."""
    refuse_at_run_time(("numpy.ndarray.tolist",), f"a.tolist() of an array of {np.ndim(a)} dimensions",
                       "take it apart first: `[m.tolist() for m in x]` for 4 dimensions (each `m` has 3)")


nondifferentiable(tolist_refused, family=FAMILY, shape_rule=None)


# Writes into a list's items in place, the overwritten item logged on the loop's tape and put
# back by the reverse sweep before it reads the list (opt/list_writes.py). Each write logs one
# entry, ``(container, index, old item)``, or None where it wrote nothing in place (a container
# that is no list, an index that is no int: the write makes a new object as ``assign_at`` does,
# and the old one, unchanged, is what the tape's entry for the list holds).
@helper()
def private_list(xs):
    """A copy of the list ``xs`` that in-place writes may change: the outer list, and each of
    its rows that is a list (a row standing at two positions copied once, so ``alone_in`` still
    sees it twice). Anything else is returned as it is (never written in place)."""
    if type(xs) is not list:
        return xs
    copies = {}
    out = []
    for row in xs:
        if type(row) is list:
            key = id(row)
            if key not in copies:
                copies[key] = row.copy()
            row = copies[key]
        out.append(row)
    return out


@helper("assign_at")
def written_item(log, xs, index, value):
    """``xs[index] = value`` in place on a list (the old item logged); a new ``xs`` otherwise."""
    if type(xs) is list and type(index) is int:
        log.append((xs, index, xs[index]))
        xs[index] = value
        return xs
    log.append(None)
    return assign_at(xs, index, value)


@helper("assign_at")
def written_in_row(log, xs, i, j, value):
    """``xs[i][j] = value`` in place where ``xs`` and its row are lists (the old item logged);
    a new row put in place where the row is no list (the old row logged); a new ``xs`` where
    ``xs`` is no list."""
    if type(xs) is list and type(i) is int:
        row = xs[i]
        if type(row) is list and type(j) is int:
            log.append((row, j, row[j]))
            row[j] = value
        else:
            log.append((xs, i, row))
            xs[i] = assign_at(row, j, value)
        return xs
    log.append(None)
    return assign_at(xs, i, assign_at(xs[i], j, value))


@helper()
def undo_write(log):
    """The last write logged on ``log`` undone: its old item put back."""
    entry = log.pop()
    if entry is not None:
        container, index, old = entry
        container[index] = old


def _in_place_helper(fn, effect: bool = False, writes: tuple = ()) -> Primitive:
    return Primitive(name=fn.__name__, spelling=Spelling(path=fn.__name__), family="runtime helpers",
                     differentiable=False, shape_rule=None, effect=effect, writes=writes)


# (never differentiated: the pass writes them into the code a call runs, which nothing transforms)
REGISTRY[private_list] = PRIVATE_LIST = _in_place_helper(private_list)
REGISTRY[written_item] = WRITTEN_ITEM = _in_place_helper(written_item, effect=True, writes=(0, 1))
REGISTRY[written_in_row] = WRITTEN_IN_ROW = _in_place_helper(written_in_row, effect=True, writes=(0, 1))
REGISTRY[undo_write] = UNDO_WRITE = _in_place_helper(undo_write, effect=True, writes=(0,))


def _stored_item(args) -> ast.stmt:
    container, index, value = args
    return ast.Assign(targets=[ast.Subscript(value=container, slice=index, ctx=ast.Store())], value=value)


# ``xs[i] = v`` itself, on a list the generated code owns (opt/list_rows.py writes it where the
# list and its rows are known to be lists: no helper call per item written, no test of types)
STORED_ITEM = Primitive(name="xs[i] = v", spelling=Spelling(path="stored_item"), family="runtime helpers",
                        differentiable=False, shape_rule=None, effect=True)
STORED_ITEM.statement = _stored_item


# Primitives whose results are lists (or dicts) of a length known at run time (analysis/facts.py)
MAKERS = frozenset(id(REGISTRY[key]) for key in (appended, extended, concatenated, repeated, inserted, removed,
                                                 transposed, list, tuple, dict_of, dict_keys, sorted))

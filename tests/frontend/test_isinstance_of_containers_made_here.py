"""``isinstance`` of a container the function made, answered while compiling
(frontend/values.py ``static_isinstance``): a dict (a display, ``dict(...)``, a comprehension,
``collections.OrderedDict()``) is a dict, ``tuple(xs)`` a tuple, a list display a list, and what
``np.split`` or ``np.meshgrid`` return is tested where it runs. Every one of them was answered as
a list (and NumPy's sequences as tuples): ``isinstance(d, dict)`` False, a silently wrong branch, and a
helper dispatching on the kind iterated a dict's keys (fuzz class ``dispatch``, seed 300027)."""
import collections

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.3, -0.5, 1.2])
S = 0.7


def dict_display(x, s):
    d = {"a": x * s}
    if isinstance(d, dict):
        return np.sum(x * x)
    return np.sum(x)


def dict_call(x, s):
    d = dict(a=x, b=s)
    if isinstance(d, (list, tuple)):
        return np.sum(x)
    return np.sum(x * x) * s


def dict_comprehension(x, s):
    d = {k: x * k for k in range(2)}
    return np.sum(x * x) if isinstance(d, dict) else np.sum(x)


def ordered_dict(x, s):
    d = collections.OrderedDict()
    d["a"] = x * s
    if isinstance(d, dict):
        return np.sum(x * x)
    return np.sum(x)


def tuple_of_a_list(x, s):
    t = tuple([x, x * s])
    if isinstance(t, tuple):
        return np.sum(t[1] * x)
    return np.sum(x)


def appended_list(x, s):
    xs = [x]
    xs.append(x * s)
    if isinstance(xs, list):
        return np.sum(xs[1] * x)
    return np.sum(x)


def energy(v):
    if isinstance(v, (list, tuple)):
        return sum(energy(u) for u in v)
    if isinstance(v, dict):
        return sum(energy(u) for u in v.values())
    return np.sum(v * v)


def recursive_dispatch_over_an_ordered_dict(x, s):
    d = collections.OrderedDict()
    d["a"] = x * s
    d["b"] = x
    return energy(d) + energy([x, (x, s)])


def total(v):
    if isinstance(v, dict):
        return sum(np.sum(u * u) for u in v.values())
    return np.sum(v * v)        # (`*` of a dict: not compiled for one)


def dispatch_over_a_dict(x, s):
    return total({"a": x * s, "b": x}) + total(x)


def tuple_from_either_branch(x, s):
    if s > 0:
        t = tuple([x])
    else:
        t = tuple([x, x])
    return np.sum(x * x) if isinstance(t, tuple) else np.sum(x)


def repeated_tuple(x, s):
    t = tuple([x * s]) * 2
    return np.sum(x * x) if isinstance(t, tuple) else np.sum(x)


def list_filled_in_a_loop(x, s):
    t = []
    for i in range(2):
        t.append(x * i)
    return np.sum(t[1] * s) if isinstance(t, list) else np.sum(x)


def numpy_sequences(x, s):
    parts = np.split(x[:2], 2)                      # a list
    grids = np.meshgrid(x, x)                       # a tuple
    w, v = np.linalg.eigh(np.outer(x, x) + np.eye(3))
    pair = np.linalg.eigh(np.outer(x, x) * s + np.eye(3))    # a named tuple
    return (np.sum(x * x) * isinstance(parts, list) + np.sum(x) * isinstance(parts, tuple)
            + s * isinstance(grids, tuple) + 2.0 * s * isinstance(pair, tuple) + np.sum(w))


def dispatch_over_split_parts(x, s):
    return energy(np.split(np.concatenate([x, x * s]), 2))     # (np.split's list: `v * v` not compiled for it)


def scale(v, c):
    if isinstance(v, list):
        return [u * c for u in v]
    if isinstance(v, tuple):
        return tuple(u * c for u in v)
    return v * c


def dispatch_over_a_helpers_list(x, s):
    """(fuzz class dispatch, seed 300272: the helper's result, merged from its paths, was not known
    to be a list, and `v * v` was compiled for it and refused)"""
    return energy(scale([x, x * s], 0.5)) + energy(scale((x, x * s), s))


CASES = [dispatch_over_a_helpers_list, dispatch_over_split_parts, dict_display, dict_call, dict_comprehension, ordered_dict, tuple_of_a_list, appended_list,
         recursive_dispatch_over_an_ordered_dict, dispatch_over_a_dict, tuple_from_either_branch, repeated_tuple,
         list_filled_in_a_loop, numpy_sequences]


@pytest.mark.parametrize("f", CASES)
def test_the_branch_taken_is_pythons_in_both_modes(f):
    value, gradient = transpiler.value_and_grad(f, wrt=(0, 1))(X, S)
    assert value == pytest.approx(f(X, S), rel=1e-12)
    assert transpiler.jvp(f, (X, S), (np.ones(3), 1.0))[0] == pytest.approx(f(X, S), rel=1e-12)
    assert transpiler.check_grad(f, X, S, wrt=(0, 1)).ok


def deque_tested(x, s):
    q = collections.deque()
    q.append(x * s)
    if isinstance(q, list):
        return np.sum(x)
    return np.sum(q[0] * x)


def test_a_type_test_of_a_deque_kept_as_a_list_is_refused_where_it_is_written():
    with pytest.raises(UnsupportedSyntaxError, match="of a deque") as raised:
        transpiler.grad(deque_tested)(X, S)
    assert raised.value.location.line == deque_tested.__code__.co_firstlineno + 3

"""``*`` and ``+`` of a list or tuple the lowering did not make as a display in the function
itself: a slice of a list (``parts[:2] * 2``), the tuple a helper returns (``pair(x) * 2``), the
pieces of ``np.split``, a tuple a primitive returns (``np.linalg.slogdet(a) * 2``), a tuple
built up in a loop from ``()``. Python repeats and concatenates them; they were NumPy's product
and sum, with wrong gradients (``parts[:2] * 2``: only the first copy's adjoint reached ``x``) or
crashes. ``x.tolist()`` is a list (of rows' lists for a matrix). And the adjoint of a list of tuples repeated (``list(zip(a, b)) * 2``) concatenated the
copies' adjoints instead of adding them (zeros). Each checked against central differences in
reverse and forward mode."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, -1.2, 2.1, 0.7])


def pair(x):
    return x[0], 2 * x[1]


def pair_on_a_branch(x):
    if x[2] > 0:
        return x[0], 2 * x[1]
    return x[1], x[0]


def slice_of_a_list_repeated(x):
    parts = [x[0], x[1], x[2]]
    r = parts[:2] * 2
    return r[0] * r[1] + r[2] * r[3] ** 2


def reversed_list_repeated(x):
    parts = [x[:2], x[2:]]
    r = parts[::-1] * 2
    return np.sum(r[0] * r[1]) + np.sum(r[2] * r[3] ** 2)


def slice_of_a_tuple_repeated(x):
    parts = (x[0], x[1], x[2])
    r = parts[:2] * 2
    return r[0] * r[1] + r[2] * r[3] ** 2


def tuple_slices_joined_in_a_loop(x):
    parts = (x[0], x[1], x[2])
    s = 0.0
    for k in range(1, 3):
        r = parts[k:] + parts[:k]
        s = s + r[0] * r[-1] ** 2
    return s


def helper_tuple_repeated(x):
    r = pair(x) * 2
    return r[0] * r[3] ** 2


def helper_tuple_extended(x):
    r = pair(x) + (x[3],)
    return r[0] * r[2] ** 2 + r[1]


def helper_tuple_from_a_branch_reversed_and_repeated(x):
    r = pair_on_a_branch(x)[::-1] * 2
    return r[0] * r[3] ** 2


def tuple_built_in_a_loop(x):
    p = ()
    for v in x:
        p = p + (v,)
    r = p * 2
    return r[0] * r[7] ** 2


def split_pieces_repeated(x):
    r = np.split(x, 2) * 2
    return np.sum(r[0] * r[3] ** 2)


def split_pieces_of_a_counted_argument(x, n=2):
    r = np.split(x, n) * 2
    return np.sum(r[0] * r[3] ** 2)


def split_pieces_joined(x):
    r = np.array_split(x, 2) + np.split(x, 4)
    return np.sum(r[0] * r[3] ** 2)


def hsplit_reversed_and_repeated(x):
    r = np.hsplit(x, 2)[::-1] * 2
    return np.sum(r[0] * r[3] ** 2)


def slogdet_repeated(x):
    r = np.linalg.slogdet(np.outer(x, x) + np.eye(4)) * 2
    return r[1] * r[3]


def eigh_extended(x):
    r = np.linalg.eigh(np.outer(x, x) + np.diag(x ** 2 + 1)) + (x,)
    return np.sum(r[0] ** 2) + np.sum(r[2])


def zipped_pairs_repeated(x):
    r = list(zip(x[:2], x[2:])) * 2
    return r[0][0] * r[3][1] ** 2


def split_list_entry_replaced(x):
    a, b = np.split(x, 2)
    pieces = np.split(x, 2)
    pieces[0] = pieces[0] * 3           # replaces the list's entry: `a` and `x` keep their values
    return np.sum(pieces[0] * b) + np.sum(a)


def tolist_repeated(x):
    r = x.tolist() * 2
    return r[0] * r[5] ** 2


def rows_as_lists(x):
    rows = x.reshape(2, 2).tolist()
    return sum(r[0] * r[1] ** 2 for r in rows)


def tolist_grown(x):
    vals = (x * 2).tolist()
    vals.append(x[0])
    return sum(vals) * vals[-1]


CASES = [tolist_repeated, rows_as_lists, tolist_grown, slice_of_a_list_repeated, reversed_list_repeated, slice_of_a_tuple_repeated, tuple_slices_joined_in_a_loop,
         helper_tuple_repeated, helper_tuple_extended, helper_tuple_from_a_branch_reversed_and_repeated,
         tuple_built_in_a_loop, split_pieces_repeated, split_pieces_of_a_counted_argument, split_pieces_joined,
         hsplit_reversed_and_repeated, slogdet_repeated, eigh_extended, zipped_pairs_repeated,
         split_list_entry_replaced]


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_sequences_repeated_and_joined_as_python_does_in_both_modes(f):
    expected = central_differences(f, X)
    value, gradient = transpiler.value_and_grad(f)(X.copy())
    assert value == pytest.approx(f(X.copy()))
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-6)
    direction = np.array([1.0, -0.5, 0.25, 2.0])
    _, tangent = transpiler.jvp(f, (X.copy(),), (direction,))
    assert tangent == pytest.approx(expected @ direction, rel=1e-6, abs=1e-6)

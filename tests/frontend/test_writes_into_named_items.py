"""``for dparam in [dWxh, dWhh, dby]: np.clip(dparam, -5, 5, out=dparam)`` (karpathy's
min-char-rnn): a loop over a display of local arrays, no two sharing memory, whose body writes
into the loop variable, is unrolled and each name means what its iteration wrote
(frontend/loops.py ``_for_over_named_arrays``). It was refused. Both modes, a `break`, a helper
and the Hessian against finite differences; the same array listed twice stays refused."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.8])


def clipped_in_place(x):
    a = x * 2.0
    b = np.outer(x, x)
    c = np.zeros(2)
    for p in [a, b, c]:
        np.clip(p, -1.0, 1.0, out=p)
    for q in (a, c):
        q[0] = q[0] * 3.0
    return np.sum(a ** 2) + np.sum(b * x) + np.sum(c)


def _scaled_rows(m, s):
    m[1:] = m[1:] * s
    return m


def written_by_a_helper_with_a_break(x):
    first, second, third = np.sin(x), np.outer(x, x[:2]), x ** 2
    for item in [first, second, third]:
        _scaled_rows(item, x[0])
        item[0] += 1.0
        if item.ndim > 1:
            break
    return np.sum(first * x) + np.sum(second ** 2) + np.sum(third)


@pytest.mark.parametrize("f", [clipped_in_place, written_by_a_helper_with_a_break])
def test_writes_through_the_loop_variable_reach_each_name_in_both_modes(f):
    assert_both_modes(f, X)


def test_hessian_through_clipping_in_place():
    g = transpiler.grad(clipped_in_place)
    h = 1e-6
    numeric = np.stack([(g(X + h * e) - g(X - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(transpiler.hessian(clipped_in_place)(X), numeric, rtol=1e-5, atol=1e-6)


def the_same_array_twice(x):
    a = x * 2.0
    for p in [a, a]:
        p[0] = p[0] + 1.0
    return np.sum(a)


def test_the_same_array_listed_twice_is_still_refused():
    with pytest.raises(UnsupportedSyntaxError, match="writing into `p`"):
        transpiler.grad(the_same_array_twice)(X)

"""A ``raise`` ending a branch the reverse sweep runs again (a loop's body recomputed from its
tape) stays in the recomputed code: the values after the branch are bound only on the paths that
do not raise, and without it the IR verifier (on under the tests) found one read unbound."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient


def by_kind(x, kind):
    for i in range(2):
        if kind[i] == "a":
            y = np.sin(x[i])
        else:
            if kind[i] == "b":
                y = np.cos(x[i])
            else:
                raise KeyError(kind[i])
        x = x * y
    return np.sum(x)


def rx(t):
    return np.array([[1.0, 0.0], [0.0, np.cos(t)]])


def rz(t):
    return np.array([[np.sin(t), 0.0], [0.0, 1.0]])


ELEMENTALS = {"x": rx, "z": rz}


def rotations(angles, order="xzx"):
    m = np.eye(2)
    for angle, axis in zip(angles, order):
        m = ELEMENTALS[axis](angle) @ m
    return np.sum(m)


def _differences(f, x, *rest):
    return numeric_gradient(f, (x, *rest), 0)


@pytest.mark.parametrize("f, rest", [(by_kind, ("ab",)), (by_kind, ("ba",)), (rotations, ())])
def test_gradient_through_branches_ending_in_raise_in_a_loop(f, rest):
    x = np.array([0.3, 0.5, 0.7])[: 2 if f is by_kind else 3]
    np.testing.assert_allclose(transpiler.grad(f)(x, *rest), _differences(f, x, *rest), rtol=1e-6, atol=1e-8)


def test_the_raise_still_raises():
    with pytest.raises(KeyError):
        transpiler.grad(by_kind)(np.array([0.3, 0.5]), "ac")

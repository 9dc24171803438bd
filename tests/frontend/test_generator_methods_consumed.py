"""A generator *method* of an object made in the function, consumed by ``enumerate``, ``tuple``,
``list`` or ``sum`` (QuantEcon's ``LakeModel.simulate_rate_path``: ``for i, x in
enumerate(lm.simulate_rate_path(x0, T)): x_path[i] = x`` and
``np.vstack(tuple(lm.simulate_stock_path(X_0, T)))``, tests/realworld/quantecon_lake_model.py).
A loop over it worked; these were refused as "calling the generator ... other than as the
iterable of a `for` loop" (frontend/generators.py)."""
import numpy as np
import pytest

import transpiler


class Chain:
    def __init__(self, a):
        self.A = np.array([[1.0 - a[0], a[1]], [a[0], 1.0 - a[1]]])

    def path(self, x0, T):
        x = np.atleast_1d(x0)
        for t in range(T):
            yield x
            x = self.A @ x


def enumerated(a):
    chain = Chain(a)
    out = np.empty((6, 2))
    for i, x in enumerate(chain.path(np.array([0.3, 0.7]), 6)):
        out[i] = x * (i + 1)
    return np.sum(out ** 2)


def stacked(a):
    chain = Chain(a)
    return np.sum(np.vstack(tuple(chain.path((0.2, 0.8), 5)))[:, 0] ** 3)


def listed_and_summed(a):
    chain = Chain(a)
    xs = list(chain.path(np.array([0.5, 0.5]), 4))
    return np.sum(xs[-1] * xs[1]) + np.sum(sum(chain.path(np.array([1.0, 0.0]), 3)) ** 2)


A = np.array([0.2, 0.1])


@pytest.mark.parametrize("f", [enumerated, stacked, listed_and_summed])
def test_both_modes_match_finite_differences(f):
    assert transpiler.check_grad(f, A).ok
    t = np.array([0.4, -0.7])
    h = 1e-6
    value, derivative = transpiler.jvp(f, (A,), (t,))
    assert value == pytest.approx(f(A))
    assert derivative == pytest.approx((f(A + h * t) - f(A - h * t)) / (2 * h), rel=1e-6)

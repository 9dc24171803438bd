"""The inner loop of two nested scalar loops (a pairwise potential) as array code, when it may run
long enough to pay for it (opt/vectorize.py, NESTED_MINIMUM); a short one stays a loop."""
import numpy as np

from transpiler import check_grad, grad
from transpiler.opt.vectorize import NESTED_MINIMUM


def pair_energy(x):
    n = len(x)
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            d = x[i] - x[j]
            e = e + 1.0 / (1.0 + d * d)
    return e


def pair_energy_by_hand(x):
    d = x[:, None] - x[None, :]
    w = -2 * d / (1.0 + d * d) ** 2
    return np.sum(np.triu(w, 1), axis=1) - np.sum(np.triu(w, 1), axis=0)


def runs(x):
    return grad(pair_energy).compiled((x,)).source


def test_a_long_inner_loop_runs_as_rows_of_array_code():
    x = np.random.default_rng(0).uniform(-2.0, 2.0, NESTED_MINIMUM // 2 + 8)
    assert "np.arange(_t1, 40)" in runs(x)
    np.testing.assert_allclose(grad(pair_energy)(x), pair_energy_by_hand(x), rtol=1e-10, atol=1e-12)
    assert check_grad(pair_energy, x).ok


def test_a_short_inner_loop_stays_a_loop_on_numbers():
    x = np.random.default_rng(1).uniform(-2.0, 2.0, NESTED_MINIMUM // 2 - 2)
    source = runs(x)
    assert "np.arange" not in source and "for j in reversed(range(_t1, 30))" in source
    np.testing.assert_allclose(grad(pair_energy)(x), pair_energy_by_hand(x), rtol=1e-10, atol=1e-12)

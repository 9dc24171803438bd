"""The inner loop of two nested scalar loops as array code, when it may run long enough to pay
for it (opt/vectorize.py, NESTED_MINIMUM); a short one stays a loop. The nest here cannot run
as one loop over its pairs (opt/nests.py: tests/opt/test_nests.py): each outer iteration
squares its row's sum, so the reverse sweep recomputes the row before its adjoint."""
import numpy as np

from transpiler import check_grad, grad
from transpiler.opt.vectorize import NESTED_MINIMUM


def row_energy(x):
    n = len(x)
    e = 0.0
    for i in range(n):
        s = 0.0
        for j in range(i + 1, n):
            d = x[i] - x[j]
            s = s + 1.0 / (1.0 + d * d)
        e = e + s * s
    return e


def row_energy_by_hand(x):
    d = x[:, None] - x[None, :]
    upper = np.triu(np.ones_like(d), 1)
    s = np.sum(upper / (1.0 + d * d), axis=1)
    w = upper * 2 * s[:, None] * (-2 * d / (1.0 + d * d) ** 2)
    return np.sum(w, axis=1) - np.sum(w, axis=0)


def runs(x):
    return grad(row_energy).compiled((x,)).source


def test_a_long_inner_loop_runs_as_rows_of_array_code():
    x = np.random.default_rng(0).uniform(-2.0, 2.0, NESTED_MINIMUM // 2 + 8)
    source = runs(x)
    assert "np.arange(_t1, 40)" in source and "nested_ranges" not in source
    np.testing.assert_allclose(grad(row_energy)(x), row_energy_by_hand(x), rtol=1e-10, atol=1e-12)
    assert check_grad(row_energy, x).ok


def test_a_short_inner_loop_stays_a_loop_on_numbers():
    x = np.random.default_rng(1).uniform(-2.0, 2.0, NESTED_MINIMUM // 2 - 2)
    source = runs(x)
    assert "np.arange" not in source and "for j in reversed(range(_t1, 30))" in source
    np.testing.assert_allclose(grad(row_energy)(x), row_energy_by_hand(x), rtol=1e-10, atol=1e-12)


def test_rows_of_array_code_are_cleaned_up_like_a_whole_loop():
    """Only the inner loop vectorized, the clean-up after it still runs (it did not on printed
    code, which rewrote the outer loop's body in place): the output's adjoint 1.0 multiplies
    nothing."""
    x = np.random.default_rng(2).uniform(-2.0, 2.0, NESTED_MINIMUM // 2 + 8)
    source = runs(x)
    assert "d_e" not in source and "d_s_1 = s_1 + s_1" in source
    assert "s_1 = s_1 + np.sum(" in source
    np.testing.assert_allclose(grad(row_energy)(x), row_energy_by_hand(x), rtol=1e-10, atol=1e-12)

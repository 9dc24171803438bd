"""Element-by-element loops run on Python floats in the code a gradient call runs
(backends/items.py): the same gradient as NumPy's floats, bit for bit, and NumPy's inf and nan
where Python's floats raise."""
import warnings

import numpy as np
import pytest

from transpiler import check_grad, grad, jvp, value_and_grad


def pair_energy(x):
    n = len(x)
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            d = x[i] - x[j]
            e = e + 1.0 / (1.0 + d * d)
    return e


def recurrence(x, a):
    s = 0.0
    for t in range(1, len(x)):
        s = a * s + np.sin(x[t] - x[t - 1]) ** 2
    return s


def inverse_distances(x):
    e = 0.0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            e = e + 1.0 / (x[i] - x[j])
    return e


def cube_roots(x):
    e = 0.0
    for i in range(len(x)):
        e = e + x[i] ** (1 / 3)
    return e


def runs(g, args):
    return g.compiled(args).source


X = np.random.default_rng(0).uniform(-2.0, 2.0, 9)


@pytest.mark.parametrize("f, args", [(pair_energy, (X,)), (recurrence, (X, 0.9))])
def test_a_scalar_loop_over_elements_runs_on_floats_and_is_exact(f, args):
    assert check_grad(f, *args, wrt=0).ok
    source = runs(grad(f), args)
    assert "x = x.tolist()" in source and "[0.0] * 9" in source


def test_the_same_gradient_as_on_numpy_floats_bit_for_bit():
    on_floats = grad(pair_energy)(X)
    with_value = value_and_grad(pair_energy)(X)[1]        # (returns the value: NumPy floats)
    assert "tolist" not in runs(value_and_grad(pair_energy), (X,))
    np.testing.assert_array_equal(on_floats, with_value)
    assert on_floats.dtype == np.float64 and on_floats.shape == X.shape


def test_where_python_floats_raise_the_numpy_code_runs():
    x = np.array([0.0, 1.0, 1.0, 3.0])          # a zero distance: 1 / 0.0
    g = grad(inverse_distances)
    assert "tolist" in runs(g, (x,))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        got = g(x)
    assert np.isinf(got[1]) or np.isnan(got[1])


def test_a_fractional_power_keeps_numpy_floats():
    x = np.array([0.5, 2.0, 3.0])
    assert "tolist" not in runs(grad(cube_roots), (x,))
    assert check_grad(cube_roots, x).ok


def test_an_array_read_whole_keeps_numpy_floats():
    def also_whole(x):
        e = np.sum(x)
        for i in range(len(x)):
            e = e + x[i] * x[i]
        return e

    assert "tolist" not in runs(grad(also_whole), (X,))
    assert check_grad(also_whole, X).ok


def test_float32_keeps_numpy_floats():
    x = X.astype(np.float32)
    assert "tolist" not in runs(grad(pair_energy), (x,))
    assert grad(pair_energy)(x).dtype == np.float32


def test_forward_mode_agrees():
    v = np.random.default_rng(1).standard_normal(X.shape)
    _, directional = jvp(pair_energy, (X,), (v,))
    assert directional == pytest.approx(np.dot(grad(pair_energy)(X), v), rel=1e-12)


def test_a_float32_argument_beside_keeps_numpy_floats_and_their_promotion():
    def scaled_by_elements(x, y32):
        e = 0.0
        for i in range(len(x)):
            e = e + np.sum(x[i] * y32)
        return e

    y32 = np.ones(3, dtype=np.float32)
    assert "tolist" not in runs(grad(scaled_by_elements), (X, y32))
    assert check_grad(scaled_by_elements, X, y32).ok


def doubled_product(x):
    p = 1.0
    for i in range(x.shape[0]):
        c = x[i] > 0.5
        p = p * (1.0 + (c + c) * x[i])
    return p


def test_arithmetic_on_comparisons_keeps_numpy_bools():
    """``x[i] > 0.5`` of a float64 array is NumPy's bool, and ``c + c`` its logical or (True);
    on ``x.tolist()``'s Python floats it would be 2. (It was: the gradient doubled where x > 0.5.)"""
    x = np.linspace(0.0, 1.0, 8)          # (none at the step, 0.5)
    source = grad(doubled_product).compiled((x,)).source
    assert "tolist" not in source
    assert check_grad(doubled_product, x)

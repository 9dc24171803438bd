"""A Python float reaching a float32 function (an argument, a keyword default, a closure cell, a
global) keeps it float32, as NumPy 2 does (NEP 50: weak), where an ``np.float64`` makes it float64
(strong): the call key tells the two apart (api/numbers.py ``kind_of``: ``"float"`` and ``"f8"``),
each spelling runs code compiled for it, the float32 code stays float32 end to end (its seeds
``np.float32(k)``: analysis/weak_numbers.py), and every result has NumPy's own dtype. Checked
against central differences in float64, in both modes."""
import numpy as np
import pytest

import transpiler

RNG = np.random.default_rng(66)
X = RNG.standard_normal((40, 3)).astype(np.float32)
Y = (X @ RNG.standard_normal(3) + 2 * RNG.standard_normal(40)).astype(np.float32)
W = (0.1 * RNG.standard_normal(3)).astype(np.float32)


def capped(w, X, y, beta=1.0, cap=3.0):
    r = X @ w - y
    a = np.abs(r)
    loss = np.where(a < beta, 0.5 * r * r / beta, np.where(a < cap, a - 0.5 * beta, cap - 0.5 * beta))
    return np.mean(loss)


def _central(f, args, index, direction, step=1e-6):
    """The directional derivative of ``f`` along ``direction`` in argument ``index``, by central
    differences on float64 copies of the arguments (the float32 gradient's reference)."""
    wide = [np.asarray(a, np.float64) if isinstance(a, np.ndarray) else float(a) for a in args]
    moved = []
    for sign in (1, -1):
        at = list(wide)
        at[index] = wide[index] + sign * step * np.asarray(direction, np.float64)
        moved.append(float(f(*at)))
    return (moved[0] - moved[1]) / (2 * step)


def _reverse_sweep(source: str) -> str:
    return source[source.index("# reverse sweep"):]


def test_a_python_float_default_keeps_the_code_float32_and_an_np_float64_compiles_apart():
    gradient = transpiler.grad(capped)
    weak = gradient.compiled((W, X, Y, 1.0, 3.0)).source
    strong = gradient.compiled((W, X, Y, np.float64(1.0), np.float64(3.0))).source
    assert "np.float32(" in _reverse_sweep(weak), weak          # the mean's seed, in the adjoint's dtype
    assert "np.float32(" not in strong, strong                  # float64 as NumPy computes it
    assert weak != strong


@pytest.mark.parametrize("spelling", [float, np.float64], ids=["python float", "np.float64"])
def test_each_spelling_gives_numpys_dtypes_and_the_finite_differences(spelling):
    beta, cap = spelling(1.0), spelling(3.0)
    value, (d_w, d_beta) = transpiler.value_and_grad(capped, wrt=(0, 3))(W, X, Y, beta, cap)
    primal = capped(W, X, Y, beta, cap)
    assert value.dtype == primal.dtype == (np.float32 if spelling is float else np.float64)
    assert d_w.dtype == np.float32                              # float32 in, float32 out
    assert np.asarray(d_beta).dtype == primal.dtype             # the loss's own dtype
    for i in range(3):
        e = np.eye(3)[i]
        np.testing.assert_allclose(d_w[i], _central(capped, (W, X, Y, beta, cap), 0, e), rtol=2e-3, atol=1e-5)
    np.testing.assert_allclose(d_beta, _central(capped, (W, X, Y, beta, cap), 3, 1.0), rtol=2e-3, atol=1e-5)


@pytest.mark.parametrize("spelling", [float, np.float64], ids=["python float", "np.float64"])
def test_forward_mode_in_each_spelling(spelling):
    beta = spelling(1.0)
    direction = RNG.standard_normal(3).astype(np.float32)
    primal, tangent = transpiler.jvp(capped, (W, X, Y, beta), (direction, None, None, None))
    assert np.asarray(primal).dtype == np.asarray(tangent).dtype == capped(W, X, Y, beta).dtype
    np.testing.assert_allclose(tangent, _central(capped, (W, X, Y, beta), 0, direction), rtol=2e-3, atol=1e-5)
    _, along_beta = transpiler.jvp(capped, (W, X, Y, beta), (None, None, None, spelling(1.0)))
    np.testing.assert_allclose(along_beta, _central(capped, (W, X, Y, beta), 3, 1.0), rtol=2e-3, atol=1e-5)


def test_one_gradient_called_with_each_spelling_in_turn_runs_each_ones_code():
    gradient = transpiler.value_and_grad(capped)
    for beta in (1.0, np.float64(1.0), 1.0, np.float64(1.0)):
        value, d_w = gradient(W, X, Y, beta)
        assert value.dtype == capped(W, X, Y, beta).dtype, type(beta)
        np.testing.assert_allclose(d_w[0], _central(capped, (W, X, Y, beta), 0, np.eye(3)[0]), rtol=2e-3, atol=1e-5)


def _closing_over(beta):
    def loss(w, X, y):
        r = X @ w - y
        return np.mean(np.where(np.abs(r) < beta, 0.5 * r * r / beta, np.abs(r) - 0.5 * beta))
    return loss


BETA = 1.0


def global_beta(w, X, y):
    r = X @ w - y
    return np.mean(np.where(np.abs(r) < BETA, 0.5 * r * r / BETA, np.abs(r) - 0.5 * BETA))


def test_a_closure_cells_python_float_keeps_float32():
    loss = _closing_over(1.0)
    gradient = transpiler.value_and_grad(loss)
    value, d_w = gradient(W, X, Y)
    assert value.dtype == loss(W, X, Y).dtype == np.float32
    assert "np.float32(" in _reverse_sweep(gradient.compiled((W, X, Y)).source)
    np.testing.assert_allclose(d_w[1], _central(loss, (W, X, Y), 0, np.eye(3)[1]), rtol=2e-3, atol=1e-5)


def test_a_global_changed_from_a_python_float_to_an_np_float64_recompiles(monkeypatch):
    gradient = transpiler.value_and_grad(global_beta)
    for beta in (1.0, np.float64(1.0), 1.0):
        monkeypatch.setitem(globals(), "BETA", beta)
        value, d_w = gradient(W, X, Y)
        assert value.dtype == global_beta(W, X, Y).dtype, type(beta)
        assert ("np.float32(" in gradient.compiled((W, X, Y)).source) == (type(beta) is float)
        np.testing.assert_allclose(d_w[2], _central(global_beta, (W, X, Y), 0, np.eye(3)[2]), rtol=2e-3, atol=1e-5)


def widened(x, beta=0.7):
    u = np.tanh(x) * np.exp(beta * 2.0) - np.sin(x) * beta
    return np.sum(u * u)


def test_an_np_float64_made_of_a_python_float_widens_as_in_numpy():
    # np.exp of a Python float is an np.float64 (strong): u is float64 in NumPy. The statements
    # written in place (backends/reuse.py) must not take a name holding a Python float for a
    # float32 value: its np.exp would be taken for float32 too, and u written into a float32 buffer.
    x = np.linspace(-1, 1, 50).astype(np.float32)
    value, d_x = transpiler.value_and_grad(widened)(x, 0.7)
    assert value.dtype == widened(x, 0.7).dtype == np.float64
    assert d_x.dtype == np.float32
    for i in (0, 17, 49):
        np.testing.assert_allclose(d_x[i], _central(widened, (x, 0.7), 0, np.eye(50)[i]), rtol=1e-5, atol=1e-6)


def tanh_of_scaled(b, x):
    return np.sum(np.tanh(x * b))


def test_a_python_floats_gradient_beside_float32_values_is_a_python_float():
    """docs/syntax.md: the gradient with respect to a Python number is float64, not the float32
    the arithmetic with a float32 array leaves it in."""
    x = np.linspace(-1.0, 2.0, 5).astype(np.float32)
    gradient = transpiler.grad(tanh_of_scaled)(0.7, x)
    assert type(gradient) is float
    expected = float(np.sum(x.astype(np.float64) / np.cosh(0.7 * x.astype(np.float64)) ** 2))
    assert np.isclose(gradient, expected, rtol=1e-5)
    assert type(transpiler.value_and_grad(tanh_of_scaled)(0.7, x)[1]) is float

"""``np.cumsum(x)[-1]`` is the total of ``x``: its adjoint reaches ``x`` as a number broadcast
over it (ad/scatter_forms.py), with no one-hot buffer summed backwards through the cumsum's
adjoint; the cumsum is left to the value. Another position (``[-2]``) or the last row of a 2-d
cumsum along an axis keep the cumsum's adjoint."""
import numpy as np

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(6)
X = RNG.standard_normal(8)
M = RNG.standard_normal((3, 4))


def compensator(x):
    return np.cumsum(np.exp(x))[-1] - np.sum(x)


def total_and_a_prefix(x):
    c = np.cumsum(x * x)
    return c[-1] * 0.5 + np.sum(c[:3] ** 2)


def flattened_total(m):
    return np.cumsum(np.sin(m))[-1]


def one_before_the_last(x):
    return np.cumsum(np.exp(x))[-2]


def last_row(m):
    return np.sum(np.cumsum(np.exp(m), axis=0)[-1] * np.arange(4.0))


def reverse_sweep(f, x):
    return transpiler.grad(f).compiled((x,)).source.split("# reverse sweep")[1]


def test_the_last_of_a_cumsum_is_differentiated_as_the_total():
    for f, x in ((compensator, X), (flattened_total, M)):
        code = reverse_sweep(f, x)
        assert "cumsum" not in code and "np.zeros" not in code, f.__name__
        assert "cumsum" not in transpiler.grad(f).compiled((x,)).source, f.__name__     # (nor is it computed)
        assert check_grad(f, x), f.__name__
    assert check_grad(total_and_a_prefix, X)


def test_another_position_and_a_last_row_keep_the_cumsums_adjoint():
    for f, x in ((one_before_the_last, X), (last_row, M)):
        assert "cumsum" in reverse_sweep(f, x), f.__name__
        assert check_grad(f, x), f.__name__


def test_the_value_is_still_the_cumsums():
    value, _ = transpiler.value_and_grad(compensator)(X)
    assert value == compensator(X)


def test_forward_mode_hessians_and_float32():
    direction = RNG.standard_normal(8)
    for f in (compensator, total_and_a_prefix):
        _, tangent = transpiler.jvp(f, (X,), (direction,))
        assert np.isclose(tangent, transpiler.grad(f)(X) @ direction), f.__name__
    h = transpiler.hessian(compensator)(X)
    assert np.allclose(h, np.diag(np.exp(X)))
    g = transpiler.grad(compensator)(X.astype(np.float32))
    assert g.dtype == np.float32 and np.allclose(g, np.exp(X) - 1, rtol=1e-5)

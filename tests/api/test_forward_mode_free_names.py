"""Forward mode compiles for the free names a function reads (globals, closure cells), as
``grad`` does: ``jvp``, forward ``jacobian``, ``hessian`` (both modes) and ``hvp`` specialise to
their shapes, dtypes and an integer's value where the function reads it as a size, guarded at
call time (api/warm.py ``free_entries``, ``free_check``). Each test changes a free name between
calls of the same function object; the answers are checked against the closed form or central
differences. The code folds what it was compiled for (``len(B)``, ``range(N)``): a runner that
ignored a change would answer for the old binding."""
import numpy as np
import pytest

import transpiler
from transpiler.driver import pipeline

X = np.array([0.3, -1.2, 2.0])
V = np.array([1.0, 0.5, -2.0])

B = np.ones(3)
N = 3


def _scaled_by_length(x):
    return np.sum(np.sin(x)) * len(B)


def _summed_over_range(x):
    s = 0.0
    for i in range(N):
        s = s + np.sum(x * x) * i
    return s


def _derivatives(f, x, v):
    """jvp, forward Jacobian, both Hessians and hvp of ``f`` at ``x`` (along ``v``)."""
    return (transpiler.jvp(f, (x,), (v,))[1], transpiler.jacobian(f, mode="forward")(x),
            transpiler.hessian(f)(x), transpiler.hessian(f, mode="forward")(x), transpiler.hvp(f, x, v))


def _central(f, x, v, h=1e-6):
    return (f(x + h * v) - f(x - h * v)) / (2 * h)


def test_a_jvp_compiles_for_the_free_names_shapes():
    """The code jvp runs has ``len(B)`` folded to B's length, as grad's has."""
    transpiler.jvp(_scaled_by_length, (X,), (V,))
    sources = [g.source for g in pipeline._compiled[_scaled_by_length].values()]
    assert sources and all("len(" not in text for text in sources)


@pytest.mark.parametrize("length", [3, 5, 1, 3])
def test_a_global_of_another_length_is_read_at_that_length_by_every_forward_transform(monkeypatch, length):
    for b in (np.ones(length), np.ones(length + 1), np.ones(length)):
        monkeypatch.setitem(globals(), "B", b)
        along, jacobian, hessian, forward_hessian, hvp = _derivatives(_scaled_by_length, X, V)
        assert np.isclose(along, len(b) * np.sum(np.cos(X) * V))
        np.testing.assert_allclose(jacobian, len(b) * np.cos(X))
        np.testing.assert_allclose(hessian, -len(b) * np.diag(np.sin(X)))
        np.testing.assert_allclose(forward_hessian, -len(b) * np.diag(np.sin(X)))
        np.testing.assert_allclose(hvp, -len(b) * np.sin(X) * V)


def test_an_integer_read_as_a_loop_count_is_compiled_for_and_checked_on_every_call(monkeypatch):
    """``N`` folded into the loop: sum over i < N of i, times the derivative of sum(x²)."""
    for count in (3, 4, 3, 2, 6, 7, 8, 3):      # (past fast_path.VALUES_COMPILED_FOR: read at call time)
        monkeypatch.setitem(globals(), "N", count)
        factor = count * (count - 1) / 2
        along, jacobian, hessian, forward_hessian, hvp = _derivatives(_summed_over_range, X, V)
        assert np.isclose(along, factor * np.sum(2 * X * V))
        np.testing.assert_allclose(jacobian, factor * 2 * X)
        np.testing.assert_allclose(hessian, factor * 2 * np.eye(3))
        np.testing.assert_allclose(forward_hessian, factor * 2 * np.eye(3))
        np.testing.assert_allclose(hvp, factor * 2 * V)
        assert np.isclose(transpiler.jvp(transpiler.grad(_summed_over_range), (X,), (V,))[1], factor * 2 * V).all()


def _closure(weights):
    def f(x):
        return np.sum(np.tanh(weights @ x))
    return f


def test_a_closure_cell_rebound_to_another_shape_and_dtype_gets_its_own_code():
    weights = np.arange(6.0).reshape(2, 3) / 4
    f = _closure(weights)
    cell = f.__closure__[0]
    for value in (weights, weights[:1], weights.astype(np.float32), np.arange(3.0) / 4, weights):
        cell.cell_contents = value
        along = transpiler.jvp(f, (X,), (V,))[1]
        assert np.isclose(along, _central(f, X, V), rtol=1e-5)
        np.testing.assert_allclose(transpiler.jacobian(f, mode="forward")(X),
                                   [_central(f, X, e) for e in np.eye(3)], rtol=1e-5, atol=1e-8)


def test_a_complex_global_after_a_real_one_is_read_with_the_complex_rules(monkeypatch):
    def f(x):
        return np.sum(np.abs(x * B) ** 2)
    for b in (np.full(3, 2.0), np.full(3, 1.0 + 1.0j), np.full(3, 2.0)):
        monkeypatch.setitem(globals(), "B", b)
        assert np.isclose(transpiler.jvp(f, (X,), (V,))[1], np.sum(2 * np.abs(b) ** 2 * X * V))

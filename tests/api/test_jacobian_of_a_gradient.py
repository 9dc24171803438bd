"""``jacobian(grad(f))`` (JAX's ``jacfwd(grad(f))``) with respect to the parameter the gradient
differentiates is ``hessian(f)`` (api/transforms.py); it was refused as "a derivative made by
transpiler". A mixed block (another parameter), ``value_and_grad`` and ``has_aux`` stay refused.
Checked against central differences of the gradient."""
import numpy as np
import pytest

import transpiler
from transpiler import TranspileError

X = np.array([0.3, -1.2, 0.7])
Y = np.array([0.5, 2.0])


def energy(x, y):
    return np.sum(np.sin(x) ** 2) * np.sum(y ** 3) + x[0] * y[1] ** 2


def differences_of_gradient(wrt, h=1e-6):
    gradient = transpiler.grad(energy, wrt)
    point = [X, Y]
    columns = []
    for k in range(point[wrt].size):
        up = [p.copy() for p in point]
        down = [p.copy() for p in point]
        up[wrt][k] += h
        down[wrt][k] -= h
        columns.append((gradient(*up) - gradient(*down)) / (2 * h))
    return np.array(columns).T


@pytest.mark.parametrize("wrt", [0, 1])
def test_the_jacobian_of_a_gradient_is_the_hessian(wrt):
    jac = transpiler.jacobian(transpiler.grad(energy, wrt), wrt)(X, Y)
    np.testing.assert_allclose(jac, differences_of_gradient(wrt), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(jac, transpiler.hessian(energy, wrt)(X, Y))


def test_argnums_and_names_pick_the_same_parameter():
    jac = transpiler.jacobian(transpiler.grad(energy, "y"), argnums=1)(X, Y)
    np.testing.assert_allclose(jac, differences_of_gradient(1), rtol=1e-6, atol=1e-8)


def test_a_mixed_block_and_value_and_grad_stay_refused():
    with pytest.raises(TranspileError, match="derivative made by transpiler"):
        transpiler.jacobian(transpiler.grad(energy, 1), 0)(X, Y)
    # value_and_grad's refusal names no transform that would take it (it listed jvp, which refuses too)
    with pytest.raises(TranspileError, match=r"returns a \(value, gradient\) pair") as refused:
        transpiler.jacobian(transpiler.value_and_grad(energy))(X, Y)
    assert "transpiler.jacobian(transpiler.grad(f))" in refused.value.hint

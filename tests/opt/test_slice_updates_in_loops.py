"""Arrays updated slice by slice in a loop (a heat equation's ``u[1:-1] = u[1:-1] + a * (...)``,
rows of a trajectory ``X[i + 1] = f(X[i])``): the written region's shape is known, so the
written value's adjoint is read as it is (no ``unbroadcast``, no reverse loop computing the
stencil again only for its shape), a float array's copies, slices and writes are known float
(its adjoints add as arrays, not as lists), and the adjoint copied with the region cleared is
added into in place without a second copy. Values and gradients against central differences."""
import numpy as np
import pytest

import transpiler


def heat(u0):
    u = u0.copy()
    for _ in range(20):
        u[1:-1] = u[1:-1] + 0.1 * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(u ** 2)


def heat_with_a_parameter(u0, alpha=0.2):
    u = np.copy(u0)
    for _ in range(10):
        u[1:-1] += alpha * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(u[::2] * u[1::2])


def trajectory_rows(x0):
    X = np.zeros((6, 3))
    X[0] = x0
    for i in range(5):
        X[i + 1] = X[i] + 0.1 * np.sin(X[i][::-1])
    return np.sum(X[-1] ** 2) + np.sum(X[:, 0])


def columns_of_a_grid(x0):
    G = np.ones((3, 3)) * x0[:, None]
    for j in range(1, 3):
        G[:, j] = G[:, j - 1] * 0.5 + np.tanh(G[:, j])
    return np.sum(G ** 2)


CASES = [heat, heat_with_a_parameter, trajectory_rows, columns_of_a_grid]
X0 = np.array([0.3, -0.7, 1.1, 0.2, -0.4, 0.9])


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_gradient_of_slice_updates_matches_finite_differences(f):
    x = X0 if f not in (trajectory_rows, columns_of_a_grid) else X0[:3]
    value, gradient = transpiler.value_and_grad(f)(x)
    assert value == pytest.approx(f(x), rel=1e-14)
    np.testing.assert_allclose(gradient, central_differences(f, x), rtol=1e-6, atol=1e-8)
    direction = np.linspace(-1.0, 1.0, len(x))
    tangent = transpiler.jvp(f, (x,), (direction,))[1]
    assert tangent == pytest.approx(central_differences(f, x) @ direction, rel=1e-6)


def test_the_stencils_reverse_loop_reads_the_written_regions_adjoint_as_it_is():
    code = transpiler.grad(heat).source(args=(np.linspace(0.0, 1.0, 50),))
    reverse = code.split("# reverse sweep")[1]
    assert "unbroadcast" not in reverse and "accumulate(" not in reverse
    assert "np.copy" not in reverse          # (the cleared copy is the buffer added into)
    assert "_tape" not in code               # (nothing computed again for a shape: nothing kept)


def added_into_an_item(x):
    y = x.copy()
    y[3] += y[0]
    y[1:] += 0.5 * y[:-1]
    return np.sum(y ** 3)


@pytest.mark.parametrize("f", [heat, added_into_an_item, trajectory_rows])
def test_second_derivatives_through_slice_updates(f):
    """(the adjoint added into in place is the code a call runs only: the gradient's code
    differentiated again writes no adjoint in place)"""
    x = X0[:4] if f is not trajectory_rows else X0[:3]
    gradient = transpiler.grad(f)
    numeric = np.stack([(gradient(x + 1e-6 * e) - gradient(x - 1e-6 * e)) / 2e-6 for e in np.eye(len(x))])
    np.testing.assert_allclose(transpiler.hessian(f)(x), numeric, rtol=1e-5, atol=1e-6)
    v = np.linspace(0.5, -0.5, len(x))
    np.testing.assert_allclose(transpiler.hvp(f, x, v), numeric @ v, rtol=1e-5, atol=1e-6)

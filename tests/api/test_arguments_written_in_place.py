"""A function that writes into an argument (Baum-Welch's `b[:, l] = ...` on the emission matrix it
was given): `jacobian`, `vjp` and `hessian` run it once in Python for its value, and that run must
not move the point where their compiled passes then differentiate (the compiled code never writes
into its arguments). Before the fix, `jacobian` differentiated at the written array: a finite wrong
Jacobian, found by tests/realworld/adeveloperdiary_baum_welch.py."""
import numpy as np

import transpiler


def normalized_rows(b, g):
    d = np.sum(b, axis=1)
    b[:, 0] = g[:, 0]                       # writes into the caller's array, as the author's code does
    return b / d.reshape((-1, 1))


def through_helper_in_loop(b, g):
    for l in range(2):
        write_column(b, g, l)
    return np.sum(b * b, axis=0) * b[0, 0]


def write_column(b, g, l):
    if l == 0:
        b[:, l] = g[:, l] * b[1, 1]
    else:
        b[:, l] = b[:, l] ** 2


def as_list(params, g):
    params[0][0] = g[0]
    return np.sin(params[0]) * params[1]


B0 = np.array([[1.0, 2.0], [3.0, 4.0]])
G = np.array([[0.5, 1.5], [2.0, 0.7]])


def central(f, x, *rest):
    columns = []
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = 1e-6
        up, down = x + e.reshape(x.shape), x - e.reshape(x.shape)
        columns.append((np.ravel(f(up, *rest)) - np.ravel(f(down, *rest))) / 2e-6)
    return np.stack(columns, axis=-1)


def test_jacobian_both_modes_at_the_point_given():
    for f in (normalized_rows, through_helper_in_loop):
        for mode in ("forward", "reverse"):
            b = B0.copy()
            jac = transpiler.jacobian(f, mode=mode)(b, G)
            fd = central(f, B0.copy(), G)
            np.testing.assert_allclose(np.reshape(jac, fd.shape), fd, rtol=1e-6, atol=1e-8)


def test_jacobian_float32_and_a_list_argument():
    b = B0.astype(np.float32)
    jac = transpiler.jacobian(normalized_rows)(b, G.astype(np.float32))
    fd = central(normalized_rows, B0.copy(), G)
    np.testing.assert_allclose(np.reshape(jac, fd.shape), fd, rtol=1e-3, atol=1e-4)
    params = [np.array([0.3, 0.4]), np.array([1.0, 2.0])]
    jac = transpiler.jacobian(as_list)(params, np.array([0.9, 0.1]))
    w = np.array([0.9, 0.4])
    np.testing.assert_allclose(jac[0], np.diag([0.0, np.cos(w[1]) * 2.0]))
    np.testing.assert_allclose(jac[1], np.diag(np.sin(w)))


def test_vjp_pullback_at_the_point_given():
    out, pullback = transpiler.vjp(normalized_rows, B0.copy(), G)
    np.testing.assert_allclose(out, normalized_rows(B0.copy(), G))
    cot = np.array([[1.0, 2.0], [3.0, 5.0]])
    fd = central(normalized_rows, B0.copy(), G)
    np.testing.assert_allclose(pullback(cot)[0].ravel(), cot.ravel() @ fd, rtol=1e-6)


def test_hessian_at_the_point_given():
    def scalar(b, g):
        return np.sum(normalized_rows(b, g) ** 2)
    h = transpiler.hessian(scalar)(B0.copy(), G)
    fd = central(lambda x, g: transpiler.grad(scalar)(x, g), B0.copy(), G)
    np.testing.assert_allclose(np.reshape(h, fd.shape), fd, rtol=1e-5, atol=1e-7)

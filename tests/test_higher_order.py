"""Higher-order derivatives: ``hessian``, ``hvp`` and ``grad(grad(f))`` (transpiler/api/second.py), all
forward mode (transpiler/ad/forward.py) applied to generated reverse-mode code, whose runtime helpers
are declared linear (transpiler/primitives/runtime.py, transpiler/primitives/helper_rules.py).

Hessians are checked against central differences of the reverse-mode gradient
(``transpiler.grad``); second derivatives of scalar functions with loops and branches against
sympy, with the expression built by hand for the path taken at the point.
"""
import math

import numpy as np
import pytest
import sympy

import transpiler
from transpiler import OutputShapeError, TranspileError
from transpiler.driver import pipeline
from transpiler.ad.forward import TangentSpec
from transpiler.ad.reverse import GradientSpec


# --------------------------------------------------------------------------- helpers
def fd_hessian(f, args, i=0, h=1e-5):
    """Central differences of ``transpiler.grad(f, wrt=i)``: shape ``x.shape * 2``."""
    g = transpiler.grad(f, wrt=i)
    x = np.asarray(args[i], dtype=float)
    columns = []
    for j in range(x.size):
        e = np.zeros(x.size)
        e[j] = h
        e = e.reshape(x.shape) if x.ndim else float(e[0])
        hi, lo = list(args), list(args)
        hi[i], lo[i] = x + e, x - e
        if not x.ndim:
            hi[i], lo[i] = float(hi[i]), float(lo[i])
        columns.append(np.ravel((np.asarray(g(*hi)) - np.asarray(g(*lo))) / (2 * h)))
    H = np.stack(columns, axis=-1).reshape(x.shape + x.shape)
    return H if x.ndim else float(H)


def fd_second(f, x, h=1e-5):
    """d/dx of ``transpiler.grad(f)`` at scalar ``x`` by central differences."""
    g = transpiler.grad(f)
    return (g(x + h) - g(x - h)) / (2 * h)


def assert_hessian_matches_fd(f, args, i=0, rtol=1e-6, atol=1e-6):
    H = transpiler.hessian(f, wrt=i)(*args)
    expected = fd_hessian(f, args, i)
    assert np.shape(H) == np.shape(expected)
    np.testing.assert_allclose(H, expected, rtol=rtol, atol=atol, err_msg=f"Hessian of {f.__name__}")
    np.testing.assert_allclose(H, np.swapaxes(np.reshape(H, (np.size(args[i]),) * 2), 0, 1).reshape(np.shape(H)),
                               rtol=1e-10, atol=1e-10, err_msg="the Hessian is symmetric")
    return H


def sym_value(expr, subs):
    return float(expr.subs(subs).evalf(30))


# --------------------------------------------------------------------------- Rosenbrock
def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def rosenbrock_loop(x):
    s = 0.0
    for i in range(x.shape[0] - 1):
        s = s + 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return s


def rosenbrock_hessian(x):
    n = len(x)
    H = np.zeros((n, n))
    for i in range(n - 1):
        H[i, i] += 1200 * x[i] ** 2 - 400 * x[i + 1] + 2
        H[i + 1, i + 1] += 200
        H[i, i + 1] -= 400 * x[i]
        H[i + 1, i] -= 400 * x[i]
    return H


ROSEN_POINTS = [np.array([-1.2, 1.0, 0.5, 0.8, 1.1]), np.ones(4), np.array([0.3, -0.4, 2.0])]


@pytest.mark.parametrize("f", [rosenbrock, rosenbrock_loop])
@pytest.mark.parametrize("x", ROSEN_POINTS, ids=["n5", "minimum", "n3"])
def test_rosenbrock_hessian_matches_fd_of_gradient_and_the_analytic_one(f, x):
    H = assert_hessian_matches_fd(f, (x,), rtol=1e-6, atol=1e-4)
    np.testing.assert_allclose(H, rosenbrock_hessian(x), rtol=1e-12, atol=1e-10)


def test_rosenbrock_loop_and_vectorised_hessians_agree():
    x = ROSEN_POINTS[0]
    np.testing.assert_allclose(transpiler.hessian(rosenbrock_loop)(x), transpiler.hessian(rosenbrock)(x),
                               rtol=1e-13, atol=1e-12)


@pytest.mark.parametrize("f", [rosenbrock, rosenbrock_loop])
def test_rosenbrock_hvp_matches_hessian_times_vector(f):
    x = ROSEN_POINTS[0]
    rng = np.random.default_rng(1)
    for _ in range(3):
        v = rng.normal(size=x.shape)
        Hv = transpiler.hvp(f, x, v)
        assert Hv.shape == x.shape
        np.testing.assert_allclose(Hv, transpiler.hessian(f)(x) @ v, rtol=1e-12, atol=1e-10)
        np.testing.assert_allclose(Hv, rosenbrock_hessian(x) @ v, rtol=1e-12, atol=1e-10)


# --------------------------------------------------------------------------- logistic regression
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def logistic_nll(w, X, y):
    p = sigmoid(X @ w)
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))


def logistic_data(seed=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20, 3))
    y = (rng.random(20) > 0.5).astype(float)
    w = rng.normal(size=3) * 0.5
    return w, X, y


def test_logistic_nll_gradient_is_right_so_fd_of_it_is_a_valid_reference():
    w, X, y = logistic_data()
    g = transpiler.grad(logistic_nll)(w, X, y)
    np.testing.assert_allclose(g, X.T @ (sigmoid(X @ w) - y), rtol=1e-12)


def test_logistic_nll_hessian_matches_fd_of_gradient():
    w, X, y = logistic_data()
    H = assert_hessian_matches_fd(logistic_nll, (w, X, y), rtol=1e-6, atol=1e-6)
    p = sigmoid(X @ w)
    np.testing.assert_allclose(H, (X.T * (p * (1 - p))) @ X, rtol=1e-10)


def test_logistic_nll_hessian_error_is_exactly_the_gradient_per_column():
    """Pins the size of the matmul_adjoint bug above: H_got[:, j] = H[:, j] + grad (remove when fixed)."""
    w, X, y = logistic_data()
    H = transpiler.hessian(logistic_nll)(w, X, y)
    p = sigmoid(X @ w)
    exact = (X.T * (p * (1 - p))) @ X
    gradient = X.T @ (p - y)
    if np.allclose(H, exact, rtol=1e-10):
        return                       # fixed
    np.testing.assert_allclose(H, exact + gradient[:, None], rtol=1e-10)


def test_logistic_nll_hvp_matches_hessian_times_vector():
    w, X, y = logistic_data()
    p = sigmoid(X @ w)
    v = np.array([0.3, -1.0, 2.0])
    np.testing.assert_allclose(transpiler.hvp(logistic_nll, w, v, X, y), ((X.T * (p * (1 - p))) @ X) @ v,
                               rtol=1e-10)


def vector_matmul(w, x):
    return np.sum(np.sin(x @ w))


def dot_squared(x):
    return np.dot(x, x) ** 2


def test_hessian_through_vector_matmul_minimal():
    w, x = np.ones(3), np.ones(3)
    H = transpiler.hessian(vector_matmul)(w, x)
    np.testing.assert_allclose(H, -np.sin(3.0) * np.ones((3, 3)), rtol=1e-12)


def test_hessian_through_np_dot():
    x = np.array([0.3, -0.7, 1.2])
    H = transpiler.hessian(dot_squared)(x)
    np.testing.assert_allclose(H, 8 * np.outer(x, x) + 4 * (x @ x) * np.eye(3), rtol=1e-12)


# --------------------------------------------------------------------------- a small tanh MLP
def mlp_loss(W1, b1, W2, b2, X, y):
    h = np.tanh(X @ W1 + b1)
    out = h @ W2 + b2
    return np.mean((out - y) ** 2)


def mlp_data(seed=5):
    rng = np.random.default_rng(seed)
    W1, b1 = rng.normal(size=(2, 4)), rng.normal(size=4)
    W2, b2 = rng.normal(size=(4, 1)), rng.normal(size=1)
    X, y = rng.normal(size=(6, 2)), rng.normal(size=(6, 1))
    return W1, b1, W2, b2, X, y


@pytest.mark.parametrize("wrt, shape", [(0, (2, 4)), ("W2", (4, 1)), (1, (4,))])
def test_mlp_hessian_wrt_one_weight_matches_fd_of_gradient(wrt, shape):
    args = mlp_data()
    index = wrt if isinstance(wrt, int) else 2
    H = transpiler.hessian(mlp_loss, wrt=wrt)(*args)
    assert H.shape == shape + shape
    np.testing.assert_allclose(H, fd_hessian(mlp_loss, args, index), rtol=1e-6, atol=1e-7)


def test_mlp_hvp_matches_flattened_hessian_times_vector():
    args = mlp_data()
    W1 = args[0]
    H = transpiler.hessian(mlp_loss)(*args).reshape(W1.size, W1.size)
    rng = np.random.default_rng(2)
    V = rng.normal(size=W1.shape)
    Hv = transpiler.hvp(mlp_loss, W1, V, *args[1:])
    assert Hv.shape == W1.shape
    np.testing.assert_allclose(Hv.ravel(), H @ V.ravel(), rtol=1e-11, atol=1e-12)
    # and against a central difference of the gradient along V
    g = transpiler.grad(mlp_loss)
    h = 1e-5
    fd = (g(W1 + h * V, *args[1:]) - g(W1 - h * V, *args[1:])) / (2 * h)
    np.testing.assert_allclose(Hv, fd, rtol=1e-6, atol=1e-7)


def test_mlp_second_derivative_in_the_weight_direction_matches_sympy():
    """d²/dε² loss(W1 + εV) at ε=0 equals Vᵀ H V, and sympy of the same 2-4-1 network agrees."""
    W1, b1, W2, b2, X, y = mlp_data()
    V = np.arange(8.0).reshape(2, 4) / 10 - 0.3
    eps = sympy.Symbol("eps")
    W = sympy.Matrix(W1) + eps * sympy.Matrix(V)
    H = (sympy.Matrix(X) * W + sympy.ones(6, 1) * sympy.Matrix(b1).T).applyfunc(sympy.tanh)
    out = H * sympy.Matrix(W2) + sympy.ones(6, 1) * float(b2[0])
    loss = sum((out[k] - float(y[k, 0])) ** 2 for k in range(6)) / 6
    expected = sym_value(sympy.diff(loss, eps, 2), {eps: 0})
    Hv = transpiler.hvp(mlp_loss, W1, V, b1, W2, b2, X, y)
    assert float(np.sum(Hv * V)) == pytest.approx(expected, rel=1e-10)


# --------------------------------------------------------------------------- grad(grad(f))
def loop_three(x):
    y = x
    for i in range(3):
        y = y * np.sin(y) + x
    return y


def loop_three_sympy():
    x = sympy.Symbol("x")
    y = x
    for _ in range(3):
        y = y * sympy.sin(y) + x
    return x, y


@pytest.mark.parametrize("x0", [0.7, -1.3, 2.1])
def test_grad_grad_of_a_loop_matches_sympy(x0):
    x, y = loop_three_sympy()
    got = transpiler.grad(transpiler.grad(loop_three))(x0)
    assert isinstance(got, float)
    assert got == pytest.approx(sym_value(sympy.diff(y, x, 2), {x: x0}), rel=1e-10)
    assert got == pytest.approx(fd_second(loop_three, x0), rel=1e-6)
    assert transpiler.hessian(loop_three)(x0) == pytest.approx(got, rel=1e-13)


def branches(x, a):
    if x > a:
        r = x ** 3 * a
    elif x > 0:
        r = np.exp(x * a)
    else:
        r = np.sin(x) * a ** 2
    return r


@pytest.mark.parametrize("x0, a0, branch", [(2.0, 1.5, 0), (1.0, 1.5, 1), (-0.4, 1.5, 2)])
def test_grad_grad_through_branches_matches_sympy(x0, a0, branch):
    x, a = sympy.symbols("x a")
    expr = [x ** 3 * a, sympy.exp(x * a), sympy.sin(x) * a ** 2][branch]
    subs = {x: x0, a: a0}
    assert transpiler.grad(transpiler.grad(branches))(x0, a0) == pytest.approx(
        sym_value(sympy.diff(expr, x, 2), subs), rel=1e-12)
    dxx, dxa = transpiler.grad(transpiler.grad(branches, wrt=0), wrt=(0, 1))(x0, a0)
    assert dxx == pytest.approx(sym_value(sympy.diff(expr, x, 2), subs), rel=1e-12)
    assert dxa == pytest.approx(sym_value(sympy.diff(expr, x, a), subs), rel=1e-12)
    daa = transpiler.grad(transpiler.grad(branches, wrt="a"), wrt="a")(x0, a0)
    assert daa == pytest.approx(sym_value(sympy.diff(expr, a, 2), subs), rel=1e-12, abs=1e-12)
    dax = transpiler.grad(transpiler.grad(branches, wrt=1), wrt=0)(x0, a0)
    assert dax == pytest.approx(dxa, rel=1e-12)


def conditional_expression(x):
    return x ** 3 if x > 1 else np.sin(x) * x


@pytest.mark.parametrize("x0", [2.0, 0.5])
def test_grad_grad_of_a_conditional_expression_matches_sympy(x0):
    x = sympy.Symbol("x")
    expr = x ** 3 if x0 > 1 else sympy.sin(x) * x
    assert transpiler.grad(transpiler.grad(conditional_expression))(x0) == pytest.approx(
        sym_value(sympy.diff(expr, x, 2), {x: x0}), rel=1e-12)


def mixed(x, y):
    return np.sin(x * y) * x ** 2 + y ** 3 * np.exp(-x)


@pytest.mark.parametrize("point", [(0.7, 1.3), (-1.1, 0.4)])
def test_mixed_partials_match_sympy(point):
    x, y = sympy.symbols("x y")
    expr = sympy.sin(x * y) * x ** 2 + y ** 3 * sympy.exp(-x)
    subs = dict(zip((x, y), point))
    dxx, dxy = transpiler.grad(transpiler.grad(mixed, wrt=0), wrt=(0, 1))(*point)
    assert dxx == pytest.approx(sym_value(sympy.diff(expr, x, 2), subs), rel=1e-12)
    assert dxy == pytest.approx(sym_value(sympy.diff(expr, x, y), subs), rel=1e-12)
    dyx, dyy = transpiler.grad(transpiler.grad(mixed, wrt="y"), wrt=("x", "y"))(*point)
    assert dyx == pytest.approx(dxy, rel=1e-12)
    assert dyy == pytest.approx(sym_value(sympy.diff(expr, y, 2), subs), rel=1e-12)


def logistic_map(r, x):
    for i in range(10):
        x = r * x * (1 - x)
    return x


def logistic_steps(r, x, n):
    for i in range(n):
        x = r * x * (1 - x)
    return x


def logistic_second_order_by_hand(r, y, n):
    """(d²y/dx², d²y/dx dr) after n steps of the map, by the chain rule step by step."""
    dx, dxx, dr, dxr = 1.0, 0.0, 0.0, 0.0
    for _ in range(n):
        s = r * (1 - 2 * y)
        dx, dxx, dr, dxr = (s * dx, s * dxx - 2 * r * dx * dx, y * (1 - y) + s * dr,
                            (1 - 2 * y) * dx - 2 * r * dr * dx + s * dxr)
        y = r * y * (1 - y)
    return dxx, dxr


@pytest.mark.parametrize("r0, x0", [(3.7, 0.3), (2.5, 0.6)])
def test_grad_grad_of_the_logistic_map_matches_the_chain_rule(r0, x0):
    d_xr, d_xx = transpiler.grad(transpiler.grad(logistic_map, wrt=1), wrt=(0, 1))(r0, x0)
    dxx, dxr = logistic_second_order_by_hand(r0, x0, 10)
    assert d_xx == pytest.approx(dxx, rel=1e-9)
    assert d_xr == pytest.approx(dxr, rel=1e-9)
    assert transpiler.hessian(logistic_map, wrt="x")(r0, x0) == pytest.approx(d_xx, rel=1e-13)


@pytest.mark.parametrize("n", [1, 2, 4])
def test_grad_grad_of_a_loop_with_a_runtime_count_matches_sympy(n):
    r, x = sympy.symbols("r x")
    y = x
    for _ in range(n):
        y = r * y * (1 - y)
    subs = {r: 3.7, x: 0.3}
    d_xr, d_xx = transpiler.grad(transpiler.grad(logistic_steps, wrt=1), wrt=(0, 1))(3.7, 0.3, n)
    assert d_xx == pytest.approx(sym_value(sympy.diff(y, x, 2), subs), rel=1e-11)
    assert d_xr == pytest.approx(sym_value(sympy.diff(y, x, r), subs), rel=1e-11)
    assert (d_xx, d_xr) == pytest.approx(logistic_second_order_by_hand(3.7, 0.3, n), rel=1e-11)


def newton_sqrt(a):
    x = a
    while abs(x * x - a) > 1e-12:
        x = 0.5 * (x + a / x)
    return x


@pytest.mark.parametrize("a0", [2.0, 9.0])
def test_grad_grad_through_a_while_loop(a0):
    a = sympy.Symbol("a")
    expected = sym_value(sympy.diff(sympy.sqrt(a), a, 2), {a: a0})
    # Newton's iterates are rational functions of a, exact only in the limit: derivatives agree
    # to the iteration's convergence
    assert transpiler.grad(transpiler.grad(newton_sqrt))(a0) == pytest.approx(expected, rel=1e-7)
    assert transpiler.grad(transpiler.grad(newton_sqrt))(a0) == pytest.approx(fd_second(newton_sqrt, a0), rel=1e-6)


def skips_even_powers(x):
    s = 0.0
    for i in range(6):
        if i % 2 == 0:
            continue
        s = s + x ** i
    return s


def grows_until_break(x):
    s = x
    for i in range(20):
        s = s * 1.3 + 0.1 * np.sin(s)
        if s > 10.0:
            break
    return s


def returns_early(x):
    for i in range(10):
        x = x * 2.0
        if x > 5.0:
            return x * x * x
    return -x * x


def test_grad_grad_through_continue_matches_sympy():
    x = sympy.Symbol("x")
    expr = x + x ** 3 + x ** 5
    assert transpiler.grad(transpiler.grad(skips_even_powers))(0.7) == pytest.approx(
        sym_value(sympy.diff(expr, x, 2), {x: 0.7}), rel=1e-13)


def test_grad_grad_through_break_matches_sympy():
    """The loop body's map g(s) = 1.3 s + 0.1 sin(s) is differentiated by sympy; its n-fold
    composition (n: the iterations taken before the break) by the chain rule, step by step."""
    z = sympy.Symbol("z")
    g = z * sympy.Rational(13, 10) + sympy.Rational(1, 10) * sympy.sin(z)
    g1, g2 = sympy.lambdify(z, sympy.diff(g, z)), sympy.lambdify(z, sympy.diff(g, z, 2))
    x0 = 0.3
    s, ds, dds, n = x0, 1.0, 0.0, 0
    while n < 20:
        n += 1
        s, ds, dds = 1.3 * s + 0.1 * math.sin(s), g1(s) * ds, g2(s) * ds * ds + g1(s) * dds
        if s > 10.0:
            break
    assert n < 20                     # the break is taken
    got = transpiler.grad(transpiler.grad(grows_until_break))(x0)
    assert got == pytest.approx(dds, rel=1e-10)
    assert got == pytest.approx(fd_second(grows_until_break, x0), rel=1e-6)


def test_grad_grad_when_no_early_return_is_taken():
    x = sympy.Symbol("x")
    expr = -(x * 1024) ** 2        # ten doublings, then `return -x * x`
    assert transpiler.grad(transpiler.grad(returns_early))(-0.3) == pytest.approx(
        sym_value(sympy.diff(expr, x, 2), {x: -0.3}), rel=1e-12)


def test_first_derivative_through_an_early_return_is_right():
    assert transpiler.grad(returns_early)(0.3) == pytest.approx(3 * 32 ** 3 * 0.3 ** 2, rel=1e-12)


def test_grad_grad_through_an_early_return_matches_sympy():
    x = sympy.Symbol("x")
    expr = (x * 32) ** 3           # returns after five doublings at x = 0.3
    expected = sym_value(sympy.diff(expr, x, 2), {x: 0.3})
    assert transpiler.grad(transpiler.grad(returns_early))(0.3) == pytest.approx(expected, rel=1e-12)


def test_hessian_through_an_early_return():
    assert transpiler.hessian(returns_early)(0.3) == pytest.approx(6 * 32 ** 3 * 0.3, rel=1e-12)


def test_grad_grad_needs_a_scalar_inner_argument():
    with pytest.raises(OutputShapeError, match="hessian"):
        transpiler.grad(transpiler.grad(rosenbrock))(np.ones(3))


def test_grad_grad_of_a_value_and_grad_is_refused():
    with pytest.raises(ValueError):
        transpiler.grad(transpiler.value_and_grad(mixed))


def test_hessian_of_a_scalar_argument_is_a_float():
    H = transpiler.hessian(mixed, wrt="y")(0.7, 1.3)
    assert isinstance(H, float)
    x, y = sympy.symbols("x y")
    expected = sym_value(sympy.diff(sympy.sin(x * y) * x ** 2 + y ** 3 * sympy.exp(-x), y, 2), {x: 0.7, y: 1.3})
    assert H == pytest.approx(expected, rel=1e-12)


def test_forward_over_reverse_code_pairs_tangents_with_primals():
    """The compiled second-derivative code is forward mode over the generated gradient: every
    adjoint statement `d_v = ...` that carries a tangent is followed by `t_d_v = ...`."""
    shapes = ((), ())
    gradient = pipeline.compiled(mixed, GradientSpec((0,), tuple_output=False, arg_shapes=shapes))
    source = pipeline.source(gradient.function, TangentSpec((0,), shapes + ((),)))
    lines = [line.strip() for line in source.splitlines() if " = " in line]
    for k, line in enumerate(lines):
        if line.startswith("t_"):
            target = line.split(" = ")[0]
            primal = lines[k - 1].split(" = ")[0]
            assert target.startswith("t_" + primal.lstrip("_")), (line, lines[k - 1])
    assert any(line.startswith("t_d_x") for line in lines), source


# --------------------------------------------------------------------------- third derivatives
def quartic(x):
    return x ** 4 + np.sin(x)


def test_third_derivative_of_a_number():
    got = transpiler.grad(transpiler.grad(transpiler.grad(quartic)))(0.5)
    assert got == pytest.approx(24 * 0.5 - math.cos(0.5), rel=1e-12)


def three_numbers(a, b, c):
    return np.sin(a * b) * np.exp(c) + a ** 3 * b ** 2 * c


def looped(w, x):
    total = 0.0
    for k in range(3):
        if x[k] > 0:
            total = total + np.tanh(w * x[k]) ** 2
        else:
            total = total + w ** 4 * x[k]
    return total


def with_an_array(a, v):
    return a ** 3 * np.sum(np.sin(v) * v) + a * np.sum(v ** 4)


def test_mixed_third_partials_against_sympy():
    a, b, c = sympy.symbols("a b c")
    expression = sympy.diff(sympy.sin(a * b) * sympy.exp(c) + a ** 3 * b ** 2 * c, a, b, c)
    point = {a: 0.7, b: 1.3, c: -0.4}
    got = transpiler.grad(transpiler.grad(transpiler.grad(three_numbers, 0), 1), 2)(0.7, 1.3, -0.4)
    assert got == pytest.approx(float(expression.subs(point)), rel=1e-12)
    got = transpiler.grad(transpiler.grad(transpiler.grad(three_numbers, 2), 2), 0)(0.7, 1.3, -0.4)
    assert got == pytest.approx(float(sympy.diff(sympy.sin(a * b) * sympy.exp(c) + a ** 3 * b ** 2 * c,
                                                 c, c, a).subs(point)), rel=1e-12)


def test_third_derivative_through_a_loop_and_branch_and_with_respect_to_an_array():
    x = np.array([0.5, -1.0, 2.0])
    second = transpiler.grad(transpiler.grad(looped))
    h = 1e-4
    numeric = (second(0.8 + h, x) - second(0.8 - h, x)) / (2 * h)
    assert transpiler.grad(transpiler.grad(transpiler.grad(looped)))(0.8, x) == pytest.approx(numeric, rel=1e-6)
    v = np.array([0.3, -0.6, 1.1])
    third = transpiler.grad(transpiler.grad(transpiler.grad(with_an_array, 0), 0), 1)
    np.testing.assert_allclose(third(0.9, v), 6 * 0.9 * (np.sin(v) + v * np.cos(v)), rtol=1e-12)
    narrow = third(np.float32(0.9), v.astype(np.float32))
    assert narrow.dtype == np.float32
    np.testing.assert_allclose(narrow, 6 * 0.9 * (np.sin(v) + v * np.cos(v)), rtol=1e-5)


def test_a_third_derivative_of_an_array_second_derivative_says_so():
    with pytest.raises(OutputShapeError, match="not a number"):
        transpiler.grad(transpiler.grad(transpiler.grad(with_an_array, 1), 0), 0)(0.9, np.ones(3))


def test_third_derivative_by_finite_differences_of_the_second():
    """What works today: central differences of grad(grad(f)) give the third derivative."""
    second = transpiler.grad(transpiler.grad(quartic))
    h = 1e-5
    assert (second(0.5 + h) - second(0.5 - h)) / (2 * h) == pytest.approx(24 * 0.5 - math.cos(0.5), rel=1e-6)


def _uses_gradient(x):
    return np.sum(transpiler.grad(quartic)(x)) * 2.0


THIRD_DERIVATIVE_SPELLINGS = {
    "grad(hessian(f))": lambda x: transpiler.grad(transpiler.hessian(quartic))(x),
    "jvp(hessian(f))": lambda x: transpiler.jvp(transpiler.hessian(quartic), (x,), (1.0,)),
    "jacobian(hessian(f))": lambda x: transpiler.jacobian(transpiler.hessian(quartic))(x),
    "jvp(grad(grad(f)))": lambda x: transpiler.jvp(transpiler.grad(transpiler.grad(quartic)), (x,), (1.0,)),
    "hessian(grad(f))": lambda x: transpiler.hessian(transpiler.grad(quartic))(x),
    "hvp(grad(f))": lambda x: transpiler.hvp(transpiler.grad(quartic), x, 1.0),
    "grad(lambda: grad(grad(f))(x))": lambda x: transpiler.grad(lambda y: transpiler.grad(transpiler.grad(quartic))(y))(x),
    "hessian of a function calling grad(f)": lambda x: transpiler.hessian(_uses_gradient)(x),
    "grad(grad(g)), g calling grad(f)": lambda x: transpiler.grad(transpiler.grad(_uses_gradient))(x),
}


@pytest.mark.parametrize("spelling", list(THIRD_DERIVATIVE_SPELLINGS))
def test_every_spelling_of_a_third_derivative_is_refused_saying_what_to_write(spelling):
    # (hessian's function and grad(grad(f)) were read as source: an error located in transpiler's
    # own api/arguments.py; a function calling grad(f) met "a lambda used as a value" there too)
    with pytest.raises(TranspileError) as refused:
        THIRD_DERIVATIVE_SPELLINGS[spelling](0.5)
    message = str(refused.value)
    assert "third derivative" in message and "central differences" in message, message
    assert "transpiler/api/" not in message and "nested_gradients.py" not in message, message


# ----------------------------------------------------------- Hessians through other primitives
def through_clip(x):
    return np.sum(np.clip(x, -0.5, 0.5) * x ** 2)


def through_cumsum(x):
    return np.sum(np.cumsum(x) ** 3)


def through_norm(x):
    return np.linalg.norm(x) ** 3


def through_prod(x):
    return np.prod(x) * np.sum(x)


def through_max(x):
    return np.max(x ** 2) + np.sum(x ** 3)


def through_where(x):
    return np.sum(np.where(x > 0, x ** 3, np.sin(x)))


def through_indexing(x):
    return x[0] * x[1] ** 2 + np.sum(x[1:] ** 3) + np.sum(x[[0, 2, 2]] ** 2)


def through_in_place(x):
    y = np.zeros(3)
    y[0] = x[0] * x[1]
    y[1:] = np.sin(x[1:])
    return np.sum(y ** 2)


def through_loop_fill(x):
    out = np.zeros(3)
    for i in range(3):
        out[i] = x[i] ** 2 * x[(i + 1) % 3]
    return np.sum(np.sin(out))


def through_concatenate(x):
    return np.sum(np.concatenate([x, x ** 2]) ** 3) + np.sum(np.stack([x, x ** 2]) ** 2)


def through_abs_maximum(x):
    return np.sum(np.abs(x) * x) + np.sum(np.maximum(x, 0.1) ** 2)


def through_tuple(x):
    a, b, c = x[0], x[1], x[2]
    parts = [a * b, b * c]
    return parts[0] * parts[1] + a ** 3


def through_matrix(A):
    return np.sum((A.T @ A) ** 2)


X3 = np.array([0.3, -0.7, 1.2])


@pytest.mark.parametrize("f, x", [(through_max, X3), (through_where, X3), (through_indexing, X3),
                                  (through_in_place, X3), (through_loop_fill, X3), (through_concatenate, X3),
                                  (through_abs_maximum, X3), (through_tuple, X3),
                                  (through_matrix, np.arange(6.0).reshape(2, 3) / 5)],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_hessian_through_other_primitives(f, x):
    assert_hessian_matches_fd(f, (x,), rtol=1e-6, atol=1e-5)


def test_hessian_through_clip():
    assert_hessian_matches_fd(through_clip, (X3,), rtol=1e-6, atol=1e-5)


def test_hessian_through_cumsum():
    assert_hessian_matches_fd(through_cumsum, (X3,), rtol=1e-6, atol=1e-5)


def test_hessian_through_norm():
    # norm's reverse rule calls a helper with a forward rule of its own (the second derivative)
    assert_hessian_matches_fd(through_norm, (X3,), rtol=1e-6, atol=1e-5)


def test_hessian_through_prod():
    assert_hessian_matches_fd(through_prod, (X3,), rtol=1e-6, atol=1e-5)


# --------------------------------------------------------------------------- defaults, containers, outputs (issue 13)
def scaled_by_default(a, guess=10.0):
    return a * a * guess


class Scaled:
    def energy(self, a, guess=10.0):
        return a * a * guess * 0.5


def test_second_derivatives_fill_in_defaulted_parameters():
    assert transpiler.grad(transpiler.grad(scaled_by_default))(2.0) == 20.0
    assert transpiler.hessian(scaled_by_default)(2.0) == 20.0
    assert transpiler.hvp(scaled_by_default, 2.0, 1.0) == 20.0
    # the default replaced by a keyword, and by a positional argument
    assert transpiler.grad(transpiler.grad(scaled_by_default))(2.0, guess=3.0) == 6.0
    assert transpiler.hessian(scaled_by_default)(2.0, guess=3.0) == 6.0
    assert transpiler.hvp(scaled_by_default, 2.0, 1.0, 3.0) == 6.0
    # d/dguess of d/da: 2a
    assert transpiler.grad(transpiler.grad(scaled_by_default), wrt="guess")(2.0, 3.0) == 4.0
    # a bound method with a default
    assert transpiler.hessian(Scaled().energy)(2.0) == 10.0
    assert transpiler.grad(transpiler.grad(Scaled().energy))(2.0) == 10.0


def test_second_derivatives_with_float32_and_closure_constants():
    weight = np.float32(3.0)

    def cubic(x, power=3):
        return np.sum(weight * x ** power)

    x = np.array([1.0, 2.0], dtype=np.float32)
    np.testing.assert_allclose(transpiler.hessian(cubic)(x), np.diag(18.0 * x), rtol=1e-6)
    np.testing.assert_allclose(transpiler.hvp(cubic, x, np.ones(2, dtype=np.float32)), 18.0 * x, rtol=1e-6)


def list_parameter(p):
    return p[0] ** 2 * p[1]


def dict_parameter(p):
    return p["a"] ** 2 * p["b"] + np.sum(np.sin(p["v"]) * p["b"])


def test_hessian_of_a_list_parameter_is_nested_like_it():
    H = transpiler.hessian(list_parameter)([1.0, 2.0])
    assert H == [[4.0, 2.0], [2.0, 0.0]]
    H = transpiler.hessian(list_parameter)((1.0, 2.0))
    assert H == ((4.0, 2.0), (2.0, 0.0))


def test_hessian_of_a_dict_parameter_has_blocks_of_leaf_shapes():
    p = {"a": 1.0, "b": 2.0, "v": np.array([0.3, -0.4, 1.1])}
    H = transpiler.hessian(dict_parameter)(p)
    assert list(H) == ["a", "b", "v"] and all(list(row) == ["a", "b", "v"] for row in H.values())
    assert H["a"]["a"] == 4.0 and H["a"]["b"] == 2.0 and H["b"]["b"] == 0.0
    assert np.shape(H["v"]["v"]) == (3, 3) and np.shape(H["v"]["b"]) == (3,) and np.shape(H["b"]["v"]) == (3,)
    np.testing.assert_allclose(H["v"]["v"], np.diag(-np.sin(p["v"]) * 2.0), atol=1e-12)
    np.testing.assert_allclose(H["b"]["v"], np.cos(p["v"]), atol=1e-12)
    # every block against central differences of the gradient
    g = transpiler.grad(dict_parameter)
    h = 1e-5
    for key in p:
        for j in range(np.size(p[key])):
            hi, lo = dict(p), dict(p)
            e = np.zeros(np.shape(p[key])) if np.ndim(p[key]) else 0.0
            if np.ndim(p[key]):
                e.flat[j] = h
            else:
                e = h
            hi[key], lo[key] = p[key] + e, p[key] - e
            for row in p:
                column = (np.asarray(g(hi)[row]) - np.asarray(g(lo)[row])) / (2 * h)
                block = np.asarray(H[row][key])
                got = block[..., j] if np.ndim(p[key]) else block
                np.testing.assert_allclose(got, column, rtol=1e-6, atol=1e-7)


def test_hvp_and_jacobian_of_grad_with_respect_to_a_container():
    v = transpiler.hvp(list_parameter, [1.0, 2.0], [1.0, 0.0])
    assert v == [4.0, 2.0]
    v = transpiler.hvp(dict_parameter, {"a": 1.0, "b": 2.0, "v": np.zeros(3)},
                       {"a": 0.0, "b": 1.0, "v": np.zeros(3)})
    assert list(v) == ["a", "b", "v"] and v["a"] == 2.0
    np.testing.assert_allclose(v["v"], np.ones(3))


def test_grad_of_grad_with_respect_to_a_list_names_hessian():
    with pytest.raises(OutputShapeError, match=r"with respect to `p` \(a list\), is not a number") as info:
        transpiler.grad(transpiler.grad(list_parameter))([1.0, 2.0])
    assert "transpiler.hessian(list_parameter)" in str(info.value)


def scaled_pair(a, p):
    return a * a * (p[0] + 3.0 * p[1])


def test_grad_of_grad_with_respect_to_a_container_argument_has_its_structure():
    # d/dp of d/da: 2a * [1, 3]
    assert transpiler.grad(transpiler.grad(scaled_pair), wrt=1)(2.0, [0.5, 0.25]) == [4.0, 12.0]
    assert transpiler.grad(transpiler.grad(scaled_pair), wrt=1)(2.0, (0.5, 0.25)) == (4.0, 12.0)


def squares(x):
    return x ** 2


def squares_of(x):
    return x ** 2 * np.ones(3)


def test_second_derivatives_of_an_array_output_are_refused_not_summed():
    # before: the Hessian (and grad(grad)) of the output's sum, silently
    with pytest.raises(OutputShapeError, match=r"shape \(3,\); second derivatives need a scalar output"):
        transpiler.hessian(squares)(np.ones(3))
    with pytest.raises(OutputShapeError, match="second derivatives need a scalar output"):
        transpiler.grad(transpiler.grad(squares_of))(1.0)
    with pytest.raises(OutputShapeError, match="second derivatives need a scalar output"):
        transpiler.hvp(squares, np.ones(2), np.ones(2))
    with pytest.raises(OutputShapeError, match="second derivatives need a scalar output"):
        transpiler.jvp(transpiler.grad(squares), (np.ones(2),), (np.ones(2),))


def row_sums(x):
    return np.sum(np.sin(x), axis=1)


def test_second_derivatives_of_an_output_of_one_element_are_its_element_s():
    x = np.array([[0.3, -0.5, 1.2]])
    H = transpiler.hessian(row_sums)(x)
    assert H.shape == (1, 3, 1, 3)
    np.testing.assert_allclose(H.reshape(3, 3), np.diag(-np.sin(x[0])), atol=1e-12)
    np.testing.assert_allclose(transpiler.hvp(row_sums, x, np.ones((1, 3))), -np.sin(x), atol=1e-12)


def test_hessian_checks_the_output_shape_once_not_per_column(monkeypatch):
    calls = []
    original = transpiler.api.output_shape
    monkeypatch.setattr(transpiler.api.second, "output_shape", lambda *a: calls.append(1) or original(*a))
    x = np.linspace(0.1, 1.0, 6)
    H = transpiler.hessian(through_prod)(x)
    assert H.shape == (6, 6) and len(calls) == 1
    calls.clear()
    transpiler.grad(transpiler.grad(scaled_pair), wrt=1)(2.0, [0.5, 0.25, 1.0])
    assert len(calls) == 1


def cosine_of_a_sum_in_a_loop(x0, x1):
    for _ in range(2):
        x0 = x0
        x1 = np.cos(np.sum(x0))
    for _ in range(2):
        kept = x0       # noqa: F841  (a second loop after the first: the first's tape matters)
    return x1


def test_hessian_where_the_gradients_taped_loop_only_pushes_values():
    x0 = np.array([-1.34075252, -1.64170876])
    h = transpiler.hessian(cosine_of_a_sum_in_a_loop)(x0, 1.1)
    np.testing.assert_allclose(h, np.full((2, 2), -np.cos(x0.sum())), rtol=1e-12)


def reduced_in_a_loop_with_an_early_return(x0, x1, x2):
    for i1 in range(2):
        x0 = np.minimum(np.sum(x0, axis=0, keepdims=True), i1)
        x1 = x1 * 0.5 + np.exp(-x1 * x1)
        for _ in range(1, 3):
            if x1.sum() >= 5.0:
                return np.exp(-x2[-1] * x2[-1])
    return np.sum(np.sin(x0)) + np.sum(np.sin(x1)) + np.sum(x2)


def test_hessian_where_the_gradient_pops_tape_items_the_tangent_code_does_not_read():
    """The gradient's reverse loop pops x0, x1 and x2 off one tape per iteration; forward mode
    over it with respect to x0 reads only x0's items, but must still pop the others, or the
    stack falls out of step (fuzz seed 168174: a crash in unreduce)."""
    args = (np.array([[-0.11, 0.25, -0.88]]), np.array([[-1.63], [-0.09]]), np.array([-0.33, -1.63]))
    h = transpiler.hessian(reduced_in_a_loop_with_an_early_return)(*args)
    np.testing.assert_allclose(h, fd_hessian(reduced_in_a_loop_with_an_early_return, args), atol=1e-6)


def last_column_energy(m):
    index = (..., -1)
    k = m.shape[1] - 1
    return np.sum(m[index] ** 3) + np.sum(m[..., 0] * m[..., k])


def test_hessian_through_ellipsis_indices_held_in_values():
    """The gradient's code passes `(..., k)` index tuples to its helpers; differentiating that
    code again refused the constant Ellipsis."""
    m = np.array([[0.5, 1.0, -0.3], [0.2, 0.4, 0.9]])
    np.testing.assert_allclose(transpiler.hessian(last_column_energy)(m), fd_hessian(last_column_energy, (m,)),
                               atol=1e-6)

"""The ``selected_sums`` rewrite (transpiler/rewrites/selected_sums.py): the adjoints of
``np.where(c, a, b)``'s two branches, each selected and scaled on its way to one value, summed as
one selection, and forward mode's tangent of the selection as one selection of the tangents.
Pinned: the code (one ``np.where``, no sum), the gradient against central finite
differences and against the rewrite off, in the spellings users write (a helper, a closure
constant, a loop, scalar branches, a mean or a sum, float32), Hessians, and the cases left alone."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(31)
X = RNG.standard_normal((30, 4))
Y = RNG.standard_normal(30)
W = RNG.standard_normal(4)
V = RNG.standard_normal(12)
DELTA = 0.8


def huber(w, X, y, delta=1.0):
    r = X @ w - y
    return np.mean(np.where(np.abs(r) <= delta, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta)))


def _huber_terms(r, delta):
    small = np.abs(r) <= delta
    return np.where(small, 0.5 * r * r, delta * np.abs(r) - 0.5 * delta ** 2)


def huber_helper_closure(w, X, y):
    return np.sum(_huber_terms(X @ w - y, DELTA)) / len(y)


def leaky_relu_squares(x):
    return np.sum(np.where(x > 0, x, 0.1 * x) ** 2)


def leaky_in_a_loop(x):
    for _ in range(3):
        x = np.where(x > 0, x, 0.05 * x) * 1.1
    return np.sum(np.sin(x))


def leaky_in_a_branch(x):
    if np.sum(x) > -100.0:
        y = np.where(x > 0, x, 0.1 * x) * x
    else:
        y = x
    return np.sum(y)


def scalar_branch(x):
    return np.sum(np.where(x > 0.2, 3.0 * x, 0.5))      # b a number: its adjoint is nobody's


def smooth_corner(x):
    # at x = 0 the square root's branch is not taken: its derivative there (inf) must not reach the
    # gradient, which is the taken branch's, -1
    return np.sum(np.where(x > 0, np.sqrt(np.abs(x)), -x))


CASES = [(huber, (W, X, Y), 0), (huber_helper_closure, (W, X, Y), 0), (leaky_relu_squares, (V,), 0),
         (leaky_in_a_loop, (V,), 0), (leaky_in_a_branch, (V,), 0), (scalar_branch, (V,), 0)]


@pytest.mark.parametrize("fn, args, wrt", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_gradient_matches_finite_differences_and_the_rewrite_off(fn, args, wrt):
    on = transpiler.grad(fn, wrt=wrt)(*args)
    off = transpiler.grad(fn, wrt=wrt, rewrites={"selected_sums": False})(*args)
    np.testing.assert_allclose(on, off, rtol=1e-12, atol=1e-15)
    assert check_grad(fn, *args, wrt=wrt).ok


def _sweep(fn, args, rewrites=True):
    """The reverse sweep of the code ``grad(fn, rewrites=rewrites)`` runs for ``args``."""
    source = transpiler.grad(fn, rewrites=rewrites).source(args=args)
    return source[source.index("# reverse sweep"):]


def test_the_huber_gradient_selects_once_and_sums_nothing():
    assert _sweep(huber, (W, X, Y), rewrites={"selected_sums": False}).count("np.where(") == 2
    sweep = _sweep(huber, (W, X, Y), rewrites={"clipped_selections": False})   # (on: a clip, no selection)
    assert sweep.count("np.where(") == 1 and " + " not in sweep


@pytest.mark.parametrize("fn", [leaky_relu_squares, leaky_in_a_loop])
def test_leaky_relu_selects_once_also_in_a_reverse_loop(fn):
    sweep = _sweep(fn, (V,))
    assert sweep.count("np.where(") == 1 and " + " not in sweep


def test_float32_keeps_its_dtype():
    x = V.astype(np.float32)
    got = transpiler.grad(leaky_relu_squares)(x)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, transpiler.grad(leaky_relu_squares)(V), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fn", [leaky_relu_squares, leaky_in_a_loop])
def test_hessian_vector_products_match_differences_of_the_gradient(fn):
    v = RNG.standard_normal(V.shape)
    g = transpiler.grad(fn)
    h = 1e-6
    expected = (g(V + h * v) - g(V - h * v)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(fn, V, v), expected, rtol=1e-5, atol=1e-7)


def test_forward_mode_agrees():
    t = RNG.standard_normal(W.shape)
    _, tangent = transpiler.jvp(huber, (W, X, Y), (t, np.zeros_like(X), np.zeros_like(Y)))
    assert tangent == pytest.approx(np.dot(transpiler.grad(huber)(W, X, Y), t), rel=1e-12)


def test_the_branch_not_taken_leaks_no_infinity():
    x = np.array([-1.0, 0.0, 0.5, 2.0])
    with np.errstate(divide="ignore", invalid="ignore"):
        on = transpiler.grad(smooth_corner)(x)
    np.testing.assert_allclose(on, [-1.0, -1.0, 0.5 / np.sqrt(0.5), 0.5 / np.sqrt(2.0)], rtol=1e-12)


def two_conditions(x):
    return np.sum(np.where(x > 0, x, 0.0) ** 2 + np.where(x > 0.5, 0.0, 2 * x))


def selection_read_twice(x):
    s = np.where(x > 0, x, -x)
    return np.sum(s * x) + np.sum(s)


@pytest.mark.parametrize("fn", [two_conditions, selection_read_twice])
def test_cases_left_alone_are_still_right(fn):
    assert check_grad(fn, V).ok
    np.testing.assert_allclose(transpiler.grad(fn)(V), transpiler.grad(fn, rewrites={"selected_sums": False})(V),
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("fn, args", [(leaky_relu_squares, (V,)), (huber, (W, X, Y)), (leaky_in_a_loop, (V,))],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_forward_mode_selects_the_tangents_and_matches_finite_differences(fn, args):
    t = RNG.standard_normal(np.shape(args[0]))
    tangents = (t, *[np.zeros_like(a) for a in args[1:]])
    _, on = transpiler.jvp(fn, args, tangents)
    _, off = transpiler.jvp(fn, args, tangents, rewrites={"selected_sums": False})
    h = 1e-6
    expected = (fn(args[0] + h * t, *args[1:]) - fn(args[0] - h * t, *args[1:])) / (2 * h)
    assert on == pytest.approx(off, rel=1e-12) and on == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_forward_code_of_a_leaky_relu_is_one_selection_of_the_tangents():
    source = str(transpiler.show(leaky_relu_squares, 0, args=(V,), mode="forward"))
    body = source[source.rindex("def "):]
    assert "np.where(_t1, t_x, t_t2)" in body and "1.0, 0.0)" not in body

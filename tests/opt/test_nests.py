"""Two nested loops run as one loop over their (i, j) pairs (opt/nests.py, opt/vectorize.py):
the reverse sweep of a pairwise sum is a dozen array operations over all the pairs, as written
by hand, in each spelling of the nest: a triangular inner range, an `if j > i` over a full one,
a lower triangle, a rectangle of two arrays, a helper, the size a parameter, float32; and a
nest of a few pairs stays a loop on numbers (NEST_MINIMUM)."""
import numpy as np
import pytest

from transpiler import check_grad, grad, hessian, hvp, jvp
from transpiler.opt.vectorize import NEST_MINIMUM


def pair_energy(x):
    n = len(x)
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            d = x[i] - x[j]
            e = e + 1.0 / (1.0 + d * d)
    return e


def pair_energy_if(x):
    n = len(x)
    e = 0.0
    for i in range(n):
        for j in range(n):
            if j > i:
                d = x[i] - x[j]
                e = e + 1.0 / (1.0 + d * d)
    return e


def potential(d):
    return 1.0 / (1.0 + d * d)


def pair_energy_helper(x):
    total = 0.0
    for a in range(x.shape[0]):
        for b in range(a + 1, x.shape[0]):
            total += potential(x[a] - x[b])
    return total


def pair_energy_sized(x, n):
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            d = x[i] - x[j]
            e = e + 1.0 / (1.0 + d * d)
    return e


def by_hand(x):
    d = x[:, None] - x[None, :]
    w = np.triu(-2 * d / (1.0 + d * d) ** 2, 1)
    return np.sum(w, axis=1) - np.sum(w, axis=0)


def lower_gaussians(x):
    e = 0.0
    for i in range(len(x)):
        for j in range(i):
            e += np.exp(-(x[i] - x[j]) ** 2)
    return e


def cross_cosines(x, y):
    e = 0.0
    for i in range(x.shape[0]):
        for j in range(y.shape[0]):
            e = e + np.cos(x[i] * y[j])
    return e


def pair_product(x):
    p = 1.0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            p = p * (1.0 + 0.01 * x[i] * x[j])
    return p


X = np.random.default_rng(0).uniform(-2.0, 2.0, 30)
Y = np.random.default_rng(1).uniform(-1.0, 1.0, 9)


def source(f, *args, wrt=0):
    gradient = grad(f, wrt)
    return gradient.compiled(gradient.bind(args, {})).source


def gradient_code(text):
    return text[text.index("_grad("):]


@pytest.mark.parametrize("f", [pair_energy, pair_energy_if, pair_energy_helper])
def test_a_pair_sum_runs_as_array_code_over_all_pairs(f):
    text = gradient_code(source(f, X))
    assert "nested_ranges(range(30)" in text and "for " not in text and "np.add.at(d_x" in text
    np.testing.assert_allclose(grad(f)(X), by_hand(X), rtol=1e-10, atol=1e-12)
    assert check_grad(f, X).ok


def test_an_if_on_the_counters_selects_the_pairs_and_leaves_no_forward_loop():
    text = gradient_code(source(pair_energy_if, X))
    assert "i, j = i[_t1], j[_t1]" in text and "j > i" in text


def test_the_size_a_parameter_the_pairs_follow_it_at_run_time():
    text = gradient_code(source(pair_energy_sized, X, 30))
    assert "nested_ranges(range(n), (1, 1), (0, n))" in text
    for n in (30, 12, 1, 0):
        expected = np.zeros(30)
        expected[:n] = by_hand(X[:n])
        np.testing.assert_allclose(grad(pair_energy_sized)(X, n), expected, rtol=1e-10, atol=1e-12)


def test_a_lower_triangle_and_a_rectangle_of_two_arrays():
    assert "nested_ranges(range(30), (0, 0), (1, 0))" in source(lower_gaussians, X)
    assert check_grad(lower_gaussians, X).ok
    assert "nested_ranges(range(30), (0, 0), (0, 9))" in source(cross_cosines, X, Y, wrt=(0, 1))
    dx, dy = grad(cross_cosines, (0, 1))(X, Y)
    np.testing.assert_allclose(dx, -np.sin(np.outer(X, Y)) @ Y, rtol=1e-10)
    np.testing.assert_allclose(dy, -np.sin(np.outer(X, Y)).T @ X, rtol=1e-10)


def test_float32_stays_float32():
    x = X.astype(np.float32)
    g = grad(pair_energy)(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, by_hand(X), rtol=1e-4, atol=1e-5)


def test_a_few_pairs_stay_a_loop_on_numbers():
    x = X[:8]                                     # 28 pairs
    assert 8 * 7 // 2 < NEST_MINIMUM
    assert "nested_ranges" not in source(pair_energy, x)
    np.testing.assert_allclose(grad(pair_energy)(x), by_hand(x), rtol=1e-10, atol=1e-12)


def test_a_nest_whose_inner_loop_changes_the_carried_adjoint_stays_loops():
    assert "nested_ranges" not in source(pair_product, X)
    assert check_grad(pair_product, X).ok


def doubled_start(x):
    e = 0.0
    for i in range(len(x)):
        for j in range(2 * i, len(x)):
            e = e + x[i] * x[j] ** 2
    return e


def test_an_inner_bound_computed_from_the_counter_otherwise_keeps_the_loops():
    assert "nested_ranges" not in source(doubled_start, X)
    assert check_grad(doubled_start, X).ok


def test_forward_mode_and_second_derivatives_agree():
    v = np.random.default_rng(2).standard_normal(30)
    value, tangent = jvp(pair_energy, (X,), (v,))
    np.testing.assert_allclose(tangent, by_hand(X) @ v, rtol=1e-10)
    eps = 1e-6
    numeric = np.array([(by_hand(X + eps * e) - by_hand(X - eps * e)) / (2 * eps) for e in np.eye(30)])
    np.testing.assert_allclose(hessian(pair_energy)(X), numeric, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(hvp(pair_energy, X, v), numeric @ v, rtol=1e-5, atol=1e-6)

"""The ``weighted_rows`` rewrite (transpiler/rewrites/weighted_rows.py): a vector spread along a
matrix's rows (``w[:, None] * M``) summed over them is ``w @ M`` on the reverse sweep's IR (calls),
in a reverse loop's body too; the product is never formed. Pinned: the code's shape, finite
differences in both modes, the gradient with the rewrite off, float32, and spellings it leaves."""
import numpy as np

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(23)
C, X = RNG.standard_normal((3, 4)), RNG.standard_normal((30, 4))


def centre_distances(C, X):
    """Each centre's row norms (a reverse loop: ``(g / n)[:, None] * (X - c)`` summed over rows)."""
    D = np.stack([np.linalg.norm(X - c, axis=1) for c in C], axis=1)
    return np.sum(np.exp(-D) * D)


def one_centre(c, X):
    return np.sum(np.sqrt(np.sum((X - c) ** 2, axis=1)) ** 3)


def column_weights(w, M):
    return np.sum(np.sin(np.sum(w[None, :] * M, axis=1)))


def two_terms(c, X):
    """The row sum reads the spread product plus another contribution: no product alone to contract."""
    return np.sum(np.tanh(X - c) ** 2) + np.sum(np.linalg.norm(X - c, axis=1))


def test_the_row_sum_is_a_vector_matrix_product_in_a_reverse_loop():
    source = transpiler.grad(centre_distances).source(args=(C, X))
    reverse = source.split("# reverse sweep")[1]
    assert "@ _t4" in reverse and "[:, None] *" not in reverse and ".sum(axis=0)" not in reverse


def test_the_column_sum_of_a_spread_weight_is_a_matrix_vector_product():
    w, M = RNG.standard_normal(4), RNG.standard_normal((5, 4))
    assert check_grad(column_weights, w, M, wrt=(0, 1))
    assert np.allclose(transpiler.grad(column_weights, wrt=(0, 1))(w, M)[0],
                       transpiler.grad(column_weights, wrt=(0, 1), rewrites={"weighted_rows": False})(w, M)[0])


def test_finite_differences_in_both_modes_and_the_rewrite_off():
    for f, first in ((centre_distances, C), (one_centre, C[0])):
        assert check_grad(f, first, X), f.__name__
        on = transpiler.grad(f)(first, X)
        off = transpiler.grad(f, rewrites={"weighted_rows": False})(first, X)
        assert np.allclose(on, off, rtol=1e-12, atol=1e-13), f.__name__
        direction = RNG.standard_normal(np.shape(first))
        _, tangent = transpiler.jvp(f, (first, X), (direction, np.zeros_like(X)))
        assert np.isclose(tangent, np.vdot(on, direction)), f.__name__


def test_float32_stays_float32():
    g = transpiler.grad(centre_distances)(C.astype(np.float32), X.astype(np.float32))
    assert g.dtype == np.float32 and np.allclose(g, transpiler.grad(centre_distances)(C, X), rtol=1e-3, atol=1e-4)


def test_a_product_with_another_term_added_is_left():
    reverse = transpiler.grad(two_terms).source(args=(C[0], X)).split("# reverse sweep")[1]
    assert ".sum(axis=0)" in reverse and "@" not in reverse
    assert check_grad(two_terms, C[0], X)


def growth_steps(w, M):
    """The spread product is summed in a ``while`` loop's test (the loop's ``cond_body``)."""
    s = 1.0
    while np.max(np.abs(np.sum(w[:, None] * M, axis=0))) * s < 10.0:
        s = s * 1.5
    return s * np.sum(w ** 2)


def test_a_while_loops_test_is_rewritten_too():
    w, M = RNG.standard_normal(5), RNG.standard_normal((5, 4))
    source = transpiler.grad(growth_steps).source(args=(w, M))
    assert "w @ M" in source and "[:, None] *" not in source
    assert check_grad(growth_steps, w, M)

"""An adjoint that reverse mode only adds items into (``d_x[i] += g`` in a reverse loop, its first
value a contribution this code made: ``1.0 * np.arange(...)``) is written in place, as a family of
its own (opt/array_writes.py): before, it was copied whole per item (``d_x = np.copy(d_x)``),
quadratic in the loop's length, as no item write (``assign_at``) started its family."""
import numpy as np

import transpiler as tp


def squares_read_by_item_plus_weighted_sum(x):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] ** 2
    return s + np.sum(x * np.arange(1.0, len(x) + 1.0))


def test_an_adjoint_only_added_into_is_not_copied_per_item():
    x = np.random.default_rng(1).standard_normal(7)
    g = tp.grad(squares_read_by_item_plus_weighted_sum)
    code = g.source(args=(x,)).split("# reverse sweep")[1]
    assert "np.copy(" not in code and "d_x[i] += " in code, code
    np.testing.assert_allclose(g(x), 2 * x + np.arange(1.0, 8.0), rtol=1e-14)
    assert tp.check_grad(squares_read_by_item_plus_weighted_sum, x).ok


def test_the_callers_array_is_not_written():
    weights = np.arange(1.0, 6.0)

    def weighted(x):
        s = 0.0
        for i in range(len(x)):
            s = s + x[i] ** 2
        return s + np.sum(x * weights)

    x = np.random.default_rng(2).standard_normal(5)
    kept = weights.copy()
    np.testing.assert_allclose(tp.grad(weighted)(x), 2 * x + kept, rtol=1e-14)
    np.testing.assert_allclose(tp.grad(weighted)(x), 2 * x + kept, rtol=1e-14)
    assert np.array_equal(weights, kept)

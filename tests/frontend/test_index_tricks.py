"""``np.r_[...]`` and ``np.c_[...]``: lowered as the concatenation they mean (frontend/
index_tricks.py), so the value is NumPy's and both modes follow ``concatenate``'s rules. Pieces
are arrays, numbers and slices (``1:4`` is ``np.arange(1, 4)``), from parameters, globals,
closures and helpers."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from transpiler.check import check_grad

RNG = np.random.default_rng(3)
C32 = RNG.standard_normal((3, 2))
C5 = RNG.standard_normal(5)


def rows_of_param_and_global(x):
    return np.sum(np.sin(np.r_[x, C32, x]))


def vector_number_and_range(x):
    return np.sum(np.r_[x, 2.0, x * x, 1:4] ** 2)


def one_piece(x):
    return np.sum(np.tanh(np.r_[x]))


def columns_of_vectors(x):
    return np.sum(np.cos(np.c_[x, C5, 2.0 * x]))


def columns_of_matrices(x):
    return np.sum(np.c_[x, C32] ** 3)


def columns_of_3d(x):        # c_ joins on the last axis (column_stack would use axis 1)
    return np.sum(np.c_[x, x * x] * np.arange(24.0).reshape(2, 3, 4))


def _stack(a, b):
    return np.r_[a, b]


def through_a_helper_and_closure(x):
    scale = 3.0
    pair = lambda v: _stack(v, scale * v)   # noqa: E731
    return np.sum(pair(x) ** 2)


def _forward_matches_reverse(f, x):
    direction = np.cos(np.arange(np.size(x)) + 1.0).reshape(np.shape(x))
    value, tangent = transpiler.jvp(f, (x,), (direction,))
    assert value == pytest.approx(f(x))
    assert tangent == pytest.approx(np.sum(transpiler.grad(f)(x) * direction), rel=1e-10)


@pytest.mark.parametrize("f, x", [
    (rows_of_param_and_global, RNG.standard_normal((3, 2))),
    (vector_number_and_range, RNG.standard_normal(4)),
    (vector_number_and_range, 1.5),
    (one_piece, RNG.standard_normal((2, 3))),
    (columns_of_vectors, RNG.standard_normal(5)),
    (columns_of_matrices, RNG.standard_normal((3, 4))),
    (columns_of_3d, RNG.standard_normal((2, 3, 2))),
    (through_a_helper_and_closure, RNG.standard_normal(3)),
])
def test_index_tricks_in_both_modes_against_finite_differences(f, x):
    assert check_grad(f, x)
    _forward_matches_reverse(f, x)


def test_index_tricks_in_float32_keep_the_dtype():
    x = RNG.standard_normal(4).astype(np.float32)
    g = transpiler.grad(vector_number_and_range)(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, 2.0 * x + 4.0 * x ** 3, rtol=1e-5)


def test_hessian_through_r_():
    x = RNG.standard_normal(3)
    expected = np.diag(2.0 + 12.0 * x ** 2)
    np.testing.assert_allclose(transpiler.hessian(vector_number_and_range)(x), expected, rtol=1e-10)


def directive(x):
    return np.sum(np.r_["0,2", x, x])


def complex_step(x):
    return np.sum(x * np.r_[0:1:4j])


@pytest.mark.parametrize("f, what", [(directive, "a directive string"), (complex_step, "a slice with a complex step")])
def test_index_trick_spellings_not_rewritten_are_refused_at_their_line(f, what):
    with pytest.raises(UnsupportedSyntaxError, match=rf"test_index_tricks.py:\d+:\d+: `np.r_\[...\]` with {what}"):
        transpiler.grad(f)(np.ones(4))

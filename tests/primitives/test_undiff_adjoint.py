"""``undiff`` (transpiler/primitives/rearranging.py), the adjoint of ``np.diff(x, n, axis)``, built
in place: ``<np.diff(x, n, axis), g> == <x, undiff(g, x.shape, n, axis)>`` for every axis and
order, its dtype the adjoint's (float32 stays float32, complex stays complex)."""
import numpy as np
import pytest

from transpiler.primitives.rearranging import undiff

CASES = [((7,), 1, -1), ((7,), 3, 0), ((4, 5), 1, 0), ((4, 5), 2, 1), ((3, 4, 5), 1, -2), ((3, 4, 5), 2, 2),
         ((3, 2), 2, 1)]


@pytest.mark.parametrize("shape, n, axis", CASES)
def test_undiff_is_the_adjoint_of_diff(shape, n, axis):
    rng = np.random.default_rng(5)
    x = rng.standard_normal(shape)
    g = rng.standard_normal(np.diff(x, n, axis).shape)
    back = undiff(g, shape, n, axis)
    assert back.shape == shape
    np.testing.assert_allclose(np.sum(np.diff(x, n, axis) * g), np.sum(x * back), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.complex128])
def test_undiff_keeps_the_adjoints_dtype(dtype):
    g = np.arange(1, 4).astype(dtype)
    back = undiff(g, (4,), 1, 0)
    assert back.dtype == dtype
    np.testing.assert_array_equal(back, np.array([-1, -1, -1, 3]).astype(dtype))


@pytest.mark.parametrize("n", [1, 2, 6, 7])
def test_a_1d_adjoint_matches_the_general_path(n):
    """A 1-d float array takes undiff's short path (no shape arithmetic): the same numbers as the
    path every other adjoint takes (here, the same values as a 2-d row), zeros where ``n`` is at
    least the length (the difference empty)."""
    x = np.random.default_rng(2).standard_normal(6)
    g = np.random.default_rng(3).standard_normal(np.diff(x, n).shape)
    back = undiff(g, (6,), n, -1)
    np.testing.assert_allclose(back, undiff(g[None, :], (1, 6), n, -1)[0], rtol=0, atol=0)
    assert back.shape == (6,) and back.dtype == np.float64


def test_an_integer_adjoint_becomes_float64():
    back = undiff(np.array([1, 2, 3]), (4,), 1, 0)
    assert back.dtype == np.float64
    np.testing.assert_array_equal(back, [-1.0, -1.0, -1.0, 3.0])

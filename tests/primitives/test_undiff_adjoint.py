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

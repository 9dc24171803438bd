"""cdist's squared distances in the numba backend (backends/numba_runtime.py): numba's
``squared_distances`` (a loop over the pairs: nopython mode calls no SciPy) gives SciPy's values,
and a gradient through ``cdist(..., "sqeuclidean")`` compiles and equals the NumPy backend's."""
import numpy as np
import pytest

import transpiler
from transpiler.backends import emit
from transpiler.backends.numba_runtime import NUMBA_HELPERS

numba = pytest.importorskip("numba")
pytest.importorskip("scipy")
from scipy.spatial.distance import cdist  # noqa: E402

RNG = np.random.default_rng(9)
POINTS, CENTRES = RNG.standard_normal((7, 3)), RNG.standard_normal((5, 3))


def test_numba_squared_distances_are_scipys():
    namespace = {"np": np}
    exec(emit.helper_source(NUMBA_HELPERS["squared_distances"]), namespace)
    got = numba.njit(namespace["squared_distances"])(POINTS, CENTRES)
    np.testing.assert_allclose(got, cdist(POINTS, CENTRES, "sqeuclidean"), rtol=1e-13)


def gaussian_kernel_loss(x):
    return np.sum(np.exp(-cdist(x, CENTRES, "sqeuclidean")) * np.arange(5.0))


def test_a_gradient_through_cdist_compiles_with_numba():
    expected = transpiler.grad(gaussian_kernel_loss)(POINTS)
    np.testing.assert_allclose(transpiler.grad(gaussian_kernel_loss, backend="numba")(POINTS), expected, rtol=1e-12)

"""Wrong values the peers' suites found (tests/peers: JAX's and PyTorch's checks), each against
NumPy and finite differences, both modes:

* ``np.vecdot(a, b, axis=0)`` of a ``(3, 1)`` and a ``(3,)``: NumPy moves each operand's vector
  axis last before broadcasting the others (one value); the composition broadcast first (three);
* ``np.cross(a, b, axis=0)`` of a ``(3, 3, 3)`` and a ``(3, 3)``: the adjoint of the broadcast
  argument summed over its vector axis, moved to the front, instead of the broadcast one;
* ``np.cov(x, rowvar=False)`` of a vector: NumPy transposes only a matrix of more than one row
  (the variance), the composition transposed a vector into one observation per variable (NaN);
* ``np.nanvar`` / ``np.nanstd`` of complex values: ``|x - mean|²``, not ``(x - mean)²``."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad

R = np.random.default_rng(11)


def vecdot_first_axis(a, b):
    return np.sum(np.vecdot(a, b, axis=0) ** 2)


def linalg_vecdot_first_axis(a, b):
    return np.sum(np.sin(np.linalg.vecdot(a, b, axis=0)))


def cross_first_axis(a, b):
    return np.sum(np.cross(a, b, axis=0) ** 2)


def covariance_of_a_vector_by_columns(x):
    return np.cov(x, rowvar=False)


def covariance_of_two_vectors_by_columns(x, y):
    return np.sum(np.cov(x, y, rowvar=False) ** 2)


CASES = [
    (vecdot_first_axis, (R.standard_normal((3, 1)), R.standard_normal(3))),
    (vecdot_first_axis, (R.standard_normal((3, 4)), R.standard_normal(3))),
    (linalg_vecdot_first_axis, (R.standard_normal((3, 2)), R.standard_normal((3, 1)))),
    (cross_first_axis, (R.standard_normal((3, 3, 3)), R.standard_normal((3, 3)))),
    (cross_first_axis, (R.standard_normal((3, 2, 3)), R.standard_normal((3, 3)))),
    (covariance_of_a_vector_by_columns, (R.standard_normal(5),)),
    (covariance_of_two_vectors_by_columns, (R.standard_normal(5), R.standard_normal(5))),
]


@pytest.mark.parametrize("f, args", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_value_and_gradient_match_numpy_and_differences(f, args):
    value, _ = transpiler.value_and_grad(f, tuple(range(len(args))))(*args)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12)
    report = check_grad(f, *args, wrt=tuple(range(len(args))))
    assert report.ok, str(report)
    tangents = tuple(np.ones_like(a) for a in args)
    _, tangent = transpiler.jvp(f, args, tangents)
    gradients = transpiler.grad(f, tuple(range(len(args))))(*args)
    assert tangent == pytest.approx(sum(np.sum(g * t) for g, t in zip(gradients, tangents)), rel=1e-9)


@pytest.mark.parametrize("reduction", [np.nanvar, np.nanstd])
def test_nan_spread_of_complex_values_is_of_their_sizes(reduction):
    z = R.standard_normal(6) + 1j * R.standard_normal(6)
    z[2] = np.nan

    def spread(x):
        return np.real(reduction(x * (1 + 2j) + z))

    x = R.standard_normal(6)
    value, _ = transpiler.value_and_grad(spread)(x)
    assert value == pytest.approx(reduction(x * (1 + 2j) + z), rel=1e-12)
    report = check_grad(spread, x)
    assert report.ok, str(report)

"""NumPy 2's named results read by field (frontend/named_results.py): ``eigh(a).eigenvalues``,
``svd(a).S``, ``slogdet(a).logabsdet``, ``qr(a).R``, through a name, in a loop, in both modes
(they crashed: a KeyError in reverse mode, an AttributeError in forward mode)."""
import numpy as np
import pytest

import transpiler

A = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 1.5]])
DIRECTION = np.random.default_rng(3).standard_normal(A.shape)


def eigenvalues_by_field(a):
    s = (a + a.T) / 2
    return np.sum(np.linalg.eigh(s).eigenvalues ** 2)


def singular_values_by_field(a):
    return np.linalg.svd(a, full_matrices=False).S.sum()


def log_determinant_through_a_name(a):
    result = np.linalg.slogdet(a)
    return result.logabsdet * result.sign


def triangle_of_qr_in_a_loop(a):
    total = 0.0
    for k in range(2):
        total = total + np.sum(np.linalg.qr(a * (k + 1.0)).R[0])
    return total


def eigenvectors_by_field(a):
    s = (a + a.T) / 2
    v = np.linalg.eigh(s).eigenvectors
    return np.sum(np.abs(v[:, -1]) * np.array([1.0, 2.0, 3.0]))


@pytest.mark.parametrize("f", [eigenvalues_by_field, singular_values_by_field, log_determinant_through_a_name,
                               triangle_of_qr_in_a_loop, eigenvectors_by_field])
def test_a_named_result_field_differentiates_in_both_modes(f):
    report = transpiler.check_grad(f, A, rtol=1e-5)
    assert report.ok, report
    value, tangent = transpiler.jvp(f, (A,), (DIRECTION,))
    h = 1e-6
    assert value == pytest.approx(f(A))
    assert tangent == pytest.approx((f(A + h * DIRECTION) - f(A - h * DIRECTION)) / (2 * h), rel=1e-5, abs=1e-8)

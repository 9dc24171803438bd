"""``hessian(f, mode="forward")`` through ``np.linalg.eigvalsh`` / ``eigh`` where eigenvalues
repeat. Forward over forward mode differentiates each eigenvalue apart, and one eigenvalue's
second derivative is infinite where it equals another and the tangents couple them: only their
sum (the trace) has a limit. It gave NaN at ``2 I`` and, at a matrix whose equal eigenvalues
differ by rounding, a finite wrong value (0.105 where the Hessian is 0). Now the helpers give NaN
for such an eigenvalue (primitives/decomposition_tangents.py ``turned_by_equal_values``) and the
forward Hessian takes the reverse mode's there, which differentiates the gradient (the sum) and
is exact: 0 for trace-like functions. Where eigenvalues are apart, forward over forward stands."""
import warnings

import numpy as np
import pytest

import transpiler
from transpiler.primitives.decomposition_tangents import eigvalsh_tangent_of_tangent

from test_eigenvalues_repeated_second_order import trace_by_eigenvalues, trace_by_eigh, weighted_trace

_q, _ = np.linalg.qr(np.random.RandomState(0).randn(3, 3))
REPEATED = {"2 I": 2.0 * np.eye(3), "rotated (1, 1, 2)": _q @ np.diag([1.0, 1.0, 2.0]) @ _q.T}
APART = np.array([[2.0, 0.3, -0.4], [0.3, 1.0, 0.2], [-0.4, 0.2, -0.5]])


def squares_of_eigenvalues(a):
    return np.sum(np.linalg.eigvalsh(a) ** 2)


TRACES = [trace_by_eigenvalues, weighted_trace, trace_by_eigh]


@pytest.mark.parametrize("a", REPEATED.values(), ids=REPEATED.keys())
@pytest.mark.parametrize("f", TRACES, ids=lambda f: f.__name__)
def test_the_forward_hessian_of_a_sum_of_eigenvalues_is_exact_where_they_repeat(f, a):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        forward = transpiler.hessian(f, mode="forward")(a)
    np.testing.assert_allclose(forward, np.zeros((3, 3, 3, 3)), atol=1e-12)


@pytest.mark.parametrize("f", [*TRACES, squares_of_eigenvalues], ids=lambda f: f.__name__)
def test_where_eigenvalues_are_apart_both_modes_agree(f):
    np.testing.assert_allclose(transpiler.hessian(f, mode="forward")(APART), transpiler.hessian(f)(APART),
                               rtol=1e-9, atol=1e-10)


def test_one_eigenvalues_second_derivative_is_nan_where_equal_ones_couple_not_a_rounding_errors_quotient():
    a = REPEATED["rotated (1, 1, 2)"]
    t = np.array([[0.3, -1.0, 0.4], [-1.0, 0.5, 0.2], [0.4, 0.2, -0.7]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        second = eigvalsh_tangent_of_tangent(t, a, "L", None, t, None)
    assert np.isnan(second[:2]).all() and np.isfinite(second[2])
    assert np.isfinite(eigvalsh_tangent_of_tangent(t, APART, "L", None, t, None)).all()

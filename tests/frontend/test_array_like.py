"""A list or tuple given to a scipy.stats method (frontend/array_like.py) is read as the array
SciPy makes of it: ``stats.norm.logpdf([0.1, 0.5], 0.0, sigma)``, ``stats.poisson.logpmf(counts,
mu)`` with ``counts`` a list. It was refused inside the composition ("the operator `-` on a list",
pointing into primitives/scipy_stats.py). The same for NumPy functions whose derivative computes
with a list operand (``np.dot(x, [1.0, 2.0])``), and builtin ``max``/``min`` of lists. Both modes
against central differences."""
import os

import numpy as np
import pytest

import transpiler
from transpiler import errors

scipy = pytest.importorskip("scipy")
import scipy.linalg  # noqa: E402
import scipy.ndimage  # noqa: E402
from scipy import stats  # noqa: E402

from sequence_checks import assert_both_modes  # noqa: E402

P = np.array([0.3, 1.2, 0.7, 2.0])
COUNTS = [1, 2, 0, 3]


def normal_of_a_list_display(p):
    return np.sum(stats.norm.logpdf([0.1, 0.5], 0.0, p[1]))


def poisson_of_a_list_name(p):
    return np.sum(stats.poisson.logpmf(COUNTS, p))


def binomial_of_a_tuple(p):
    return np.sum(stats.binom.logpmf((1, 2), 5, p[0]))


def student_t_with_keywords(p):
    data = [0.1, -0.4, 0.5]
    return np.sum(stats.t.logpdf(data, df=p[3], loc=p[0], scale=[1.0, 2.0, 0.5]))


def beta_and_gamma_of_lists(p):
    return np.sum(stats.beta.logpdf([0.1, 0.5], p[1], p[3])) + np.sum(stats.gamma.logpdf([0.1, 0.5], p[3]))


@pytest.mark.parametrize("f", [normal_of_a_list_display, poisson_of_a_list_name, binomial_of_a_tuple,
                               student_t_with_keywords, beta_and_gamma_of_lists])
def test_lists_given_to_scipy_stats_are_arrays(f):
    assert_both_modes(f, P)


WEIGHTS = [1.0, -2.0, 0.5]


def dot_with_a_global_list(p):
    return np.dot(p[:3], WEIGHTS) + np.dot(WEIGHTS, p[1:]) + np.inner(p[:3], [1.0, 2.0, 3.0])


def arctan2_of_a_list(p):
    return np.sum(np.arctan2([0.5, -1.0, 2.0], p[:3]))


def solve_with_nested_lists(p):
    return np.sum(np.linalg.solve([[2.0, 0.1], [0.1, 1.0]], p[:2])) + np.sum(np.outer(p[:2], (1.0, 3.0)) ** 2)


def method_spellings(p):
    return p[:3].dot(WEIGHTS) ** 2 + np.sum(np.array([[2.0, 0.1, 0.0], [0.1, 1.0, 0.3]]).dot(p[:3]))


@pytest.mark.parametrize("f", [dot_with_a_global_list, arctan2_of_a_list, solve_with_nested_lists,
                               method_spellings])
def test_lists_given_to_numpy_functions_are_arrays(f):
    # np.dot(x, [1.0, 2.0]): the adjoint multiplied a number by the list (TypeError at run time)
    assert_both_modes(f, P)
    h = transpiler.hessian(f)(P)
    np.testing.assert_allclose(h, h.T, atol=1e-9)


def larger_of_two_lists(p):
    first, second = [p[0], 2.0], [p[1], 1.0]
    chosen = max(first, second)
    return chosen[0] * 3.0 + min((p[2], 0.0), (p[2], 1.0))[1] * p[0]


def test_max_of_lists_compares_them_as_python_does():
    # max(a, b) of two lists picks one list (compared item by item); it crashed in reverse mode
    assert larger_of_two_lists(P) == pytest.approx(transpiler.value_and_grad(larger_of_two_lists)(P)[0])
    assert_both_modes(larger_of_two_lists, P)


def generalized_eigenvalues(a, b):
    return np.sum(np.real(scipy.linalg.eigvals(a, b)))


def gaussian_derivative(x):
    return np.sum(scipy.ndimage.gaussian_filter(x, 0, 1))


@pytest.mark.parametrize("f, args, hint", [
    (generalized_eigenvalues, (np.diag([1.0, 2.0, 3.0]), np.eye(3) * 2.0), "scipy.linalg.eigh(a, b)"),
    (gaussian_derivative, (np.ones((2, 3)),), "np.gradient")])
def test_a_refusal_inside_a_library_composition_points_at_the_users_call(f, args, hint):
    # library fuzz seeds 300484 and 500002: located in primitives/scipy_linalg_rest.py and
    # scipy_ndimage.py, the composition's own source, with the user's line only in the message
    with pytest.raises(errors.UnknownFunctionError) as info:
        transpiler.grad(f)(*args)
    location = info.value.location
    assert os.path.basename(location.filename) == os.path.basename(__file__)
    assert location.line == f.__code__.co_firstlineno + 1
    assert "scipy." in location.source_line and hint in info.value.hint
    assert str(info.value).startswith(f"{location}: ")

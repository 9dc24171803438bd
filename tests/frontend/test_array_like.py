"""A list or tuple given to a scipy.stats method (frontend/array_like.py) is read as the array
SciPy makes of it: ``stats.norm.logpdf([0.1, 0.5], 0.0, sigma)``, ``stats.poisson.logpmf(counts,
mu)`` with ``counts`` a list. It was refused inside the composition ("the operator `-` on a list",
pointing into primitives/scipy_stats.py). Both modes against central differences."""
import numpy as np
import pytest

scipy = pytest.importorskip("scipy")
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

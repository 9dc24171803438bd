"""np.max / np.min / np.amax in forward over forward mode (``hessian(f, mode="forward")``): the
first derivative's code calls ``extremum_adjoint``, linear in its first argument, whose hit mask
is piecewise constant; both Hessian modes agree with differences of the gradient."""
import numpy as np
from one_argument_checks import hessian_matches_differences_of_the_gradient

import transpiler

X = np.array([[0.3, -1.2, 0.5], [2.0, 0.1, -0.4]])


def extrema(x):
    return (np.sum(np.max(x * x, axis=1) * np.array([1.0, 2.0])) + np.min(np.sin(x)) + np.amax(x ** 3)
            + np.sum(np.max(np.exp(x), axis=0, keepdims=True)) + x.min() ** 2)


def test_forward_over_forward_hessian_through_extrema_matches_reverse_and_differences():
    hessian_matches_differences_of_the_gradient(extrema, X)
    np.testing.assert_allclose(transpiler.hessian(extrema, mode="forward")(X), transpiler.hessian(extrema)(X),
                               rtol=1e-12, atol=1e-14)

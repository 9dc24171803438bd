"""np.prod / np.var / np.std in forward over forward mode (``hessian(f, mode="forward")``): the
first derivative's code calls ``prod_adjoint``, ``var_adjoint`` and ``std_adjoint``, which carry
forward rules of their own (primitives/reductions.py); a product's is exact at zeros, one or two
in a slice (no division by zero). Both Hessian modes agree with differences of the gradient.
Found by running autograd's systematic tests through both Hessian modes: all three were refused."""
import numpy as np
import pytest
from one_argument_checks import hessian_matches_differences_of_the_gradient

import transpiler

X = np.array([[0.3, -1.2, 0.5, 0.9], [2.0, 0.1, -0.4, 1.3], [-0.7, 0.6, 1.1, -0.2]])
ONE_ZERO = np.where(np.arange(12).reshape(3, 4) == 6, 0.0, X)          # a zero in row 1, column 2
TWO_ZEROS = np.where(np.isin(np.arange(12).reshape(3, 4), (2, 6)), 0.0, X)   # two in column 2
THREE_ZEROS = np.where(np.isin(np.arange(12).reshape(3, 4), (2, 6, 10)), 0.0, X)


def products(x):
    return np.prod(x) + np.sum(np.prod(x, axis=0) ** 2) + np.sum(np.sin(np.prod(x, axis=1, keepdims=True)))


def spreads(x):
    return np.var(x) + np.std(x, ddof=1) + np.sum(np.std(x, axis=0) * np.var(x, axis=1, keepdims=True))


@pytest.mark.parametrize("x", [X, ONE_ZERO, TWO_ZEROS, THREE_ZEROS], ids=["no zero", "one zero", "two zeros",
                                                                         "three zeros"])
def test_forward_over_forward_hessian_through_products_matches_reverse_and_differences(x):
    hessian_matches_differences_of_the_gradient(products, x)
    np.testing.assert_allclose(transpiler.hessian(products, mode="forward")(x), transpiler.hessian(products)(x),
                               rtol=1e-12, atol=1e-12)


def test_forward_over_forward_hessian_through_variances_and_deviations_matches_reverse_and_differences():
    hessian_matches_differences_of_the_gradient(spreads, X)
    np.testing.assert_allclose(transpiler.hessian(spreads, mode="forward")(X), transpiler.hessian(spreads)(X),
                               rtol=1e-12, atol=1e-12)

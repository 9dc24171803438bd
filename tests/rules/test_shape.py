"""Shape rules: gradients against finite differences, including non-contiguous inputs."""
import numpy as np
import pytest
from array_check import check_gradient, rng

X = rng(4).normal(size=(2, 3))
W6 = rng(5).normal(size=(6,))
W32 = rng(6).normal(size=(3, 2))


def transpose_weighted(x):
    return np.sum(np.transpose(x) * W32)


def transpose_attribute(x):
    return np.sum(x.T * W32)


def reshape_flat(x):
    return np.sum(np.reshape(x, (6,)) * W6)


def reshape_method_varargs(x):
    return np.sum(x.reshape(3, 2) * W32)


def ravel_weighted(x):
    return np.sum(np.ravel(x) * W6)


CASES = {
    np.transpose: [(transpose_weighted, (X,), (0,)), (transpose_attribute, (X,), (0,)),
                   (transpose_weighted, (np.asfortranarray(X),), (0,))],
    np.reshape: [(reshape_flat, (X,), (0,)), (reshape_method_varargs, (X,), (0,)),
                 (reshape_flat, (X.T.copy().T,), (0,))],
    np.ravel: [(ravel_weighted, (X,), (0,))],
}


@pytest.mark.parametrize("key, case", [(k, c) for k, cs in CASES.items() for c in cs])
def test_shape_rule_gradient_matches_finite_differences(key, case):
    fn, args, wrt = case
    check_gradient(fn, args, wrt)

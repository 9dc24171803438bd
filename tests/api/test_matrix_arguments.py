"""An ``np.matrix`` argument is refused, located, in every transform: its ``*`` and ``**`` are
matrix products, which no derivative rule reads them as (``np.sum(A * A)`` of a matrix gave the
elementwise gradient, ``2 A``, where the matrix product's is ``1 Aᵀ + Aᵀ 1``)."""
import warnings

import numpy as np
import pytest

import transpiler
from transpiler import TranspileError


def squared_product(A):
    return np.sum(A * A)


@pytest.mark.parametrize("transform", [
    lambda M: transpiler.grad(squared_product)(M),
    lambda M: transpiler.value_and_grad(squared_product)(M),
    lambda M: transpiler.jvp(squared_product, (M,), (np.ones((2, 2)),)),
    lambda M: transpiler.hessian(squared_product)(M),
])
def test_a_matrix_argument_is_refused_saying_to_pass_an_array(transform):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        M = np.matrix([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(TranspileError, match=r"np\.matrix.*\n.*np\.asarray\(A\)"):
        transform(M)

"""``scipy.sparse``'s constructors and ``spsolve`` (primitives/scipy_sparse.py): given only values
the derivative does not follow (a fixed stencil) they simply run; given a differentiated value
they are refused where they are called, saying to build the matrix densely or store the band (the
implicit heat equation of tests/realworld/heat_implicit.py, whose `solve_banded` twin passes)."""
import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spl

import transpiler
from transpiler import errors


def laplacian(n, shift=0.0):
    return sp.diags([np.full(n, 2.0 + shift), np.full(n - 1, -1.0), np.full(n - 1, -1.0)], [0, -1, 1], format="csr")


def fixed_stencil(a, b):
    return np.sum(spl.spsolve(laplacian(4), b)) * a


def differentiated_diagonal(a, b):
    return np.sum(spl.spsolve(laplacian(4, a), b))


def differentiated_right_hand_side(a, b):
    return np.sum(spl.spsolve(laplacian(4), b * a))


def test_a_fixed_stencil_with_constants_simply_runs():
    b = np.array([1.0, 0.5, -0.2, 0.3])
    expected = np.sum(spl.spsolve(laplacian(4), b))
    assert transpiler.grad(fixed_stencil)(0.7, b) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("fn, called", [(differentiated_diagonal, "sp.diags"),
                                        (differentiated_right_hand_side, "spl.spsolve")])
def test_differentiated_values_are_refused_where_called_with_what_to_write(fn, called):
    with pytest.raises(errors.UnknownFunctionError, match=f"`{called}` is not differentiable here") as info:
        transpiler.grad(fn)(0.7, np.ones(4))
    assert "np.diag(main)" in str(info.value) and "solve_banded" in str(info.value)

"""``np.tensordot`` and its adjoints in the forms numba compiles (backends/numba_tensordot.py):
``np.dot`` of the operands transposed and reshaped to matrices. Each gradient equals the NumPy
backend's and finite differences."""
import ast

import numpy as np
import pytest

import transpiler

numba = pytest.importorskip("numba")
pytest.importorskip("scipy")            # numba's np.dot needs SciPy's BLAS

X = np.random.default_rng(23).standard_normal(6)


def outer_product(x):
    return np.sum(np.tensordot(x, x ** 2, axes=0) ** 2)


def last_with_first(x):
    return np.sum(np.tensordot(np.outer(x, x + 1), x, axes=1))


def full_contraction(x):
    a = np.outer(x, x + 1)
    return np.tensordot(a, a.T, axes=2)


def axis_pairs_reordered(x):
    a = np.outer(x, x + 1).reshape(2, 3, 6)
    b = np.outer(x ** 2, x).reshape(6, 3, 2)
    return np.sum(np.tensordot(a, b, axes=([1, 0], [1, 2])) ** 2)


def negative_axes(x):
    a = np.outer(x, x + 1)
    return np.sum(np.tensordot(a, a, axes=([-1], [-2])) ** 2)


def single_axes(x):
    a = np.outer(x, x + 1)
    return np.sum(np.tensordot(a, a, axes=(0, 1)))


def three_dimensional(x):
    a = np.outer(x, x).reshape(3, 2, 6)
    return np.sum(np.tensordot(a, a, axes=([0, 2], [0, 2])) ** 2)


GRADIENTS = [outer_product, last_with_first, full_contraction, axis_pairs_reordered, negative_axes, single_axes,
             three_dimensional]


@pytest.mark.parametrize("f", GRADIENTS, ids=[f.__name__ for f in GRADIENTS])
def test_numba_compiles_gradients_of_tensordot(f):
    value, got = transpiler.value_and_grad(f, backend="numba")(X)
    want_value, want = transpiler.value_and_grad(f)(X)
    np.testing.assert_allclose(value, want_value, rtol=1e-12)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    assert transpiler.check_grad(f, X).ok


def test_numba_module_has_no_tensordot_left():
    gradient = transpiler.grad(axis_pairs_reordered, backend="numba")
    gradient(X)
    source = gradient.compiled((X,)).source
    called = {ast.unparse(node.func) for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)}
    assert "np.dot" in called and not {"np.tensordot", "tensordot_adjoint_a", "tensordot_adjoint_b"} & called

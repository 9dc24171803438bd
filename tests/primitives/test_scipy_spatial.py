"""scipy.spatial.distance (primitives/scipy_spatial.py): ``pdist`` for "sqeuclidean",
"euclidean" and "cityblock" and ``squareform`` both ways, against SciPy's value and central finite
differences in both modes, hessian; a write into ``squareform``'s result (sklearn's GPR kernel),
and the refusals (another metric, a vector of the wrong length)."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.spatial.distance as ssd  # noqa: E402
from scipy.spatial.distance import pdist, squareform  # noqa: E402

import transpiler  # noqa: E402
from transpiler.errors import UnknownFunctionError  # noqa: E402

X = np.random.default_rng(3).normal(size=(5, 3))


def squared(x): return np.sum(np.sin(pdist(x, metric="sqeuclidean")))
def euclidean_default(x): return np.sum(pdist(x) ** 3)
def cityblock_positional(x): return np.sum(np.exp(-ssd.pdist(x, "cityblock")))
def matrix_of_vector(x): return np.sum(np.tanh(squareform(pdist(x, "sqeuclidean"))) @ x)
def vector_of_matrix(x): return np.sum(squareform(x @ x.T, checks=False) ** 2)
def forced_to_vector(x): return np.sum(squareform(x @ x.T, force="tovector", checks=False) ** 2)


def rbf_kernel(x):
    K = np.exp(-0.5 * pdist(x, metric="sqeuclidean"))
    K = squareform(K)
    np.fill_diagonal(K, 1)            # into squareform's result: the function's own array
    return np.sum(np.linalg.solve(K + 0.1 * np.eye(len(K)), x))


def another_metric(x): return np.sum(pdist(x, "canberra"))


ALL = [squared, euclidean_default, cityblock_positional, matrix_of_vector, vector_of_matrix, forced_to_vector,
       rbf_kernel]


@pytest.mark.parametrize("f", ALL)
def test_value_and_reverse_mode(f):
    value, gradient = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-12)
    report = transpiler.check_grad(f, X)
    assert report.ok, report


@pytest.mark.parametrize("f", ALL)
def test_forward_mode(f):
    direction = np.random.default_rng(1).normal(size=X.shape)
    value, tangent = transpiler.jvp(f, (X,), (direction,))
    h = 1e-6
    assert tangent == pytest.approx((f(X + h * direction) - f(X - h * direction)) / (2 * h), rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("f", [squared, matrix_of_vector, rbf_kernel])
def test_hessian_vector_product(f):
    v = np.random.default_rng(2).normal(size=X.shape)
    gradient = transpiler.grad(f)
    h = 1e-5
    numeric = (gradient(X + h * v) - gradient(X - h * v)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(f, X, v), numeric, rtol=1e-5, atol=1e-6)


def test_squareform_values_match_scipy_s():
    d = pdist(X)
    assert np.array_equal(transpiler.jvp(lambda x: squareform(pdist(x)), (X,), (X,))[0], squareform(d))


def test_another_metric_is_refused_where_written():
    with pytest.raises(UnknownFunctionError, match="metric"):
        transpiler.grad(another_metric)(X)


def test_a_vector_of_no_square_matrix_s_length_raises_as_scipy():
    with pytest.raises(ValueError, match="Incompatible vector size"):
        transpiler.grad(lambda v: np.sum(squareform(v)))(np.ones(4))

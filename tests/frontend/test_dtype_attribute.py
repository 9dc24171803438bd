"""``x.dtype`` (scikit-learn's `np.ndarray(shape, dtype=params.dtype)`): a read that carries no
derivative and simply runs, printed as written, in both modes."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad

X = np.array([0.4, -1.3, 2.1])


def filled_like(x):
    out = np.zeros(x.shape, dtype=x.dtype)       # preallocated like the input, filled by index
    for i in range(x.shape[0]):
        out[i] = np.sin(x[i]) * x[i]
    return np.sum(out)


def preallocated_ndarray(params):
    grad = np.ndarray((params.shape[0], 2), dtype=params.dtype)    # t-SNE's gradient buffer
    for i in range(params.shape[0]):
        grad[i] = params[i] ** 2 * np.array([1.0, 2.0])
    return np.sum(grad)


def branches_on_dtype(x):
    if x.dtype == np.float32:
        scale = 2.0
    else:
        scale = 3.0
    return scale * np.sum(x ** 2)


def helper(x):
    return np.ones(x.shape, dtype=x.dtype) * x


def through_a_helper(x):
    return np.sum(helper(x) ** 3)


@pytest.mark.parametrize("f", [filled_like, preallocated_ndarray, branches_on_dtype, through_a_helper])
def test_reverse_and_forward_mode_with_a_dtype_read(f):
    report = check_grad(f, X.copy())
    assert report, report
    value, tangent = transpiler.jvp(f, (X,), (np.ones(3),))
    assert value == pytest.approx(f(X))
    assert tangent == pytest.approx(np.sum(transpiler.grad(f)(X)))


def test_float32_arguments_see_their_own_dtype():
    x32 = X.astype(np.float32)
    gradient = transpiler.grad(branches_on_dtype)(x32)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, 4.0 * x32, rtol=1e-6)
    np.testing.assert_allclose(transpiler.grad(branches_on_dtype)(X), 6.0 * X)


def test_the_printed_code_reads_the_dtype_as_written():
    text = transpiler.grad(filled_like).source(args=(X,))
    assert "dtype=x.dtype" in text


def test_second_derivatives_and_a_lambda():
    np.testing.assert_allclose(transpiler.hessian(through_a_helper)(X), np.diag(6.0 * X))
    f = lambda x: np.sum(np.full(x.shape, 2.0, dtype=x.dtype) * x ** 2)  # noqa: E731
    np.testing.assert_allclose(transpiler.grad(f)(X), 4.0 * X)

"""A ufunc's ``out`` array (``np.sqrt(norms, norms)`` in scikit-learn's row_norms,
``np.multiply(z, y, out=z)``): lowered as the write NumPy makes, ``b[...] = ufunc(a)``, with the
checks of any write (a view of ``b`` read after it is refused), in both modes."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from transpiler.check import check_grad


def row_norms(X):
    norms = np.einsum("ij,ij->i", X, X)
    np.sqrt(norms, norms)
    return np.sum(norms)


def out_by_keyword(x, y):
    z = x * 2.0
    np.multiply(z, y, out=z)
    w = np.add(z, 1.0, out=(z,))
    return np.sum(w * z)


def view_read_after_out(x):
    z = x * 1.0
    v = z[:2]
    np.exp(z, out=z)
    return np.sum(v)


def out_into_a_parameter(x):
    np.sin(x, x)
    return np.sum(x)


X = np.arange(6.0).reshape(2, 3) + 1.0
X2, Y2 = np.array([1.0, 2.0]), np.array([0.5, 3.0])


def test_positional_out_as_in_row_norms():
    assert check_grad(row_norms, X)
    value, tangent = transpiler.jvp(row_norms, (X,), (np.ones_like(X),))
    assert value == pytest.approx(row_norms(X.copy()))
    assert tangent == pytest.approx(np.sum(transpiler.grad(row_norms)(X)))


def test_out_keyword_and_its_one_element_tuple():
    assert check_grad(out_by_keyword, X2, Y2, wrt=(0, 1))
    value, tangent = transpiler.jvp(out_by_keyword, (X2, Y2), (np.ones(2), np.zeros(2)))
    assert value == pytest.approx(out_by_keyword(X2.copy(), Y2.copy()))
    assert tangent == pytest.approx(np.sum(8 * X2 * Y2 ** 2 + 4 * Y2))


def test_a_view_read_after_the_write_into_out_is_refused_at_its_line():
    with pytest.raises(UnsupportedSyntaxError, match=r"test_ufunc_out.py:\d+:\d+: `v` is read after a write through `z`"):
        transpiler.grad(view_read_after_out)(np.array([0.1, 0.2, 0.3]))


def test_writing_into_a_parameter_leaves_the_callers_array_alone():
    x = np.array([0.1, 0.2])
    np.testing.assert_allclose(transpiler.grad(out_into_a_parameter)(x), np.cos([0.1, 0.2]))
    np.testing.assert_array_equal(x, [0.1, 0.2])


def clipped_in_place(x):
    g = x * 3.0
    np.clip(g, -1.0, 1.0, out=g)
    return np.sum(g ** 2)


def test_np_clip_writing_into_out_is_the_write_numpy_makes():
    """np.clip is not a ufunc, but takes `out=` like one (karpathy's min-char-rnn clips its
    gradients in place): `g[...] = np.clip(g, lo, hi)`."""
    x = np.array([0.1, -0.5, 0.2])
    assert transpiler.check_grad(clipped_in_place, x).ok
    assert transpiler.jvp(clipped_in_place, (x,), (np.ones(3),))[1] == pytest.approx(
        np.sum(transpiler.grad(clipped_in_place)(x)), rel=1e-12)


def safe_divide_with_where(a, b):
    y = np.zeros_like(a)
    np.divide(a, b, out=y, where=b != 0)
    return np.sum(y)


def running_sum_into_out(a):
    y = np.empty_like(a)
    np.cumsum(a, out=y)
    return np.sum(y)


def test_a_refused_keyword_is_named_with_the_spelling_to_write_instead():
    with pytest.raises(UnsupportedSyntaxError, match=r"keyword\(s\) `where=`") as refused:
        transpiler.grad(safe_divide_with_where)(np.ones(3), np.array([1.0, 0.0, 2.0]))
    assert "np.where(m, f(...), y)" in str(refused.value)
    with pytest.raises(UnsupportedSyntaxError, match=r"`np.cumsum` called with the keyword\(s\) `out=`"):
        transpiler.grad(running_sum_into_out)(np.ones(3))

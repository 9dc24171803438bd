"""A cast's adjoint has its operand's dtype (transpiler/primitives/cast_adjoints.py): a float64
argument read as float32 on the way (``x.astype(np.float32)``, ``np.asarray(x, dtype=...)``,
``np.array(x, dtype="float32")``, ``np.float32(x)``) has a float64 gradient, as docs/syntax.md
promises; a float32 one read as float64 keeps float32 adjoints inside the sweep."""
import numpy as np
import pytest

import transpiler

X = np.arange(1, 5.0) / 3


def by_astype(x):
    return np.sum(np.sin(x.astype(np.float32)) ** 2)


def by_asarray(x):
    return np.sum(np.asarray(x, dtype=np.float32) ** 2)


def by_array(x):
    return np.sum(np.array(x, dtype="float32") ** 2)


def by_float32(x):
    return np.sum(np.float32(x) ** 2)


def by_runtime_dtype(x, like):
    return np.sum(x.astype(like.dtype) ** 2)


def in_a_list(xs):
    return sum(np.sum(np.sin(x.astype(np.float32)) ** 2) for x in xs)


@pytest.mark.parametrize("f", [by_astype, by_asarray, by_array, by_float32])
def test_a_float64_argument_read_as_float32_has_a_float64_gradient(f):
    gradient = transpiler.grad(f)(X)
    assert gradient.dtype == np.float64
    assert transpiler.vjp(f, X)[1](1.0)[0].dtype == np.float64
    assert np.asarray(transpiler.hessian(f)(X)).dtype == np.float64
    rounded = X.astype(np.float32).astype(np.float64)     # (finite differences cannot see through
    if f is by_astype:                                     # the rounding: the derivative by hand)
        assert np.allclose(gradient, np.sin(2 * rounded), rtol=1e-6)
    else:
        assert np.array_equal(gradient, 2 * rounded)


def test_the_known_dtype_is_read_once_in_the_generated_code():
    source = transpiler.grad(by_asarray).source(args=(X,))
    assert "np.asarray(d_t1, dtype=np.float64)" in source and "in_operand_dtype" not in source
    kept = transpiler.grad(by_asarray).source(args=(X.astype(np.float32),))
    assert "np.float64" not in kept and "in_operand_dtype" not in kept


def test_a_dtype_known_only_when_it_runs_is_cast_back_there():
    like = X.astype(np.float32)
    g_x, g_like = transpiler.grad(by_runtime_dtype, wrt=(0, 1))(X, like)
    assert g_x.dtype == np.float64 and g_like.dtype == np.float32
    assert np.array_equal(g_x, 2 * X.astype(np.float32).astype(np.float64))
    assert np.array_equal(g_like, np.zeros(4, np.float32))


def test_arrays_in_a_list_argument_keep_their_dtype():
    xs = [X[:3].copy(), X[:2].astype(np.float32)]
    g = transpiler.grad(in_a_list)(xs)
    assert [a.dtype for a in g] == [np.float64, np.float32]

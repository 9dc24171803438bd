"""The same array given as two arguments of a function that writes into a parameter: Python's
writes through one are seen through the other; the transforms take parameters as copies, so the
value and gradient were of another function (18.0 where Python computes 38.0; found by c4).
Refused at the call in every transform (api/shared_arguments.py); copies, and functions that
write into copies of their own, keep working."""
import numpy as np
import pytest

import transpiler
from transpiler import NonDifferentiableError

X = np.array([1.0, 2.0, 3.0])


def written_through_a(a, b):
    a[0] = 5.0
    return np.sum(a * b)


def added_into_a(a, b):
    a += 1.0
    return np.sum(a * b)


def fill(out, v):
    out[0] = v


def filled_by_a_helper(a, b):
    fill(a, 3.0)
    return np.sum(a * b)


def written_into_a_copy(a, b):
    c = a.copy()
    c[0] = 5.0
    return np.sum(c * b)


@pytest.mark.parametrize("f", [written_through_a, added_into_a, filled_by_a_helper])
@pytest.mark.parametrize("call", [
    lambda f, a, b: transpiler.grad(f)(a, b),
    lambda f, a, b: transpiler.value_and_grad(f, wrt=(0, 1))(a, b),
    lambda f, a, b: transpiler.jvp(f, (a, b), (np.ones(3), np.ones(3))),
    lambda f, a, b: transpiler.vjp(f, a, b),
    lambda f, a, b: transpiler.jacobian(f)(a, b),
    lambda f, a, b: transpiler.hessian(f)(a, b),
], ids=["grad", "value_and_grad", "jvp", "vjp", "jacobian", "hessian"])
def test_arrays_sharing_memory_given_to_a_function_writing_a_parameter_are_refused(f, call):
    assert f(X.copy(), X.copy()) != (lambda y: f(y, y))(X.copy())      # Python: a different function
    with pytest.raises(NonDifferentiableError, match="`a` and `b` of .* are the same array"):
        call(f, X, X)
    with pytest.raises(NonDifferentiableError, match="share memory"):
        call(f, X, X[::-1])                                          # a view shares it too


def test_a_gradient_refuses_them_on_a_later_call_too_and_copies_keep_working():
    gradient = transpiler.grad(written_through_a)
    np.testing.assert_allclose(gradient(X, X.copy()), [0.0, 2.0, 3.0])
    with pytest.raises(NonDifferentiableError, match="are the same array"):
        gradient(X, X)
    np.testing.assert_allclose(gradient(X, X.copy()), [0.0, 2.0, 3.0])


def test_a_function_writing_only_its_own_copies_takes_the_same_array_twice():
    np.testing.assert_allclose(transpiler.grad(written_into_a_copy)(X, X), [0.0, 2.0, 3.0])
    np.testing.assert_allclose(transpiler.grad(written_into_a_copy, wrt=1)(X, X), [5.0, 2.0, 3.0])

"""The same array given as two arguments of a function that writes into a parameter: Python's
writes through one are seen through the other; the transforms take parameters as copies, so the
value and gradient were of another function (18.0 where Python computes 38.0; found by c4).
Refused at the call in every transform (api/shared_arguments.py), also where one of the arrays
sits in a container argument or is a global or closure constant the function reads; copies, and
functions that write into copies of their own, keep working."""
import dataclasses

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


G = np.array([1.0, 2.0, 3.0])


def written_and_reading_a_global(a):
    a[0] = 5.0
    return np.sum(a * G)


def entry_written(p, y):
    p["w"][0] = 2.0
    return np.sum(p["w"] * y)


def first_of_a_list_written(p):
    p[0][0] = 2.0
    return np.sum(p[0] * p[1])


def reading_a_closure_constant(c):
    def f(a):
        a += 1.0
        return np.sum(a * c)
    return f


@dataclasses.dataclass
class Layer:
    w: np.ndarray


def read_through_an_attribute(layer, a):
    a[0] = 5.0
    return np.sum(layer.w * a)


TRANSFORMS = [lambda f, *a: transpiler.grad(f)(*a), lambda f, *a: transpiler.value_and_grad(f)(*a),
              lambda f, *a: transpiler.jvp(f, a, a), lambda f, *a: transpiler.hessian(f)(*a)]


@pytest.mark.parametrize("call", TRANSFORMS, ids=["grad", "value_and_grad", "jvp", "hessian"])
@pytest.mark.parametrize("f, args, names", [
    (written_and_reading_a_global, lambda: (G,), "`a` and `G`"),
    (written_and_reading_a_global, lambda: (G[1:],), "`a` and `G`"),
    (reading_a_closure_constant(G), lambda: (G,), "`a` and `c`"),
    (entry_written, lambda: ({"w": X}, X), "`p\\['w'\\]` and `y`"),
    (first_of_a_list_written, lambda: ([X, X],), "`p\\[0\\]` and `p\\[1\\]`"),
], ids=["global", "global-view", "closure", "dict-entry", "list-entries"])
def test_arrays_sharing_memory_inside_containers_or_with_free_names_are_refused(call, f, args, names):
    with pytest.raises(NonDifferentiableError, match=names + " of .* are the same array"):
        call(f, *args())


def test_python_gives_the_aliasing_calls_other_values_than_calls_on_copies():
    global G
    kept = G
    try:
        G = kept.copy()
        on_the_global = written_and_reading_a_global(G)          # writes G itself: 25 + 4 + 9
        G = kept.copy()
        on_a_copy = written_and_reading_a_global(G.copy())       # 5 + 4 + 9
    finally:
        G = kept
    assert (on_the_global, on_a_copy) == (38.0, 18.0)
    assert entry_written({"w": X.copy()}, X.copy()) != (lambda y: entry_written({"w": y}, y))(X.copy())


def test_a_dataclass_attribute_sharing_memory_with_another_argument_is_refused_and_copies_work():
    with pytest.raises(NonDifferentiableError, match="`layer.w` and `a`"):
        transpiler.grad(read_through_an_attribute, wrt=1)(Layer(X), X)
    np.testing.assert_allclose(transpiler.grad(read_through_an_attribute, wrt=1)(Layer(X.copy()), X), [0.0, 2.0, 3.0])
    np.testing.assert_allclose(transpiler.grad(written_and_reading_a_global)(G.copy() * 2), [0.0, 2.0, 3.0])


def appends_to_one_reads_the_other(x, a, b):
    a.append(np.sum(x))
    return np.sum(x) * len(b)


def test_one_list_given_twice_to_a_function_appending_to_it_refuses():
    # Python's len(b) sees a's append (the gradient is 1 per element); the derivative read b as
    # it was given, a copy apart: the gradient was 0, silently
    shared = []
    for run in (lambda: transpiler.grad(appends_to_one_reads_the_other)(np.ones(2), shared, shared),
                lambda: transpiler.jvp(appends_to_one_reads_the_other, (np.ones(2), shared, shared),
                                       (np.ones(2), None, None))):
        with pytest.raises(NonDifferentiableError, match="`a` and `b` of .* are the same array or list"):
            run()
    assert shared == []
    log = []
    assert transpiler.grad(appends_to_one_reads_the_other)(np.ones(2), log, []).tolist() == [0.0, 0.0]
    assert len(log) == 1

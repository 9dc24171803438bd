"""Two arrays computed alike are two objects in Python. Where the function (``a is b``) or the
generated code's run-time checks (``alone_in``, ``unshared``) tell objects apart, sharing them as
one common value changed the answer: ``a is b`` came out True (a silent wrong value), and a write
into one list entry was refused as a write into two (``Primitive.observes_identity``: the
lowering computes them apart, opt/repeated.py and opt/cse.py leave them apart)."""
import numpy as np
import pytest

from transpiler import check_grad, grad, hessian, jvp, value_and_grad

X = np.array([0.3, -0.7, 1.1])
S = 0.8


def identity_of_equal_values(x, s):
    t = np.sin(x)
    a = t * s
    b = t * s
    if a is b:
        return np.sum(a)
    return np.sum(a * b)


def identity_of_one_value(x, s):
    a = np.sin(x) * s
    b = a
    if a is b:
        return np.sum(a)
    return np.sum(a * b)


def ids_of_equal_values(x, s):
    a = np.sin(x) * s
    b = np.sin(x) * s
    if id(a) == id(b):
        return np.sum(a)
    return np.sum(a * b)


def identity_against_none(x, s, mask=None):
    a = np.sin(x) * s
    b = np.sin(x) * s
    if mask is None:
        return np.sum(a * b)
    return np.sum(a * b * mask)


def write_into_one_of_two_equal_entries(x, s):
    t = np.sin(x)
    a = t * s
    b = t * s
    pair = [a, b]
    pair[0] += 1.0
    return np.sum(pair[0] * pair[1])


def write_through_a_name_held_by_a_dict(x, s):
    a = np.sin(x) * s
    d = {'a': a, 'b': np.sin(x) * s}
    a = d['a']
    b = d['b']
    a *= s
    return np.sum(a * b) + np.sum(a) * s


def identity_of_two_views(x, s):
    a = np.ravel(x)
    b = np.ravel(x)
    if a is b:
        return np.sum(a * x)
    return np.sum(a * b * x) * s


def ids_of_two_reshapes(x, s):
    a = x.reshape(3)
    b = x.reshape(3)
    if id(a) == id(b):
        return np.sum(a) * s
    return np.sum(a * b) * s


def same(p, q):
    return p is q


def identity_of_one_view_or_two(x, s):
    a = x.ravel()
    b = a if s > 1.0 else x.ravel()
    return np.sum(a * x) if same(a, b) else np.sum(a * b * x)


def identity_of_two_means(x, s):
    a = np.mean(x * s)
    b = np.mean(x * s)
    if a is b:
        b = b * 2.0
    return a * b


def identity_of_two_means_in_a_closure(x, s):
    y = np.sin(x)

    def centre():
        return np.mean(y)
    a = centre()
    b = centre()
    return a * b * s if a is not b else a * s


@pytest.mark.parametrize("f", [identity_of_equal_values, identity_of_one_value, ids_of_equal_values,
                               identity_against_none, identity_of_two_views, ids_of_two_reshapes,
                               identity_of_one_view_or_two, identity_of_two_means,
                               identity_of_two_means_in_a_closure])
def test_an_identity_test_gives_pythons_answer_in_both_modes(f):
    value, g = value_and_grad(f)(X, S)
    assert value == pytest.approx(f(X.copy(), S))
    assert check_grad(f, X, S).ok
    tangent = np.array([1.0, -2.0, 0.5])
    _, directional = jvp(f, (X, S), (tangent, 0.0))
    assert directional == pytest.approx(g @ tangent)


def test_two_values_computed_alike_are_not_one_object_to_is():
    # sum(a * b) with a, b = sin(x) * s: 2 s^2 sin(x) cos(x); the `a is b` branch would give s cos(x)
    np.testing.assert_allclose(grad(identity_of_equal_values)(X, S), 2 * S ** 2 * np.sin(X) * np.cos(X))


def test_two_numbers_computed_alike_are_not_one_object_to_is():
    # (np.mean(x) twice: two NumPy scalars; shared as one number, `a is b` was True: twice the value)
    assert value_and_grad(identity_of_two_means)(X, S)[0] == pytest.approx(np.mean(X * S) ** 2)


def test_two_views_made_alike_are_not_one_object_to_is():
    # (two np.ravel(x) are two view objects: sum(x ** 3) * s, 3 s x^2; shared, `a is b` gave sum(x * x))
    np.testing.assert_allclose(grad(identity_of_two_views)(X, S), 3 * S * X ** 2)
    assert value_and_grad(identity_of_one_view_or_two)(X, 2.0)[0] == pytest.approx(np.sum(X * X))
    np.testing.assert_allclose(hessian(identity_of_two_views, wrt=0)(X, S), np.diag(6 * S * X))


@pytest.mark.parametrize("f", [write_into_one_of_two_equal_entries, write_through_a_name_held_by_a_dict])
def test_a_write_into_one_of_two_equal_arrays_is_not_refused(f):
    value, _ = value_and_grad(f)(X, S)
    assert value == pytest.approx(f(X.copy(), S))
    assert check_grad(f, X, S).ok


@pytest.mark.parametrize("f", [write_into_one_of_two_equal_entries, write_through_a_name_held_by_a_dict])
def test_the_hessian_of_a_write_into_one_of_two_equal_arrays(f):
    h = 1e-5
    numeric = np.array([(grad(f)(X + h * e, S) - grad(f)(X - h * e, S)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(hessian(f)(X, S), numeric, atol=1e-6)

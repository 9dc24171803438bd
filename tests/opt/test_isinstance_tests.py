"""``isinstance`` decided while compiling (opt/isinstance_tests.py, frontend/values.py
``static_isinstance``, frontend/never_run.py): a helper written for lists or arrays is compiled
for the path its argument takes, even where the other path could not be compiled for it."""
import math

import numpy as np
import pytest

import transpiler
from transpiler.opt.isinstance_tests import known_isinstance

X = np.array([0.5, -1.0, 2.0])


@pytest.mark.parametrize("kind, shape, classes, answer", [
    ("list", None, (list, tuple), True),
    ("tuple", None, (list,), False),
    ("dict", None, (dict,), True),
    ("f8", (3,), (list, tuple), False),
    ("f8", (), (list, tuple), False),         # a number is no sequence, whatever its type
    ("f8", (3,), (np.ndarray,), True),
    ("f4", (2, 2), (object,), True),
    ("f8", (3,), (int, float), False),        # an array is no Python number
    ("i8", (), (int, float), None),           # an int, np.int64 or 0-d array: run time decides
    ("f8", (), (np.ndarray,), None),
    ("f8", (3,), (np.matrix,), None),         # a subclass of ndarray may be given
    (None, (3,), (list,), None),              # kind unknown (an array library's array)
])
def test_a_kind_and_shape_decide_only_what_they_decide(kind, shape, classes, answer):
    assert known_isinstance(kind, shape, classes) is answer


def squares(v):
    if isinstance(v, (list, tuple)):
        return sum(u * u for u in v)
    return np.sum(v * v)             # (`*` of a list: refused, were this path compiled for one)


def as_array(v):
    if not isinstance(v, np.ndarray):
        v = np.array(v)
    return np.sum(np.sin(v) * v)


def uses_every_kind(x):
    return squares([x[0], x[1]]) + squares((x[1], x[2])) + squares(x) + as_array([x[2], x[0]]) + as_array(x)


def expected_gradient(x):
    a, b, c = x
    s = lambda u: np.cos(u) * u + np.sin(u)      # noqa: E731  d/du sin(u) u
    return np.array([2 * a + 2 * a + s(a) + s(a), 2 * b + 2 * b + 2 * b + s(b), 2 * c + 2 * c + s(c) + s(c)])


def test_a_helper_for_lists_or_arrays_is_compiled_per_call_in_reverse_mode():
    np.testing.assert_allclose(transpiler.grad(uses_every_kind)(X), expected_gradient(X), rtol=1e-12)
    assert transpiler.check_grad(uses_every_kind, X).ok


def test_a_helper_for_lists_or_arrays_is_compiled_per_call_in_forward_mode():
    direction = np.array([1.0, -0.5, 0.25])
    value, tangent = transpiler.jvp(uses_every_kind, (X,), (direction,))
    assert value == pytest.approx(uses_every_kind(X), rel=1e-12)
    assert tangent == pytest.approx(expected_gradient(X) @ direction, rel=1e-12)


def test_the_second_derivative_follows_the_path_taken():
    h = transpiler.hessian(lambda x: squares([x[0], x[1]]) + squares(x))(X)
    np.testing.assert_allclose(h, np.diag([4.0, 4.0, 2.0]), atol=1e-12)


def test_the_generated_code_tests_no_class_it_knows():
    source = transpiler.grad(uses_every_kind).source(args=(X,))
    assert "isinstance" not in source and "if " not in source, source


@pytest.mark.parametrize("given", [[1.0, 2.0], (1.0, 2.0), np.array([1.0, 2.0])])
def test_a_list_tuple_or_array_argument_decides_the_test(given):
    g = transpiler.grad(squares)
    np.testing.assert_allclose(np.ravel(g(given)), 2 * np.asarray(given))
    assert "isinstance" not in g.source(args=(given,))


def test_a_refused_path_that_runs_is_still_refused():
    def product(v):
        if isinstance(v, np.ndarray):
            return np.sum(v)
        return np.sum(v * v)           # a list display times itself: runs here, refused
    with pytest.raises(transpiler.UnsupportedSyntaxError, match="on a list"):
        transpiler.grad(lambda x: product([x[0], x[1]]))(X)


def magic_formula(slip):
    if isinstance(slip, np.ndarray):          # (Pacejka's curve written for floats and arrays)
        return np.sin(1.9 * np.arctan(10.0 * slip))
    return math.sin(1.9 * math.atan(10.0 * slip))


def first_two_forces(slips):
    return magic_formula(slips[:2]) * slips[1]


def test_a_slice_given_to_a_helper_dispatching_on_arrays_takes_the_array_path_in_vjp_and_jacobian():
    # vjp and a Jacobian's reverse rows compile code for the arguments' shapes without the full
    # specialisation: the test was left to run time there, and the math path was refused
    expected = np.zeros((2, 3))
    for j in range(3):
        e = np.zeros(3)
        e[j] = 1e-6
        expected[:, j] = (first_two_forces(X + e) - first_two_forces(X - e)) / 2e-6
    np.testing.assert_allclose(transpiler.jacobian(first_two_forces, mode="reverse")(X), expected, rtol=1e-6)
    out, pullback = transpiler.vjp(first_two_forces, X)
    np.testing.assert_allclose(out, first_two_forces(X))
    np.testing.assert_allclose(pullback(np.array([1.0, -2.0]))[0], np.array([1.0, -2.0]) @ expected, rtol=1e-6)

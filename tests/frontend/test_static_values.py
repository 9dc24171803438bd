"""Free constants where a rule needs a static value (transpiler/frontend/static_values.py): a global
or closure string, integer or tuple passed to np.pad's mode, np.split's sections, np.quantile's
method, read directly, through a helper, in a loop and a branch; both modes against central
differences; a rebound global recompiles."""
import numpy as np
import pytest

import transpiler
from transpiler import UnknownFunctionError, UnsupportedSyntaxError

X = np.array([0.5, -0.3, 1.2, -0.8, 2.0, 0.1])

MODE = "reflect"
METHOD = "linear"
SECTIONS = 3
WIDTH = (1, 2)


def check_both(f, x=X):
    report = transpiler.check_grad(f, x)
    assert report.ok, report
    direction = np.random.default_rng(3).normal(size=np.shape(x))
    value, derivative = transpiler.jvp(f, (x,), (direction,))
    h = 1e-6
    assert value == pytest.approx(f(x), rel=1e-12)
    assert derivative == pytest.approx((f(x + h * direction) - f(x - h * direction)) / (2 * h), rel=1e-5, abs=1e-8)


def padded(x):
    return np.sum(np.sin(np.pad(x, WIDTH, mode=MODE)) ** 2)


def quantile(x):
    return np.quantile(x, 0.3, method=METHOD) + np.percentile(x, 80, method=METHOD)


def pieces(x):
    a, b, c = np.split(x, SECTIONS)
    return np.sum(a * b + c ** 2)


def pad_with(x, mode):
    return np.pad(x, 2, mode=mode)


def through_helper_in_a_loop(x):
    total = 0.0
    for i in range(2):
        if i > 0:
            total = total + np.sum(np.cos(pad_with(x * i, MODE)))
        else:
            total = total + np.sum(np.split(x, SECTIONS)[1] ** 3)
    return total


@pytest.mark.parametrize("f", [padded, quantile, pieces, through_helper_in_a_loop])
def test_a_global_constant_given_where_a_static_value_is_needed_is_folded(f):
    check_both(f)


def test_a_closure_cell_is_folded_like_a_global():
    def make(mode, sections):
        return lambda x: np.sum(np.pad(x, 1, mode=mode) ** 2) * np.sum(np.split(x, sections)[0])
    check_both(make("wrap", 2))
    check_both(make("symmetric", 3))


def test_the_printed_gradient_shows_the_folded_value_and_reads_no_free_name():
    text = transpiler.grad(padded).source()
    assert "'reflect'" in text and "MODE" not in text


def test_a_rebound_global_string_recompiles_and_gives_the_new_derivative():
    global MODE
    gradient = transpiler.grad(padded)
    first = gradient(X)
    try:
        MODE = "edge"
        second = gradient(X)
        assert transpiler.check_grad(padded, X).ok
        expected = transpiler.grad(padded)(X)
    finally:
        MODE = "reflect"
    assert not np.allclose(first, second)
    np.testing.assert_allclose(second, expected)
    np.testing.assert_allclose(gradient(X), first)


def test_a_global_rebound_to_a_value_of_another_type_recompiles():
    global SECTIONS
    gradient = transpiler.grad(pieces)
    gradient(X)
    try:
        SECTIONS = (2, 4)          # split at indices now: the same three pieces' shapes differ
        assert transpiler.check_grad(pieces, X).ok
        np.testing.assert_allclose(gradient(X), transpiler.grad(pieces)(X))
    finally:
        SECTIONS = 3


def test_a_global_rebound_to_a_mode_without_a_rule_is_refused_at_the_next_call():
    global MODE
    gradient = transpiler.grad(padded)
    gradient(X)
    try:
        MODE = "empty"
        with pytest.raises(UnsupportedSyntaxError, match="mode='empty'"):
            gradient(X)
    finally:
        MODE = "reflect"


def test_a_method_without_a_rule_from_a_global_is_refused_naming_it():
    global METHOD
    try:
        METHOD = "nearest"
        with pytest.raises(UnknownFunctionError, match="method='linear'"):
            transpiler.grad(quantile)(X)
    finally:
        METHOD = "linear"


LIST_SECTIONS = [2, 4]


def test_a_mutable_global_is_not_folded_but_read_at_each_call():
    def f(x):
        return np.sum(np.split(x, LIST_SECTIONS)[0] ** 2)
    gradient = transpiler.grad(f)
    np.testing.assert_allclose(gradient(X), 2 * X * (np.arange(X.size) < 2))
    try:
        LIST_SECTIONS[0] = 3               # changed in place: a folded value would miss it
        np.testing.assert_allclose(gradient(X), 2 * X * (np.arange(X.size) < 3))
    finally:
        LIST_SECTIONS[0] = 2

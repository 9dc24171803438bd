"""An expression making a new array, evaluated twice, makes two arrays (frontend/recomputed_values.py):
``a = np.sin(x); b = np.sin(x); a[0] = 5.0`` leaves ``b`` as it was. The lowering shared the
first value (common subexpressions), so the write was refused as one through an alias, and two
such entries of a dict or list failed the run-time check that a written entry is alone (for a
list, the IR's ``repeated_values`` merged them again: opt/repeated.py ``written_values``). Each
spelling against central differences in both modes, and the Hessian against differences of the
gradient; an array computed twice and never written is still computed once; what Python makes
one object (``b = a``, ``d["b"] = d["a"]``, ``[a] * 2``) is still one."""
import inspect

import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

X = np.array([0.3, 0.7, 1.1])


def names(x):
    a = np.sin(x)
    b = np.sin(x)
    a[0] = 5.0
    return np.sum(a * b)


def dict_entries(x):
    d = {}
    d["a"] = np.sin(x)
    d["b"] = np.sin(x)
    d["a"][0] = 5.0 * x[1]
    return np.sum(d["a"] * d["b"])


def list_entries(x):
    xs = []
    xs.append(np.sin(x))
    xs.append(np.sin(x))
    xs[1][2] = x[0] * 3.0
    return np.sum(xs[0] * xs[1])


class Pair:
    def __init__(self, x):
        self.a = np.exp(x)
        self.b = np.exp(x)


def attributes(x):
    p = Pair(x)
    p.b[1] = 2.0 * x[2]
    return np.sum(p.a * p.b ** 2)


def augmented(x):
    a = np.sin(x) * 2.0
    b = np.sin(x) * 2.0
    a += x
    return np.sum(a * b)


def in_a_loop(x):
    total = 0.0
    for i in range(3):
        a = np.sin(x)
        b = np.sin(x)
        a[i] = x[i] ** 2
        total = total + np.sum(a * b)
    return total


def first_before_the_loop(x):
    a = np.tanh(x)
    total = 0.0
    for i in range(3):
        b = np.tanh(x)
        b[i] = 0.5
        total = total + np.sum(a * b)
    return total


def readers_of_both(x):
    a = np.sin(x)
    b = np.sin(x)
    u = np.cos(b)           # computed from `b` before the write: `np.cos(a)`'s value
    v = np.cos(a)
    b[1] = x[0]
    return np.sum(a * b * u + v)


def three_names_two_written(x):
    a = np.sin(x)
    b = np.sin(x)
    c = np.sin(x)
    a[0] = 1.0
    b[1] = x[2] * 2.0
    return np.sum(a * b * c)


def made_by_one_helper_twice(x):
    def make(v):
        return np.tanh(v)           # (one site in the source, reached by both calls)
    a = make(x)
    b = make(x)
    a[2] = 0.5
    return np.sum(a * b)


def written_in_one_branch(x):
    a = np.sin(x)
    if x[0] > 0:
        b = np.sin(x)
        b[0] = 2.0
    else:
        b = a
    return np.sum(a * b)


def written_by_out(x):
    a = np.sin(x)
    b = np.sin(x)
    np.multiply(a, 2.0, out=a)
    return np.sum(a * b)


def read_out_of_a_dict_and_scaled(x):
    """(fuzz class repeated-writes, seeds 300296 ... 300572 of fz3: the Hessian refused at run time,
    the generated gradient's check of `a *= ...` differentiated again with its two arrays merged)"""
    a = np.sin(x) * 0.8
    d = {"a": a, "b": np.sin(x) * 0.8}
    a = d["a"]
    b = d["b"]
    a *= 0.8
    return np.sum(a * b) + np.sum(a) * 0.8


SPELLINGS = [read_out_of_a_dict_and_scaled, names, dict_entries, list_entries, attributes, augmented, in_a_loop, first_before_the_loop,
             readers_of_both, three_names_two_written, made_by_one_helper_twice, written_in_one_branch,
             written_by_out]


def gradient_differences(f, x, h=1e-6):
    gradient = transpiler.grad(f)
    return np.array([(gradient(x + h * e) - gradient(x - h * e)) / (2 * h) for e in np.eye(len(x))]).T


@pytest.mark.parametrize("f", SPELLINGS, ids=lambda f: f.__name__)
def test_an_array_computed_again_is_its_own_array_when_one_is_written(f):
    assert_both_modes(f, X)
    np.testing.assert_allclose(transpiler.hessian(f)(X), gradient_differences(f, X), rtol=1e-5, atol=1e-6)


def shared_and_never_written(x):
    a = np.sin(x)
    b = np.sin(x)
    return np.sum(a * b + np.cos(b) * np.cos(a))


def test_an_array_computed_twice_and_never_written_is_computed_once():
    source = str(transpiler.grad(shared_and_never_written).source(args=(X,)))
    assert source.count("np.sin(x)") == 1
    assert source.count("np.cos(") == 2          # cos of the value and cos for sin's derivative
    assert_both_modes(shared_and_never_written, X)


def test_the_array_computed_again_and_written_is_computed_twice():
    source = str(transpiler.grad(readers_of_both).source(args=(X,), print_after="lower"))
    assert source.count("np.sin(x)") == 2


def alias(x):
    a = np.sin(x)
    b = a
    a[0] = 5.0
    return np.sum(a * b)


def test_an_alias_still_sees_the_write():
    assert_both_modes(alias, X)
    a = np.sin(X)
    a[0] = 5.0
    assert alias(X) == pytest.approx(np.sum(a * a))


def dict_alias(x):
    d = {}
    d["a"] = np.sin(x)
    d["b"] = d["a"]
    d["a"][0] = 5.0
    return np.sum(d["a"] * d["b"])


def repeated_list(x):
    a = np.sin(x)
    xs = [a] * 2
    xs[0][0] = 5.0
    return np.sum(xs[0] * xs[1])


@pytest.mark.parametrize("f", [dict_alias, repeated_list], ids=["dict", "list"])
def test_one_array_stored_twice_is_still_refused_where_it_is_written(f):
    lines, first = inspect.getsourcelines(f)
    line = first + next(i for i, text in enumerate(lines) if "[0] = 5.0" in text)
    with pytest.raises(TypeError, match=rf"test_recomputed_values.py:{line}:.*also another entry of its container"):
        transpiler.grad(f)(X)

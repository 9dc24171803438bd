"""frontend/source.py parses a function once for its code object (a helper is read at every
call it is inlined at): the tree is shared, read again when the code is replaced, and holds
nothing alive."""
import gc
import weakref

import numpy as np
import pytest

import transpiler
from transpiler.frontend import source


def square_sum(x):
    return np.sum(x * x)


def cube_sum(x):
    return np.sum(x * x * x)


def test_a_function_is_parsed_once_and_its_tree_shared():
    first = source.parse_function(square_sum)
    again = source.parse_function(square_sum)
    assert first.tree is again.tree and first is not again
    assert first.tree.lineno == square_sum.__code__.co_firstlineno     # the file's line numbers


def test_replaced_code_is_parsed_again_and_differentiated_as_it_now_is():
    def f(x):
        return np.sum(x * x)
    x = np.array([1.0, 2.0])
    gradient = transpiler.grad(f)
    assert gradient(x) == pytest.approx(2 * x)
    f.__code__ = cube_sum.__code__
    assert source.parse_function(f).tree.name == "cube_sum"
    assert gradient(x) == pytest.approx(3 * x * x)


def test_a_helper_inlined_at_several_calls_is_parsed_once(monkeypatch):
    parses = []
    real = source._function_tree
    monkeypatch.setattr(source, "_function_tree", lambda func: parses.append(func.__name__) or real(func))
    source._TREES.pop(square_sum, None)

    def loss(x):
        total = 0.0
        for _ in range(3):
            total = total + square_sum(x)
        return total + square_sum(2.0 * x)
    x = np.array([1.0, -2.0])
    assert transpiler.grad(loss)(x) == pytest.approx(6 * x + 8 * x)
    assert parses.count("square_sum") == 1


def test_the_kept_tree_does_not_keep_its_function_alive():
    def made():
        def f(x):
            return x * x
        return f
    f = made()
    transpiler.grad(f)(1.0)
    dead = weakref.ref(f)
    del f
    gc.collect()
    assert dead() is None

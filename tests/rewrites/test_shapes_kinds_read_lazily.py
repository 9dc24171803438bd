"""rewrites/shapes.py: the shapes the shaped rewrites check candidates against. Only an index's
shape rule reads the kinds of values (an integer array as an index gives its shape), so the
kinds, a whole-function analysis, are worked out only where a rule reads one."""
import numpy as np

from transpiler.driver import pipeline
from transpiler.ir.nodes import Assign, Var, walk
from transpiler.rewrites import shapes


def columns(x, y):
    z = np.tanh(x[:, 0]) * y
    return np.sum(z * 2.0)


def picked(x, y):
    rows = np.arange(3)
    z = x[rows] * 2.0       # (an integer array as the index: its shape and kind give z's)
    return np.sum(z) + y


def shape_of_call(fn, found, path):
    return next(found.get(s.target) for s in walk(fn.body) if isinstance(s, Assign) and s.prim.spelling.path == path)


def asking(monkeypatch) -> list:
    asked = []
    value_kinds = shapes.value_kinds
    monkeypatch.setattr(shapes, "value_kinds", lambda fn, arg_kinds: asked.append(fn) or value_kinds(fn, arg_kinds))
    return asked


def test_shapes_no_index_reads_a_kind_of_are_found_without_the_kinds(monkeypatch):
    asked = asking(monkeypatch)
    fn = pipeline.lowered(columns)
    found = shapes.known_shapes(fn, {"x": (5, 2), "y": (5,)})
    assert shape_of_call(fn, found, "np.tanh") == (5,) and found[Var("z")] == (5,)
    assert asked == []


def test_an_integer_array_index_has_its_kind_worked_out_once_and_gives_the_shape(monkeypatch):
    asked = asking(monkeypatch)
    fn = pipeline.lowered(picked)
    found = shapes.known_shapes(fn, {"x": (5, 2), "y": ()})
    subscript = next(s for s in walk(fn.body) if isinstance(s, Assign) and s.prim.pattern is not None)
    assert found[subscript.target] == (3, 2)
    assert asked == [fn]

"""analysis/list_items.py: the items read from a list grown with values of one shape have that
shape; the list itself stays unknown to the shapes handed on; items of two shapes, unknown."""
import numpy as np

from transpiler.analysis.facts import shapes_of
from transpiler.driver.pipeline import lowered
from transpiler.ir.nodes import Assign, walk


def grown(x):
    hs = [x]
    for t in range(4):
        hs.append(np.tanh(hs[-1] * 2.0))
    return np.sum(hs[-1])


def two_shapes(x):
    hs = [x]
    for t in range(4):
        hs.append(np.sum(hs[-1]) * np.ones(2))
    return np.sum(hs[-1])


def shapes_and_names(f, shape):
    """(shape by name, names of the last items read, names of the lists appended to)."""
    fn = lowered(f)
    shapes = {v.name: s for v, s in shapes_of(fn, (shape,)).items()}
    assigns = [s for s in walk(fn.body) if isinstance(s, Assign)]
    reads = [s.target.name for s in assigns if "[-1]" in str(s)]
    lists = [s.target.name for s in assigns if "appended(" in str(s)]
    return shapes, reads, lists


def test_items_of_a_list_grown_with_one_shape_have_it():
    shapes, reads, lists = shapes_and_names(grown, (3,))
    assert reads and all(shapes[name] == (3,) for name in reads)
    assert lists and all(shapes[name] is None for name in lists)     # (the list: no array's shape)


def test_items_of_two_shapes_stay_unknown():
    shapes, reads, _ = shapes_and_names(two_shapes, (3,))
    assert reads and all(shapes[name] is None for name in reads)

"""backends/python_code.py: an item write's index folds into it (``d2x[1:-1] = ...``, not
``_part_28 = slice(1, -1)`` on a line of its own), printed as a slice is written, and the code
still computes the gradient."""
import ast

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad


def second_differences(P, hx):
    d2x = np.zeros_like(P)
    d2x[1:-1] = (P[2:] - 2 * P[1:-1] + P[:-2]) / hx / hx
    d2x[0] = (P[1] - 2 * P[0] + 1.0) / hx / hx
    return np.sum(d2x ** 2)


def grid_writes(P, hx):
    grid = np.zeros((4, 3))
    grid[1:-1, 0] = P[2:] * hx
    grid[:2, 1:] = hx
    return np.sum(grid ** 2)


POINTS = {second_differences: (np.array([1.0, 2.5, 3.0, 4.5, 5.0]), 0.5),
          grid_writes: (np.array([1.0, -2.0, 3.0, 0.5]), 0.7)}


def subscript_writes(source: str) -> list[str]:
    """Each ``x[...] = ...`` statement's target, as printed."""
    return [ast.unparse(node.targets[0]) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript)]


@pytest.mark.parametrize("f, written", [(second_differences, "[1:-1]"), (grid_writes, "[1:-1, 0]")])
def test_an_item_write_s_slice_is_printed_inline(f, written):
    forward_sweep = transpiler.grad(f).source(args=POINTS[f]).split("# reverse sweep")[0]
    assert "slice(" not in forward_sweep, forward_sweep
    first_write = subscript_writes(forward_sweep)[0]
    assert first_write.endswith(written) and "_part" not in first_write, first_write


@pytest.mark.parametrize("f", list(POINTS))
def test_the_code_with_the_folded_slices_computes_the_gradient(f):
    assert check_grad(f, *POINTS[f]).ok
    gradient = transpiler.grad(f)
    namespace = {}
    exec(gradient.source(args=POINTS[f]), namespace)
    printed = namespace[f"{f.__name__}_grad"](*POINTS[f])
    np.testing.assert_allclose(printed, gradient(*POINTS[f]), rtol=1e-15)

"""``x.tolist()`` of a 3-d array (pr10's C6: a plain ValueError when the generated code ran) is
nested lists of the matrices' rows, differentiated in every mode against central finite
differences; four or more dimensions are refused with one of transpiler's errors, saying what
to write instead."""
import inspect

import numpy as np
import pytest
from array_check import check_gradient, hessian_by_differences

import transpiler
from transpiler.errors import RunTimeRefusal

CUBE = np.arange(24.0).reshape(2, 3, 4) / 10.0
HYPERCUBE = np.arange(16.0).reshape(2, 2, 2, 2) / 10.0


def of_a_cube(x):
    t = x.tolist()
    return t[1][2][0] * t[0][0][1] ** 2 + sum(sum(sum(row) for row in matrix) for matrix in t)


def of_a_hypercube_taken_apart(x):
    t = [cube.tolist() for cube in x]
    return t[1][0][1][0] ** 2 + t[0][1][0][1] * t[1][1][1][1]


def of_a_hypercube(x):
    t = x.tolist()
    return t[1][0][1][0] ** 2


def test_a_cubes_nested_lists_are_numpys():
    def nested(x):
        return x.tolist()
    assert transpiler.value_and_grad(of_a_cube)(CUBE)[0] == pytest.approx(of_a_cube(CUBE))
    got = transpiler.jvp(nested, (CUBE,), (CUBE,))[0]
    assert np.array(got).tolist() == CUBE.tolist()


@pytest.mark.parametrize("f, x", [(of_a_cube, CUBE), (of_a_hypercube_taken_apart, HYPERCUBE)],
                         ids=["cube", "hypercube taken apart"])
def test_the_gradient_through_tolist_matches_finite_differences(f, x):
    gradient = check_gradient(f, (x,))[0]
    tangent = np.cos(np.arange(x.size)).reshape(x.shape)
    assert np.isclose(transpiler.jvp(f, (x,), (tangent,))[1], np.sum(gradient * tangent))


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_the_hessian_through_a_cubes_tolist_matches_differences_of_the_gradient(mode):
    hessian = transpiler.hessian(of_a_cube) if mode == "reverse" else transpiler.hessian(of_a_cube, mode="forward")
    np.testing.assert_allclose(hessian(CUBE), hessian_by_differences(of_a_cube, CUBE), atol=1e-6)


def test_four_dimensions_are_refused_with_what_to_write_in_both_modes_at_the_tolist_line():
    lines, first = inspect.getsourcelines(of_a_hypercube)
    line = first + next(i for i, text in enumerate(lines) if ".tolist()" in text)   # (not the `def` line)
    for run in (lambda: transpiler.grad(of_a_hypercube)(HYPERCUBE),
                lambda: transpiler.jvp(of_a_hypercube, (HYPERCUBE,), (HYPERCUBE,))):
        with pytest.raises(RunTimeRefusal, match="4 dimensions") as refused:
            run()
        assert "[m.tolist() for m in x]" in str(refused.value)
        assert f"test_tolist_dimensions.py:{line}:9:" in str(refused.value)     # at `x.tolist()`

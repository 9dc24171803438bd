"""``math.hypot(*x)`` of an array or list whose length is known only when the function runs:
the Euclidean norm of its elements (frontend/signatures.py ``_hypot_of_a_sequence``). Before:
"`*x` in a call, whose number of elements is not known until the function runs"."""
import math

import numpy as np
import pytest

import transpiler

import python_semantics

X = np.array([0.3, -0.7, 1.1])
DIRECTION = np.array([1.0, -0.5, 2.0])


def hypot_of_an_array(x):
    return math.hypot(*x) * 2.0


def hypot_of_a_computed_array(x):
    return math.hypot(*(x[:2] * 3.0)) + x[2]


def hypot_of_a_list_built_in_a_loop(x):
    parts = []
    for k in range(3):
        parts.append(x[k] * (k + 1.0))
    return math.hypot(*parts)


@pytest.mark.parametrize("f", [hypot_of_an_array, hypot_of_a_computed_array, hypot_of_a_list_built_in_a_loop],
                         ids=lambda f: f.__name__)
def test_hypot_of_a_spread_sequence_is_its_norm(f):
    python_semantics.check(f, X.copy(), DIRECTION)
    assert transpiler.value_and_grad(f)(X.copy())[0] == pytest.approx(f(X.copy()), rel=1e-15)

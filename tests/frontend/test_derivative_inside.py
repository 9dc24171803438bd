"""Derivatives taken inside the function being differentiated, other than ``grad(f, k)(*args)``
of a function ``f`` known when compiling (tests/api/test_nested_gradient.py) or of a lambda or
nested ``def`` that can be lifted (test_lifted_functions.py): a lambda's gradient where it has a
default value, a gradient held in a name, ``jacobian``, ``hvp``. Refused at the user's line, naming
the call, instead of lowering transpiler's own source and failing inside it. The spelling from
outside is checked to give the number."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError, grad


def energy(x):
    return np.sum(np.sin(x) * x)


ENERGY_GRADIENT = grad(energy)


def gradient_by_index_inside(x, y):
    return np.sum(grad(lambda a, b, scale=2.0: scale * np.sum(a * b), 1)(x, y))


def held_gradient_inside(x):
    return np.sum(ENERGY_GRADIENT(x))


def jacobian_inside(x):
    return np.sum(transpiler.jacobian(np.sin)(x))


def hvp_inside(x):
    return transpiler.hvp(energy, x, x)[0]


X = np.array([0.3, -1.2, 2.0])


@pytest.mark.parametrize("f, args, called", [
    (gradient_by_index_inside, (X, X), "grad"),
    (held_gradient_inside, (X,), "ENERGY_GRADIENT"),
    (jacobian_inside, (X,), "transpiler.jacobian"),
    (hvp_inside, (X,), "transpiler.hvp"),
])
def test_a_derivative_inside_the_function_is_refused_at_its_line(f, args, called):
    pattern = rf"test_derivative_inside.py:\d+:\d+: `{called}` \(.*\) called inside a function being differentiated"
    with pytest.raises(UnsupportedSyntaxError, match=pattern):
        transpiler.grad(f)(*args)
    with pytest.raises(UnsupportedSyntaxError, match=pattern):
        transpiler.jvp(f, args, tuple(np.ones_like(a) for a in args))


def test_the_hint_names_the_spelling_from_outside_and_it_gives_the_number():
    with pytest.raises(UnsupportedSyntaxError) as refused:
        transpiler.grad(held_gradient_inside)(X)
    assert "transpiler.hessian(f)" in refused.value.hint
    # d/dx sum(ENERGY_GRADIENT(x)) is the Hessian's row sums: forward over reverse from outside
    expected = np.sum(transpiler.hessian(energy)(X), axis=0)
    _, along_ones = transpiler.jvp(transpiler.grad(energy), (X,), (np.ones(3),))
    np.testing.assert_allclose(along_ones, expected, rtol=1e-10)
    np.testing.assert_allclose(expected, 2 * np.cos(X) - X * np.sin(X), rtol=1e-10)

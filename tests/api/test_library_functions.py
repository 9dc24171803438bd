"""A library function differentiated itself, as JAX's quickstart writes ``grad(jnp.tanh)``:
``grad(np.tanh)``, ``jacobian(np.linalg.det)``, ``hessian(math.sin)`` differentiate the function
through its rule, by a ``def`` made for it that takes its required positional parameters
(api/library_functions.py). It was refused ("NumPy's functions have no Python source"), and
``grad(scipy.special.logsumexp)`` read SciPy's own source and refused ``xp.sum``."""
import math

import numpy as np
import pytest
import scipy.special

import transpiler
from transpiler import SourceUnavailableError

A = np.array([[2.0, 1.0], [0.5, 3.0]])


@pytest.mark.parametrize("transform, f, args, expected", [
    (transpiler.grad, np.tanh, (2.0,), 1 - np.tanh(2.0) ** 2),
    (transpiler.grad, np.sum, (np.ones(3),), np.ones(3)),
    (transpiler.grad, np.linalg.det, (A,), np.linalg.det(A) * np.linalg.inv(A).T),
    (transpiler.jacobian, np.cumsum, (np.ones(3),), np.tril(np.ones((3, 3)))),
    (transpiler.jacobian, np.exp, (np.zeros(2),), np.eye(2)),
    (transpiler.grad, math.sin, (0.3,), math.cos(0.3)),
    (transpiler.grad, scipy.special.expit, (0.0,), 0.25),
    (transpiler.grad, scipy.special.logsumexp, (np.zeros(2),), np.array([0.5, 0.5])),
    (transpiler.hessian, np.sin, (0.3,), -math.sin(0.3)),
], ids=["tanh", "sum", "det", "cumsum", "exp", "math.sin", "expit", "logsumexp", "hessian sin"])
def test_a_library_function_is_differentiated_through_its_rule(transform, f, args, expected):
    np.testing.assert_allclose(transform(f)(*args), expected, rtol=1e-12, atol=1e-14)


def test_its_positional_parameters_are_differentiated_as_a_def_s_are():
    np.testing.assert_allclose(transpiler.grad(np.dot, wrt=1)(np.arange(3.0), np.ones(3)), np.arange(3.0))
    np.testing.assert_allclose(transpiler.grad(transpiler.grad(np.tanh))(0.5),
                               -2 * np.tanh(0.5) * (1 - np.tanh(0.5) ** 2))
    np.testing.assert_allclose(transpiler.hessian(np.sin, mode="forward")(0.3), -math.sin(0.3))
    assert transpiler.jvp(np.exp, (0.0,), (2.0,)) == (1.0, 2.0)


def test_its_keywords_are_left_at_their_defaults_and_the_rest_refused():
    with pytest.raises(TypeError, match="unexpected keyword argument 'axis'"):
        transpiler.grad(np.sum)(np.ones(3), axis=0)
    with pytest.raises(SourceUnavailableError, match="np.einsum itself"):       # no fixed parameters
        transpiler.grad(np.einsum)("i,i->", np.ones(2), np.ones(2))

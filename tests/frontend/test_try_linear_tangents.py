"""The tangent of a linear call asked about in a ``try`` block (``np.outer(x, x)``: its tangent
``np.outer(t_x, x) + np.outer(x, t_x)``) is a call of its own, printed plainly: it was printed
``again(np.outer, t_x, x)`` (primitives/tries.py's ``asked_again`` printing, which the linear
rule reused), right in value but with no rule, so forward over forward was refused. Found by
Tangent's fence list (tests/peers/tangent_fence_tables.py, ``untested_try_except``)."""
import numpy as np

import transpiler
from transpiler.ad.forward import TangentSpec
from transpiler.driver import pipeline

X = np.array([0.4, -1.1, 0.7])


def factor_of_gram(x):
    try:
        L = np.linalg.cholesky(np.outer(x, x) + np.eye(len(x)))
    except np.linalg.LinAlgError:
        return 0.0
    return np.sum(L * L[::-1])


def numeric_hessian(x, h=1e-5):
    gradient = transpiler.grad(factor_of_gram)
    return np.stack([(gradient(x + h * e) - gradient(x - h * e)) / (2 * h) for e in np.eye(len(x))], axis=1)


def test_forward_over_forward_through_a_linear_call_in_a_try_block():
    np.testing.assert_allclose(transpiler.hessian(factor_of_gram, mode="forward")(X), numeric_hessian(X),
                               rtol=1e-5, atol=1e-7)


def test_the_linear_calls_tangent_is_printed_plainly_and_its_value_kept_once():
    text = pipeline.source(factor_of_gram, TangentSpec((0,)))
    assert "again(np.outer, x, x)" in text                    # the asked call keeps the question's value
    assert "np.outer(t_x, x) + np.outer(x, t_x)" in text and "again(np.outer, t_x" not in text


def test_the_first_derivative_in_forward_mode_agrees_with_reverse_mode():
    direction = np.array([0.3, -0.2, 0.9])
    _, tangent = transpiler.jvp(factor_of_gram, (X,), (direction,))
    assert np.isclose(tangent, np.dot(transpiler.grad(factor_of_gram)(X), direction), rtol=1e-12)

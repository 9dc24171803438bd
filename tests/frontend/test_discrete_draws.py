"""``rng.choice(n, p=probs)`` with probabilities computed in the function (a policy's action in
REINFORCE): the draw is NumPy's own, from the same stream, and its derivative in ``p`` is 0, so the
gradient is the score ``d log probs[a]`` of the sample drawn. Each spelling (the global stream, a
``RandomState`` or ``Generator`` argument, one made in the function, ``size=``, a population of
constants): the value equals Python's, the stream advances as Python's does, and the gradient in
both modes and the Hessian agree with central differences taken with the seed fixed. A
differentiated population is refused, located."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad, errors

THETA = np.array([0.1, 0.5, -0.3])


def softmax(theta):
    e = np.exp(theta - np.max(theta))
    return e / np.sum(e)


def global_stream(theta):
    p = softmax(theta)
    a = np.random.choice(3, p=p)
    return np.log(p[a]) + np.random.normal()          # (the stream read after the draw too)


def generator_argument(theta, rng):
    p = softmax(theta)
    actions = rng.choice(3, size=4, p=p)
    return np.sum(np.log(p[actions])) * rng.normal()


def random_state_argument(theta, rs):
    p = softmax(theta)
    total = 0.0
    for _ in range(3):
        a = rs.choice(len(p), p=p)
        total = total + np.log(p[a]) * theta[a]
    return total


def made_in_the_function(theta):
    rng = np.random.default_rng(0)
    p = softmax(theta)
    value = rng.choice([10.0, 20.0, 30.0], p=p)        # a population of constants
    return value * np.sum(p ** 2)


def same_stream(a, b) -> bool:
    if isinstance(a, np.random.Generator):
        return a.bit_generator.state == b.bit_generator.state
    return all(np.array_equal(u, v) for u, v in zip(a.get_state(), b.get_state()))


@pytest.mark.parametrize("fn, make", [(generator_argument, lambda: np.random.default_rng(3)),
                                      (random_state_argument, lambda: np.random.RandomState(4))])
def test_a_generator_argument_draws_what_python_draws_and_the_gradient_is_the_score(fn, make):
    expected_rng, rng = make(), make()
    expected = fn(THETA, expected_rng)
    value, gradient = transpiler.value_and_grad(fn)(THETA, rng)
    assert value == expected
    assert same_stream(rng, expected_rng)
    report = check_grad(lambda t: fn(t, make()), THETA)
    assert report.ok, str(report)
    direction = np.array([0.3, -0.2, 0.5])
    _, tangent = transpiler.jvp(fn, (THETA, make()), (direction, None))
    assert tangent == pytest.approx(gradient @ direction, rel=1e-10)


def test_the_global_stream_in_both_modes_and_the_hessian():
    np.random.seed(1)
    expected = global_stream(THETA)
    np.random.seed(1)
    value, gradient = transpiler.value_and_grad(global_stream)(THETA)
    assert value == expected
    p = softmax(THETA)
    np.random.seed(1)
    a = np.random.choice(3, p=p)
    np.testing.assert_allclose(gradient, np.eye(3)[a] - p, rtol=1e-12)     # d log softmax(θ)_a
    np.random.seed(1)
    hessian = transpiler.hessian(global_stream)(THETA)
    np.testing.assert_allclose(hessian, -(np.diag(p) - np.outer(p, p)), rtol=1e-10, atol=1e-14)


def test_a_population_of_constants_made_in_the_function():
    report = check_grad(made_in_the_function, THETA)
    assert report.ok, str(report)
    assert transpiler.value_and_grad(made_in_the_function)(THETA)[0] == made_in_the_function(THETA)


def differentiated_population(theta, rng):
    return rng.choice(theta, p=softmax(theta))


def test_a_differentiated_population_is_refused_where_it_is_drawn():
    with pytest.raises(errors.UnknownFunctionError, match=r"rng\.choice.*argument `theta`"):
        transpiler.grad(differentiated_population)(THETA, np.random.RandomState(0))


def test_a_choice_method_of_something_else_raises_when_it_runs():
    class Draws:                     # a `choice` with no source the compiler can inline
        choice = staticmethod(lambda a, p=None: 0)
    with pytest.raises(TypeError, match="not NumPy's RandomState or Generator"):
        transpiler.grad(lambda t, r: np.log(softmax(t)[r.choice(3, p=softmax(t))]))(THETA, Draws())

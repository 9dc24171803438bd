"""``f = MODELS[model]`` (a dict of functions, the key a string known only at run time) then
``f(S, *np.exp(p))``: the spread has as many elements as every function of the dict takes
positionally, checked when it runs, as for a call of one function by name (was refused: its
length unknown). Where the functions take different counts, refused, located."""
import numpy as np
import pytest

import transpiler

S = np.linspace(0.1, 2.0, 5)
P = np.array([0.3, -0.5])
DIRECTION = np.array([1.0, -0.5])


def langmuir(S, qm, b):
    return qm * b * S / (1 + b * S)


def freundlich(S, k, n):
    return k * S ** (1 / n)


def three(S, a, b, c):
    return a * S + b * c


MODELS = {"langmuir": langmuir, "freundlich": freundlich}
UNEVEN = {"langmuir": langmuir, "three": three}


def spread_of_a_call(p, model):
    f = MODELS[model]
    return np.sum(f(S, *np.exp(p)) ** 2)


def spread_of_a_name(p, model):
    f = MODELS[model]
    e = np.exp(p)
    return np.sum(f(S, *e))


def spread_of_a_comprehension(p, model):
    f = MODELS[model]
    return np.sum(f(S, *[np.exp(v) for v in p]))


CASES = [spread_of_a_call, spread_of_a_name, spread_of_a_comprehension]


@pytest.mark.parametrize("model", sorted(MODELS))
@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_both_modes_match_finite_differences(f, model):
    report = transpiler.check_grad(f, P, model)
    assert report.ok, report
    value, derivative = transpiler.jvp(f, (P, model), (DIRECTION, None))
    h = 1e-6
    assert value == pytest.approx(f(P, model), rel=1e-12)
    numeric = (f(P + h * DIRECTION, model) - f(P - h * DIRECTION, model)) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-6)


def test_a_sequence_of_another_length_raises_where_python_does():
    def f(p, model):
        g = MODELS[model]
        return np.sum(g(S, *p))
    three_values = np.array([0.3, 0.2, 0.1])
    with pytest.raises(TypeError):
        f(three_values, "langmuir")
    with pytest.raises(TypeError):
        transpiler.grad(f)(three_values, "langmuir")


def test_functions_taking_different_counts_are_refused_located():
    def f(p, model):
        g = UNEVEN[model]
        return np.sum(g(S, *np.exp(p)))
    with pytest.raises(transpiler.TranspileError, match=r"\*np.exp\(p\)"):
        transpiler.grad(f)(P, "langmuir")


"""``f = MODELS[model]`` (a dict of functions, the key a string known only at run time) then
``f(S, *np.exp(p))``: the call is the branches over the keys (frontend/function_dicts.py), each
spreading the sequence into its own function, as many elements as that one takes, checked when
it runs, as for a call of one function by name (was refused: its length unknown). The functions
may take different counts (tests/realworld/michaelis_menten_fit.py)."""
import numpy as np
import pytest

import transpiler

S = np.linspace(0.1, 2.0, 5)
TWO = np.array([0.3, -0.5])
THREE = np.array([0.3, -0.5, 0.1])


def langmuir(S, qm, b):
    return qm * b * S / (1 + b * S)


def freundlich(S, k, n):
    return k * S ** (1 / n)


def three(S, a, b, c):
    return a * S + b * c


MODELS = {"langmuir": langmuir, "freundlich": freundlich, "three": three}


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
    params = THREE if model == "three" else TWO
    direction = params[::-1] - 0.25
    report = transpiler.check_grad(f, params, model)
    assert report.ok, report
    value, derivative = transpiler.jvp(f, (params, model), (direction, None))
    h = 1e-6
    assert value == pytest.approx(f(params, model), rel=1e-12)
    numeric = (f(params + h * direction, model) - f(params - h * direction, model)) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-6)


def test_a_sequence_of_another_length_raises_where_python_does():
    def f(p, model):
        g = MODELS[model]
        return np.sum(g(S, *p))
    with pytest.raises(TypeError):
        f(THREE, "langmuir")
    with pytest.raises(TypeError):
        transpiler.grad(f)(THREE, "langmuir")

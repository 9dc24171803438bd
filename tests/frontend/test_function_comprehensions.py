"""A list of lambdas made by a comprehension (frontend/function_comprehensions.py): unrolled into
the display it stands for where its count is known while compiling, each lambda's defaults bound
in its own iteration; refused, located, where a lambda reads the comprehension's variable late or
the count is known only at run time."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.3, -1.2, 0.7, 2.0])
N_TERMS = 3


def polynomial_basis(x):
    phis = [lambda t, k=k: t ** k for k in range(4)]
    return sum(c * phi(x).sum() for c, phi in zip([1.0, 0.5, 0.25, 0.125], phis))


def over_a_display(x):
    fs = [lambda t, a=a: np.sin(a * t) for a in [0.5, 1.0, 2.0]]
    return sum(f(x).sum() for f in fs)


def over_a_global_count(x):
    fs = [lambda t, k=k: t ** (k + 1) for k in range(N_TERMS)]
    return sum(f(x[i]) for i, f in enumerate(fs))


def indexed(x):
    fs = [lambda t, k=k: t ** k for k in range(3)]
    return fs[2](x).sum() + fs[-1](x[0]) * fs[0](x[1])


def reading_the_function_s_values(x):
    fs = [lambda t, k=k: t * x[k] for k in range(3)]
    return sum(f(x[3]) for f in fs)


def over_a_list_argument(x, scales):
    fs = [lambda t, s=s: np.tanh(s * t) for s in scales]
    return sum(f(x).sum() for f in fs)


@pytest.mark.parametrize("f", [polynomial_basis, over_a_display, over_a_global_count, indexed,
                               reading_the_function_s_values])
def test_a_comprehension_of_lambdas_is_differentiated_as_its_display(f):
    value, g = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X))
    assert transpiler.check_grad(f, X).ok
    _, tangent = transpiler.jvp(f, (X,), (np.ones(4),))
    assert tangent == pytest.approx(g.sum())
    h = transpiler.hessian(f)(X)
    assert np.allclose(h, h.T)


def test_over_a_list_argument_each_length_compiles_its_own_code():
    for scales in ([0.5, 1.5], [0.5, 1.5, -2.0]):
        value, g = transpiler.value_and_grad(over_a_list_argument)(X, scales)
        assert value == pytest.approx(over_a_list_argument(X, scales))
        expected = sum(s * (1 - np.tanh(s * X) ** 2) for s in scales)
        assert np.allclose(g, expected)


def test_a_global_count_changed_compiles_again():
    global N_TERMS
    gradient = transpiler.grad(over_a_global_count)
    before = gradient(X)
    try:
        N_TERMS = 4
        after = gradient(X)
    finally:
        N_TERMS = 3
    assert np.allclose(before, [1.0, 2 * X[1], 3 * X[2] ** 2, 0.0])
    assert np.allclose(after, [1.0, 2 * X[1], 3 * X[2] ** 2, 4 * X[3] ** 3])


def late_binding(x):
    fs = [lambda t: t * k for k in range(3)]
    return sum(f(x).sum() for f in fs)


def count_known_at_run_time(x):
    fs = [lambda t, i=i: t[i] * t[-1 - i] for i in range(len(x))]
    return sum(f(x) for f in fs)


def test_a_lambda_reading_the_variable_late_is_refused_with_the_default_to_write():
    with pytest.raises(UnsupportedSyntaxError, match="late binding") as caught:
        transpiler.grad(late_binding)(X)
    assert "lambda ..., k=k" in caught.value.hint
    assert caught.value.location.line == late_binding.__code__.co_firstlineno + 1


def test_a_count_known_only_at_run_time_is_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match=r"comprehension over `range\(len\(x\)\)`") as caught:
        transpiler.grad(count_known_at_run_time)(X)
    assert caught.value.location.line == count_known_at_run_time.__code__.co_firstlineno + 1


N_UNITS = 3


class Unit:
    def __init__(self, w):
        self.w = w

    def __call__(self, x):
        return np.tanh(self.w * x)


def units_over_a_global_count(x):
    units = [Unit(0.5 * (k + 1)) for k in range(N_UNITS)]
    return sum(u(x).sum() for u in units)


def test_objects_made_over_a_global_count_are_unrolled_and_a_new_count_compiles_again():
    # (the same folding of a global's integer as the lambdas' count: object_loops.py constant_range)
    global N_UNITS
    gradient = transpiler.grad(units_over_a_global_count)
    assert transpiler.check_grad(units_over_a_global_count, X).ok
    try:
        N_UNITS = 2
        assert np.allclose(gradient(X), sum(w * (1 - np.tanh(w * X) ** 2) for w in (0.5, 1.0)))
    finally:
        N_UNITS = 3

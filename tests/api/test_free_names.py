"""Free names (closure cells, globals) are specialised like arguments in the code a call runs,
and guarded: rebinding one to another type or shape gets code of its own (issue 17, item 1)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RATE = 3.7
STEPS = 20
WEIGHTS = np.linspace(0.5, 1.5, 4)


def logistic_literal(x):
    for _ in range(20):
        x = 3.7 * x * (1.0 - x)
    return np.sum(x)


def logistic_global(x):
    for _ in range(STEPS):
        x = RATE * x * (1.0 - x)
    return np.sum(x)


def make_logistic(r, n):
    def logistic_closure(x):
        for _ in range(n):
            x = r * x * (1.0 - x)
        return np.sum(x)
    return logistic_closure


def weighted(x):
    return np.sum(RATE * np.sin(x) * WEIGHTS)


GENERIC_HELPERS = ("unbroadcast", "broadcast_like")


@pytest.mark.parametrize("x", [0.3, np.full(4, 0.3)], ids=["number", "array"])
@pytest.mark.parametrize("spelling", ["global", "closure"])
def test_constants_read_from_a_closure_or_global_compile_like_literals(spelling, x):
    f = logistic_global if spelling == "global" else make_logistic(3.7, 20)
    text = transpiler.grad(f).source(args=(x,))
    literal = transpiler.grad(logistic_literal).source(args=(x,))
    assert not any(h in literal for h in GENERIC_HELPERS)
    assert not any(h in text for h in GENERIC_HELPERS), text
    assert transpiler.grad(f)(x) == pytest.approx(transpiler.grad(logistic_literal)(x))


def test_a_global_rebound_to_another_shape_gets_code_of_its_own(monkeypatch):
    x = np.array([0.1, 0.2, 0.3, 0.4])
    g = transpiler.grad(weighted)
    np.testing.assert_allclose(g(x), RATE * np.cos(x) * WEIGHTS)
    monkeypatch.setattr(__import__(__name__), "WEIGHTS", 2.0)          # an array became a number
    np.testing.assert_allclose(g(x), RATE * np.cos(x) * 2.0)
    monkeypatch.setattr(__import__(__name__), "WEIGHTS", np.ones((3, 4)))   # ... a broadcast matrix
    np.testing.assert_allclose(g(x), RATE * np.cos(x) * 3.0)
    monkeypatch.setattr(__import__(__name__), "RATE", np.arange(4.0))  # a number became an array
    np.testing.assert_allclose(g(x), np.arange(4.0) * np.cos(x) * 3.0)
    assert "unbroadcast" not in g.source(args=(x,))


def test_a_closure_cell_rebound_between_calls_is_seen_with_its_new_shape():
    def make():
        scale = 2.0

        def f(x):
            return np.sum(scale * x * x)

        def rescale(value):
            nonlocal scale
            scale = value
        return f, rescale

    f, rescale = make()
    x = np.array([1.0, 2.0])
    grad, value_and_grad = transpiler.grad(f), transpiler.value_and_grad(f)
    for scale in (2.0, np.array([1.0, 3.0]), np.float32(0.5), 2.0):
        rescale(scale)
        assert check_grad(f, x)
        np.testing.assert_allclose(grad(x), 2 * scale * x)
        value, gradient = value_and_grad(x)
        assert value == pytest.approx(f(x))
        np.testing.assert_allclose(gradient, 2 * scale * x)


def test_a_number_derivative_in_forward_mode_specialises_free_names_too():
    f = make_logistic(3.7, 20)
    text = transpiler.grad(f).source(args=(0.3,))
    assert "_jvp" in text and "broadcast_like" not in text
    h = 1e-7
    expected = (f(0.3 + h) - f(0.3 - h)) / (2 * h)
    assert transpiler.grad(f)(0.3) == pytest.approx(expected, rel=1e-5)

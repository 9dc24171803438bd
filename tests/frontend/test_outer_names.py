"""``global`` and ``nonlocal`` names the differentiated function assigns (frontend/outer_names.py):
read at call time until assigned, then an ordinary variable; the final value written back once
per call, in every mode, as the primal leaves it."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.3, 1.2, -0.7, 2.0])
nfev = 0
last_loss = None
SCALE = 2.0


def counted(x):
    global nfev, last_loss
    nfev += 1
    loss = np.sum(x ** 2) * SCALE
    last_loss = loss
    return loss


def test_global_counter_and_last_value_are_written_once_per_call_in_every_mode():
    global nfev
    nfev = 0
    np.testing.assert_allclose(transpiler.grad(counted)(X), 2 * SCALE * X)
    assert nfev == 1 and last_loss == pytest.approx(np.sum(X ** 2) * SCALE)
    transpiler.value_and_grad(counted)(X)
    transpiler.jvp(counted, (X,), (np.ones(4),))
    assert nfev == 3
    np.testing.assert_allclose(transpiler.hessian(counted)(X), 2 * SCALE * np.eye(4))
    assert nfev > 3                # (the Hessian's code runs the function's forward sweep too)


def branch_sets_the_best(x):
    global last_loss
    loss = np.sum(np.sin(x))
    if loss > 0:
        last_loss = loss * 2
    return loss


def test_global_assigned_on_one_branch_keeps_its_value_on_the_other():
    global last_loss
    last_loss = "untouched"
    transpiler.grad(branch_sets_the_best)(-X)
    assert last_loss == "untouched"
    gradient = transpiler.grad(branch_sets_the_best)(X)
    assert last_loss == pytest.approx(2 * np.sum(np.sin(X)))
    np.testing.assert_allclose(gradient, np.cos(X))


def make_counted_objective():
    calls = 0

    def objective(x):
        nonlocal calls
        for v in x:
            calls += 1
        return np.sum(x ** 3) + calls * 0.0

    return objective, lambda: calls


def test_nonlocal_counter_in_a_loop_in_both_modes():
    objective, calls = make_counted_objective()
    np.testing.assert_allclose(transpiler.grad(objective)(X), 3 * X ** 2, rtol=1e-12)
    assert calls() == 4
    _, slope = transpiler.jvp(objective, (X,), (np.ones(4),))
    assert calls() == 8 and slope == pytest.approx(np.sum(3 * X ** 2))


def bumps(counter_holder):
    global nfev
    nfev += 1
    return counter_holder


def calls_a_helper_that_declares_global(x):
    return np.sum(bumps(x) ** 2)


def test_global_declared_in_a_helper_is_refused_where_declared():
    with pytest.raises(UnsupportedSyntaxError, match="global") as info:
        transpiler.grad(calls_a_helper_that_declares_global)(X)
    assert info.value.location.line == bumps.__code__.co_firstlineno + 1

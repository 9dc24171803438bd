"""``scipy.linalg.solve_discrete_are`` (primitives/scipy_riccati.py): the gradient in each of
``a``, ``b``, ``q``, ``r`` (``q`` and ``r`` moved along symmetric directions: SciPy accepts only
symmetric ones) against central differences of SciPy's function, forward mode against reverse,
the LQR cost-to-go through it against the Riccati recursion iterated to convergence, and the
Hessian against differences of the gradient; the generalised equation (``e=``, ``s=``) is
refused, located."""
import numpy as np
import pytest
import scipy.linalg as sl

import transpiler
from transpiler import check_grad, errors

A = np.array([[1.0, 0.1], [0.0, 1.0]])
B = np.array([[0.005], [0.1]])
WEIGHTS = np.array([[1.0, 0.3], [0.2, 2.0]])


def symmetric(v):
    return np.array([[v[0], v[1]], [v[1], v[2]]])


def readout(a, b, q_entries, r_entry):
    P = sl.solve_discrete_are(a, b, symmetric(q_entries), np.array([[r_entry]]))
    return np.sum(P * WEIGHTS)


def two_inputs(a, b2, q_entries, r_entries):
    P = sl.solve_discrete_are(a, b2, symmetric(q_entries), symmetric(r_entries))
    return np.sum(P * WEIGHTS)


ARGS = (A, B, np.array([1.0, 0.1, 0.5]), 0.1)
ARGS_2 = (np.array([[0.9, 0.2], [-0.1, 1.05]]), np.array([[0.1, 0.0], [0.05, 0.2]]), np.array([1.0, 0.1, 0.5]),
          np.array([0.3, 0.05, 0.2]))

# the rule's finite-difference cases, for the audit of every rule (test_array_rules.py)
CASES = {sl.solve_discrete_are: [(readout, ARGS), (two_inputs, ARGS_2)]}


@pytest.mark.parametrize("fn, args", [(readout, ARGS), (two_inputs, ARGS_2)])
@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_gradient_in_each_argument_matches_finite_differences_of_scipy(fn, args, position):
    report = check_grad(fn, *args, wrt=(position,))
    assert report.ok, str(report)


@pytest.mark.parametrize("fn, args", [(readout, ARGS), (two_inputs, ARGS_2)])
def test_forward_mode_matches_reverse(fn, args):
    tangents = tuple(np.cos(np.arange(np.size(x)) + k).reshape(np.shape(x)) for k, x in enumerate(args))
    _, tangent = transpiler.jvp(fn, args, tangents)
    gradients = transpiler.grad(fn, wrt=(0, 1, 2, 3))(*args)
    assert tangent == pytest.approx(sum(np.sum(g * t) for g, t in zip(gradients, tangents)), rel=1e-9)


def recursion(a, b, q_entries, r_entry, steps=400):
    q, r, P = symmetric(q_entries), np.array([[r_entry]]), symmetric(q_entries)
    for _ in range(steps):
        P = q + a.T @ P @ a - a.T @ P @ b @ np.linalg.solve(r + b.T @ P @ b, b.T @ P @ a)
    return np.sum(P * WEIGHTS)


def test_the_gradient_is_the_limit_of_the_recursions():
    ours = transpiler.grad(readout, wrt=(0, 1, 2, 3))(*ARGS)
    iterated = transpiler.grad(recursion, wrt=(0, 1, 2, 3))(*ARGS)
    for g, h in zip(ours, iterated):
        np.testing.assert_allclose(g, h, rtol=1e-7, atol=1e-9)


def generalised(q_entries):
    return np.sum(sl.solve_discrete_are(A, B, symmetric(q_entries), np.array([[0.1]]), e=np.eye(2)))


def test_the_generalised_equation_is_refused_where_it_is_called():
    with pytest.raises(errors.TranspileError, match="e= or s="):
        transpiler.grad(generalised)(ARGS[2])


@pytest.mark.parametrize("fn, args", [(readout, ARGS), (two_inputs, ARGS_2)])
@pytest.mark.parametrize("position", [0, 1, 2])
def test_the_hessian_matches_differences_of_the_gradient(fn, args, position):
    hessian = transpiler.hessian(fn, wrt=position)(*args)
    x = np.asarray(args[position], dtype=float)

    def gradient(v):
        return transpiler.grad(fn, wrt=position)(*[v if i == position else a for i, a in enumerate(args)])

    columns = []
    for j in range(x.size):
        step = np.zeros(x.size)
        step[j] = 1e-5
        step = step.reshape(x.shape)
        columns.append(((gradient(x + step) - gradient(x - step)) / 2e-5).ravel())
    numeric = np.array(columns).T
    np.testing.assert_allclose(np.reshape(hessian, numeric.shape), numeric, rtol=1e-6, atol=1e-7 * np.abs(numeric).max())

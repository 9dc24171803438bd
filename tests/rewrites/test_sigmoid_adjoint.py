"""The ``sigmoid_adjoint`` rewrite (transpiler/rewrites/sigmoid_adjoint.py): ``1 / (1 + np.exp(u))``
in each spelling gets its derivative from its output, ``-(g * (y * (1 - y)))``; inside a loop
the tape keeps ``y`` and the reverse loop recomputes no part of the sigmoid. Against finite
differences, equal to rounding with the rewrite switched off, in both modes and second order."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.analysis.facts import shapes_of
from transpiler.check import check_grad
from transpiler.driver import pipeline
from transpiler.rewrites.sigmoid_adjoint import sigmoids

RNG = np.random.default_rng(5)
A = RNG.standard_normal((6, 4))
W = RNG.standard_normal((4, 4)) / 2
OFF = {"sigmoid_adjoint": False}
# the transform's output (print_after="ad"): p = 1 - y; q = y * p; neg_d_u = g * q
ONE_STEP = re.compile(r"(\w+) = 1 - (\w+)\n\s+(\w+) = \2 \* \1\n\s+neg_d_\w+ = ")


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def helper(a):                                  # the benchmark's N23 spelling
    return np.sum(sigmoid(a @ W) ** 2)


def inline_reversed_sum(a):
    return np.sum(np.log(1.0 / (np.exp(-a) + 1.0)) * A)


def by_lambda(a):
    squash = lambda z: 1 / (1 + np.exp(z))      # noqa: E731   (u = z: no negation)
    return np.sum(squash(a) * A)


GAIN = 0.7


def global_and_branch(a):
    if np.sum(a) > 0:
        return np.sum(sigmoid(GAIN * a) * A)
    return np.sum(np.tanh(a) * A)


def recurrent(a):
    """A gate per step of a loop: the tape keeps the gate, the reverse loop recomputes nothing."""
    h = np.zeros(4)
    for t in range(a.shape[0]):
        gate = sigmoid(h @ W + a[t])
        h = gate * np.tanh(h + a[t])
    return np.sum(h ** 2)


SPELLINGS = (helper, inline_reversed_sum, by_lambda, global_and_branch, recurrent)


@pytest.mark.parametrize("f", SPELLINGS, ids=lambda f: f.__name__)
def test_each_spelling_takes_the_derivative_from_the_output(f):
    assert ONE_STEP.search(transpiler.grad(f).source(args=(A,), print_after="ad"))
    assert not ONE_STEP.search(transpiler.grad(f, rewrites=OFF).source(args=(A,), print_after="ad"))
    assert check_grad(f, A).ok
    on, off = transpiler.grad(f)(A), transpiler.grad(f, rewrites=OFF)(A)
    np.testing.assert_allclose(on, off, rtol=1e-12, atol=1e-15)


def test_a_loop_keeps_the_gate_on_its_tape_and_recomputes_none_of_it():
    code = transpiler.grad(recurrent).source(args=(A,))
    reverse = code.split("for t in reversed(")[1]
    assert "np.exp" not in reverse and "1 +" not in reverse and "1 /" not in reverse
    off = transpiler.grad(recurrent, rewrites=OFF).source(args=(A,)).split("for t in reversed(")[1]
    assert "1 +" in off and "1 /" in off          # (the exponential popped, the sigmoid recomputed)


def test_forward_mode_second_order_and_float32():
    tangent = RNG.standard_normal(A.shape)
    for f in SPELLINGS:
        _, derivative = transpiler.jvp(f, (A,), (tangent,))
        assert derivative == pytest.approx(np.sum(transpiler.grad(f)(A) * tangent), rel=1e-9)
    step = 1e-6
    H = transpiler.hessian(helper)(A[0])
    column = (transpiler.grad(helper)(A[0] + step * np.eye(4)[1]) - transpiler.grad(helper)(A[0] - step * np.eye(4)[1]))
    np.testing.assert_allclose(H[:, 1], column / (2 * step), rtol=1e-5, atol=1e-8)
    g32 = transpiler.grad(helper)(A.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(helper)(A), rtol=1e-4, atol=1e-6)


def halved(a):
    return np.sum(sigmoid(a) * 0.5)


def test_a_number_broadcast_as_the_adjoint_stays_a_number():
    """``np.sum(sigmoid(a) * 0.5)``: the adjoint of ``y`` is 0.5 broadcast; the derivative takes
    the number (no float64 array of it: a float32 ``a`` keeps a float32 gradient throughout, and
    the numba backend's matrix products meet no mixed dtypes)."""
    a32 = A.astype(np.float32)
    assert "broadcast_to" not in transpiler.grad(halved).source(args=(a32,))
    g = transpiler.grad(halved)(a32)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(halved, rewrites=OFF)(A), rtol=1e-5, atol=1e-7)


def exp_read_twice(a):
    e = np.exp(-a)
    return np.sum(1 / (1 + e)) + np.sum(e)


def sum_read_twice(a):
    s = 1 + np.exp(-a)
    return np.sum(1 / s) + np.sum(np.log(s))


def two_over(a):
    return np.sum(2 / (1 + np.exp(-a)))


@pytest.mark.parametrize("f", [exp_read_twice, sum_read_twice, two_over], ids=lambda f: f.__name__)
def test_not_found_where_the_exponential_or_the_sum_is_read_elsewhere_or_the_numerator_is_not_one(f):
    fn = pipeline.lowered(f)
    assert not sigmoids(fn, shapes_of(fn, (A.shape,)))
    assert check_grad(f, A).ok


def test_the_far_tails():
    """Where ``exp(-z)`` is below 1e-16 the slope reads 0 (as jax.nn.sigmoid's); where it
    overflows, 0 too, where the statement-by-statement code gives 0 * inf and reruns."""
    z = np.array([-800.0, -40.0, -5.0, 0.0, 5.0, 40.0, 800.0])

    def total(z):
        return np.sum(1 / (1 + np.exp(-z)))
    with np.errstate(over="ignore", invalid="ignore"):     # (0 * inf where the rewrite is off)
        on, off = transpiler.grad(total)(z), transpiler.grad(total, rewrites=OFF)(z)
    slope = np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))) ** 2
    np.testing.assert_allclose(on, slope, rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(on, off, rtol=1e-12, atol=1e-16)


def gate_before_the_loop(x, a):
    s = 1 + np.exp(a[0])
    for _ in x:
        x = 1 / s
    return np.sum(x * np.arange(2.0))


def gate_moved_before_the_loop(x, a):
    for _ in x:                                  # (fuzz seed 11938, reduced)
        x = 1 / (1 + np.exp(-a.sum(axis=1)))    # exp and the sum move before the loop
    return np.sum(x)


@pytest.mark.parametrize("f", [gate_before_the_loop, gate_moved_before_the_loop], ids=lambda f: f.__name__)
def test_not_taken_straight_through_a_loop_boundary(f):
    """The sum and the exponential computed once before the loop, the division in every
    iteration: the division's adjoint is summed over the iterations into the sum's, so a step
    straight to ``u`` inside the loop would overwrite it each time (the gradient was 0)."""
    x, a = np.array([1.08, -0.55]), np.array([[-1.25, 0.3], [1.62, 0.1]])
    assert check_grad(f, x, a, wrt=(0, 1)).ok

"""The ``log_softmax_adjoint`` rewrite (transpiler/rewrites/log_softmax_adjoint.py): ``np.log`` of a
softmax, in each spelling the softmax takes (a max subtracted in place or not, the sum's axis
dropped and put back, all axes), is differentiated in one step, ``g - y * np.sum(g, axis,
keepdims=True)``: no division by the softmax. Pinned: the generated code, finite differences in
reverse and forward mode, the same gradient as with the rewrite off, float32, labels whose rows do
not sum to one, probabilities that underflow to 0 (the derivative at once where the statements as
written give NaN), and the spellings where it must not fire (the log in a loop the softmax is
computed before, the softmax read by something else too)."""
import numpy as np
import pytest

import transpiler
from transpiler.analysis.facts import shapes_of
from transpiler.check import check_grad, numeric_gradient
from transpiler.driver import pipeline
from transpiler.rewrites.log_softmax_adjoint import log_softmaxes

RNG = np.random.default_rng(5)
Z = RNG.standard_normal((6, 4))
LABELS = np.eye(4)[RNG.integers(0, 4, 6)]
WEIGHTS = RNG.uniform(0.0, 2.0, (6, 4))          # rows that do not sum to one
OFF = {"log_softmax_adjoint": False}


def max_in_place(z, Y):                          # the benchmark's N37 spelling
    z = z * 1.0
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)
    return -np.sum(Y * np.log(p)) / len(z)


def unshifted(z, Y):
    e = np.exp(z)
    return -np.mean(np.sum(Y * np.log(e / e.sum(axis=1, keepdims=True)), axis=1))


def dropped_sum(z, Y):
    e = np.exp(z - z.max(1)[:, None])
    return np.sum(Y * np.log(e / e.sum(1)[:, None]))


def all_axes(z, Y):
    e = np.exp(z)
    return np.sum(np.log(e / np.sum(e)) * Y)


def columns(z, Y):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return np.sum(np.log(e / e.sum(axis=0, keepdims=True)) ** 2 * Y)


SPELLINGS = (max_in_place, unshifted, dropped_sum, all_axes, columns)


def found(f):
    fn = pipeline.lowered(f)
    return log_softmaxes(fn, shapes_of(fn, ((6, 4), (6, 4))))


def reverse_sweep(f, *args, **options) -> str:
    return transpiler.grad(f, **options).compiled(args).source.split("# reverse sweep")[1]


@pytest.mark.parametrize("f", SPELLINGS, ids=lambda f: f.__name__)
def test_each_spelling_is_found_and_its_reverse_sweep_has_no_division(f):
    assert len(found(f)) == 1
    sweep, as_written = reverse_sweep(f, Z, WEIGHTS), reverse_sweep(f, Z, WEIGHTS, rewrites=OFF)
    assert "/" not in sweep and "np.divide" not in sweep and "np.sum(" in sweep, sweep
    assert "/" in as_written or "np.divide" in as_written


@pytest.mark.parametrize("f", SPELLINGS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("Y", [LABELS, WEIGHTS], ids=["one-hot", "rows-not-summing-to-one"])
def test_each_spelling_matches_finite_differences_in_both_modes_and_the_rewrite_off(f, Y):
    assert check_grad(f, Z, Y).ok
    gradient = transpiler.grad(f)(Z, Y)
    np.testing.assert_allclose(gradient, transpiler.grad(f, rewrites=OFF)(Z, Y), rtol=1e-12, atol=1e-14)
    direction = RNG.standard_normal(Z.shape)
    _, tangent = transpiler.jvp(f, (Z, Y), (direction, np.zeros_like(Y)))
    assert tangent == pytest.approx(np.vdot(numeric_gradient(f, (Z, Y), 0), direction), rel=1e-6, abs=1e-9)
    assert tangent == pytest.approx(np.vdot(gradient, direction), rel=1e-12, abs=1e-14)


def test_the_one_hot_cross_entropy_is_the_hands_softmax_minus_labels():
    """(one_hot_sums reads the labels' row sums as 1: no pass over them, no division.)"""
    labels = np.eye(4)[[0, 3, 1, 1, 2, 0]]
    p = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(transpiler.grad(max_in_place)(Z, labels), (p - labels) / 6, rtol=1e-13, atol=1e-16)


def test_float32_keeps_its_dtype():
    z, Y = Z.astype(np.float32), WEIGHTS.astype(np.float32)
    gradient = transpiler.grad(unshifted)(z, Y)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(unshifted)(Z, WEIGHTS), rtol=1e-4, atol=1e-6)


def test_probabilities_that_underflow_give_the_derivative_at_once():
    """``p`` rounds to 0 in a row whose logits are 800 apart: the statements as written divide by
    it (NaN, then the run with strong zeros); the one step needs no division."""
    z = Z.copy()
    z[0] = [0.0, -800.0, 1.0, -900.0]
    Y = np.eye(4)[[0, 3, 1, 1, 2, 0]]
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    gradient = transpiler.grad(max_in_place)(z, Y)
    np.testing.assert_allclose(gradient, (p - Y) / 6, rtol=1e-12, atol=1e-16)


def test_hessian_and_hvp_through_the_one_step_derivative():
    z, Y = Z[:3, :3], WEIGHTS[:3, :3]

    def f(a):
        e = np.exp(a)
        return np.sum(np.log(e / e.sum(axis=1, keepdims=True)) ** 2 * Y)
    fn = pipeline.lowered(f)
    assert log_softmaxes(fn, shapes_of(fn, ((3, 3),)))
    hessian = transpiler.hessian(f)(z)
    np.testing.assert_allclose(hessian, transpiler.hessian(f, rewrites=OFF)(z), rtol=1e-10, atol=1e-12)
    step = 1e-5
    for i in np.ndindex(z.shape):
        e = np.zeros_like(z)
        e[i] = step
        column = (transpiler.grad(f)(z + e) - transpiler.grad(f)(z - e)) / (2 * step)
        np.testing.assert_allclose(hessian[(...,) + i], column, rtol=1e-5, atol=1e-7)
    v = RNG.standard_normal(z.shape)
    np.testing.assert_allclose(transpiler.hvp(f, z, v), np.tensordot(hessian, v, axes=2), rtol=1e-10, atol=1e-12)


def log_inside_a_loop(z, Y):
    e = np.exp(z)
    p = e / np.sum(e, axis=1, keepdims=True)
    total = 0.0
    for k in range(2):
        total = total + np.sum(Y * np.log(p)) * (k + 1)
    return total


def softmax_read_twice(z, Y):
    """An entropy: the softmax read by the log and by the product."""
    e = np.exp(z)
    p = e / np.sum(e, axis=1, keepdims=True)
    return -np.sum(p * np.log(p) * Y)


@pytest.mark.parametrize("f", [log_inside_a_loop, softmax_read_twice], ids=lambda f: f.__name__)
def test_not_taken_where_the_log_is_in_another_block_or_the_softmax_has_another_reader(f):
    assert found(f) == frozenset()
    assert check_grad(f, Z, WEIGHTS).ok
    direction = RNG.standard_normal(Z.shape)
    _, tangent = transpiler.jvp(f, (Z, WEIGHTS), (direction, np.zeros_like(WEIGHTS)))
    assert tangent == pytest.approx(np.vdot(numeric_gradient(f, (Z, WEIGHTS), 0), direction), rel=1e-6)

"""The ``shift_invariance`` rewrite (transpiler/rewrites/shift_invariance.py): no derivative into
the max subtracted in a log-softmax or logsumexp; the same gradient with the rewrite off."""
import numpy as np

import transpiler
from transpiler.driver import pipeline
from transpiler.analysis.facts import shapes_of
from transpiler.check import check_grad
from transpiler.rewrites.shift_invariance import invariant_shifts

RNG = np.random.default_rng(3)
LOGITS = RNG.standard_normal((5, 4))


def cut_edges(f, *shapes):
    fn = pipeline.lowered(f)
    return invariant_shifts(fn, shapes_of(fn, shapes))


def log_softmax_loss(a):
    z = a - np.max(a, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return np.sum(logp * logp)


def logsumexp(a):
    m = np.max(a, axis=0, keepdims=True)
    return np.sum(m + np.log(np.sum(np.exp(a - m), axis=0, keepdims=True)))


def logsumexp_of_all(a):
    m = np.max(a)
    return m + np.log(np.sum(np.exp(a - m), keepdims=True))[0, 0]


def test_the_max_shift_of_a_log_softmax_carries_no_derivative():
    assert len(cut_edges(log_softmax_loss, (5, 4))) == 1
    source = transpiler.grad(log_softmax_loss).compiled((LOGITS,)).source
    assert "extremum_adjoint" not in source and ".max(" in source
    assert check_grad(log_softmax_loss, LOGITS)


def test_a_max_kept_along_the_summed_axis_is_a_shift_whatever_the_shapes():
    assert len(cut_edges(log_softmax_loss, None)) == 1           # shapes unknown (printed code)
    assert "extremum_adjoint" not in transpiler.grad(log_softmax_loss).source()


def test_both_uses_of_a_logsumexp_shift_carry_no_derivative():
    assert len(cut_edges(logsumexp, (5, 4))) == 2
    assert "extremum_adjoint" not in transpiler.grad(logsumexp).compiled((LOGITS,)).source
    assert check_grad(logsumexp, LOGITS)
    assert check_grad(logsumexp_of_all, LOGITS)


def shift_also_used_elsewhere(a):
    z = a - np.max(a, axis=1, keepdims=True)
    return np.sum(z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))) + np.sum(z)


def shift_along_the_other_axis(a):
    z = a - np.max(a, axis=0, keepdims=True)
    return np.sum(z - np.log(np.sum(np.exp(z), axis=1, keepdims=True)))


def shift_not_added_back(a):
    m = np.max(a, axis=0, keepdims=True)
    return np.sum(2 * m + np.log(np.sum(np.exp(a - m), axis=0, keepdims=True)))


def test_a_shift_the_output_still_depends_on_keeps_its_derivative():
    for f in (shift_also_used_elsewhere, shift_along_the_other_axis, shift_not_added_back):
        assert not cut_edges(f, (5, 4)), f.__name__
        assert check_grad(f, LOGITS), f.__name__


def test_forward_mode_agrees_with_reverse_mode_through_a_cut_shift():
    direction = RNG.standard_normal(LOGITS.shape)
    _, tangent = transpiler.jvp(log_softmax_loss, (LOGITS,), (direction,))
    assert np.isclose(tangent, np.sum(transpiler.grad(log_softmax_loss)(LOGITS) * direction))


def test_hessian_through_a_cut_shift_matches_finite_differences_of_the_gradient():
    x = RNG.standard_normal(4)

    hessian = transpiler.hessian(vector_log_softmax)(x)
    g = transpiler.grad(vector_log_softmax)
    h = 1e-5
    columns = [(g(x + h * e) - g(x - h * e)) / (2 * h) for e in np.eye(4)]
    assert np.allclose(hessian, np.array(columns).T, atol=1e-6)


def vector_log_softmax(x):
    z = x - np.max(x, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), keepdims=True))
    return np.sum(logp * np.arange(4.0))


# ----------------------------------------------------------------- switched off: the same gradient
def mlp_cross_entropy(W, X, labels):
    logits = np.tanh(X @ W)
    z = logits - logits.max(axis=1, keepdims=True)                  # (the method spelling)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -np.mean(logp[np.arange(X.shape[0]), labels])


def test_switched_off_the_max_gets_its_adjoint_and_the_gradient_is_the_same():
    W, X, labels = RNG.standard_normal((6, 5)), RNG.standard_normal((40, 6)), RNG.integers(0, 5, 40)
    on, off = transpiler.grad(mlp_cross_entropy), transpiler.grad(mlp_cross_entropy, rewrites=False)
    assert "extremum_adjoint" not in on.compiled((W, X, labels)).source
    assert "extremum_adjoint" in off.compiled((W, X, labels)).source     # the long way
    assert np.allclose(on(W, X, labels), off(W, X, labels), rtol=0, atol=1e-12)
    assert check_grad(mlp_cross_entropy, W, X, labels)


def test_switched_off_by_name_in_printed_code_value_and_grad_and_forward_mode_too():
    off = {"shift_invariance": False}
    assert "extremum_adjoint" in transpiler.grad(log_softmax_loss, rewrites=off).source()
    value, gradient = transpiler.value_and_grad(logsumexp, rewrites=off)(LOGITS)
    assert np.isclose(value, logsumexp(LOGITS))
    assert np.allclose(gradient, transpiler.grad(logsumexp)(LOGITS), rtol=0, atol=1e-12)
    decorated = transpiler.differentiate(logsumexp_of_all, rewrites=off)
    assert np.allclose(decorated.grad(LOGITS), transpiler.grad(logsumexp_of_all)(LOGITS), rtol=0, atol=1e-12)


def test_another_rewrite_switched_off_keeps_this_one():
    source = transpiler.grad(log_softmax_loss, rewrites={"symmetric_solve": False}).compiled((LOGITS,)).source
    assert "extremum_adjoint" not in source

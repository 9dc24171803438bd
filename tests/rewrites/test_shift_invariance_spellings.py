"""The ``shift_invariance`` rewrite on the spellings people write: softmax, and sums that drop
their axes with the shift reshaped to fit (``m[:, 0] + log(sum(exp(a - m), axis=1))``,
``a.max(1)`` put back with ``[:, None]``); reshapes that would move numbers keep the derivative."""
import numpy as np
import scipy.special

import transpiler
from transpiler.analysis.facts import shapes_of
from transpiler.check import check_grad
from transpiler.driver import pipeline
from transpiler.rewrites.shift_invariance import invariant_shifts

RNG = np.random.default_rng(7)
A = RNG.standard_normal((6, 4))
WEIGHTS = RNG.standard_normal((6, 4))


def cut_edges(f, *shapes):
    fn = pipeline.lowered(f)
    return invariant_shifts(fn, shapes_of(fn, shapes))


def lse_kept_then_indexed(a):                  # the benchmark's N5 helper
    m = np.max(a, axis=1, keepdims=True)
    return np.sum((m[:, 0] + np.log(np.sum(np.exp(a - m), axis=1))) * np.arange(1.0, 7.0))


def lse_dropped_then_expanded(a):
    m = a.max(1)
    return np.sum((m + np.log(np.exp(a - m[:, None]).sum(axis=1))) ** 2)


def lse_squeezed(a):
    m = np.max(a, axis=-1, keepdims=True)
    return np.sum(np.squeeze(m, axis=-1) + np.log(np.sum(np.exp(a - m), axis=-1)))


def lse_scipy(a):
    return np.sum(scipy.special.logsumexp(a, axis=1) ** 2)


def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_helper_loss(a):
    return np.sum(softmax(a) * WEIGHTS)


def softmax_inline_dropped_sum(a):
    e = np.exp(a - a.max(axis=1)[:, None])
    p = e / e.sum(axis=1)[:, None]
    return np.sum(p ** 2)


def log_softmax_dropped_sum(a):
    z = a - np.max(a, axis=1, keepdims=True)
    return np.sum((z - np.log(np.sum(np.exp(z), axis=1))[:, None]) * WEIGHTS)


SPELLINGS = (lse_kept_then_indexed, lse_dropped_then_expanded, lse_squeezed, softmax_helper_loss,
             softmax_inline_dropped_sum, log_softmax_dropped_sum)


def test_each_spelling_cuts_the_shift_and_drops_the_max_adjoint():
    for f in SPELLINGS:
        assert cut_edges(f, A.shape), f.__name__
        source = transpiler.grad(f).compiled((A,)).source
        assert "extremum_adjoint" not in source, f.__name__


def test_each_spelling_matches_finite_differences_and_the_rewrite_switched_off():
    for f in SPELLINGS:
        assert check_grad(f, A), f.__name__
        on, off = transpiler.grad(f)(A), transpiler.grad(f, rewrites=False)(A)
        assert np.allclose(on, off, rtol=0, atol=1e-12), f.__name__


def test_the_helper_logsumexp_agrees_with_scipy_s():
    assert np.allclose(transpiler.grad(lse_dropped_then_expanded)(A), transpiler.grad(lse_scipy)(A))


def test_forward_mode_agrees_with_reverse_mode_for_each_spelling():
    direction = RNG.standard_normal(A.shape)
    for f in SPELLINGS:
        _, tangent = transpiler.jvp(f, (A,), (direction,))
        assert np.isclose(tangent, np.sum(transpiler.grad(f)(A) * direction)), f.__name__


def test_float32_and_a_loop_over_rows_keep_the_cut():
    a32 = A.astype(np.float32)
    assert "extremum_adjoint" not in transpiler.grad(softmax_helper_loss).compiled((a32,)).source
    assert np.allclose(transpiler.grad(softmax_helper_loss)(a32), transpiler.grad(softmax_helper_loss)(A), atol=1e-5)

    def rows(a):
        total = 0.0
        for i in range(a.shape[0]):
            total = total + np.sum(softmax(a[i][None, :]) * WEIGHTS[i])
        return total
    assert check_grad(rows, A)


def test_hessian_through_a_softmax_matches_the_rewrite_switched_off():
    x = RNG.standard_normal((2, 3))

    def f(a):
        return np.sum(softmax(a) * WEIGHTS[:2, :3])
    on = transpiler.hessian(f)(x)
    assert np.allclose(on, transpiler.hessian(f, rewrites=False)(x), atol=1e-10)


# ----------------------------------------------------------------- what keeps its derivative
def another_column_added_back(a):
    m = np.max(a, axis=1, keepdims=True)
    both = np.concatenate([m, 2 * m], axis=1)
    return np.sum(both[:, 1] + np.log(np.sum(np.exp(a - both[:, 0, None]), axis=1)))


def sum_also_used_elsewhere(a):
    e = np.exp(a - np.max(a, axis=1, keepdims=True))
    s = np.sum(e, axis=1, keepdims=True)
    return np.sum(e / s * WEIGHTS) + np.sum(np.log(s))


def softmax_along_the_other_axis(a):
    e = np.exp(a - np.max(a, axis=1, keepdims=True))
    return np.sum(e / np.sum(e, axis=0, keepdims=True) * WEIGHTS)


def sum_broadcast_the_wrong_way(a):
    e = np.exp(a - np.max(a, axis=1, keepdims=True))
    return np.sum(e[:4, :4] / np.sum(e, axis=1)[:4] * WEIGHTS[:4, :4]) + np.sum(e[4:])


def test_a_shift_the_result_still_depends_on_keeps_its_derivative():
    for f in (another_column_added_back, sum_also_used_elsewhere, softmax_along_the_other_axis,
              sum_broadcast_the_wrong_way):
        assert not cut_edges(f, A.shape), f.__name__
        assert check_grad(f, A), f.__name__


def test_scipy_s_logsumexp_and_stop_gradient_keep_shapes_known():
    source = transpiler.grad(lse_scipy).compiled((A,)).source
    assert "unbroadcast(" not in source and "extremum_adjoint" not in source

    def stopped(a):
        return np.sum(np.exp(a - transpiler.stop_gradient(a.max(axis=1, keepdims=True))) * WEIGHTS)
    assert "unbroadcast(" not in transpiler.grad(stopped).compiled((A,)).source
    m = A.max(axis=1, keepdims=True)
    assert np.allclose(transpiler.grad(stopped)(A), np.exp(A - m) * WEIGHTS)

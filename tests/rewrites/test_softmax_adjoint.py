"""The ``softmax_adjoint`` rewrite (transpiler/rewrites/softmax_adjoint.py): ``exp(z) / sum(exp(z))``
in each spelling gets its derivative in one step, ``y * (g - (g * y).sum(axis, keepdims=True))``,
in reverse and forward mode, equal to rounding with the rewrite switched off."""
import re

import numpy as np
import scipy.special

import transpiler
from transpiler.analysis.facts import shapes_of
from transpiler.api import tangent_source
from transpiler.check import check_grad
from transpiler.driver import pipeline
from transpiler.rewrites.softmax_adjoint import softmaxes

RNG = np.random.default_rng(11)
A = RNG.standard_normal((6, 4))
WEIGHTS = RNG.standard_normal((6, 4))
OFF = {"softmax_adjoint": False}
# y * (d_y - (d_y * y).sum(...)) or np.sum(d_y * y, ...), y and d_y any names (d_..., t_...)
ONE_STEP = re.compile(r"= (\w+) \* \((\w+) - (\(\2 \* \1\)\.sum\(|np\.sum\(\2 \* \1, )")


def found(f, *shapes):
    fn = pipeline.lowered(f)
    return softmaxes(fn, shapes_of(fn, shapes))


def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def helper(a):                                 # the benchmark's N6 spelling
    return np.sum(softmax(a) * WEIGHTS)


def inline_dropped_sum(a):
    e = np.exp(a - a.max(1)[:, None])
    return np.sum((e / e.sum(1)[:, None]) ** 2)


def scipy_softmax(a):
    return np.sum(scipy.special.softmax(a, axis=1) * WEIGHTS)


def unshifted_all_axes(a):
    e = np.exp(a)                    # (its log would be log_softmax_adjoint's: test_log_softmax_adjoint.py)
    return np.sum((e / e.sum()) ** 2 * WEIGHTS)


def columns_by_lambda(a):
    normalise = lambda z, axis: np.exp(z) / np.sum(np.exp(z), axis=axis, keepdims=True)  # noqa: E731
    return np.sum(normalise(a, 0) * WEIGHTS)


SPELLINGS = (helper, inline_dropped_sum, scipy_softmax, unshifted_all_axes, columns_by_lambda)


def test_each_spelling_takes_the_one_step_derivative():
    for f in SPELLINGS:
        assert found(f, A.shape), f.__name__
        source = transpiler.grad(f).compiled((A,)).source
        assert ONE_STEP.search(source) and "unreduce(" not in source, f.__name__
        assert not ONE_STEP.search(transpiler.grad(f, rewrites=OFF).compiled((A,)).source), f.__name__


def test_each_spelling_matches_finite_differences_and_the_rewrite_switched_off():
    for f in SPELLINGS:
        assert check_grad(f, A), f.__name__
        on, off = transpiler.grad(f)(A), transpiler.grad(f, rewrites=OFF)(A)
        assert np.allclose(on, off, rtol=0, atol=1e-12), f.__name__


def test_forward_mode_takes_it_too_and_agrees_with_reverse_mode():
    direction = RNG.standard_normal(A.shape)
    for f in SPELLINGS:
        assert ONE_STEP.search(tangent_source(f, 0, args=(A,))), f.__name__
        _, tangent = transpiler.jvp(f, (A,), (direction,))
        assert np.isclose(tangent, np.sum(transpiler.grad(f, rewrites=OFF)(A) * direction)), f.__name__


def test_float32_keeps_its_dtype():
    a32 = A.astype(np.float32)
    for f in (helper, inline_dropped_sum):
        gradient = transpiler.grad(f)(a32)
        assert gradient.dtype == np.float32, f.__name__
        assert np.allclose(gradient, transpiler.grad(f)(A), atol=1e-5), f.__name__
        assert ONE_STEP.search(transpiler.grad(f).compiled((a32,)).source), f.__name__


def test_inside_a_loop_and_a_branch():
    def rows(a, scale=2.0):
        total = 0.0
        for i in range(a.shape[0]):
            if i % 2:
                total = total + np.sum(softmax(scale * a[i][None, :]) * WEIGHTS[i])
            else:
                total = total - np.sum(softmax(a[i][None, :]) ** 2)
        return total
    assert ONE_STEP.search(transpiler.grad(rows).compiled((A,)).source)
    assert check_grad(rows, A)
    assert np.allclose(transpiler.grad(rows)(A), transpiler.grad(rows, rewrites=OFF)(A), atol=1e-12)


def test_attention_with_several_parameters_in_both_modes():
    X, Wq, Wk = RNG.standard_normal((5, 3)), RNG.standard_normal((3, 3)), RNG.standard_normal((3, 3))

    def attention(Wq, Wk, X):
        scores = (X @ Wq) @ (X @ Wk).T / np.sqrt(3.0)
        return np.sum(softmax(scores) @ X)
    assert check_grad(attention, Wq, Wk, X, wrt=(0, 1))
    direction = RNG.standard_normal(Wq.shape)
    _, tangent = transpiler.jvp(attention, (Wq, Wk, X), (direction, np.zeros_like(Wk), np.zeros_like(X)))
    assert np.isclose(tangent, np.sum(transpiler.grad(attention)(Wq, Wk, X) * direction))


def test_hessian_and_hvp_through_the_one_step_derivative():
    x = RNG.standard_normal((2, 3))

    def f(a):
        return np.sum(softmax(a) * WEIGHTS[:2, :3])
    on = transpiler.hessian(f)(x)
    assert np.allclose(on, transpiler.hessian(f, rewrites=False)(x), atol=1e-10)
    v = RNG.standard_normal(x.shape)
    assert np.allclose(transpiler.hvp(f, x, v), np.tensordot(on, v, axes=2), atol=1e-10)


# ----------------------------------------------------------------- what keeps the long way
def sum_also_used_elsewhere(a):
    e = np.exp(a)
    s = np.sum(e, axis=1, keepdims=True)
    return np.sum(e / s * WEIGHTS) + np.sum(np.log(s))


def exp_also_used_elsewhere(a):
    e = np.exp(a)
    return np.sum(e / np.sum(e, axis=1, keepdims=True) * WEIGHTS) + np.sum(e)


def divided_by_another_sum(a):
    e = np.exp(a)
    return np.sum(e / np.sum(e, axis=0)[:4] * WEIGHTS)


def test_a_softmax_whose_parts_are_used_elsewhere_keeps_the_statement_by_statement_derivative():
    for f in (sum_also_used_elsewhere, exp_also_used_elsewhere, divided_by_another_sum):
        assert not found(f, A.shape), f.__name__
        assert check_grad(f, A), f.__name__


def test_jacobian_of_the_softmax_itself_in_both_modes_and_value_and_grad():
    v = RNG.standard_normal(5)
    y = np.exp(v) / np.exp(v).sum()
    expected = np.diag(y) - np.outer(y, y)
    for mode in ("reverse", "forward"):
        assert np.allclose(transpiler.jacobian(softmax, mode=mode)(v), expected, atol=1e-12), mode
    value, gradient = transpiler.value_and_grad(helper)(A)
    assert np.isclose(value, helper(A)) and np.allclose(gradient, transpiler.grad(helper, rewrites=OFF)(A))


def normalised_before_the_loop(x, a):
    e = np.exp(a[0])
    for _ in x:
        x = e / np.sum(e)
    return np.sum(x * np.arange(2.0))


def summed_before_the_loop(x, a):
    e = np.exp(a[0])
    s = np.sum(e)
    for _ in x:
        x = e / s
    return np.sum(x * np.arange(2.0))


def test_not_taken_straight_through_a_loop_boundary():
    """The exponential (and its sum) before the loop, the division in every iteration: a step
    straight to ``z`` inside the loop would overwrite, not sum, the iterations' adjoints."""
    x, a = np.array([1.08, -0.55]), np.array([[-1.25, 0.3], [1.62, 0.1]])
    for f in (normalised_before_the_loop, summed_before_the_loop):
        assert check_grad(f, x, a, wrt=(0, 1)).ok, f.__name__

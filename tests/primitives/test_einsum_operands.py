"""``np.einsum`` of four and more operands (pr10's R2: the rule stopped at three, a fourth operand
bound to ``optimize`` and its adjoint raised at run time): every mode against central finite
differences, each operand differentiated, repeated operands, ``...``, the implicit output,
``optimize=``, float32, and the printed code."""
import numpy as np
import pytest
from array_check import check_gradient, hessian_by_differences, numeric_gradient, rng

import transpiler
from transpiler.errors import UnsupportedSyntaxError
from transpiler.primitives import einsum as einsum_rules

A = rng(1).normal(size=(3, 4))
B = rng(2).normal(size=(4, 2))
C = rng(3).normal(size=(2, 5))
D = rng(4).normal(size=(5, 3))
E = rng(5).normal(size=(3,))
SQ = rng(6).normal(size=(3, 3)) * 0.5
BATCH = rng(7).normal(size=(2, 3, 4))


def four(a, b, c, d):
    return np.sum(np.sin(np.einsum("ij,jk,kl,lm->im", a, b, c, d)))


def five(a, b, c, d, e):
    return np.einsum("ij,jk,kl,lm,m->", a, b, c, d, e) ** 2


def repeated(a):
    return np.sum(np.einsum("ij,jk,kl,lm->im", a, a, a, a) ** 2)


def ellipsis(x, b, c, d):
    return np.sum(np.cos(np.einsum("...ij,jk,kl,lm->...im", x, b, c, d)))


def implicit(a, b, c, d):
    return np.sum(np.einsum("ij,jk,kl,lm", a, b, c, d) ** 2)


def optimized(a, b, c, d):
    return np.sum(np.einsum("ij,jk,kl,lm->im", a, b, c, d, optimize=True) ** 2)


def greedy(a, b, c, d):
    return np.sum(np.einsum("ij,jk,kl,lm->im", a, b, c, d, optimize="greedy") ** 2)


def with_a_path(a, b, c, d):
    """An explicit contraction path is the primal's: the adjoints contract other operands."""
    return np.sum(np.einsum("ij,jk,kl,lm->im", a, b, c, d,
                            optimize=["einsum_path", (0, 1), (0, 1), (0, 1)]) ** 2)


FOUR = (A, B, C, D)
CASES = [
    (four, FOUR), (five, (A, B, C, D, E)), (repeated, (SQ,)), (ellipsis, (BATCH, B, C, D)),
    (implicit, FOUR), (optimized, FOUR), (greedy, FOUR), (with_a_path, FOUR),
]
IDS = [f.__name__ for f, _ in CASES]


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_gradient_with_respect_to_every_operand_matches_finite_differences(f, args):
    check_gradient(f, args, wrt=tuple(range(len(args))))


@pytest.mark.parametrize("f, args", CASES, ids=IDS)
def test_each_operands_tangent_is_the_gradients_projection(f, args):
    gradients = transpiler.grad(f, wrt=tuple(range(len(args))))(*args)
    for k in range(len(args)):
        tangent = rng(40 + k).normal(size=np.shape(args[k]))
        tangents = tuple(tangent if i == k else None for i in range(len(args)))
        value, derivative = transpiler.jvp(f, args, tangents)
        assert np.isclose(value, f(*args))
        assert np.isclose(derivative, np.sum(gradients[k] * tangent), rtol=1e-9, atol=1e-12)


def quartic(x):
    return np.sum(np.sin(np.einsum("ij,jk,kl,lm->im", x, SQ, x, x)))


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_hessian_of_four_operands_matches_differences_of_the_gradient(mode):
    x = rng(8).normal(size=(3, 3)) * 0.5
    hessian = transpiler.hessian(quartic) if mode == "reverse" else transpiler.hessian(quartic, mode="forward")
    np.testing.assert_allclose(hessian(x), hessian_by_differences(quartic, x), rtol=1e-5, atol=1e-7)


def chain_vector(a):
    return np.einsum("ij,jk,kl,lm->im", a, B, C, D)[:, 0]


def test_jacobian_of_four_operands_matches_finite_differences():
    jacobian = transpiler.jacobian(chain_vector)(A)
    for row in range(jacobian.shape[0]):
        expected = numeric_gradient(lambda a: chain_vector(a)[row], [A], 0)
        np.testing.assert_allclose(jacobian[row], expected, rtol=1e-6, atol=1e-8)


def test_float32_operands_give_float32_gradients_close_to_float64s():
    args32 = tuple(x.astype(np.float32) for x in FOUR)
    got = transpiler.grad(four, wrt=(0, 1, 2, 3))(*args32)
    want = transpiler.grad(four, wrt=(0, 1, 2, 3))(*FOUR)
    for g, w in zip(got, want):
        assert g.dtype == np.float32
        np.testing.assert_allclose(g, w, rtol=1e-3, atol=1e-4)


def test_the_printed_gradient_names_each_operand_and_passes_optimize_by_keyword():
    source = "".join(transpiler.grad(optimized, wrt=(0, 1, 2, 3)).source().split())     # (lines wrap)
    for k in range(4):
        assert f"einsum_adjoint(d_t1,'ij,jk,kl,lm->im',a,b,c,d,which={k},optimize=True)" in source


def test_einsum_adjoint_of_every_operand_of_five_matches_finite_differences():
    operands = [A, B, C, D, E]
    weights = 1.7

    def f(*xs):
        return np.einsum("ij,jk,kl,lm,m->", *xs) * weights

    for which in range(5):
        got = einsum_rules.einsum_adjoint(weights, "ij,jk,kl,lm,m->", *operands, which=which)
        np.testing.assert_allclose(got, numeric_gradient(f, operands, which), rtol=1e-6, atol=1e-8)


def with_dtype(a, b, c, d):
    return np.sum(np.einsum("ij,jk,kl,lm->im", a, b, c, d, dtype=np.float64))


def test_a_keyword_other_than_optimize_is_refused_when_compiling_at_the_users_line():
    with pytest.raises(UnsupportedSyntaxError, match="`dtype=`") as raised:
        transpiler.grad(with_dtype)(*FOUR)
    assert "test_einsum_operands.py" in str(raised.value)

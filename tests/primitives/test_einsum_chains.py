"""An ``np.einsum`` of three or more operands of known shapes, and its adjoints, as a chain of
pairwise products (primitives/einsum_chains.py; natural6.py's N57, the bilinear model
``np.einsum('ni,ij,nj->n', X, W, Z)``, took 12x its hand-written gradient through NumPy's own
three-operand loop): no einsum of three operands left in the code, the gradients right in reverse
and forward mode against central finite differences; the plain einsum kept where a label repeats
within an operand, a length 1 is broadcast or the subscripts hold ``...``."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(11)


def bilinear(W, X, Z):
    return np.sum(np.tanh(np.einsum("ni,ij,nj->n", X, W, Z)))


def matrix_chain(A, B, C):
    return np.sum(np.einsum("ij,jk,kl->li", A, B, C) ** 2)


def cp_tensor(A, B, C):
    return np.sum(np.sin(np.einsum("ir,jr,kr->ijk", A, B, C)))


def four_with_a_lone_sum(A, B, C, d):
    return np.sum(np.cos(np.einsum("ij,jk,kl,m->im", A, B, C, d)))


CASES = {
    "ni,ij,nj->n": (bilinear, ((4, 3), (6, 4), (6, 3))),
    "ij,jk,kl->li": (matrix_chain, ((3, 4), (4, 5), (5, 2))),
    "ir,jr,kr->ijk": (cp_tensor, ((4, 2), (3, 2), (5, 2))),
    "ij,jk,kl,m->im": (four_with_a_lone_sum, ((3, 4), (4, 5), (5, 2), (3,))),
}


def arguments(case):
    return tuple(RNG.standard_normal(s) for s in CASES[case][1])


def einsums_of_three_or_more(source: str) -> list[str]:
    """The subscripts of each ``np.einsum`` in ``source`` naming three or more operands."""
    return [s for s in re.findall(r"np\.einsum\(['\"]([^'\"]*)['\"]", source) if s.split("->")[0].count(",") >= 2]


@pytest.mark.parametrize("case", [c for c in CASES if c != "ij,jk,kl,m->im"])
def test_the_einsum_and_its_adjoints_are_pairwise_products(case):
    f, _ = CASES[case]
    args = arguments(case)
    source = transpiler.grad(f, wrt=(0, 1, 2)).source(args=args)
    assert "einsum_adjoint" not in source, source
    assert einsums_of_three_or_more(source) == [], source
    assert "@" in source


def test_a_label_summed_in_one_operand_alone_keeps_that_operands_general_adjoint():
    """``l`` of ``C`` in ``'ij,jk,kl,m->im'`` is summed by ``C`` alone: the primal's chain sums it
    in a two-operand einsum, ``C``'s adjoint broadcasts back through ``einsum_adjoint``; the others
    are products."""
    args = arguments("ij,jk,kl,m->im")
    source = transpiler.grad(four_with_a_lone_sum, wrt=(0, 1, 2)).source(args=args)
    assert einsums_of_three_or_more(source) == [], source
    assert "einsum_adjoint(" in source.split("d_C =")[1] and "einsum_adjoint(" not in source.split("d_C =")[0].split("def four")[1]


def test_the_bilinear_models_gradient_is_the_hand_written_product():
    """``W``'s adjoint is ``X.T @ (d[:, None] * Z)``: one broadcast product and one matrix product."""
    args = arguments("ni,ij,nj->n")
    source = transpiler.grad(bilinear).source(args=args)
    assert "X.T @ (np.reshape(" in source and "einsum" not in source, source


@pytest.mark.parametrize("case", CASES)
def test_gradients_match_finite_differences_in_both_modes(case):
    f, _ = CASES[case]
    args = arguments(case)
    wrt = tuple(range(len(args)))
    assert check_grad(f, *args, wrt=wrt).ok
    value, gradient = transpiler.value_and_grad(f, wrt=wrt)(*args)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12)
    tangents = [RNG.standard_normal(np.shape(a)) for a in args]
    _, derivative = transpiler.jvp(f, args, tangents)
    np.testing.assert_allclose(derivative, sum(np.sum(g * t) for g, t in zip(gradient, tangents)), rtol=1e-9)
    step = 1e-6
    moved = (f(*[a + step * t for a, t in zip(args, tangents)]) - f(*[a - step * t for a, t in zip(args, tangents)]))
    np.testing.assert_allclose(derivative, moved / (2 * step), rtol=1e-6)


def repeated_label(A, B, C):
    return np.sum(np.einsum("ii,ij,jk->k", A, B, C) ** 2)


def broadcast_length_one(A, B, C):
    return np.sum(np.einsum("ij,jk,kl->il", A, B, C) ** 2)


def with_ellipsis(X, B, C):
    return np.sum(np.einsum("...j,jk,kl->...l", X, B, C) ** 2)


@pytest.mark.parametrize("f, shapes", [
    (repeated_label, ((3, 3), (3, 4), (4, 2))),
    (broadcast_length_one, ((3, 1), (4, 5), (5, 2))),
    (with_ellipsis, ((2, 3, 4), (4, 5), (5, 2))),
], ids=["repeated label", "broadcast length 1", "ellipsis"])
def test_the_plain_einsum_is_kept_where_no_chain_applies(f, shapes):
    args = tuple(RNG.standard_normal(s) for s in shapes)
    source = transpiler.grad(f, wrt=(0, 1, 2)).source(args=args)
    assert einsums_of_three_or_more(source) or "einsum_adjoint" in source, source
    assert check_grad(f, *args, wrt=(0, 1, 2)).ok


def test_an_explicit_optimize_keeps_the_callers_einsum():
    def f(W, X, Z):
        return np.sum(np.einsum("ni,ij,nj->n", X, W, Z, optimize=True) ** 2)
    args = arguments("ni,ij,nj->n")
    source = transpiler.grad(f).source(args=args)
    assert "optimize=True" in source, source
    assert check_grad(f, *args).ok

"""A two-operand ``np.einsum`` of known shapes, and its adjoints, written as matrix products
(primitives/einsum_products.py): no ``einsum`` left in the code calls run, for the spellings of
a matrix product, a batched one, contractions over several axes, an outer product, a row-wise
dot and a transposed result; the gradients right in reverse and forward mode and the Hessian."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(7)
SPELLINGS = {
    "ij,jk->ik": ((3, 4), (4, 5)),
    "ij,jk->ki": ((3, 4), (4, 5)),
    "btd,de->bte": ((2, 3, 4), (4, 5)),
    "bqe,bke->bqk": ((2, 3, 4), (2, 5, 4)),
    "bqk,bke->bqe": ((2, 3, 5), (2, 5, 4)),
    "bte,btd->de": ((2, 3, 5), (2, 3, 4)),
    "i,j->ij": ((3,), (4,)),
    "ij,ij->i": ((3, 4), (3, 4)),
    "abc,cd->dba": ((2, 3, 4), (4, 5)),
}


def f0(a, b):
    return np.sum(np.tanh(np.einsum("ij,jk->ik", a, b)))

def f1(a, b):
    return np.sum(np.tanh(np.einsum("ij,jk->ki", a, b)))

def f2(a, b):
    return np.sum(np.tanh(np.einsum("btd,de->bte", a, b)))

def f3(a, b):
    return np.sum(np.tanh(np.einsum("bqe,bke->bqk", a, b)))

def f4(a, b):
    return np.sum(np.tanh(np.einsum("bqk,bke->bqe", a, b)))

def f5(a, b):
    return np.sum(np.tanh(np.einsum("bte,btd->de", a, b)))

def f6(a, b):
    return np.sum(np.tanh(np.einsum("i,j->ij", a, b)))

def f7(a, b):
    return np.sum(np.tanh(np.einsum("ij,ij->i", a, b)))

def f8(a, b):
    return np.sum(np.tanh(np.einsum("abc,cd->dba", a, b)))


def make(subscripts):
    """The function contracting with these subscripts (written as a literal, as people do)."""
    return globals()[f"f{list(SPELLINGS).index(subscripts)}"]


@pytest.mark.parametrize("subscripts", SPELLINGS)
def test_the_einsum_and_its_adjoints_are_matrix_products(subscripts):
    args = tuple(RNG.standard_normal(s) for s in SPELLINGS[subscripts])
    source = transpiler.grad(make(subscripts), wrt=(0, 1)).source(args=args)
    assert "einsum" not in source, source
    assert "@" in source


@pytest.mark.parametrize("subscripts", SPELLINGS)
def test_gradients_match_finite_differences_in_both_modes(subscripts):
    f = make(subscripts)
    args = tuple(RNG.standard_normal(s) for s in SPELLINGS[subscripts])
    assert check_grad(f, *args, wrt=(0, 1)).ok
    np.testing.assert_allclose(transpiler.value_and_grad(f, wrt=(0, 1))(*args)[0], f(*args), rtol=1e-13)
    tangents = [RNG.standard_normal(np.shape(a)) for a in args]
    _, derivative = transpiler.jvp(f, args, tangents)
    gradient = transpiler.grad(f, wrt=(0, 1))(*args)
    np.testing.assert_allclose(derivative, sum(np.sum(g * t) for g, t in zip(gradient, tangents)), rtol=1e-9)


def test_hessian_through_a_batched_einsum():
    def f(x):
        return np.sum(np.einsum("bij,bjk->bik", x, x) ** 2)
    x = RNG.standard_normal((2, 3, 3))
    h = transpiler.hessian(f)(x)
    step, i = 1e-5, (1, 2, 0)
    e = np.zeros_like(x)
    e[i] = step
    column = (transpiler.grad(f)(x + e) - transpiler.grad(f)(x - e)) / (2 * step)
    np.testing.assert_allclose(h[(..., *i)] if h.shape == x.shape * 2 else h.reshape(x.shape + x.shape)[(..., *i)],
                               column, rtol=1e-6, atol=1e-8)


def test_broadcast_operands_and_repeated_labels_keep_einsum():
    def f(a, b):
        return np.sum(np.einsum("ij,ij->ij", a, b)) + np.sum(np.einsum("ii,ij->j", b[:, :3] @ b[:, :3].T, b) ** 2)
    a, b = RNG.standard_normal((1, 4)), RNG.standard_normal((3, 4))
    assert check_grad(f, a, b, wrt=(0, 1)).ok

"""Linear algebra: gradients against finite differences for matrices, vectors and stacks."""
import ast

import numpy as np
import pytest
from array_check import check_gradient, rng

A = rng(7).normal(size=(3, 4))
B = rng(8).normal(size=(4, 2))
V4 = rng(9).normal(size=(4,))
V3 = rng(10).normal(size=(3,))
STACK = rng(11).normal(size=(5, 3, 4))
W32 = rng(12).normal(size=(3, 2))
W532 = rng(13).normal(size=(5, 3, 2))


def matmul_operator(a, b):
    return np.sum((a @ b) * W32)


def matmul_function(a, b):
    return np.sum(np.matmul(a, b) * W32)


def matmul_matrix_vector(a, v):
    return np.sum((a @ v) * V3)


def matmul_vector_vector(u, v):
    return u @ v


def matmul_batched_broadcast(s, b):
    return np.sum((s @ b) * W532)


def dot_matrices(a, b):
    return np.sum(np.dot(a, b) * W32)


def dot_vectors(u, v):
    return np.dot(u, v)


def dot_method_scalar(a, s):
    return np.sum(a.dot(B) * W32) * s


CASES = {
    ast.MatMult: [(matmul_operator, (A, B), (0, 1)), (matmul_matrix_vector, (A, V4), (0, 1)),
                  (matmul_vector_vector, (V4, V4 * 2), (0, 1)),
                  (matmul_batched_broadcast, (STACK, B), (0, 1)),
                  (matmul_operator, (A.T.copy().T, np.asfortranarray(B)), (0, 1))],
    np.matmul: [(matmul_function, (A, B), (0, 1))],
    np.dot: [(dot_matrices, (A, B), (0, 1)), (dot_vectors, (V4, V4 + 1), (0, 1)),
             (dot_method_scalar, (A, 1.5), (0, 1))],
}


@pytest.mark.parametrize("key, case", [(k, c) for k, cs in CASES.items() for c in cs])
def test_linalg_gradient_matches_finite_differences(key, case):
    fn, args, wrt = case
    check_gradient(fn, args, wrt)

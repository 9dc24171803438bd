"""The ``shift_invariance`` rewrite where the max is subtracted in place (``logits -= m``, the
benchmark's N37): the checked in-place result, specialised to a copy of the difference, is seen
through, so the max gets no adjoint, as it gets none written ``logits = logits - m``."""
import numpy as np

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(11)
LOGITS = RNG.standard_normal((6, 4))
ONE_HOT = np.eye(4)[RNG.integers(0, 4, 6)]


def softmax_cross_entropy_in_place(a):
    logits = a * 2.0
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True)
    return -np.sum(ONE_HOT * np.log(p))


def log_softmax_in_place(a):
    z = a * 2.0
    z -= np.max(z, axis=1, keepdims=True)
    return -np.sum(ONE_HOT * (z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))))


def test_a_max_subtracted_in_place_gets_no_adjoint():
    for f in (softmax_cross_entropy_in_place, log_softmax_in_place):
        check_grad(f, LOGITS)
        source = transpiler.grad(f).source(args=(LOGITS,))
        assert "extremum_adjoint" not in source and "max" in source, source


def test_a_dead_difference_carried_round_a_nested_loop_compiles():
    # fuzz seed 158: ``u``'s loop copies close a cycle (u_2 -> u_1 -> u -> u_1); following them hung
    def f(x):
        for i in range(2):
            for j in range(1):
                u = np.transpose(x)
                u = x * 2.0 - u
            x = x * 0.5
        return np.sum(x)

    check_grad(f, np.array([[1.0, 2.0, 3.0]]))

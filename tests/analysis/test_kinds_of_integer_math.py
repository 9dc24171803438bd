"""analysis/kinds.py: a floating function (``np.sqrt``, ``np.exp``) or a true division of int64
values and integers alone is float64. An attention's scale ``np.sqrt(K.shape[1])`` had no kind,
so nothing after it had one: ``P /= P.sum(axis=1, keepdims=True)`` kept its checked in-place
result, which hid the softmax from ``softmax_adjoint`` and the max from ``shift_invariance``
(natural6.py's N68, 1.5x its hand-written gradient). Narrower integers and booleans keep no kind
(``np.sqrt(np.int8(4))`` is float16)."""
import numpy as np
import pytest

import transpiler
from transpiler.analysis import kinds
from transpiler.check import check_grad
from transpiler.driver import pipeline

RNG = np.random.default_rng(5)


def integer_math(n, k, x):
    root = np.sqrt(k)
    grown = np.exp(n)
    half = n / 2
    scaled = x / np.sqrt(len(x))
    return root, grown, half, scaled


def _kinds_by_name(f, arg_kinds):
    found = kinds.known_kinds(pipeline.lowered(f), arg_kinds)
    return {v.name: kind for v, kind in found.items()}


def test_floating_functions_and_division_of_int64_values_are_float64():
    found = _kinds_by_name(integer_math, ("i8", "i8", "f8"))
    assert [found.get(name) for name in ("root", "grown", "half", "scaled")] == ["f8"] * 4


@pytest.mark.parametrize("integer", ["i1", "i2", "b1"])
def test_narrower_integers_and_booleans_get_no_float64(integer):
    found = _kinds_by_name(integer_math, (integer, integer, "f8"))
    assert found.get("root") is None and found.get("grown") is None
    assert np.sqrt(np.ones(1, dtype=integer)).dtype != np.float64      # (what NumPy does)


def causal_attention(Wq, Wk, X, target):
    T = X.shape[0]
    Q, K = X @ Wq, X @ Wk
    S = Q @ K.T / np.sqrt(K.shape[1])
    S = np.where(np.triu(np.ones((T, T), dtype=bool), k=1), -np.inf, S)
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    return np.sum((P @ X - target) ** 2)


def arguments():
    return RNG.standard_normal((3, 2)), RNG.standard_normal((3, 2)), RNG.standard_normal((4, 3)), \
        RNG.standard_normal((4, 3))


def test_a_softmax_divided_in_place_after_an_integer_square_root_is_seen():
    args = arguments()
    source = transpiler.grad(causal_attention, wrt=(0, 1)).source(args=args)
    assert "in_place_result" not in source and "extremum_adjoint" not in source, source


def test_the_attentions_gradient_matches_finite_differences_in_both_modes():
    args = arguments()
    assert check_grad(causal_attention, *args, wrt=(0, 1)).ok
    tangents = [RNG.standard_normal(a.shape) for a in args[:2]] + [None, None]
    _, derivative = transpiler.jvp(causal_attention, args, tangents)
    step = 1e-6
    moved = [causal_attention(*(a + s * t for a, t in zip(args[:2], tangents)), *args[2:]) for s in (step, -step)]
    np.testing.assert_allclose(derivative, (moved[0] - moved[1]) / (2 * step), rtol=1e-6)
    gradient = transpiler.grad(causal_attention, wrt=(0, 1))(*args)
    np.testing.assert_allclose(derivative, sum(np.sum(g * t) for g, t in zip(gradient, tangents)), rtol=1e-9)

"""The cost model (transpiler/primitives/cost.py): every primitive's cost class, the estimates
from shapes, and the store-versus-recompute policy as the reverse loops apply it."""
import math

import numpy as np
import pytest

import transpiler
from transpiler.primitives import REGISTRY
from transpiler.primitives.cost import COST_CLASSES, cost_class, estimate, worth_keeping


def _primitive(key):
    return REGISTRY[key]


def test_every_primitive_has_a_known_cost_class():
    for primitive in {id(p): p for p in REGISTRY.values()}.values():
        assert cost_class(primitive) in COST_CLASSES, primitive.name


@pytest.mark.parametrize("key, expected", [
    (np.matmul, "expensive"), (np.linalg.solve, "expensive"), (np.linalg.cholesky, "expensive"),
    (np.fft.fft, "expensive"), (np.tanh, "transcendental"), (math.exp, "transcendental"),
    (np.log, "transcendental"), (np.add, "cheap"), (np.sum, "cheap"), (np.abs, "cheap"),
    (np.maximum, "cheap"), (np.where, "cheap"), (np.clip, "cheap"), (np.outer, "cheap"),
    (np.trace, "cheap"), (np.reshape, "free"), (np.transpose, "free"), (np.less, "free"),
])
def test_cost_classes_of_common_primitives(key, expected):
    assert cost_class(_primitive(key)) == expected


def test_estimates_from_shapes():
    assert estimate(_primitive(np.matmul), [(16, 8), (8, 32)], (16, 32)).flops == 2 * 16 * 32 * 8
    assert estimate(_primitive(np.matmul), [(16, 8), (8, 32)], (16, 32)).bytes == 16 * 32 * 8
    assert estimate(_primitive(np.tanh), [(16, 32)], (16, 32), itemsize=4).bytes == 16 * 32 * 4
    assert estimate(_primitive(np.tanh), [(10,)], (10,)).flops > estimate(_primitive(np.add), [(10,), (10,)], (10,)).flops
    assert estimate(_primitive(np.reshape), [(4, 4)], (16,)).flops == 0
    assert estimate(_primitive(np.add), [None, None], None) == estimate(_primitive(np.add), [None, None], None)
    assert estimate(_primitive(np.add), [None, None], None).bytes is None


def test_policy_keeps_expensive_and_transcendental_arrays_only():
    assert worth_keeping(_primitive(np.matmul), (4, 4))
    assert worth_keeping(_primitive(np.linalg.det), ())         # a solve's work, a number to keep
    assert worth_keeping(_primitive(np.tanh), (4, 4))
    assert worth_keeping(_primitive(np.tanh), None)             # shape unknown: may be an array
    assert not worth_keeping(_primitive(math.tanh), ())         # a number: recomputed
    assert not worth_keeping(_primitive(np.add), (4, 4))
    assert not worth_keeping(_primitive(np.where), (4, 4))
    assert not worth_keeping(_primitive(np.reshape), (16,))


def _rnn(Wx, Wh, b, xs):
    h = np.zeros((xs.shape[1], Wh.shape[0]))
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ Wx + h @ Wh + b)
    return np.sum(h ** 2)


def _rnn_args(T=6, B=3, D=2, H=4, seed=0):
    rng = np.random.default_rng(seed)
    return (0.5 * rng.standard_normal((D, H)), 0.5 * rng.standard_normal((H, H)), 0.1 * rng.standard_normal(H),
            rng.standard_normal((T, B, D)))


def test_rnn_reverse_loop_keeps_tanh_of_the_matrix_products_and_never_recomputes_them():
    args = _rnn_args()
    g = transpiler.grad(_rnn, wrt=(0, 1, 2))
    source = g.source(args=args)
    reverse = source.split("# reverse sweep")[1]
    assert "np.tanh" not in reverse and "@ Wx" not in reverse and "@ Wh +" not in reverse
    assert ".pop()" in reverse
    assert transpiler.check_grad(_rnn, *args, wrt=(0, 1, 2)).ok


def _clipped_steps(w, x):
    for _ in range(4):
        x = np.clip(np.where(x > 0, x * w, 0.5 * x), -3.0, 3.0)
    return np.sum(x ** 2)


def test_cheap_elementwise_values_in_a_loop_are_recomputed_not_taped():
    w, x = 1.3, np.array([0.3, -0.7, 1.1, -0.2])
    g = transpiler.grad(_clipped_steps, wrt=(0, 1))       # (reverse mode)
    source = g.source(args=(w, x))
    assert source.count(".append(") == 1        # the carried x alone
    assert transpiler.check_grad(_clipped_steps, w, x, wrt=(0, 1)).ok


def test_policy_keeps_an_array_reduced_from_one_at_least_twice_its_size():
    assert worth_keeping(_primitive(np.linalg.norm), (1000,), ((1000, 4),))
    assert worth_keeping(_primitive(np.sum), (3,), ((6, 3),))
    assert not worth_keeping(_primitive(np.sum), (3,), (None,))             # operand's shape unknown
    assert not worth_keeping(_primitive(np.cumsum), (6,), ((6,),))           # no reduction
    assert not worth_keeping(_primitive(np.add), (6, 3), ((6, 3), (3,)))     # a broadcast is no reduction


def _distances_of_centres(C, X):
    D = np.stack([np.linalg.norm(X - c, axis=1) for c in C], axis=1)
    return np.sum(np.exp(-D) * D)


def _running_cumsums(w, X):
    total = 0.0
    for i in range(3):
        total = total + np.sum(np.sin(np.cumsum(X[i] * w)))
    return total


def test_a_reverse_loop_pops_the_norms_it_kept_and_does_not_compute_them_again():
    rng = np.random.default_rng(3)
    C, X = rng.standard_normal((3, 2)), rng.standard_normal((20, 2))
    reverse = transpiler.grad(_distances_of_centres).source(args=(C, X)).split("# reverse sweep")[1]
    assert "np.linalg.norm" not in reverse and ".pop()" in reverse
    assert transpiler.check_grad(_distances_of_centres, C, X)
    C32, X32 = C.astype(np.float32), X.astype(np.float32)
    g32 = transpiler.grad(_distances_of_centres)(C32, X32)
    assert g32.dtype == np.float32 and np.allclose(g32, transpiler.grad(_distances_of_centres)(C, X), rtol=1e-3)
    direction = rng.standard_normal((3, 2))
    _, tangent = transpiler.jvp(_distances_of_centres, (C, X), (direction, np.zeros_like(X)))
    assert np.isclose(tangent, np.vdot(transpiler.grad(_distances_of_centres)(C, X), direction))


def test_a_reverse_loop_computes_a_same_size_cumulative_sum_again():
    rng = np.random.default_rng(4)
    w, X = rng.standard_normal(5), rng.standard_normal((3, 5))
    reverse = transpiler.grad(_running_cumsums).source(args=(w, X)).split("# reverse sweep")[1]
    assert "np.cumsum" in reverse
    assert transpiler.check_grad(_running_cumsums, w, X)

"""Loops over ``zip``/``enumerate`` of list arguments whose items differ in shape (a network's
layers, frontend/zipped_loops.py): unrolled for the call's lengths, so each copy of the body is
specialised to its layer and every matrix product's adjoint is the direct ``g @ b.T``. Gradients
against central finite differences for each spelling; a list longer than the limit, and code
printed for any arguments, keep the run-time loop."""
import numpy as np
import pytest

import transpiler
from transpiler.frontend.zipped_loops import UNROLL_LIMIT

RNG = np.random.default_rng(0)
X = RNG.standard_normal((4, 3))
# two layers of different shapes: 3 -> 5 -> 2
LAYERS = [(RNG.standard_normal((3, 5)), RNG.standard_normal(5)), (RNG.standard_normal((5, 2)), RNG.standard_normal(2))]
SCALES = [0.5, 2.0]
GENERIC_HELPERS = ("matmul_adjoint", "unbroadcast", "add_into", "zeros_like_adjoint", "accumulate", "appended")


def zipped(layers, scales, x):
    for (W, b), s in zip(layers, scales):
        x = np.tanh(x @ W + b) * s
    return np.sum(x ** 2)


def enumerated(layers, x):
    for i, (W, b) in enumerate(layers):
        x = np.tanh(x @ W + b) * (i + 1)
    return np.sum(x ** 2)


def three_lists(weights, biases, scales, x):
    for W, b, s in zip(weights, biases, scales):
        x = np.sin(x @ W + b) * s
    return np.sum(x ** 2)


def with_states(layers, x):
    """N42's spelling: a list of states made by a comprehension, zipped with the layers."""
    hs = [np.zeros((x.shape[0], W.shape[1])) for W, _ in layers]
    for _ in range(2):
        inp, new_hs = x, []
        for (W, b), h in zip(layers, hs):
            inp = np.tanh(inp @ W + b + h)
            new_hs.append(inp)
        hs = new_hs
    return np.sum(hs[-1] ** 2)


def check(f, *args, wrt=0):
    report = transpiler.check_grad(f, *args, wrt=wrt)
    assert report.ok, report


@pytest.mark.parametrize("layers", [LAYERS, tuple(LAYERS)], ids=["list", "tuple"])
def test_zip_of_layers_of_different_shapes_matches_finite_differences(layers):
    check(zipped, layers, SCALES, X)
    check(zipped, layers, SCALES, X, wrt=2)


def test_enumerate_of_layers_matches_finite_differences():
    check(enumerated, LAYERS, X)


def test_zip_of_three_lists_matches_finite_differences():
    weights, biases = [W for W, _ in LAYERS], [b for _, b in LAYERS]
    for wrt in (0, 1, 3):
        check(three_lists, weights, biases, SCALES, X, wrt=wrt)


def test_zip_with_a_list_made_by_a_comprehension_matches_finite_differences():
    check(with_states, LAYERS, X)
    check(with_states, LAYERS, X, wrt=1)


def test_printed_gradient_of_a_two_layer_zip_loop_has_no_loop_and_no_generic_helper():
    code = transpiler.grad(zipped).source(args=(LAYERS, SCALES, X))
    body = code[code.index("def zipped_grad"):]
    assert "for " not in body
    assert not [h for h in GENERIC_HELPERS if h in body], body
    assert "@ layers_1_0.T" in body and "x.T @" in body        # (the direct forms of both products' adjoints)


def test_states_zipped_with_layers_are_specialised_to_each_layer():
    """N42's spelling: the states list, made by a comprehension over the layers and rebuilt by
    appends in a run-time loop, has its items' shapes one by one (here 4x5 and 4x2), so every
    product's adjoint is direct and zip's length check folds away."""
    code = transpiler.grad(with_states).source(args=(LAYERS, X))
    body = code[code.index("def with_states_grad"):]
    assert not [h for h in ("matmul_adjoint", "unbroadcast", "len(") if h in body], body
    assert "@ layers_1_0.T" in body and "inp_1.T @" in body


def test_lists_of_another_length_compile_anew():
    three = [*LAYERS, (RNG.standard_normal((2, 2)), RNG.standard_normal(2))]
    g = transpiler.grad(zipped)
    for layers, scales in ((LAYERS, SCALES), (three, [*SCALES, 1.5]), (LAYERS, SCALES)):
        got = g(layers, scales, X)
        assert len(got) == len(layers)
        check(zipped, layers, scales, X)


def test_a_list_longer_than_the_limit_stays_a_run_time_loop():
    n = UNROLL_LIMIT + 1
    layers = [(RNG.standard_normal((3, 3)) / 2, RNG.standard_normal(3)) for _ in range(n)]
    scales = [1.0] * n
    code = transpiler.grad(zipped).source(args=(layers, scales, X))
    assert "for " in code[code.index("def zipped_grad"):]
    check(zipped, layers, scales, X)


def test_code_printed_for_any_arguments_keeps_the_loop():
    code = transpiler.grad(zipped).source()
    assert "for " in code[code.index("def zipped_grad"):]


class Scaled:
    """An object made in the function, kept across a loop's iterations (object_loops.py)."""

    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Scaled(self.v + other.v)


def enumerated_then_objects(w, xs):
    s = 0.0
    for i, x in enumerate(xs):            # (asks for the length of xs optionally)
        s = s + w[0] * x[0] * i
    total = Scaled(0.0)
    for x in xs:                          # (must be unrolled: asks again, and must get it)
        total = total + Scaled(x[1] * w[1])
    return s + total.v


def test_a_loop_keeping_objects_after_a_zip_loop_over_the_same_argument_still_unrolls():
    check(enumerated_then_objects, np.array([0.5, 1.5]), [np.array([1.0, 2.0]), np.array([3.0, 4.0])])

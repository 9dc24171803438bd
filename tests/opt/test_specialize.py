"""Code specialised to the argument shapes of a call (transpiler/opt/specialize.py)."""
import math

import numpy as np
import pytest

import transpiler
from transpiler.driver import pipeline
from transpiler.analysis.facts import shapes_of
from transpiler.check import check_grad
from transpiler.opt.specialize import specialize
from transpiler.ir.nodes import Assign, If, walk


def body_calls(fn) -> list[str]:
    return [s.prim.spelling.path for s in walk(fn.body) if isinstance(s, Assign)]


def row_means(X):
    n = X.shape[0]
    total = np.sum(X, axis=1)
    return np.sum(total / X.shape[1]) / n + len(X) * 0.0 + X.ndim + X.size


def test_shape_queries_of_known_shapes_become_constants():
    fn = specialize(pipeline.lowered(row_means), ((4, 3),))
    assert not {"np.shape", "len", "np.ndim", "np.size"} & set(body_calls(fn))
    original = pipeline.lowered(row_means)
    assert {"np.shape", "len", "np.ndim", "np.size"} <= set(body_calls(original))   # not mutated


def test_unknown_shapes_are_left_alone():
    fn = specialize(pipeline.lowered(row_means), (None,))
    assert "np.shape" in body_calls(fn)


def test_specialised_gradient_matches_finite_differences():
    X = np.random.default_rng(0).standard_normal((4, 3))
    assert check_grad(row_means, X)


def identity_weighted(x):
    n = x.shape[0]
    return np.sum(x @ np.eye(n) * np.arange(n))


def test_constructors_of_folded_sizes_get_known_shapes():
    fn = specialize(pipeline.lowered(identity_weighted), ((5,),))
    shapes = shapes_of(fn, ((5,),))
    made = {s.prim.spelling.path: shapes[s.target] for s in walk(fn.body) if isinstance(s, Assign)}
    assert made["np.eye"] == (5, 5) and made["np.arange"] == (5,)
    x = np.linspace(0.5, 1.5, 5)
    assert np.allclose(transpiler.grad(identity_weighted)(x), np.arange(5.0))


def by_rank(x):
    if x.ndim == 1:
        return np.sum(x * x)
    return np.sum(x)


def test_a_branch_on_a_folded_test_keeps_only_the_branch_taken():
    g = transpiler.grad(by_rank)
    source = g.compiled((np.ones(3),)).source
    assert "if " not in source.split("def by_rank_grad")[1]
    assert np.allclose(g(np.arange(3.0)), 2 * np.arange(3.0))
    assert np.allclose(g(np.ones((2, 2))), np.ones((2, 2)))


def length_of_number(x):
    return x * len(x)


def test_len_of_a_number_still_raises_at_run_time():
    with pytest.raises(TypeError):
        transpiler.grad(length_of_number)(2.0)


def mean_of(x):
    return np.mean(x * x)


def test_printed_source_is_not_specialised_but_the_code_a_call_runs_is():
    g = transpiler.grad(mean_of)
    printed = g.source([(3,)])
    assert "np.size" in printed
    ran = g.compiled((np.ones(3),)).source
    assert "np.size" not in ran and "unreduce" not in ran
    x = np.array([1.0, 2.0, 4.0])
    assert np.allclose(g(x), 2 * x / 3)


def test_code_is_compiled_again_for_another_shape():
    g = transpiler.grad(mean_of)
    assert np.allclose(g(np.ones(3)), 2 / 3)
    assert np.allclose(g(np.ones(5)), 2 / 5)
    assert np.allclose(g(np.ones((2, 2))), 0.5)


def scaled_by_negatives(D, s):
    return np.sum(np.exp(-D / (2 * s * s))) + np.sum(-D * s) + np.sum(s / -D)


def test_a_sign_moves_from_an_array_onto_the_number_it_scales():
    D, s = np.array([[0.5, 1.0], [2.0, 3.0]]), 0.7
    fn = specialize(pipeline.lowered(scaled_by_negatives), ((2, 2), ()))
    negated = [s for s in walk(fn.body) if isinstance(s, Assign) and s.prim.spelling.path == "" and
               s.prim.spelling.unaryop is not None]
    assert all(shapes_of(fn, ((2, 2), ()))[s.args[0]] == () for s in negated) and len(negated) == 3
    value, gradient = transpiler.value_and_grad(scaled_by_negatives, wrt=(0, 1))(D, s)
    assert value == scaled_by_negatives(D, s)           # bit for bit
    assert check_grad(scaled_by_negatives, D, s, wrt=(0, 1))


def float32_scaled_by_a_negated_python_float(x):
    return np.sum(np.sin(math.fabs(x[1]) * np.negative(x)))


def test_a_moved_sign_keeps_a_python_float_weak_so_float32_stays_float32():
    # fuzz seed 635 (class float32, --forward): np.negative(s) of a Python float is an
    # np.float64, and np.float64 * a float32 array computes in float64: jvp's value differed
    # from f's in the 8th digit. `-s` keeps s a Python float.
    x = np.array([0.79, -0.95, 0.54], dtype=np.float32)
    f = float32_scaled_by_a_negated_python_float
    value, tangent = transpiler.jvp(f, (x,), (np.ones(3, dtype=np.float32),))
    assert value.dtype == np.float32 and value == f(x)
    value, gradient = transpiler.value_and_grad(f)(x)
    assert value == f(x) and gradient.dtype == np.float32
    assert tangent == pytest.approx(float(np.sum(gradient)), rel=1e-5)

def mean_of_selected(x, index):
    return np.mean(x[index] ** 2)


def test_integer_index_arrays_have_known_shapes_but_boolean_masks_do_not():
    x = np.arange(1.0, 6.0)
    rows = np.array([0, 0, 3])
    mask = np.array([True, False, True, True, False])
    g = transpiler.grad(mean_of_selected)
    want_rows = np.zeros(5)
    np.add.at(want_rows, rows, 2 * x[rows] / 3)
    assert np.allclose(g(x, rows), want_rows)
    assert "np.size" not in g.compiled((x, rows)).source          # three elements: a constant
    assert np.allclose(g(x, mask), np.where(mask, 2 * x / 3, 0.0))
    assert "np.size" in g.compiled((x, mask)).source                # as many as are True
    fewer = np.array([True, False, False, False, False])
    assert np.allclose(g(x, fewer), np.where(fewer, 2 * x, 0.0))


def logistic(w, X):
    return np.sum(np.log(1 + np.exp(-(X @ w))))


def test_a_sign_moves_onto_the_smaller_factor_of_a_matrix_product():
    w, X = np.array([0.3, -0.2]), np.arange(12.0).reshape(6, 2) / 10
    fn = specialize(pipeline.lowered(logistic), ((2,), (6, 2)))
    negated = [s for s in walk(fn.body) if isinstance(s, Assign) and s.prim.spelling.unaryop is not None]
    assert [s.args[0].name for s in negated] == ["w"]
    value, _ = transpiler.value_and_grad(logistic)(w, X)
    assert value == logistic(w, X)                       # bit for bit
    assert check_grad(logistic, w, X)


def _shifted_slices(kernel, img):
    H, W = img.shape
    out = np.zeros((H - 2, W - 2))
    for i in range(3):
        for j in range(3):
            out = out + kernel[i, j] * img[i:i + H - 2, j:j + W - 2]
    return np.sum(out ** 2)


def test_slices_shifted_by_loop_counters_have_their_shape_known_so_the_reverse_loop_keeps_no_tape():
    kernel, img = np.linspace(-1.0, 1.0, 9).reshape(3, 3), np.linspace(0.0, 2.0, 36).reshape(6, 6)
    text = transpiler.grad(_shifted_slices, wrt=(0, 1)).source(args=(kernel, img))
    assert "_tape" not in text and "unbroadcast" not in text, text
    assert check_grad(_shifted_slices, kernel, img, wrt=(0, 1))


def _clipped_slices(x):
    s = 0.0
    for i in range(4):
        s = s + np.sum(x[i:i + 3] ** 2)       # the last two slices are cut short by the end of x
    return s


def test_a_slice_whose_length_changes_with_the_counter_has_no_single_shape():
    x = np.linspace(-1.0, 1.0, 5)
    assert check_grad(_clipped_slices, x)
    assert transpiler.grad(_clipped_slices)(x) == pytest.approx(
        2 * x * np.array([1, 2, 3, 3, 2]))


def flag_never_rebound(x):
    """``done`` is carried by the loop but no iteration changes it (``done = again`` of itself):
    folded to its constant, it must leave the loop's carried values too (fuzz seed 52062,
    ``hessian`` re-lowering a gradient's ``while ... break``: the IR failed verification)."""
    k = 0
    done = False
    while k < 3:
        x = x * 1.5
        k = k + 1
        again = done
        done = again
        if done:
            break
    return x * x


@pytest.mark.parametrize("transform", ["grad", "jvp", "hessian"])
def test_a_constant_flag_carried_unchanged_by_a_loop_folds_and_the_ir_verifies(transform):
    expected = 2 * 1.5 ** 6 * 2.0      # d/dx (1.5**3 x)**2 at x = 2
    if transform == "grad":
        assert transpiler.grad(flag_never_rebound)(2.0) == pytest.approx(expected)
    elif transform == "jvp":
        assert transpiler.jvp(flag_never_rebound, (2.0,), (1.0,))[1] == pytest.approx(expected)
    else:
        assert transpiler.hessian(flag_never_rebound)(2.0) == pytest.approx(2 * 1.5 ** 6)


def windowed_layer(K, x):
    # K.shape[:2], a slice of a shape, is the window's shape: a constant once K's shape is known
    windows = np.lib.stride_tricks.sliding_window_view(x, K.shape[:2], axis=(0, 1))
    return np.sum(np.tanh(np.einsum("hwcij,ijco->hwo", windows, K)))


def reversed_shape(X):
    rows, cols = X.shape[::-1][-2:]
    return np.sum(X) * rows / cols + np.sum(X.shape[1:-1]) * 0.0


def test_a_slice_of_a_known_shape_is_a_constant_and_what_reads_it_has_a_shape():
    K, x = np.random.default_rng(2).standard_normal((2, 2, 3, 4)), np.random.default_rng(3).standard_normal((5, 6, 3))
    fn = specialize(pipeline.lowered(windowed_layer), ((2, 2, 3, 4), (5, 6, 3)))
    assert not [s for s in walk(fn.body) if isinstance(s, Assign) and s.prim.pattern is not None]
    assert shapes_of(fn, ((2, 2, 3, 4), (5, 6, 3)))[fn.result] == ()
    g = transpiler.grad(windowed_layer, wrt=(0, 1))
    for _ in range(3):          # (the code specialised to the shapes from the second call)
        got = g(K, x)
    assert "einsum_adjoint" not in g.compiled((K, x)).source
    assert check_grad(windowed_layer, K, x, wrt=(0, 1)).ok
    X = np.random.default_rng(4).standard_normal((3, 5, 2))
    assert check_grad(reversed_shape, X).ok
    assert transpiler.grad(reversed_shape)(X) == pytest.approx(np.full(X.shape, 5 / 3))


def reduce_by_rank(x):
    if x.ndim == 1:          # (an early return: the lowering flags it, `_returned = True`, tested after)
        return np.sum(x * x)
    y = np.sum(x, axis=0)
    return np.sum(y * y)


def rank_helper_twice(x):
    return reduce_by_rank(x) + reduce_by_rank(2.0 * x)


def test_a_branch_folded_on_a_shape_folds_the_early_returns_flags_in_the_same_round(monkeypatch):
    # Each folding round works out the whole function's shapes again; the flag an early return
    # sets, bound in both branches, is bound once in the branch kept: folded at once, not in one
    # more round per return (one round folds, one more finds nothing left).
    from transpiler.opt import specialize as specialize_module
    rounds = []
    monkeypatch.setattr(specialize_module, "shapes_of", lambda *a: rounds.append(a) or shapes_of(*a))
    fn = specialize(pipeline.lowered(rank_helper_twice), ((4,),))
    assert len(rounds) == 2
    assert not any(isinstance(s, If) for s in walk(fn.body))
    assert body_calls(fn).count("np.sum") == 2
    assert check_grad(rank_helper_twice, np.linspace(0.5, 1.5, 4))


def scaled_by_kind(x, scale):
    if isinstance(scale, dict):
        return x * scale["a"]
    if isinstance(scale, list):
        return x * scale[0]
    if isinstance(scale, tuple):
        return x * scale[1]
    return x * 2.0


def test_isinstance_of_a_container_argument_folds_to_the_branch_taken():
    """``isinstance(d, dict)`` (or ``list``, ``tuple``) of an argument whose kind is a container's:
    a constant of the specialised code, whose branch not taken is dropped (it was compiled, with
    the wrong kind's reads folded into code Python warns about: ``(1)[1]``)."""
    fn = pipeline.lowered(scaled_by_kind)
    assert "isinstance" in body_calls(fn)
    for kind, taken in (("dict", {"a": 3.0}), ("list", [3.0]), ("tuple", (0.0, 3.0))):
        special = specialize(fn, ((), None), ("f8", kind))
        assert "isinstance" not in body_calls(special)
        assert not any(isinstance(s, If) for s in walk(special.body))
        assert transpiler.grad(scaled_by_kind)(1.5, taken) == 3.0
    assert transpiler.grad(scaled_by_kind)(1.5, 7.0) == 2.0
    assert "isinstance" in body_calls(specialize(fn, ((), None), ("f8", None)))     # kind unknown: kept

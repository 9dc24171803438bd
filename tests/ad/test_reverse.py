"""The reverse sweep's in-place adjoints and array rules (transpiler/ad/)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(5)


def run_source(f, *args) -> str:
    return transpiler.grad(f).compiled(args).source


def cross_entropy(logp, labels):
    return -np.mean(logp[np.arange(logp.shape[0]), labels])


def test_one_element_per_row_is_added_in_place():
    logp, labels = RNG.standard_normal((6, 3)), np.array([0, 2, 2, 1, 0, 0])
    source = run_source(cross_entropy, logp, labels)
    assert "d_logp[_t" in source and "-= 0.1666" in source and "add_at" not in source
    want = np.zeros((6, 3))
    want[np.arange(6), labels] = -1 / 6
    assert np.array_equal(transpiler.grad(cross_entropy)(logp, labels), want)


def repeated_rows(x, rows):
    return np.sum(x[rows] ** 2)


def test_positions_that_may_repeat_accumulate_every_occurrence():
    x = RNG.standard_normal((4, 2))
    rows = np.array([1, 1, 3, 1])
    assert "np.add.at" in run_source(repeated_rows, x, rows)
    want = np.zeros((4, 2))
    np.add.at(want, rows, 2 * x[rows])
    assert np.allclose(transpiler.grad(repeated_rows)(x, rows), want)


def sliced(x):
    return np.sum(x[1:] * x[:-1]) + x[0, None] @ x[None, 0]


def test_basic_indexing_adjoints_are_added_in_place():
    x = RNG.standard_normal(5)
    source = run_source(sliced, x)
    assert "add_at" not in source and "d_x[1:] +=" in source
    assert check_grad(sliced, x)


def offset_rows(x):
    return np.sum(x[np.arange(1, 3)] * 3.0) + np.sum(x[np.arange(-1, 1)])


def test_an_arange_that_may_wrap_around_is_not_taken_as_distinct():
    x = RNG.standard_normal(3)
    source = run_source(offset_rows, x)
    assert "np.add.at" in source          # np.arange(-1, 1) on 3 elements: -1 and 0
    assert check_grad(offset_rows, x)


def relu_sum(x):
    return np.sum(np.maximum(0.0, x) ** 2) + np.sum(np.minimum(x, 0.5))


@pytest.mark.parametrize("n", [10, 5000])
def test_maximum_adjoint_splits_ties_and_propagates_nan_on_small_and_large_arrays(n):
    x = RNG.standard_normal(n)
    x[:3] = 0.0
    x[3] = 0.5
    x[4] = np.nan
    got = transpiler.grad(relu_sum)(x)
    want = 2 * np.maximum(0.0, x) * np.heaviside(x, 0.5) + np.heaviside(0.5 - x, 0.5)
    assert np.array_equal(got, want, equal_nan=True)
    assert ("step_adjoint" in run_source(relu_sum, x)) == (n > 2048)


def test_known_arrays_are_reduced_with_their_methods():
    def loss(W, b, X):
        return np.sum(np.tanh(X @ W + b), axis=0).sum()

    W, b, X = RNG.standard_normal((3, 2)), RNG.standard_normal(2), RNG.standard_normal((4, 3))
    source = transpiler.grad(loss, wrt=(0, 1)).compiled((W, b, X)).source
    assert "np.sum" not in source and ".sum(axis=0)" in source
    assert check_grad(loss, W, b, X, wrt=(0, 1))


def two_masks(x, a, b):
    return np.sum(x * (a > 0)) + np.sum(x * (b > 0))


def masked_scalars(u, v):
    return np.fmin(u * v, 1.1) - (u > v) * v


def test_masks_become_float_adjoints_even_when_the_seed_is_one():
    # d/dx is (a > 0) + (b > 0) as numbers: a boolean sum would be a logical or (found by the fuzzer)
    x, a, b = np.ones(3), np.array([1.0, 1.0, -1.0]), np.array([1.0, -1.0, -1.0])
    assert np.array_equal(transpiler.grad(two_masks)(x, a, b), [2.0, 1.0, 0.0])
    # ... and negating a boolean would raise (fuzz seeds 101274, 105591)
    assert transpiler.grad(masked_scalars, wrt=(0, 1))(2.0, 0.25) == (0.25, 1.0)
    assert check_grad(masked_scalars, 0.3, 0.9, wrt=(0, 1))


# ----------------------------------------------------------------- a tuple merged from a branch
def tuple_or_other(x, n):
    if n == 0:
        return x, x * x
    return x * 2, x


def unpacks_a_branch_tuple(x, n):
    a, b = tuple_or_other(x, n)
    return np.sum(a * b)


@pytest.mark.parametrize("n", [0, 1])
def test_adjoint_of_a_tuple_returned_from_a_branch_reaches_its_elements(n):
    # the copies that merge a tuple from two branches passed no adjoint on: the gradient was 0
    x = np.array([0.4, 0.5])
    expected = 3 * x ** 2 if n == 0 else 4 * x
    np.testing.assert_allclose(transpiler.grad(unpacks_a_branch_tuple)(x, n), expected, rtol=1e-14)
    value, gradient = transpiler.value_and_grad(unpacks_a_branch_tuple)(0.4, n)
    assert gradient == pytest.approx(expected[0], rel=1e-14)
    source = transpiler.grad(unpacks_a_branch_tuple).source()
    namespace = {}
    exec(source, namespace)
    assert namespace["unpacks_a_branch_tuple_grad"](x, n) == pytest.approx(expected, rel=1e-14)


def unpacks_a_tuple_chosen_in_a_loop(x, n):
    a, b = x, x * 3
    for i in range(n):
        if i % 2 == 0:
            p = a, b
        else:
            p = b * x, a
        a, b = p
    return np.sum(a + b * b)


def test_adjoint_of_a_tuple_chosen_by_a_branch_in_a_loop():
    x = np.array([0.4, 0.7])
    # (a, b): (x, 3x) -> (x, 3x) -> (3x**2, x) -> (3x**2, x); a + b*b = 4x**2 (was 0 in reverse mode)
    np.testing.assert_allclose(transpiler.grad(unpacks_a_tuple_chosen_in_a_loop)(x, 3), 8 * x, rtol=1e-14)


def two_outputs(x1, x2):
    return np.sin(x1 * x2), x1 + np.log(x2)


def test_the_printed_gradient_of_several_outputs_takes_their_adjoints_without_a_default():
    from transpiler.ad.reverse import GradientSpec
    from transpiler.driver import pipeline

    text = pipeline.source(two_outputs, GradientSpec((0, 1), tuple_output=True))
    (header,) = [line for line in text.splitlines() if line.startswith("def two_outputs_grad(")]
    assert header.startswith("def two_outputs_grad(x1, x2, d_") and "=" not in header   # 1.0 is no pair
    namespace = {}
    exec(text, namespace)
    d_x1, d_x2 = namespace["two_outputs_grad"](2.0, 3.0, (1.0, 0.0))
    assert d_x1 == pytest.approx(3.0 * np.cos(6.0)) and d_x2 == pytest.approx(2.0 * np.cos(6.0))


def _scaled_sum(x):
    t = x[1:] - x[:-1] ** 2
    return np.sum(100.0 * t ** 2 + (1 - x[:-1]) ** 2) - 3.0 * np.sum(x * 0.5)


def test_a_sum_seed_scaled_by_numbers_stays_a_number_broadcast_no_array_of_ones():
    x = np.linspace(-1.0, 1.5, 7)
    g = transpiler.grad(_scaled_sum)
    text = g.source(args=(x,))
    body = text.split("def _scaled_sum_grad")[1]
    # (not ones * 100.0, then times 2 * t; written in place into t, which dies there)
    assert "d_t = 200.0 * t" in body or "np.multiply(200.0, t, out=t)" in body, text
    # the second sum's seed alone, for d_x: a number broadcast (written out where the shape is known)
    assert body.count("unreduce(") + body.count("np.broadcast_to(") == 1, text
    assert check_grad(_scaled_sum, x)
    assert check_grad(_scaled_sum, x.astype(np.float32), rtol=1e-3, atol=1e-3)
    assert g(x.astype(np.float32)).dtype == np.float32


def test_a_kept_value_in_a_branch_of_a_loop_that_dead_code_empties_leaves_no_empty_block(tmp_path):
    # fuzz seed 782190 (class hessian): keeping a value on a tape leaves a slot for its push after
    # it; where the value turned out dead, the branch held only that empty slot, and the code
    # printed `if _go_1:` with no body (the slots are now spliced whenever any were made)
    from transpiler.check import fuzz
    outcome = fuzz.run_program(fuzz.generate(782190, features=("hessian",)), tmp_path)
    assert outcome.status == "ok", outcome.describe()


@pytest.mark.parametrize("steps", [1, 5])
def test_a_reverse_loop_keeps_its_matrix_products_and_tanh_instead_of_computing_them_again(steps):
    rng = np.random.default_rng(3)
    Wx, Wh, xs = rng.standard_normal((3, 4)), 0.5 * rng.standard_normal((4, 4)), rng.standard_normal((steps, 2, 3))

    def rnn(Wx, Wh):
        h = np.zeros((2, 4))
        for t in range(xs.shape[0]):
            h = np.tanh(xs[t] @ Wx + h @ Wh)
        return np.sum(h ** 2)

    text = transpiler.grad(rnn, wrt=(0, 1)).source(args=(Wx, Wh))
    reverse = text.split("# reverse sweep")[1]
    assert "np.tanh" not in reverse and "@ Wx" not in reverse and "@ Wh\n" not in reverse, text
    assert check_grad(rnn, Wx, Wh, wrt=(0, 1))

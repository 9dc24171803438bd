"""Generators driving a loop (frontend/generators.py): ``for xb, yb in batches(...)`` of a
generator function of the user's, its body run at each ``yield``; ``yield from``, a generator
in a comprehension and in ``list``/``sum``, inside helpers and outer loops, ``continue`` in the
loop's body, ``random.shuffle`` of the generator's indices (d2l's ``data_iter``: frontend/
shuffles.py). Both modes against central differences, hessian, float32; and the refusals."""
import random

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.arange(12.0).reshape(6, 2) / 10
Y = np.array([1.0, 0.0, 2.0, 1.0, -1.0, 0.5])
W = np.array([0.3, -0.7])


def batches(n, size=2):
    for i in range(0, n, size):
        yield X[i:i + size], Y[i:i + size]


def minibatch_loss(w):
    total = 0.0
    for xb, yb in batches(len(Y)):
        total = total + np.sum((xb @ w - yb) ** 2)
    return total


def scaled(v, k):
    for e in v:
        yield e * k


def pairs(w):
    yield w[0] * w[1]
    yield from scaled(w, 2.0)
    if w[0] > 0:
        yield np.sin(w[0])


def yield_from_and_continue(w):
    t = 0.0
    for a in pairs(w):
        if a < -1.0:
            continue
        t = t + np.tanh(a) * 3.0
    return t


def in_comprehensions_and_consumers(w):
    return sum(np.sin(v) for v in scaled(w, 3.0)) + sum(scaled(w, 0.5)) + np.sum(np.array(list(scaled(w, w[0]))))


def _epoch(w, size):
    total = 0.0
    for xb, yb in batches(6, size=size):
        total = total + np.mean((np.tanh(xb @ w) - yb) ** 2)
    return total


def in_a_helper_and_an_outer_loop(w):
    out = 0.0
    for step in range(3):
        out = out + _epoch(w * (step + 1), 3)
    return out


def data_iter(batch_size, features, labels):
    """d2l's minibatches: the indices shuffled with Python's `random`."""
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = np.array(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


def shuffled_epoch(w):
    random.seed(1)
    total = 0.0
    for xb, yb in data_iter(4, X, Y):
        total = total + np.sum((xb @ w - yb) ** 2) * (1.0 + yb[0])      # (the order matters)
    return total


@pytest.mark.parametrize("f", [minibatch_loss, yield_from_and_continue, in_comprehensions_and_consumers,
                               in_a_helper_and_an_outer_loop, shuffled_epoch])
def test_generators_driving_loops_in_both_modes(f):
    assert_both_modes(f, W)


def test_the_shuffle_draws_once_and_as_the_function_would():
    random.seed(5)
    value, _ = transpiler.value_and_grad(shuffled_epoch)(W)
    assert value == shuffled_epoch(W)
    random.seed(5)
    transpiler.grad(shuffled_epoch)(W)
    after_gradient = random.random()
    random.seed(5)
    shuffled_epoch(W)
    assert random.random() == after_gradient


@pytest.mark.parametrize("f", [minibatch_loss, in_a_helper_and_an_outer_loop, shuffled_epoch])
def test_hessian_through_a_loop_over_a_generator(f):
    hessian = transpiler.hessian(f)(W)
    gradient = transpiler.grad(f)
    h = 1e-6
    numeric = np.stack([(gradient(W + h * e) - gradient(W - h * e)) / (2 * h) for e in np.eye(2)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-7)


def test_float32_through_a_loop_over_a_generator():
    gradient = transpiler.grad(minibatch_loss)(W.astype(np.float32))
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(minibatch_loss)(W), rtol=1e-5)


def test_the_printed_code_has_the_generators_loop():
    text = transpiler.grad(minibatch_loss).source(args=(W,))
    assert "for i in range(0, 6, 2):" in text and "yield" not in text


def stops_early(w):
    t = 0.0
    for xb, yb in batches(6):
        if t > 1.0:
            break
        t = t + np.sum(xb @ w)
    return t


def returning_generator(v):
    for e in v:
        if e > 10.0:
            return
        yield e


def returns_inside(w):
    return sum(returning_generator(w))


def yielding_a_value(v):
    for e in v:
        got = yield e
        v = got


def yield_as_a_value(w):
    t = 0.0
    for e in yielding_a_value(w):
        t = t + e
    return t


def kept_as_a_value(w):
    it = scaled(w, 2.0)
    return next(it)


def make_closure_generator(k):
    def gen(v):
        for e in v:
            yield e * k
    return gen


CLOSURE_GEN = make_closure_generator(2.0)


def over_a_closure_generator(w):
    t = 0.0
    for e in CLOSURE_GEN(w):
        t = t + e
    return t


def over_a_nested_generator(w):
    def squares():
        for e in w:
            yield e * e
    return sum(squares())


def looping_over_a_nested_generator(w):
    def scaled_by(v, k):
        for e in v:
            yield e * k
    t = 0.0
    for e in scaled_by(w, 3.0):
        t = t + e
    return t


@pytest.mark.parametrize("f", [over_a_nested_generator, looping_over_a_nested_generator])
def test_a_generator_defined_in_the_function_is_inlined(f):
    # (refused until issue 15: its body is spliced into the loop's place: test_nested_generators.py)
    assert transpiler.check_grad(f, W).ok


@pytest.mark.parametrize("f, match", [
    (stops_early, "`break` or `return` inside a loop over the generator `batches`"),
    (returns_inside, "`return` inside the generator `returning_generator`"),
    (yield_as_a_value, "`yield` used as a value"),
    (kept_as_a_value, "calling the generator `scaled` other than as the iterable"),
    (over_a_closure_generator, "defined in another module or inside a function"),
])
def test_what_a_generator_cannot_do_is_refused_located(f, match):
    with pytest.raises(UnsupportedSyntaxError, match=match) as caught:
        transpiler.grad(f)(W)
    assert "test_generators.py" in str(caught.value)


def minibatches(x, size):
    for start in range(0, len(x), size):
        yield x[start:start + size]


def numbered_batches(x):
    total = 0.0
    for j, batch in enumerate(minibatches(x, 2), 1):
        if j == 2:
            continue
        total = total + j * np.sum(np.sin(batch) ** 2)
    return total + sum(i * np.sum(b) for i, b in enumerate(minibatches(x, 3), start=2))


def test_enumerate_over_a_generator_counts_its_items():
    # (refused: "calling the generator `minibatches` other than as the iterable of a `for` loop")
    x = np.array([0.3, -0.7, 1.2, 0.5, 0.9])
    assert_both_modes(numbered_batches, x)
    g, h = transpiler.grad(numbered_batches), 1e-6
    numeric = np.array([(g(x + h * e) - g(x - h * e)) / (2 * h) for e in np.eye(5)])
    np.testing.assert_allclose(transpiler.hessian(numbered_batches)(x), numeric, rtol=1e-5, atol=1e-6)

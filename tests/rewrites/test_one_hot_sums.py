"""The ``one_hot_sums`` rewrite (transpiler/rewrites/one_hot_sums.py): a number times a one-hot
array ``np.eye(k)[y]``, summed along its one-hot axis, is that number filled in; the reverse sweep
of a cross-entropy with one-hot labels then makes no pass over the labels for its log-softmax's
normaliser. Pinned: the code in several spellings (the benchmark's N13, ``np.identity``, a helper,
``keepdims=False``, float32 weights), finite differences, the same gradient
as with the rewrite off, and what is left alone (a written identity, a rectangular ``np.eye``)."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(17)
N, D, K = 12, 5, 4
W0, B0, X0 = 0.3 * RNG.standard_normal((D, K)), 0.1 * RNG.standard_normal(K), RNG.standard_normal((N, D))
Y0 = RNG.integers(0, K, size=N)


def softmax_xent(W, b, X, y):
    """tests/benchmarks/natural2.py's N13 as written there."""
    logits = X @ W + b
    logits = logits - logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    onehot = np.eye(W.shape[1])[y]
    return -(onehot * log_probs).sum() / len(X)


def identity_rows(W, b, X, y):
    z = X @ W + b
    log_probs = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    return -np.sum(np.identity(4)[y] * log_probs) / X.shape[0]


def one_hot(labels, k):
    return np.eye(k)[labels]


def helper(W, b, X, y):
    z = X @ W + b
    log_probs = z - np.log(np.sum(np.exp(z), axis=1))[:, None]       # (the sum without keepdims)
    return -np.sum(log_probs * one_hot(y, W.shape[1])) / len(X)


def picked_labels(W, b, X, y):
    """tests/benchmarks/natural5.py's N46 spelling: the labels' entries picked, not one-hot rows;
    its adjoint writes -1/n into zeros at (np.arange(n), y), one entry in each row."""
    z = X @ W + b
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean()


def picked_labels_summed(W, b, X, y):
    z = X @ W + b
    logp = z - np.log(np.sum(np.exp(z), axis=-1))[:, None]
    return -np.sum(logp[np.arange(X.shape[0]), y]) / 3


def taken_labels(W, b, X, y):
    """natural5.py's N47 spelling: np.take_along_axis with one label per row; its adjoint writes
    -1/n into flat zeros at the taken positions, reshaped to the logits' shape."""
    z = X @ W + b
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.take_along_axis(logp, y[:, None], axis=1))


def log_of_softmax(W, b, X, y):
    """natural4.py's N37 spelling: the log of a softmax (log_softmax_adjoint: ``g - p * g.sum(axis=1,
    keepdims=True)``, the labels' sum a column read against the (n, k) probabilities)."""
    logits = X @ W + b
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True)
    return -np.sum(np.eye(W.shape[1])[y] * np.log(p)) / len(X)


CASES = {"N13": softmax_xent, "log of a softmax (N37)": log_of_softmax, "identity": identity_rows, "helper, keepdims=False": helper,
         "picked labels (N46)": picked_labels, "picked labels summed": picked_labels_summed,
         "taken along the axis (N47)": taken_labels}
ARGS = (W0, B0, X0, Y0)


def source(f, args, **options) -> str:
    return transpiler.grad(f, wrt=(0, 1), **options).compiled(args).source


def labels_summed_in_reverse(code: str) -> bool:
    """Does the reverse sweep sum the scaled labels, rather than fill the number in (``np.full``)
    or read it where the sum was?"""
    reverse = code.split("# reverse sweep")[1]
    return ".sum(axis=1" in reverse or "np.sum(" in reverse or ".sum(axis=-1" in reverse


@pytest.mark.parametrize("name", CASES)
def test_the_labels_sum_is_filled_in_and_the_gradient_matches_differences(name):
    f = CASES[name]
    assert not labels_summed_in_reverse(source(f, ARGS)), source(f, ARGS)
    assert labels_summed_in_reverse(source(f, ARGS, rewrites={"one_hot_sums": False}))
    assert check_grad(f, *ARGS, wrt=(0, 1))


@pytest.mark.parametrize("name", CASES)
def test_switched_off_the_gradient_agrees(name):
    f = CASES[name]
    on = transpiler.grad(f, wrt=(0, 1))(*ARGS)
    off = transpiler.grad(f, wrt=(0, 1), rewrites={"one_hot_sums": False})(*ARGS)
    for a, b in zip(on, off):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)


def test_the_number_is_read_where_the_sum_was_read_by_float64_arithmetic():
    reverse = source(softmax_xent, ARGS).split("# reverse sweep")[1]
    assert "np.full(" not in reverse and f"np.divide({1 / N}, " in reverse, reverse


def test_the_number_is_read_where_the_sum_was_read_against_a_broadcast_shape():
    """The column of sums ``(n, 1)`` times the ``(n, k)`` probabilities: the number in its place
    gives the product's shape, no ``np.full`` made."""
    reverse = source(log_of_softmax, ARGS).split("# reverse sweep")[1]
    assert "np.full(" not in reverse and re.search(r"np\.multiply\(p, 0\.083333+, |p \* 0\.083333+", reverse), reverse


def test_float32_weights_keep_their_dtype_and_agree():
    args32 = (W0.astype(np.float32), B0.astype(np.float32), X0.astype(np.float32), Y0)
    assert not labels_summed_in_reverse(source(softmax_xent, args32))
    g32, g64 = transpiler.grad(softmax_xent, wrt=(0, 1))(*args32), transpiler.grad(softmax_xent, wrt=(0, 1))(*ARGS)
    for a, b in zip(g32, g64):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def written_identity(W, b, X, y):
    eye = np.eye(4)
    eye[0, 1] = 1.0                       # (two ones in its first row: no longer one-hot)
    z = X @ W + b
    return -np.sum(eye[y] * (z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))))


def rectangular(W, b, X, y):
    z = X @ W + b                         # (rows of np.eye(4, 5) sum to one too, but it is not square)
    return -np.sum(np.eye(4, 5)[y][:, :4] * (z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))))


@pytest.mark.parametrize("f", [written_identity, rectangular])
def test_left_alone_where_the_rows_are_not_a_square_identity_s(f):
    assert labels_summed_in_reverse(source(f, ARGS))
    assert check_grad(f, *ARGS, wrt=(0, 1))


def some_rows_picked(W, b, X, y):
    z = X @ W + b                         # (the first n - 2 rows only: the last two sum to 0)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -logp[np.arange(len(y) - 2), y[:-2]].mean()


def two_labels_taken(W, b, X, y):
    z = X @ W + b                         # (two entries in each row: each row sums to -2/n)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.take_along_axis(logp, np.stack([y, (y + 1) % 4], axis=1), axis=1))


@pytest.mark.parametrize("f", [some_rows_picked, two_labels_taken])
def test_left_alone_where_rows_are_not_each_written_once(f):
    assert labels_summed_in_reverse(source(f, ARGS))
    assert check_grad(f, *ARGS, wrt=(0, 1))


@pytest.mark.parametrize("f", [picked_labels, taken_labels])
def test_a_label_out_of_range_still_raises_with_the_sum_filled_in(f):
    with pytest.raises(IndexError):
        transpiler.grad(f, wrt=(0, 1))(W0, B0, X0, np.where(Y0 == Y0[0], K, Y0))


def test_picked_labels_keep_float32():
    args32 = (W0.astype(np.float32), B0.astype(np.float32), X0.astype(np.float32), Y0)
    for gradient, exact in zip(transpiler.grad(picked_labels, wrt=(0, 1))(*args32), transpiler.grad(picked_labels, wrt=(0, 1))(*ARGS)):
        assert gradient.dtype == np.float32
        np.testing.assert_allclose(gradient, exact, rtol=1e-4, atol=1e-6)

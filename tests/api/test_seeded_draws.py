"""api/strong_zeros.py: a generator the function makes from a constant seed
(``np.random.default_rng(0)``) draws the same numbers on every run, and no stream outside the
call moves: such a function's gradient call reads and sets no random state (NumPy's global
stream's costs more than a small gradient), and where its gradient comes out NaN the run with
strong zeros draws the same sample. A draw from the global stream, or from a generator made
without a seed, still has the streams rewound."""
import numpy as np
import pytest

import transpiler
from transpiler.api import strong_zeros
from transpiler.check import check_grad


def seeded(x):
    eps = np.random.default_rng(0).standard_normal(x.shape)
    return np.sum(np.sin(x + 0.1 * eps))


def masked_root(x):
    """The square root's infinite slope at 0 meets a zero adjoint: NaN, then the strong-zero run."""
    eps = np.random.RandomState(1).standard_normal(x.shape)
    r = np.sqrt(x ** 2 * (1.0 + 0.1 * eps))
    return np.sum(np.where(x > 0, r, 0.0))


def global_stream(x):
    return np.sum(np.sin(x + 0.1 * np.random.standard_normal(x.shape)))


def unseeded(x):
    return np.sum(np.sin(x + 0.1 * np.random.default_rng().standard_normal(x.shape)))


X = np.array([0.5, 0.0, 2.0, -1.0])


def test_a_seeded_generator_made_inside_moves_no_stream():
    assert not strong_zeros.draws(seeded) and not strong_zeros.draws(masked_root)
    assert strong_zeros.draws(global_stream) and strong_zeros.draws(unseeded)


def test_its_gradient_reads_and_sets_no_random_state(monkeypatch):
    expected = transpiler.grad(masked_root)(X)
    g = transpiler.grad(masked_root)

    def untouchable(*args):
        raise AssertionError("the global random stream was read or set")
    monkeypatch.setattr(np.random, "get_state", untouchable)
    monkeypatch.setattr(np.random, "set_state", untouchable)
    np.testing.assert_array_equal(g(X), expected)
    assert check_grad(seeded, X).ok


def test_the_strong_zero_run_differentiates_the_same_sample():
    eps = np.random.RandomState(1).standard_normal(X.shape)
    gradient = transpiler.grad(masked_root)(X)
    assert np.all(np.isfinite(gradient))
    scale = np.sqrt(1.0 + 0.1 * eps)
    np.testing.assert_allclose(gradient, np.where(X > 0, scale, 0.0), rtol=1e-12)


def test_a_draw_from_the_global_stream_is_still_rewound():
    np.random.seed(3)
    expected = transpiler.grad(global_stream)(X)
    after = np.random.get_state()
    np.random.seed(3)
    np.testing.assert_array_equal(transpiler.grad(global_stream)(X), expected)
    assert all(np.array_equal(u, v) for u, v in zip(np.random.get_state(), after))

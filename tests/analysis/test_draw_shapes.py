"""analysis/draw_shapes.py: a draw of a known size from a NumPy generator made in the function
(``np.random.default_rng(0).standard_normal(mu.shape)``, ``.normal(size=...)``) has that shape, so
the gradient after it is the specialised code (no ``unbroadcast``/``unreduce`` helpers), and it
is right; a ``normal`` method of another object is not taken for NumPy's."""
import numpy as np

import transpiler
from transpiler.check import check_grad

INPUTS = np.random.default_rng(7).normal(size=(4, 3))
WEIGHTS = np.random.default_rng(8).normal(size=(3, 2))


def reparameterised_by_shape(w):
    mu = INPUTS @ w
    z = mu + np.exp(0.5 * mu) * np.random.default_rng(0).standard_normal(mu.shape)
    return np.sum(np.log(1.0 + np.exp(z)))


def reparameterised_by_size(w):
    rng = np.random.default_rng(1)
    z = INPUTS @ w + rng.normal(0.0, 0.5, size=(4, 2)) * rng.uniform(1.0, 2.0, (4, 2))
    return np.sum(np.log(1.0 + np.exp(z)))


def test_draws_of_a_known_size_give_the_specialised_gradient():
    for f in (reparameterised_by_shape, reparameterised_by_size):
        check_grad(f, WEIGHTS)
        source = transpiler.grad(f).source(args=(WEIGHTS,))
        assert "unbroadcast" not in source and "unreduce" not in source, source


class Noise:
    """Not NumPy's generator: its ``normal`` returns one row, broadcast against the (4, 2) mean."""

    def normal(self, size=None):
        return np.linspace(0.1, 0.2, size[-1])


def shifted_by_another_objects_normal(w, noise):
    return np.sum(np.sin(INPUTS @ w + noise.normal(size=(4, 2))))


def test_another_objects_normal_keeps_the_generic_code():
    gradient = transpiler.grad(shifted_by_another_objects_normal)(WEIGHTS, Noise())
    expected = INPUTS.T @ np.cos(INPUTS @ WEIGHTS + np.linspace(0.1, 0.2, 2))
    np.testing.assert_allclose(gradient, expected, rtol=1e-12)

"""``np.gradient(f, dx, dy, ...)``, a spacing per axis (coordinates too), as the gradient along each
axis with its own spacing (primitives/numpy_compositions.py ``gradient_per_axis``): NumPy's
values and structure (a tuple over several axes), gradients against central differences,
forward mode against reverse, Hessians against differences of the gradient. (It was refused.)"""
import numpy as np
import pytest

import composition_checks

U = np.random.default_rng(3).normal(size=(4, 5))

CASES = {
    "one axis's part": lambda u: np.sum(np.gradient(u, 0.5, 0.25)[1] ** 2),
    "both parts": lambda u: np.sum(np.gradient(u, 0.5, 0.25)[0] * np.gradient(u, 0.5, 0.25)[1]),
    "looped over, edge_order=2": lambda u: sum(np.sum(g ** 2) for g in np.gradient(u, 0.3, 0.7, edge_order=2)),
    "axes given": lambda u: np.sum(np.gradient(u, 0.5, 0.25, axis=(0, 1))[1] ** 3),
    "coordinates for one axis": lambda u: np.sum(np.stack(np.gradient(u, 0.5, np.linspace(0, 1, 5))) ** 2),
}


@pytest.mark.parametrize("name", CASES)
def test_value_and_gradient(name):
    composition_checks.value_and_gradient(CASES[name], (U,))


@pytest.mark.parametrize("name", CASES)
def test_forward_matches_reverse(name):
    composition_checks.forward_matches_reverse(CASES[name], (U,))


@pytest.mark.parametrize("name", CASES)
def test_hvp_matches_differences_of_the_gradient(name):
    composition_checks.hvp_matches_differences(CASES[name], (U,), 0.01)

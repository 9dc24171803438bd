"""Smoke test of the natural-spelling workloads N12-N19 (tests/benchmarks/natural2.py; no timing
asserted): each hand-written gradient against central finite differences, and transpiler's
gradient (reverse mode, rewrites on and off) and its forward-mode directional derivative against
the hand-written one."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import transpiler

BENCH = Path(__file__).parent / "benchmarks"
sys.path.insert(0, str(BENCH))
import natural2  # noqa: E402
import workloads  # noqa: E402


def _leaves(x) -> list:
    if isinstance(x, dict):
        return [leaf for item in x.values() for leaf in _leaves(item)]
    return [leaf for item in x for leaf in _leaves(item)] if isinstance(x, (list, tuple)) else [x]


def _with_leaves(template, values):
    """``template`` (an array, a number, or lists/tuples/dicts of them) rebuilt from ``values``."""
    if isinstance(template, dict):
        return {k: _with_leaves(t, values) for k, t in template.items()}
    if isinstance(template, (list, tuple)):
        return type(template)(_with_leaves(t, values) for t in template)
    value = next(values)
    return value if np.ndim(template) else float(value)


def _finite_differences(f, args, wrt, h=1e-5) -> list:
    grads = []
    for i in wrt:
        leaves = [np.array(leaf, dtype=float) for leaf in _leaves(args[i])]
        for k, leaf in enumerate(leaves):
            g = np.zeros(leaf.shape)
            for j in np.ndindex(leaf.shape):
                values = []
                for step in (h, -h):
                    moved = [a.copy() for a in leaves]
                    moved[k][j] += step
                    values.append(f(*args[:i], _with_leaves(args[i], iter(moved)), *args[i + 1:]))
                g[j] = (values[0] - values[1]) / (2 * h)
            grads.append(g)
    return grads


@pytest.mark.parametrize("name", natural2.NAMES)
def test_hand_written_gradient_matches_finite_differences(name):
    w = natural2.make(name, "smoke")
    hand = workloads.flat(w.hand(*w.args))
    expected = _finite_differences(w.f, w.args, w.wrt_tuple)
    assert len(hand) == len(expected)
    for k, (got, want) in enumerate(zip(hand, expected)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7, err_msg=f"{name} gradient {k}")


@pytest.mark.parametrize("rewrites", [True, False], ids=["rewrites", "rewrites-off"])
@pytest.mark.parametrize("name", natural2.NAMES)
def test_transpiler_gradient_and_value_match_hand_written(name, rewrites):
    w = natural2.make(name, "smoke")
    value, got = transpiler.value_and_grad(w.f, wrt=w.wrt, rewrites=rewrites)(*w.args)
    ok, why = workloads.allclose(got, w.hand(*w.args), rtol=w.rtol)
    assert ok, f"{name}: {why}"
    np.testing.assert_allclose(value, w.f(*w.args), rtol=1e-12)


@pytest.mark.parametrize("name", natural2.NAMES)
def test_forward_mode_directional_derivative_matches_hand_written(name):
    w = natural2.make(name, "smoke")
    rng = np.random.default_rng(1)
    wrt = w.wrt_tuple
    tangents = [None] * len(w.args)
    for i in wrt:
        tangents[i] = _with_leaves(w.args[i], iter([rng.standard_normal(np.shape(leaf))
                                                    for leaf in _leaves(w.args[i])]))
    value, derivative = transpiler.jvp(w.f, w.args, tangents)
    hand = workloads.flat(w.hand(*w.args))
    directions = [leaf for i in wrt for leaf in _leaves(tangents[i])]
    expected = sum(float(np.sum(g * t)) for g, t in zip(hand, directions))
    np.testing.assert_allclose(value, w.f(*w.args), rtol=1e-12)
    np.testing.assert_allclose(derivative, expected, rtol=1e-8)

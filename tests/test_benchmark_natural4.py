"""Smoke test of the natural-spelling workloads N32-N43 (tests/benchmarks/natural4.py; no timing
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
import natural4  # noqa: E402
import workloads  # noqa: E402
from natural_checks import finite_differences, leaves, with_leaves  # noqa: E402


@pytest.mark.parametrize("name", natural4.NAMES)
def test_hand_written_gradient_matches_finite_differences(name):
    w = natural4.make(name, "smoke")
    hand = workloads.flat(w.hand(*w.args))
    expected = finite_differences(w.f, w.args, w.wrt_tuple)
    assert len(hand) == len(expected)
    for k, (got, want) in enumerate(zip(hand, expected)):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7, err_msg=f"{name} gradient {k}")


@pytest.mark.parametrize("rewrites", [True, False], ids=["rewrites", "rewrites-off"])
@pytest.mark.parametrize("name", natural4.NAMES)
def test_transpiler_gradient_and_value_match_hand_written(name, rewrites):
    w = natural4.make(name, "smoke")
    value, got = transpiler.value_and_grad(w.f, wrt=w.wrt, rewrites=rewrites)(*w.args)
    ok, why = workloads.allclose(got, w.hand(*w.args), rtol=w.rtol)
    assert ok, f"{name}: {why}"
    np.testing.assert_allclose(value, w.f(*w.args), rtol=1e-12)


@pytest.mark.parametrize("name", natural4.NAMES)
def test_forward_mode_directional_derivative_matches_hand_written(name):
    w = natural4.make(name, "smoke")
    rng = np.random.default_rng(1)
    wrt = w.wrt_tuple
    tangents = [None] * len(w.args)
    for i in wrt:
        tangents[i] = with_leaves(w.args[i], iter([rng.standard_normal(np.shape(leaf)) for leaf in leaves(w.args[i])]))
    value, derivative = transpiler.jvp(w.f, w.args, tangents)
    hand = workloads.flat(w.hand(*w.args))
    directions = [leaf for i in wrt for leaf in leaves(tangents[i])]
    expected = sum(float(np.sum(g * t)) for g, t in zip(hand, directions))
    np.testing.assert_allclose(value, w.f(*w.args), rtol=1e-12)
    np.testing.assert_allclose(derivative, expected, rtol=1e-8)

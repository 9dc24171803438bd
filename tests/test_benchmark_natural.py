"""Smoke test of the natural-spelling benchmark suite (tests/benchmarks/natural.py, N1-N11; no
timing asserted): each hand-written gradient against finite differences (N1, a chaotic map,
against the complex step; N7, float32, against the float64 hand gradient), and transpiler's
gradient and value against the hand-written ones, with the rewrites on and off."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import transpiler

BENCH = Path(__file__).parent / "benchmarks"
sys.path.insert(0, str(BENCH))
import natural  # noqa: E402
import workloads  # noqa: E402
from natural_checks import finite_differences  # noqa: E402


@pytest.mark.parametrize("name", natural.NAMES)
def test_hand_written_gradient_matchesfinite_differences(name):
    w = natural.make(name, "smoke")
    hand = workloads.flat(w.hand(*w.args))
    if name == "N1":
        h = 1e-200
        expected = [np.asarray(w.f(w.args[0] + 1j * h).imag / h)]
    elif name == "N7":      # float32: the same formulas in float64, by finite differences
        args64 = tuple(np.asarray(a, dtype=float) for a in w.args)
        expected = finite_differences(w.f, args64, w.wrt_tuple)
    else:
        expected = finite_differences(w.f, w.args, w.wrt_tuple)
    rtol = 1e-3 if name == "N7" else 1e-5
    assert len(hand) == len(expected)
    for k, (got, want) in enumerate(zip(hand, expected)):
        np.testing.assert_allclose(got, want, rtol=rtol, atol=1e-7, err_msg=f"{name} gradient {k}")


@pytest.mark.parametrize("rewrites", [True, False], ids=["rewrites", "rewrites-off"])
@pytest.mark.parametrize("name", natural.NAMES)
def test_transpiler_gradient_and_value_match_hand_written(name, rewrites):
    w = natural.make(name, "smoke")
    value, got = transpiler.value_and_grad(w.f, wrt=w.wrt, rewrites=rewrites)(*w.args)
    ok, why = workloads.allclose(got, w.hand(*w.args), rtol=w.rtol)
    assert ok, f"{name}: {why}"
    np.testing.assert_allclose(value, w.f(*w.args), rtol=1e-5 if name == "N7" else 1e-12)
    ok, why = workloads.allclose(transpiler.grad(w.f, wrt=w.wrt, rewrites=rewrites)(*w.args),
                                 w.hand(*w.args), rtol=w.rtol)
    assert ok, f"{name} (grad): {why}"

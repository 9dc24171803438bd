"""Smoke test of the natural-spelling workloads N20-N31 (tests/benchmarks/natural3.py; no timing
asserted): each hand-written gradient against central finite differences (the float32 ones, N30
and N31, of the same formulas in float64), and transpiler's gradient (reverse mode, rewrites on
and off) and its forward-mode directional derivative against the hand-written one."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import transpiler

BENCH = Path(__file__).parent / "benchmarks"
sys.path.insert(0, str(BENCH))
import natural3  # noqa: E402
import workloads  # noqa: E402
from natural_checks import finite_differences, leaves, with_leaves  # noqa: E402


def in_float64(args):
    return tuple(with_leaves(a, iter([np.asarray(leaf, dtype=float) for leaf in leaves(a)])) for a in args)


@pytest.mark.parametrize("name", natural3.NAMES)
def test_hand_written_gradient_matches_finite_differences(name):
    w = natural3.make(name, "smoke")
    hand = workloads.flat(w.hand(*w.args))
    single = name in natural3.FLOAT32
    expected = finite_differences(w.f, in_float64(w.args) if single else w.args, w.wrt_tuple)
    assert len(hand) == len(expected)
    for k, (got, want) in enumerate(zip(hand, expected)):
        np.testing.assert_allclose(got, want, rtol=1e-3 if single else 1e-5, atol=1e-7,
                                   err_msg=f"{name} gradient {k}")


@pytest.mark.parametrize("rewrites", [True, False], ids=["rewrites", "rewrites-off"])
@pytest.mark.parametrize("name", natural3.NAMES)
def test_transpiler_gradient_and_value_match_hand_written(name, rewrites):
    w = natural3.make(name, "smoke")
    value, got = transpiler.value_and_grad(w.f, wrt=w.wrt, rewrites=rewrites)(*w.args)
    ok, why = workloads.allclose(got, w.hand(*w.args), rtol=w.rtol)
    assert ok, f"{name}: {why}"
    np.testing.assert_allclose(value, w.f(*w.args), rtol=1e-5 if name in natural3.FLOAT32 else 1e-12)
    if name in natural3.FLOAT32:      # float32 in, a float32 gradient out for the float32 array
        assert np.asarray(leaves(got)[0]).dtype == np.float32


@pytest.mark.parametrize("name", natural3.NAMES)
def test_forward_mode_directional_derivative_matches_hand_written(name):
    w = natural3.make(name, "smoke")
    rng = np.random.default_rng(1)
    wrt = w.wrt_tuple
    tangents = [None] * len(w.args)
    for i in wrt:
        tangents[i] = with_leaves(w.args[i], iter([rng.standard_normal(np.shape(leaf)).astype(np.result_type(leaf))
                                                    for leaf in leaves(w.args[i])]))
    value, derivative = transpiler.jvp(w.f, w.args, tangents)
    hand = workloads.flat(w.hand(*w.args))
    directions = [leaf for i in wrt for leaf in leaves(tangents[i])]
    expected = sum(float(np.sum(g * t)) for g, t in zip(hand, directions))
    single = name in natural3.FLOAT32
    np.testing.assert_allclose(value, w.f(*w.args), rtol=1e-5 if single else 1e-12)
    np.testing.assert_allclose(derivative, expected, rtol=1e-3 if single else 1e-8)


def test_rebind_reaches_the_methods_of_the_module_classes():
    """The peers' columns run N22 with ``np`` rebound (workloads.rebind): its ``BatchNorm.forward``
    must read the rebound module too, not NumPy (jax's tracers failed there)."""
    called = []

    class Recording:
        def __getattr__(self, name):
            called.append(name)
            return getattr(np, name)

    w = natural3.make("N22", "smoke")
    rebound = workloads.rebind(w.f, Recording())
    np.testing.assert_allclose(rebound(*w.args), w.f(*w.args), rtol=1e-12)
    assert "sqrt" in called                   # np.sqrt is read only in BatchNorm.forward
    assert natural3.BatchNorm.forward.__globals__["np"] is np     # the module's own class untouched

"""Smoke test of the natural-spelling benchmark suites N1-N68 (tests/benchmarks/natural*.py; no
timing asserted): each hand-written gradient against central finite differences (N1, a chaotic
map, against the complex step; a float32 workload, of the same formulas in float64), and
transpiler's gradient (reverse mode, rewrites on and off) and forward-mode directional derivative
against the hand-written one."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import transpiler

BENCH = Path(__file__).parent / "benchmarks"
sys.path.insert(0, str(BENCH))
import natural  # noqa: E402
import natural2  # noqa: E402
import natural3  # noqa: E402
import natural4  # noqa: E402
import natural5  # noqa: E402
import natural6  # noqa: E402
import workloads  # noqa: E402
from natural_checks import finite_differences, leaves, with_leaves  # noqa: E402

SUITES = (natural, natural2, natural3, natural4, natural5, natural6)
WORKLOADS = [pytest.param(suite, name, id=name) for suite in SUITES for name in suite.NAMES]


def in_float64(args):
    return tuple(with_leaves(a, iter([np.asarray(leaf, dtype=float) for leaf in leaves(a)])) for a in args)


def single_precision(w) -> bool:
    return any(np.result_type(leaf) == np.float32 for a in w.args for leaf in leaves(a))


@pytest.mark.parametrize("suite, name", WORKLOADS)
def test_hand_written_gradient_matches_finite_differences(suite, name):
    w = suite.make(name, "smoke")
    hand = workloads.flat(w.hand(*w.args))
    single = single_precision(w)
    if name == "N1":        # chaotic: finite differences lose every digit; the complex step does not
        h = 1e-200
        expected = [np.asarray(w.f(w.args[0] + 1j * h).imag / h)]
    else:
        expected = finite_differences(w.f, in_float64(w.args) if single else w.args, w.wrt_tuple)
    assert len(hand) == len(expected)
    for k, (got, want) in enumerate(zip(hand, expected)):
        np.testing.assert_allclose(got, want, rtol=1e-3 if single else 1e-5, atol=1e-7,
                                   err_msg=f"{name} gradient {k}")


@pytest.mark.parametrize("rewrites", [True, False], ids=["rewrites", "rewrites-off"])
@pytest.mark.parametrize("suite, name", WORKLOADS)
def test_transpiler_gradient_and_value_match_hand_written(suite, name, rewrites):
    w = suite.make(name, "smoke")
    single = single_precision(w)
    value, got = transpiler.value_and_grad(w.f, wrt=w.wrt, rewrites=rewrites)(*w.args)
    ok, why = workloads.allclose(got, w.hand(*w.args), rtol=w.rtol)
    assert ok, f"{name}: {why}"
    np.testing.assert_allclose(value, w.f(*w.args), rtol=1e-5 if single else 1e-12)
    ok, why = workloads.allclose(transpiler.grad(w.f, wrt=w.wrt, rewrites=rewrites)(*w.args),
                                 w.hand(*w.args), rtol=w.rtol)
    assert ok, f"{name} (grad): {why}"
    if single:              # float32 in, a float32 gradient out for the float32 array
        assert np.asarray(leaves(got)[0]).dtype == np.float32


@pytest.mark.parametrize("suite, name", WORKLOADS)
def test_forward_mode_directional_derivative_matches_hand_written(suite, name):
    w = suite.make(name, "smoke")
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
    single = single_precision(w)
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

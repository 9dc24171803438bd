"""The torch versions of the benchmark workloads (tests/benchmarks/natural_torch.py, and
workloads.torch_versions for W1-W8) give the hand-written gradient, through the adapter run.py
times (``natural_torch.torch_gradient``), at the smoke sizes; and each one's value is the NumPy
function's. Skipped where torch does not import (CI has no torch)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="PyTorch is not installed")

BENCH = Path(__file__).parent / "benchmarks"
sys.path.insert(0, str(BENCH))
import natural  # noqa: E402
import natural2  # noqa: E402
import natural3  # noqa: E402
import natural_torch  # noqa: E402
import workloads  # noqa: E402

MODULES = {name: m for m in (workloads, natural, natural2, natural3) for name in m.NAMES}


@pytest.mark.parametrize("name", list(MODULES))
def test_torch_gradient_matches_hand_written(name):
    w = MODULES[name].make(name, "smoke")
    got = natural_torch.torch_gradient(w, torch)()
    ok, why = workloads.allclose(got, w.hand(*w.args), rtol=w.rtol)
    assert ok, f"{name}: {why}"


@pytest.mark.parametrize("name", list(MODULES))
def test_torch_value_matches_the_numpy_function(name):
    w = MODULES[name].make(name, "smoke")
    f = natural_torch.torch_function(w, torch)
    args = [_as_tensors(a) for a in w.args]
    np.testing.assert_allclose(float(f(*args)), float(w.f(*w.args)), rtol=1e-4 if w.rtol > 1e-6 else 1e-12)


def test_every_workload_has_a_torch_version():
    versions = {**workloads.torch_versions(torch), **natural_torch.torch_versions(torch)}
    assert set(versions) | set(natural_torch.SAME_TEXT) == set(MODULES)


def _as_tensors(a):
    if isinstance(a, dict):
        return {k: _as_tensors(v) for k, v in a.items()}
    if isinstance(a, (list, tuple)):
        return type(a)(_as_tensors(v) for v in a)
    if isinstance(a, float):
        return torch.tensor(a, dtype=torch.float64)
    return torch.from_numpy(a) if isinstance(a, np.ndarray) else a

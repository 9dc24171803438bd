"""The GPU benchmark script (tests/benchmarks/gpu.py) runs end to end here with array-api-strict
standing in for CuPy at small sizes: it must work the first time on a machine with a GPU. No
timing is asserted; the script itself checks each gradient against NumPy's before it reports."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("array_api_strict")
pytest.importorskip("array_api_compat")

SCRIPT = Path(__file__).parent / "benchmarks" / "gpu.py"


def test_gpu_benchmark_runs_its_three_workloads_on_a_pluggable_namespace(tmp_path):
    out = tmp_path / "gpu.json"
    result = subprocess.run([sys.executable, str(SCRIPT), "--namespace", "array_api_strict", "--small",
                             "--rounds", "2", "--json", str(out)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"}, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["namespace"] == "array_api_strict" and report["small"]
    assert [row["workload"] for row in report["rows"]] == ["W5", "W6", "W7"]
    for row in report["rows"]:
        assert row["max_relative_error"] < 1e-3
        assert row["library_s"] > 0 and row["numpy_s"] > 0 and row["library_first_s"] > 0
    assert "W6" in result.stdout and "speed-up" in result.stdout


def test_gpu_benchmark_names_a_library_that_is_not_installed():
    result = subprocess.run([sys.executable, str(SCRIPT), "--namespace", "no_such_array_library", "--small"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "no_such_array_library" in result.stderr

"""The Dask scaling benchmark (tests/benchmarks/dask_scaling.py) runs end to end at small sizes on
LocalClusters of 1 and 2 worker processes. No timing is asserted; the script checks each Dask
gradient against NumPy's before it reports."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("array_api_compat")

SCRIPT = Path(__file__).parent / "benchmarks" / "dask_scaling.py"


def test_dask_scaling_benchmark_reports_w5_and_w7_on_one_and_two_workers(tmp_path):
    out = tmp_path / "dask.json"
    result = subprocess.run([sys.executable, str(SCRIPT), "--small", "--rounds", "1", "--chunks", "4",
                             "--json", str(out)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"}, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert [row["workload"] for row in report["rows"]] == ["W5", "W7"]
    for row in report["rows"]:
        assert row["numpy_s"] > 0
        for workers in ("dask_1", "dask_2"):
            timings = row[workers]
            assert timings["build_s"] > 0 and timings["total_s"] > 0 and timings["first_s"] > 0 and timings["by_hand_s"] > 0
            assert timings["tasks"] > 4                  # one task per chunk at least
    assert "2 workers ms" in result.stdout and "build ms" in result.stdout

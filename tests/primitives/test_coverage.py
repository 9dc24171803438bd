"""docs/coverage.md is the output of ``python -m transpiler.primitives.coverage`` (transpiler's
registry against the checked-in snapshot of autograd's and JAX's lists): it cannot go stale."""
import difflib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from transpiler.primitives import coverage

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "coverage.md"


def generate() -> str:
    # A fresh interpreter: tests elsewhere register custom rules into the live registry.
    done = subprocess.run([sys.executable, "-m", "transpiler.primitives.coverage"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return done.stdout


def test_coverage_md_is_the_generated_page():
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("docs/coverage.md shows SciPy's rules: it is generated with scipy installed")
    fresh, current = generate(), DOC.read_text(encoding="utf-8")
    if current != fresh:
        diff = "".join(difflib.unified_diff(current.splitlines(True), fresh.splitlines(True),
                                            "docs/coverage.md", "generated", n=1))
        raise AssertionError(f"docs/coverage.md is out of date; regenerate it with\n\n    {coverage.COMMAND}\n\n{diff[:4000]}")


def test_every_snapshot_row_is_a_function_of_this_numpy_or_scipy_or_marked_missing():
    rows = json.loads(coverage.PEERS.read_text())["functions"]
    assert len(rows) > 500
    assert all(set(entry) == {"autograd", "jax"} for entry in rows.values())


def test_status_of_known_functions():
    import numpy as np  # noqa: F401
    assert coverage.ours("np.sin") == "vjp+jvp"
    assert coverage.ours("np.argmax") == "zero"
    assert coverage.ours("np.no_such_function") is None
    if importlib.util.find_spec("scipy") is not None:
        coverage.load_optional_rules()
        assert coverage.ours("scipy.stats.norm.logpdf") == "composed"


def test_autograd_functions_transpiler_lacks_are_only_the_listed_ones():
    """Every function autograd differentiates that transpiler does not is one of the few named
    here (np.fft included): the page shows the gap, this pins it."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("needs scipy")
    coverage.load_optional_rules()
    rows = json.loads(coverage.PEERS.read_text())["functions"]
    lacking = sorted(name for name, entry in rows.items() if entry["autograd"] in ("vjp", "vjp+jvp")
                     and coverage.ours(name) not in (*coverage.DIFFERENTIATES, "zero"))
    assert lacking == KNOWN_GAPS


KNOWN_GAPS: list[str] = []

"""docs/primitives.md is the output of ``python -m transpiler.primitives.table``: it cannot go stale."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "primitives.md"
REGENERATE = "python -m transpiler.primitives.table > docs/primitives.md"


def generate() -> str:
    # A fresh interpreter: tests elsewhere register custom rules into the live registry.
    done = subprocess.run([sys.executable, "-m", "transpiler.primitives.table"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return done.stdout


def test_primitives_md_is_the_generated_table():
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("docs/primitives.md lists SciPy's rules: it is generated with scipy installed")
    fresh = generate()
    assert DOC.exists(), f"docs/primitives.md is missing; create it with `{REGENERATE}`"
    current = DOC.read_text(encoding="utf-8")
    if current != fresh:
        import difflib
        diff = "".join(difflib.unified_diff(current.splitlines(True), fresh.splitlines(True),
                                            "docs/primitives.md", "generated", n=1))
        raise AssertionError(
            f"docs/primitives.md is out of date with transpiler.primitives.REGISTRY.\n"
            f"Regenerate it from the repository root with:\n\n    {REGENERATE}\n\n{diff[:4000]}")


def test_generation_is_deterministic():
    assert generate() == generate()


def test_every_registered_key_appears_in_the_table():
    from transpiler.primitives import REGISTRY
    from transpiler.primitives.table import render, rows_by_family

    import transpiler  # noqa: F401  (stop_gradient and the runtime helpers register on import)
    listed = [p for rows in rows_by_family().values() for row in rows for p in row.prims]
    builtin = [p for p in REGISTRY.values() if p.family != "custom" or p.name == "stop_gradient"]
    assert {id(p) for p in builtin} <= {id(p) for p in listed}
    assert "## Indexing and containers" in render()


def test_keys_sharing_a_rule_share_a_row():
    from transpiler.primitives.table import rows_by_family

    rows = {row.spellings(): row for rows in rows_by_family().values() for row in rows}
    assert "`np.sin(x)`, `math.sin(x)`" in rows
    assert rows["`np.sin(x)`, `math.sin(x)`"].kind() == "elementwise"
    assert rows["`np.sin(x)`, `math.sin(x)`"].derivative() == "∂/∂x: `np.cos(x)`"
    summed = next(row for row in rows.values() if row.spellings().startswith("`np.sum("))
    assert summed.kind() == "VJP rule"
    assert summed.derivative() == "`d_x = unreduce(d_y, x, axis, keepdims)`"

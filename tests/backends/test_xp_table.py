"""The table of docs/beyond-numpy.md (transpiler/backends/xp_table.py) is generated, and what it
says holds: every NumPy spelling it marks as running on any array-API library gives, on
array-api-strict arrays, the NumPy backend's gradient (in a one- or two-argument sample function,
whichever the NumPy backend differentiates; np.where choosing x or 0.0), and each known exception
does fail there."""
import importlib
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import transpiler
from transpiler.backends import xp_table

xs = pytest.importorskip("array_api_strict")
pytest.importorskip("array_api_compat")

DOC = Path(__file__).resolve().parents[2] / "docs" / "beyond-numpy.md"
ARBITRARY = {"np.empty", "np.empty_like"}          # values without meaning: nothing to compare
# Samples that are not array-API code themselves: an integer result times floats, logical
# functions of floats (the standard refuses mixing kinds; NumPy promotes).
NOT_STANDARD_SAMPLES = {"np.argmax", "np.argmin", "np.argsort", "np.logical_and", "np.logical_or",
                        "np.logical_not", "np.logical_xor", "np.any", "np.all"}
CHOICES = {"np.where"}                              # p(condition, x, 0.0): their sample form


def test_the_table_in_the_docs_is_the_generated_one():
    assert xp_table.render() in DOC.read_text(), "run: python -m transpiler.backends.xp_table (into docs/beyond-numpy.md)"


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """Per spelling, f_<name>(x) = sum(p(x) * x), g_<name>(x, y) = sum(p(x, y) * x) and (used for
    CHOICES, first) h_<name>(x) = sum(p(x > 1, x, 0.0))."""
    folder = tmp_path_factory.mktemp("samples")
    lines = ["import numpy as np"]
    for _, spelling, _ in xp_table.rows():
        name = spelling[3:].replace(".", "_")
        lines += [f"def f_{name}(x):\n    return np.sum({spelling}(x) * x)\n",
                  f"def g_{name}(x, y):\n    return np.sum({spelling}(x, y) * x)\n",
                  f"def h_{name}(x):\n    return np.sum({spelling}(x > 1.0, x, 0.0))\n"]
    (folder / "xp_table_samples.py").write_text("\n".join(lines))
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("xp_table_samples")
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("xp_table_samples", None)


def _on_strict(samples, spelling):
    """(NumPy backend's gradient, the array-API backend's on strict arrays or its error), for
    the first sample form the NumPy backend differentiates; None if neither."""
    x = np.linspace(0.2, 0.8, 9).reshape(3, 3) + np.eye(3)
    y = np.linspace(1.1, 1.6, 9).reshape(3, 3)
    name = spelling[3:].replace(".", "_")
    forms = [(getattr(samples, f"f_{name}"), (x,)), (getattr(samples, f"g_{name}"), (x, y))]
    if spelling in CHOICES:
        forms.insert(0, (getattr(samples, f"h_{name}"), (x,)))
    for f, args in forms:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                expected = transpiler.grad(f)(*args)
            except Exception:
                continue
            try:
                return expected, transpiler.grad(f, backend="array_api")(*[xs.asarray(a) for a in args])
            except Exception as error:         # noqa: BLE001 (reported by the test)
                return expected, error
    return None


def test_every_spelling_marked_standard_runs_on_strict_arrays(samples):
    exercised, failures = 0, []
    for _, spelling, outside in xp_table.rows():
        if not xp_table.runs_on_strict(spelling, outside) or spelling in ARBITRARY | NOT_STANDARD_SAMPLES:
            continue
        outcome = _on_strict(samples, spelling)
        if outcome is None:
            continue
        exercised += 1
        expected, got = outcome
        if isinstance(got, Exception) or not np.allclose(np.asarray(got), expected, equal_nan=True):
            failures.append(f"{spelling}: {got!r:.200}")
    assert not failures, failures
    assert exercised >= 60


@pytest.mark.parametrize("spelling", sorted(xp_table.KNOWN))
def test_each_known_exception_does_fail_on_strict_arrays(samples, spelling):
    outcome = _on_strict(samples, spelling)
    assert outcome is not None
    expected, got = outcome
    assert isinstance(got, Exception) or not np.allclose(np.asarray(got), expected), \
        f"{spelling} runs on array-api-strict now: drop it from xp_table.KNOWN"

"""Smoke tests for the worked examples in examples/: each runs its ``main(["--fast"])`` and
checks that the optimisation did what the example claims."""
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(name):
    """Import examples/<name>.py as a module (examples/ is not a package)."""
    module_name = f"_transpiler_example_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def test_digits_classifier_fast(tmp_path):
    pytest.importorskip("sklearn")
    digits = load("digits_classifier")
    out = tmp_path / "loss.png"
    results = digits.main(["--fast", "--out", str(out)])
    assert results["final_loss"] < 0.2 * results["initial_loss"]
    assert results["losses"][-1] < results["losses"][0]
    assert results["test_accuracy"] > 0.8
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert results["plot"] is None
    else:
        assert results["plot"] == str(out)
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_digits_gradient_matches_finite_differences():
    digits = load("digits_classifier")
    rng = np.random.default_rng(1)
    X = rng.normal(size=(12, 64))
    y = rng.integers(0, 10, size=12)
    params = digits.init_params([64, 16, 16, 10], rng)
    value, grads = digits.loss_and_grad(params, X, y)
    assert value == pytest.approx(digits.loss(params, X, y))
    assert isinstance(grads, list) and all(isinstance(g, tuple) for g in grads)
    assert [(gW.shape, gb.shape) for gW, gb in grads] == [(W.shape, b.shape) for W, b in params]
    eps = 1e-6
    for layer, (i, j) in [(0, (5, 3)), (1, (2, 7)), (2, (15, 9))]:
        bumped = [[W.copy(), b.copy()] for W, b in params]
        bumped[layer][0][i, j] += eps
        plus = digits.loss([tuple(p) for p in bumped], X, y)
        bumped[layer][0][i, j] -= 2 * eps
        minus = digits.loss([tuple(p) for p in bumped], X, y)
        assert grads[layer][0][i, j] == pytest.approx((plus - minus) / (2 * eps), abs=1e-6)


def test_digits_plot_skipped_without_matplotlib(monkeypatch, tmp_path, capsys):
    digits = load("digits_classifier")
    monkeypatch.setitem(sys.modules, "matplotlib", None)     # makes `import matplotlib` fail
    assert digits.save_loss_curve([1.0, 0.5], [0.5, 0.9], str(tmp_path / "x.png")) is None
    assert "matplotlib is not installed" in capsys.readouterr().out
    assert not (tmp_path / "x.png").exists()


def test_gp_lengthscales_fast():
    gp = load("gp_lengthscales")
    results = gp.main(["--fast"])
    relevant, irrelevant = results["lengthscales"]
    assert irrelevant > 5 * results["initial_lengthscales"][1]     # the irrelevant one grows
    assert irrelevant > 5 * relevant
    assert 0.3 < relevant < 3.0                                    # the wave sin(1.5 x) has scale ~1
    assert results["final_objective"] < results["initial_objective"] - 10


def test_logistic_regression_fast():
    lr = load("logistic_regression")
    results = lr.main(["--fast"])
    assert results["fd_max_abs_diff"] < 1e-6
    assert results["final_loss"] < 0.5 * results["initial_loss"]
    assert results["accuracy"] > 0.85


def test_projectile_fast():
    projectile = load("projectile")
    results = projectile.main(["--fast"])
    assert results["initial_error"] > 40
    assert results["error"] < 0.01
    assert results["error"] < 1e-3 * results["initial_error"]

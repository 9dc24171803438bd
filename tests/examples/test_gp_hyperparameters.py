"""examples/gp_hyperparameters.py: the L-BFGS-B hyper-parameter fit finds the optimum of the
negative log marginal likelihood, and its gradient is the finite differences'."""
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("scipy")
PATH = Path(__file__).resolve().parents[2] / "examples" / "gp_hyperparameters.py"


@pytest.fixture(scope="module")
def gp():
    spec = importlib.util.spec_from_file_location("_transpiler_example_gp_hyperparameters", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_fit_converges_to_a_stationary_point_that_switches_the_irrelevant_input_off(gp):
    out = gp.main(["--fast"])
    params, result = out["params"], out["result"]
    assert result.success
    assert result.fun < gp.neg_log_marginal_likelihood(out["initial"], out["X"], out["y"]) - 50
    _, grads = gp.nlml_and_grad(params, out["X"], out["y"])
    flat_grad = gp.transpiler.ravel(grads)[0]
    assert np.max(np.abs(flat_grad[[0, 2, 3]])) < 1e-3          # all but the off switch's length-scale
    ell = np.exp(params["log_lengthscales"])
    assert 0.8 < ell[0] < 2.5 and ell[1] > 50.0
    assert np.exp(params["log_noise"]) == pytest.approx(0.1, rel=0.25)


def test_the_fit_agrees_with_scipy_using_its_own_finite_differences(gp):
    from scipy.optimize import minimize

    rng = np.random.default_rng(3)
    X, y = gp.make_data(30, rng)
    start = {"log_lengthscales": np.zeros(2), "log_signal": 0.0, "log_noise": np.log(0.5)}
    flat, unravel = gp.transpiler.ravel(start)
    params, ours = gp.fit(start, X, y)
    theirs = minimize(lambda x: gp.neg_log_marginal_likelihood(unravel(x), X, y), flat, method="L-BFGS-B")
    assert ours.fun <= theirs.fun + 1e-6
    assert ours.nfev < theirs.nfev                 # one evaluation per step, not 1 + 4 of them


def test_the_gradient_of_the_dict_matches_central_differences(gp):
    X, y = gp.make_data(12, np.random.default_rng(1))
    params = {"log_lengthscales": np.array([0.2, -0.3]), "log_signal": 0.1, "log_noise": np.log(0.3)}
    flat, unravel = gp.transpiler.ravel(params)
    _, grads = gp.nlml_and_grad(params, X, y)
    flat_grad = gp.transpiler.ravel(grads)[0]
    eps = 1e-6
    for k in range(flat.size):
        step = np.zeros_like(flat)
        step[k] = eps
        numeric = (gp.neg_log_marginal_likelihood(unravel(flat + step), X, y)
                   - gp.neg_log_marginal_likelihood(unravel(flat - step), X, y)) / (2 * eps)
        assert flat_grad[k] == pytest.approx(numeric, rel=1e-6, abs=1e-7)

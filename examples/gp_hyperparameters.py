"""Fit a Gaussian process's hyper-parameters with SciPy's L-BFGS-B: the recipe of
docs/optimizers.md on a dict of parameters.

    python examples/gp_hyperparameters.py          # full run
    python examples/gp_hyperparameters.py --fast   # fewer points, for the tests

The kernel is a squared exponential with one length-scale per input dimension (automatic
relevance determination), a signal scale and a noise level,

    K = sf^2 exp(-1/2 sum_a (x_a - x'_a)^2 / ell_a^2) + sn^2 I,

and the objective is the negative log marginal likelihood
``1/2 y^T K^{-1} y + sum(log diag(chol(K))) + n/2 log(2 pi)``. The parameters are a dict of logs
(so that every scale stays positive); ``transpiler.ravel`` turns the dict into the vector SciPy
wants and back, and ``transpiler.value_and_grad`` gives the value and the gradient in one call
(``jac=True``). The target depends on the first input only: the fit keeps that length-scale near
the scale of the signal, lets the other one grow (switching that input off) and recovers the
noise level the data were made with.
"""
import argparse

import numpy as np
from scipy.optimize import minimize

import transpiler


def neg_log_marginal_likelihood(params, X, y):
    n = X.shape[0]
    ell = np.exp(params["log_lengthscales"])
    signal = np.exp(2 * params["log_signal"])
    noise = np.exp(2 * params["log_noise"])
    scaled = X / ell
    sq = np.sum((scaled[:, None, :] - scaled[None, :, :]) ** 2, axis=-1)
    K = signal * np.exp(-0.5 * sq) + noise * np.eye(n)
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(K, y)
    return 0.5 * (y @ alpha) + np.sum(np.log(np.diag(L))) + 0.5 * n * np.log(2 * np.pi)


nlml_and_grad = transpiler.value_and_grad(neg_log_marginal_likelihood, wrt="params")


def make_data(n, rng, noise_std=0.1):
    """y depends on x_0 only (a smooth wave); x_1 is pure distraction."""
    X = rng.uniform(-3.0, 3.0, size=(n, 2))
    y = np.sin(1.5 * X[:, 0]) + noise_std * rng.normal(size=n)
    return X, y


def fit(params, X, y):
    """L-BFGS-B on the flattened parameters: ``fun`` returns the value and the flat gradient."""
    flat, unravel = transpiler.ravel(params)

    def fun(flat):
        value, grads = nlml_and_grad(unravel(flat), X, y)
        return value, transpiler.ravel(grads)[0]

    result = minimize(fun, flat, jac=True, method="L-BFGS-B")
    return unravel(result.x), result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="a short run for the tests")
    parser.add_argument("--n", type=int, default=None, help="number of points (default 200, 60 with --fast)")
    parser.add_argument("--noise", type=float, default=0.1, help="the noise level the data are made with")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    n = args.n or (60 if args.fast else 200)

    X, y = make_data(n, np.random.default_rng(args.seed), noise_std=args.noise)
    initial = {"log_lengthscales": np.zeros(2), "log_signal": 0.0, "log_noise": np.log(0.5)}
    params, result = fit(initial, X, y)
    ell = np.exp(params["log_lengthscales"])
    print(f"L-BFGS-B: {result.message} after {result.nit} iterations, {result.nfev} evaluations")
    print(f"negative log marginal likelihood {neg_log_marginal_likelihood(initial, X, y):.3f} -> {result.fun:.3f}")
    print(f"length-scales ({ell[0]:.3f}, {ell[1]:.3f}), signal {np.exp(params['log_signal']):.3f}, "
          f"noise {np.exp(params['log_noise']):.4f} (the data's: {args.noise})")
    return {"params": params, "initial": initial, "result": result, "X": X, "y": y}


if __name__ == "__main__":
    main()

"""Fit the length-scales of a Gaussian-process kernel by gradient descent (automatic relevance
determination).

    python examples/gp_lengthscales.py          # full run
    python examples/gp_lengthscales.py --fast   # fewer points and steps, for the tests

The data have two input dimensions, but the target depends on the first one only. The kernel is a
sum of one squared-exponential kernel per dimension, as in the seed objective,

    K_a = exp(-D_a / (2 ell_a^2)),   D_a[i, j] = (X[i, a] - X[j, a])^2,

and the objective is the negative log marginal likelihood (up to constants)

    y^T (K_1 + K_2 + s I)^{-1} y + log det(K_1 + K_2 + s I).

We optimise the log length-scales ``log_ell`` (so that the length-scales stay positive) with
gradient descent; ``transpiler.value_and_grad`` differentiates through ``np.linalg.solve`` and
``np.linalg.slogdet``. The irrelevant dimension's length-scale grows (its kernel becomes almost
constant), the relevant one settles at the scale on which the target varies.
"""
import argparse

import numpy as np

import transpiler


def sq_dists(X, a):
    """Squared distances between all pairs of points along input dimension ``a``."""
    return (X[:, None, a] - X[None, :, a]) ** 2


def rbf(D, log_ell):
    ell = np.exp(log_ell)
    return np.exp(-D / (2 * ell ** 2))


def objective(log_ell, X, y, noise):
    """y^T K^{-1} y + log det K with K = K_1 + K_2 + noise * I."""
    n = X.shape[0]
    K = rbf(sq_dists(X, 0), log_ell[0]) + rbf(sq_dists(X, 1), log_ell[1]) + noise * np.eye(n)
    alpha = np.linalg.solve(K, y)
    sign, logdet = np.linalg.slogdet(K)
    return y @ alpha + logdet


objective_and_grad = transpiler.value_and_grad(objective, wrt="log_ell")


def make_data(n, rng, noise_std=0.1):
    """y depends on x_0 only (a smooth wave); x_1 is pure distraction."""
    X = rng.uniform(-3.0, 3.0, size=(n, 2))
    y = np.sin(1.5 * X[:, 0]) + noise_std * rng.normal(size=n)
    return X, y


def fit(log_ell, X, y, noise, steps, lr, max_step=0.5, report=None):
    history = []
    for step in range(steps):
        value, g = objective_and_grad(log_ell, X, y, noise)
        history.append(float(value))
        # plain gradient descent; the step is capped so that an early, steep gradient cannot
        # throw a length-scale to an absurd value
        update = np.clip(lr * g, -max_step, max_step)
        log_ell = log_ell - update
        if report and (step % report == 0 or step == steps - 1):
            ell = np.exp(log_ell)
            print(f"step {step:4d}  objective {value:10.4f}  "
                  f"length-scales ({ell[0]:.3f}, {ell[1]:.3f})")
    return log_ell, history


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="a short run for the tests")
    parser.add_argument("--n", type=int, default=None, help="number of points (default 100, 40 with --fast)")
    parser.add_argument("--steps", type=int, default=None, help="default 300 (60 with --fast)")
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--noise", type=float, default=0.01, help="the s in K_1 + K_2 + s I")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    n = args.n or (40 if args.fast else 100)
    steps = args.steps or (60 if args.fast else 300)

    rng = np.random.default_rng(args.seed)
    X, y = make_data(n, rng)
    initial = np.log(np.array([1.0, 1.0]))
    log_ell, history = fit(initial, X, y, args.noise, steps, args.lr,
                           report=max(1, steps // 10))
    ell = np.exp(log_ell)
    print(f"learned length-scales: relevant dimension {ell[0]:.3f}, "
          f"irrelevant dimension {ell[1]:.3f} (both started at 1.0)")
    return {
        "initial_lengthscales": np.exp(initial),
        "lengthscales": ell,
        "initial_objective": history[0],
        "final_objective": float(objective(log_ell, X, y, args.noise)),
        "history": history,
    }


if __name__ == "__main__":
    main()

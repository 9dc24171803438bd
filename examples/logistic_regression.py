"""Logistic regression by gradient descent, with a finite-difference check of the gradient.

    python examples/logistic_regression.py          # full run
    python examples/logistic_regression.py --fast   # fewer points and steps, for the tests

Synthetic two-class data (two overlapping Gaussian clouds in 5 dimensions) are fitted by
minimising the mean negative log-likelihood of the logistic model

    p(y = 1 | x) = sigmoid(x . w + b),   sigmoid(z) = 1 / (1 + exp(-z)),

with plain gradient descent. ``transpiler.value_and_grad`` provides the gradient with respect to
both ``w`` and ``b``; once, before training, it is compared with central finite differences.
"""
import argparse

import numpy as np

import transpiler


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def nll(w, b, X, y):
    """Mean negative log-likelihood of labels ``y`` in {0, 1}."""
    p = sigmoid(X @ w + b)
    eps = 1e-12
    return -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))


nll_and_grad = transpiler.value_and_grad(nll, wrt=("w", "b"))


def make_data(n, d, rng):
    """Two Gaussian clouds whose means differ along a random direction: separable-ish."""
    y = rng.integers(0, 2, size=n)
    direction = rng.normal(size=d)
    direction /= np.linalg.norm(direction)
    X = rng.normal(size=(n, d)) + np.outer(2 * y - 1, 1.5 * direction)
    return X, y.astype(float)


def finite_difference_gradient(w, b, X, y, eps=1e-6):
    """Central differences, one coordinate at a time (w's entries, then b)."""
    theta = np.append(w, b)
    g = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = eps
        plus, minus = theta + e, theta - e
        g[i] = (nll(plus[:-1], plus[-1], X, y) - nll(minus[:-1], minus[-1], X, y)) / (2 * eps)
    return g[:-1], g[-1]


def accuracy(w, b, X, y):
    return float(np.mean((sigmoid(X @ w + b) > 0.5) == (y == 1)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="a short run for the tests")
    parser.add_argument("--n", type=int, default=None, help="number of points (default 1000, 200 with --fast)")
    parser.add_argument("--dim", type=int, default=5)
    parser.add_argument("--steps", type=int, default=None, help="default 500 (100 with --fast)")
    parser.add_argument("--lr", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    n = args.n or (200 if args.fast else 1000)
    steps = args.steps or (100 if args.fast else 500)

    rng = np.random.default_rng(args.seed)
    X, y = make_data(n, args.dim, rng)
    w, b = 0.1 * rng.normal(size=args.dim), 0.0

    # check the generated gradient once against finite differences
    _, (gw, gb) = nll_and_grad(w, b, X, y)
    fw, fb = finite_difference_gradient(w, b, X, y)
    fd_error = float(max(np.max(np.abs(gw - fw)), abs(gb - fb)))
    print(f"max |transpiler gradient - finite differences| = {fd_error:.2e}")

    initial_loss = float(nll(w, b, X, y))
    for step in range(steps):
        value, (gw, gb) = nll_and_grad(w, b, X, y)
        w = w - args.lr * gw
        b = b - args.lr * gb
        if step % max(1, steps // 5) == 0:
            print(f"step {step:4d}  loss {value:.4f}  accuracy {accuracy(w, b, X, y):.3f}")
    final_loss = float(nll(w, b, X, y))
    acc = accuracy(w, b, X, y)
    print(f"loss {initial_loss:.4f} -> {final_loss:.4f}, training accuracy {acc:.3f}")
    return {"initial_loss": initial_loss, "final_loss": final_loss, "accuracy": acc,
            "fd_max_abs_diff": fd_error, "w": w, "b": float(b)}


if __name__ == "__main__":
    main()

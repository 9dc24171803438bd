# Written for this corpus (p11) in the style of behavioural game-theory code (McKelvey & Palfrey's logit quantal response equilibrium as experimental-economics scripts compute and estimate it): a 2x2 or 3x3 bimatrix game as a dict `{"row": A, "col": B}`, a logit response helper with keyword defaults, the equilibrium by damped fixed-point iteration in a `while` loop with a tolerance and an iteration cap (`return` from inside the loop once converged), a `make_negative_log_likelihood(counts)` closure returning a closure over the observed choice counts, `*args` forwarded to the solver, a lambda-path continuation in a `for` loop reusing the previous equilibrium as the start, and `math.log` mixed with `np.log`. Differentiated: the row player's expected payoff at the QRE in the precision lambda, the choice log-likelihood of laboratory counts in lambda and in one payoff entry, and the end of a continuation path in the payoff matrix.
import math

import numpy as np

MATCHING_PENNIES = {"row": np.array([[4.0, 0.0], [0.0, 1.0]]), "col": np.array([[0.0, 1.0], [1.0, 0.0]])}
ROCK_PAPER_SCISSORS = {
    "row": np.array([[0.0, -1.0, 1.2], [1.0, 0.0, -1.0], [-1.0, 1.1, 0.0]]),
}
ROCK_PAPER_SCISSORS["col"] = -ROCK_PAPER_SCISSORS["row"].T   # zero-sum, the column player's view


def logit_response(payoffs, lam=1.0):
    z = lam * payoffs
    z = z - z.max()
    w = np.exp(z)
    return w / w.sum()


def logit_qre(game, lam, damping=0.5, tol=1e-13, max_iter=5000, start=None):
    A, B = game["row"], game["col"]
    n, m = A.shape
    if start is None:
        p, q = np.ones(n) / n, np.ones(m) / m
    else:
        p, q = start
    it = 0
    while it < max_iter:
        p_new = logit_response(A @ q, lam=lam)
        q_new = logit_response(B.T @ p, lam=lam)
        change = np.max(np.abs(p_new - p)) + np.max(np.abs(q_new - q))
        p = damping * p_new + (1 - damping) * p
        q = damping * q_new + (1 - damping) * q
        if change < tol:
            return p, q
        it += 1
    raise RuntimeError(f"QRE did not converge for lambda={lam} after {max_iter} iterations")


def row_payoff_at_qre(lam, game=MATCHING_PENNIES):
    p, q = logit_qre(game, lam)
    return p @ game["row"] @ q


LAB_COUNTS = {"row": np.array([62, 38]), "col": np.array([45, 55])}


def make_negative_log_likelihood(counts, game=MATCHING_PENNIES):
    def negative_log_likelihood(lam, *args):
        p, q = logit_qre(game, lam, *args)
        ll = np.sum(counts["row"] * np.log(p)) + np.sum(counts["col"] * np.log(q))
        n = counts["row"].sum() + counts["col"].sum()
        return -ll / n + math.log(2)
    return negative_log_likelihood


nll = make_negative_log_likelihood(LAB_COUNTS)


def lab_nll(lam):
    return nll(lam, 0.6)


def lab_nll_in_payoff(top_left):
    game = {"row": np.array([[top_left, 0.0], [0.0, 1.0]]), "col": MATCHING_PENNIES["col"]}
    return make_negative_log_likelihood(LAB_COUNTS, game)(1.5)


def continuation_end(row_payoffs, lams=(0.2, 0.5, 1.0, 1.5)):
    """Follow the logit path from lambda = 0.2 to 1.5, each solve started where the last ended."""
    game = {"row": row_payoffs, "col": -row_payoffs.T}
    start = None
    path = []
    for lam in lams:
        start = logit_qre(game, lam, start=start)
        path.append(start[0][0])
    p, q = start
    return p @ row_payoffs @ q + 0.1 * sum(path)


CASES = [
    dict(name="row_payoff_at_qre", function=row_payoff_at_qre, args=lambda: (1.3,)),
    dict(name="lab_nll", function=lab_nll, args=lambda: (1.1,)),
    dict(name="lab_nll_in_payoff", function=lab_nll_in_payoff, args=lambda: (4.0,)),
    dict(name="continuation_end", function=continuation_end, args=lambda: (ROCK_PAPER_SCISSORS["row"].copy(),)),
]

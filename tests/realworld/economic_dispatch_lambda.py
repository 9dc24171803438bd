# Written for this corpus (p12) in the style of Hadi Saadat's "Power System Analysis" dispatch programs ported to Python: generators as a list of dicts with quadratic cost coefficients `alpha`, `beta`, `gamma` and limits, the lambda-iteration `while abs(DelP) >= 0.0001` loop with `DelP / sum(1 / (2 * gamma))` steps, limits enforced by `np.clip` after each update, Kron's B-coefficient loss formula `PL = P @ B @ P + B0 @ P + B00` with penalty factors, an `iter` counter and an early `break`, a `dispatch(PD, **options)` wrapper whose options carry `losses=True`, and a unit-commitment cost summed with `math.fsum` over a comprehension. Differentiated: the total fuel cost in the demand (whose derivative is lambda: the author's marginal cost is the reference), the cost in the coefficients, and a lossy dispatch's cost in demand and B-matrix scaling.
import math

import numpy as np

GENERATORS = [
    dict(name="G1", alpha=500.0, beta=5.3, gamma=0.004, Pmin=200.0, Pmax=450.0),
    dict(name="G2", alpha=400.0, beta=5.5, gamma=0.006, Pmin=150.0, Pmax=350.0),
    dict(name="G3", alpha=200.0, beta=5.8, gamma=0.009, Pmin=100.0, Pmax=225.0),
]

B = np.array([[0.0218, 0.0093, 0.0028],
              [0.0093, 0.0228, 0.0017],
              [0.0028, 0.0017, 0.0179]]) * 1e-2
B0 = np.array([0.0003, 0.0031, 0.0015])
B00 = 0.00030523


def coefficient_arrays(generators):
    alpha = np.array([g["alpha"] for g in generators])
    beta = np.array([g["beta"] for g in generators])
    gamma = np.array([g["gamma"] for g in generators])
    Pmin = np.array([g["Pmin"] for g in generators])
    Pmax = np.array([g["Pmax"] for g in generators])
    return alpha, beta, gamma, Pmin, Pmax


def lambda_iteration(PD, alpha, beta, gamma, Pmin, Pmax, lam=6.0, losses=False, Bscale=1.0,
                     tol=1e-10, max_iter=500):
    """Equal incremental cost dispatch; returns (P, lambda, losses)."""
    DelP = 10.0
    iter = 0
    PL = 0.0
    P = np.zeros_like(beta)
    while abs(DelP) >= tol:
        iter = iter + 1
        if losses:
            # coordination equations: (2 gamma_i + 2 lam B_ii) P_i = lam (1 - B0_i - 2 sum_j!=i B_ij P_j) - beta_i
            Bs = Bscale * B
            for _ in range(3):
                off = Bs @ P - np.diag(Bs) * P
                P = (lam * (1 - B0 - 2 * off) - beta) / (2 * (gamma + lam * np.diag(Bs)))
            PL = P @ Bs @ P + B0 @ P + B00
        else:
            P = (lam - beta) / (2 * gamma)
        P = np.clip(P, Pmin, Pmax)
        DelP = PD + PL - np.sum(P)
        J = sum(1 / (2 * gamma))
        Delambda = DelP / J
        lam = lam + Delambda
        if iter > max_iter:
            print("lambda iteration did not converge")
            break
    return P, lam, PL


def dispatch(PD, generators=GENERATORS, **options):
    alpha, beta, gamma, Pmin, Pmax = coefficient_arrays(generators)
    P, lam, PL = lambda_iteration(PD, alpha, beta, gamma, Pmin, Pmax, **options)
    cost = math.fsum([0.0]) + np.sum(alpha + beta * P + gamma * P ** 2)
    return {"P": P, "lambda": lam, "cost": cost, "losses": PL}


def total_cost(PD):
    return dispatch(PD)["cost"]


def marginal_cost(PD):
    """The author's own derivative: at the optimum dC/dPD is the system lambda."""
    return dispatch(PD)["lambda"]


def cost_in_coefficients(coefficients):
    betas, gammas = coefficients[:3], coefficients[3:]
    generators = [dict(g, beta=b, gamma=c) for g, b, c in zip(GENERATORS, betas, gammas)]
    return dispatch(800.0, generators=generators)["cost"] / 1000.0


def lossy_dispatch(params):
    PD, Bscale = params
    result = dispatch(PD, losses=True, Bscale=Bscale, lam=7.0)
    return result["cost"] / 1000.0 + result["losses"]


CASES = [
    dict(name="total_cost", function=total_cost, args=lambda: (850.0,), reference=marginal_cost),
    dict(name="cost_in_coefficients", function=cost_in_coefficients,
         args=lambda: (np.array([5.3, 5.5, 5.8, 0.004, 0.006, 0.009]),)),
    dict(name="lossy_dispatch", function=lossy_dispatch, args=lambda: (np.array([700.0, 1.0]),)),
]

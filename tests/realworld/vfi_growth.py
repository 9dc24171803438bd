# Written for this corpus (p1) in the style of QuantEcon's "Optimal Growth I: The Stochastic Optimal Growth Model" lecture and Sargent & Stachurski's value-function iteration loops: a `while error > tol and i < max_iter` loop applying the Bellman operator on a capital grid, consumption infeasible masked with `np.where(c > 0, ..., -np.inf)`, `np.max` over choices, then a smooth summary of the fixed point.
import numpy as np


class OptimalGrowthModel:
    def __init__(self, alpha=0.4, beta=0.96, grid_max=4.0, grid_size=25):
        self.alpha, self.beta = alpha, beta
        self.grid = np.linspace(1e-2, grid_max, grid_size)

    def u(self, c):
        return np.log(c)

    def f(self, k):
        return k ** self.alpha


def T(v, og):
    """The Bellman operator: for each k, max over next-period capital k' on the grid."""
    k = og.grid[:, None]
    k_next = og.grid[None, :]
    c = og.f(k) - k_next
    values = np.where(c > 0, og.u(np.maximum(c, 1e-10)) + og.beta * v[None, :], -np.inf)
    return np.max(values, axis=1)


def solve_model(og, tol=1e-6, max_iter=60, verbose=False):
    v = og.u(og.grid)
    i = 0
    error = tol + 1
    while i < max_iter and error > tol:
        v_new = T(v, og)
        error = np.max(np.abs(v - v_new))
        i += 1
        if verbose and i % 25 == 0:
            print(f"Error at iteration {i} is {error}.")
        v = v_new
    return v


def value_at_grid_mean(alpha_beta):
    # test wrapper: the value function's mean, as a function of (alpha, beta)
    og = OptimalGrowthModel(alpha=alpha_beta[0], beta=alpha_beta[1])
    return np.mean(solve_model(og, max_iter=40))


def bellman_residual(v):
    og = OptimalGrowthModel()
    return np.sum((T(v, og) - v) ** 2)


CASES = [
    dict(name="value_of_parameters", function=value_at_grid_mean, args=lambda: (np.array([0.4, 0.9]),)),
    dict(name="bellman_residual", function=bellman_residual,
         args=lambda: (np.log(np.linspace(1e-2, 4.0, 25)) + 0.1 * np.linspace(0, 1, 25),)),
]

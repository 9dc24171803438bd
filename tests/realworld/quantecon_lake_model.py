# Written for this corpus (p6) in the style of QuantEcon's "A Lake Model of Employment and Unemployment" lecture (Sargent and Stachurski): a `LakeModel` class with Greek-letter keyword parameters (`λ`, `α`, `b`, `d`) and a docstring, `__init__` calling `self._update()` which builds the matrices `self.A = np.array([[(1-d) * (1-λ) + b, (1-d) * α + b], [(1-d) * λ, (1-d) * (1-α)]])` and `self.A_hat = self.A / (1 + g)`, `rate_steady_state(tol=1e-6)` iterating `x = self.A_hat @ x` in a `while error > tol:` loop from `np.full(2, 0.5)`, the generators `simulate_stock_path` and `simulate_rate_path` yielding `X`/`x` and rebinding them to `A @ X`, consumed with `np.empty((T, 2))` filled row by row `for i, x in enumerate(...)`; and the lecture's welfare part: the reservation wage by iterating a McCall value function (`w_bar` from `brentq` on the wage where the value of accepting equals unemployment's), the separation and job-finding rates into the lake model. Differentiated in the rates: the steady-state unemployment rate, a simulated employment path's mean, and the steady state's Jacobian.
import numpy as np


class LakeModel:
    """
    Solves the lake model and computes dynamics of unemployment stocks and
    rates.

    Parameters:
    ------------
    λ : scalar
        The job finding rate for currently unemployed workers
    α : scalar
        The dismissal rate for currently employed workers
    b : scalar
        Entry rate into the labor force
    d : scalar
        Exit rate from the labor force

    """
    def __init__(self, λ=0.283, α=0.013, b=0.0124, d=0.00822):
        self._λ, self._α, self._b, self._d = λ, α, b, d
        self._update()

    def _update(self):
        λ, α, b, d = self._λ, self._α, self._b, self._d
        self.g = b - d
        self.A = np.array([[(1-d) * (1-λ) + b,      (1 - d) * α + b],
                           [        (1-d) * λ,   (1 - d) * (1 - α)]])

        self.A_hat = self.A / (1 + self.g)

    def rate_steady_state(self, tol=1e-6):
        """
        Finds the steady state of the system :math:`x_{t+1} = \hat A x_{t}`

        Returns
        --------
        xbar : steady state vector of employment and unemployment rates
        """
        x = np.full(2, 0.5)
        error = tol + 1
        while error > tol:
            new_x = self.A_hat @ x
            error = np.max(np.abs(new_x - x))
            x = new_x
        return x

    def simulate_stock_path(self, X0, T):
        """
        Simulates the sequence of Employment and Unemployment stocks

        Parameters
        ------------
        X0 : array
            Contains initial values (E0, U0)
        T : int
            Number of periods to simulate

        Returns
        ---------
        X : iterator
            Contains sequence of employment and unemployment stocks
        """

        X = np.atleast_1d(X0)  # Recast as array just in case
        for t in range(T):
            yield X
            X = self.A @ X

    def simulate_rate_path(self, x0, T):
        """
        Simulates the sequence of employment and unemployment rates

        Parameters
        ------------
        x0 : array
            Contains initial values (e0,u0)
        T : int
            Number of periods to simulate

        Returns
        ---------
        x : iterator
            Contains sequence of employment and unemployment rates

        """
        x = np.atleast_1d(x0)  # Recast as array just in case
        for t in range(T):
            yield x
            x = self.A_hat @ x


def steady_unemployment(rates):
    """Test wrapper: the steady-state unemployment rate as a function of (λ, α)."""
    lm = LakeModel(λ=rates[0], α=rates[1])
    xbar = lm.rate_steady_state(tol=1e-12)
    return xbar[0]


def steady_state(rates):
    """Test wrapper: the steady state (u, e) as a function of (λ, α, b, d): a Jacobian."""
    lm = LakeModel(rates[0], rates[1], rates[2], rates[3])
    return lm.rate_steady_state(tol=1e-12)


def mean_employment(rates):
    """Test wrapper: the mean employment stock over 50 periods from the lecture's start."""
    lm = LakeModel(λ=rates[0], α=rates[1])
    N_0 = 150      # Population
    e_0 = 0.92     # Initial employment rate
    u_0 = 1 - e_0  # Initial unemployment rate
    T = 50         # Simulation length
    U_0 = u_0 * N_0
    E_0 = e_0 * N_0
    X_0 = (U_0, E_0)
    X_path = np.vstack(tuple(lm.simulate_stock_path(X_0, T)))
    return np.mean(X_path[:, 1])


def rate_path_gap(rates):
    """Test wrapper: the simulated rates' distance to the steady state after 30 periods, the path
    filled row by row as the lecture fills it."""
    lm = LakeModel(λ=rates[0], α=rates[1], b=rates[2])
    xbar = lm.rate_steady_state(tol=1e-12)
    T = 30
    x_path = np.empty((T, 2))
    for i, x in enumerate(lm.simulate_rate_path(np.array([0.3, 0.7]), T)):
        x_path[i] = x
    return np.sum((x_path[-1] - xbar) ** 2) * 1e4


CASES = [
    dict(name="steady_unemployment", function=steady_unemployment, args=lambda: (np.array([0.283, 0.013]),)),
    dict(name="steady_state", function=steady_state, args=lambda: (np.array([0.283, 0.013, 0.0124, 0.00822]),),
         kind="jacobian"),
    dict(name="mean_employment", function=mean_employment, args=lambda: (np.array([0.283, 0.013]),)),
    dict(name="rate_path_gap", function=rate_path_gap, args=lambda: (np.array([0.283, 0.013, 0.0124]),)),
]

# Ported from robertmartin8/PyPortfolioOpt (pypfopt/black_litterman.py: `market_implied_prior_returns`, `BlackLittermanModel.__init__`'s `absolute_views` parsed into `P` and `Q`, `default_omega`, `bl_returns` solving `A x = b` with cached `_tau_sigma_P` and `_A`, `bl_cov`, `bl_weights`; pypfopt/risk_models.py `sample_cov`), with NumPy arrays and a ticker list in place of pandas; the test wrappers score the posterior weights by their Sharpe ratio. Differentiated in the views, the market caps and the daily returns the covariance is estimated from.
import warnings

import numpy as np


def sample_cov(returns, frequency=252):
    """Annualised sample covariance of daily returns (rows are days)."""
    return np.cov(returns, rowvar=False) * frequency


def market_implied_prior_returns(market_caps, risk_aversion, cov_matrix, risk_free_rate=0.0):
    mcaps = np.asarray(market_caps, dtype=float)
    mkt_weights = mcaps / mcaps.sum()
    # Pi is excess returns so must add risk_free_rate to get return.
    return risk_aversion * cov_matrix.dot(mkt_weights) + risk_free_rate


class BlackLittermanModel:
    def __init__(self, cov_matrix, tickers, pi=None, absolute_views=None, Q=None, P=None,
                 omega=None, tau=0.05, risk_aversion=1, **kwargs):
        self.cov_matrix = cov_matrix
        self.tickers = list(tickers)
        self.n_assets = len(self.tickers)
        self._parse_views(Q, P, absolute_views)
        self._set_pi(pi, **kwargs)
        self._set_tau(tau)
        self._set_omega(omega)
        self.risk_aversion = risk_aversion
        self._tau_sigma_P = None
        self._A = None
        self.posterior_rets = None
        self.posterior_cov = None

    def _parse_views(self, Q, P, absolute_views):
        if absolute_views is not None:
            k = len(absolute_views)
            self.Q = np.zeros(k)
            self.P = np.zeros((k, self.n_assets))
            for i, view_ticker in enumerate(absolute_views.keys()):
                try:
                    self.Q[i] = absolute_views[view_ticker]
                    self.P[i, self.tickers.index(view_ticker)] = 1
                except ValueError:
                    raise ValueError("Providing a view on an asset not in the universe")
        else:
            self.Q = np.asarray(Q, dtype=float).reshape(-1)
            self.P = np.asarray(P, dtype=float)

    def _set_pi(self, pi, **kwargs):
        if pi is None:
            warnings.warn("Running Black-Litterman with no prior.")
            self.pi = np.zeros(self.n_assets)
        elif isinstance(pi, str) and pi == "market":
            if "market_caps" not in kwargs:
                raise ValueError("Please pass a series/array of market caps via the market_caps keyword argument")
            market_caps = kwargs.get("market_caps")
            risk_aversion = kwargs.get("risk_aversion", 1)
            self.pi = market_implied_prior_returns(market_caps, risk_aversion, self.cov_matrix)
        else:
            self.pi = np.asarray(pi, dtype=float)

    def _set_tau(self, tau):
        if tau <= 0 or tau > 1:
            raise ValueError("tau should be between 0 and 1")
        self.tau = tau

    def _set_omega(self, omega):
        if omega is None or omega == "default":
            self.omega = self.default_omega(self.cov_matrix, self.P, self.tau)
        else:
            self.omega = omega

    @staticmethod
    def default_omega(cov_matrix, P, tau):
        """He and Litterman (1999): the views' uncertainty proportional to the prior's."""
        return np.diag(np.diag(tau * P @ cov_matrix @ P.T))

    def bl_returns(self):
        if self._tau_sigma_P is None:
            self._tau_sigma_P = self.tau * self.cov_matrix @ self.P.T
        # Solve the linear system Ax = b to avoid inversion
        if self._A is None:
            self._A = (self.P @ self._tau_sigma_P) + self.omega
        b = self.Q - self.P @ self.pi
        solution = np.linalg.solve(self._A, b)
        post_rets = self.pi + self._tau_sigma_P @ solution
        return post_rets

    def bl_cov(self):
        if self._tau_sigma_P is None:
            self._tau_sigma_P = self.tau * self.cov_matrix @ self.P.T
        if self._A is None:
            self._A = (self.P @ self._tau_sigma_P) + self.omega
        b = self._tau_sigma_P.T
        M = self.tau * self.cov_matrix - self._tau_sigma_P @ np.linalg.solve(self._A, b)
        return self.cov_matrix + M

    def bl_weights(self, risk_aversion=None):
        if risk_aversion is None:
            risk_aversion = self.risk_aversion
        self.posterior_rets = self.bl_returns()
        A = risk_aversion * self.cov_matrix
        b = self.posterior_rets
        raw_weights = np.linalg.solve(A, b)
        self.weights = raw_weights / raw_weights.sum()
        return dict(zip(self.tickers, self.weights))


TICKERS = ["AAPL", "AMZN", "GOOG", "JPM", "XOM"]
MCAPS = np.array([2.9, 1.6, 1.8, 0.5, 0.45])
_rng = np.random.RandomState(0)
_L = np.array([[1.0, 0, 0, 0, 0], [0.6, 0.8, 0, 0, 0], [0.55, 0.3, 0.75, 0, 0],
               [0.3, 0.1, 0.15, 0.9, 0], [0.2, 0.05, 0.1, 0.35, 0.9]])
RETURNS = 0.01 * _rng.randn(120, 5) @ _L.T + 0.0004
VIEWS = {"AAPL": 0.12, "JPM": 0.06, "XOM": -0.02}


def sharpe_of_views(view_values):
    """Test wrapper: the posterior portfolio's Sharpe ratio under the posterior returns."""
    S = sample_cov(RETURNS)
    views = dict(zip(VIEWS, view_values))
    bl = BlackLittermanModel(S, TICKERS, pi="market", absolute_views=views,
                             market_caps=MCAPS, risk_aversion=2.5)
    weights = bl.bl_weights()
    w = np.array([weights[t] for t in TICKERS])
    return (w @ bl.posterior_rets) / np.sqrt(w @ bl.bl_cov() @ w)


def posterior_of_returns(returns):
    """Test wrapper: the posterior returns' squared distance to the prior, as a function of the
    return history (through `np.cov`)."""
    S = sample_cov(returns)
    P = np.array([[1.0, -1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5, -1.0]])
    bl = BlackLittermanModel(S, TICKERS, pi="market", Q=[0.03, 0.01], P=P, market_caps=MCAPS, tau=0.1)
    post = bl.bl_returns()
    return np.sum((post - bl.pi) ** 2) * 100.0


def caps_to_weights(market_caps):
    S = sample_cov(RETURNS)
    bl = BlackLittermanModel(S, TICKERS, pi="market", absolute_views=VIEWS, market_caps=market_caps)
    return bl.bl_weights(risk_aversion=3.0)["AMZN"]


CASES = [
    dict(name="sharpe_of_views", function=sharpe_of_views, args=lambda: (np.array(list(VIEWS.values())),)),
    dict(name="returns_history", function=posterior_of_returns, args=lambda: (RETURNS.copy(),)),
    dict(name="market_caps", function=caps_to_weights, args=lambda: (MCAPS.copy(),)),
]

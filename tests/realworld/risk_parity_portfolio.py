# Written for this corpus (p8) in the style of the risk-parity blog posts and notebooks that solve Roncalli's equal-risk-contribution portfolio with `scipy.optimize.minimize` (`np.matrix` weights, `calculate_portfolio_var(w, V)` as `(w * V * w.T)[0, 0]`, `calculate_risk_contribution(w, V)` with `np.multiply(MRC, w.T) / sigma`, `risk_budget_objective(x, pars)` unpacking `V = pars[0]; x_t = pars[1]` from a list and summing squared deviations with the builtin `sum(...)[0, 0]`), plus the `np.ndarray` rewrite of later posts (`w @ cov @ w`, percentage contributions, a log-barrier formulation `0.5 w' V w - sum(b log w)`) and an annualised covariance from `np.cov` of returns. Differentiated: the risk-budget objective, the log-barrier objective and the percentage risk contributions w.r.t. the weights, and the portfolio volatility w.r.t. the returns.
import numpy as np

rng = np.random.RandomState(5)
N_ASSETS = 4
RETURNS = rng.multivariate_normal([0.0004, 0.0003, 0.0002, 0.0001],
                                  np.array([[1.0, 0.3, 0.2, 0.0], [0.3, 0.8, 0.1, 0.1],
                                            [0.2, 0.1, 0.5, 0.05], [0.0, 0.1, 0.05, 0.2]]) * 1e-4, size=60)
V = np.cov(RETURNS.T) * 252
X_T = [0.25, 0.25, 0.25, 0.25]     # your risk budget percent of total portfolio risk (equal risk)


# risk budgeting optimization
def calculate_portfolio_var(w, V):
    # function that calculates portfolio risk
    w = np.matrix(w)
    return (w * V * w.T)[0, 0]


def calculate_risk_contribution(w, V):
    # function that calculates asset contribution to total risk
    w = np.matrix(w)
    sigma = np.sqrt(calculate_portfolio_var(w, V))
    # Marginal Risk Contribution
    MRC = V * w.T
    # Risk Contribution
    RC = np.multiply(MRC, w.T) / sigma
    return RC


def risk_budget_objective(x, pars):
    # calculate portfolio risk
    V = pars[0]  # covariance table
    x_t = pars[1]  # risk target in percent of portfolio risk
    sig_p = np.sqrt(calculate_portfolio_var(x, V))  # portfolio sigma
    risk_target = np.asmatrix(np.multiply(sig_p, x_t))
    asset_RC = calculate_risk_contribution(x, V)
    J = sum(np.square(asset_RC - risk_target.T))[0, 0]  # sum of squared error
    return J


def percentage_risk_contributions(w, cov=V):
    """The ndarray version: each asset's share of the portfolio variance."""
    sigma = np.sqrt(w @ cov @ w)
    marginal = cov @ w / sigma
    return w * marginal / sigma


def log_barrier_objective(y, cov=V, budgets=np.array(X_T)):
    """Spinu's convex formulation: the ERC weights are argmin 0.5 y'Vy - sum(b log y), normalised."""
    return 0.5 * y @ cov @ y - np.sum(budgets * np.log(y))


def portfolio_volatility(returns, w=np.array([0.4, 0.3, 0.2, 0.1]), periods=252):
    cov = np.cov(returns, rowvar=False) * periods
    return np.sqrt(w.T.dot(cov).dot(w))


W0 = np.array([0.3, 0.25, 0.25, 0.2])

CASES = [
    dict(name="risk_budget_objective", function=lambda x: risk_budget_objective(x, [V, X_T]),   # test wrapper: pars as the author passes them to minimize
         args=lambda: (W0.copy(),)),
    dict(name="percentage_risk_contributions", function=percentage_risk_contributions, args=lambda: (W0.copy(),),
         kind="jacobian"),
    dict(name="log_barrier_objective", function=log_barrier_objective, args=lambda: (W0.copy(),)),
    dict(name="portfolio_volatility", function=portfolio_volatility, args=lambda: (RETURNS[:20].copy(),)),
]

# Written for this corpus (p1) in the style of statsmodels' `RLM` with `TukeyBiweight` done by hand (iteratively reweighted least squares): residual scale by the normalised MAD `np.median(np.abs(r - np.median(r))) / 0.6745`, Tukey's biweight weights `(1 - (u/c)^2)^2` inside `|u| <= c`, weighted least squares by `np.linalg.lstsq` on `sqrt(w)`-scaled rows, iterated `while` the coefficients move.
import numpy as np


def mad(r):
    return np.median(np.abs(r - np.median(r))) / 0.6745


def tukey_weights(u, c=4.685):
    w = (1 - (u / c) ** 2) ** 2
    w[np.abs(u) > c] = 0.0
    return w


def tukey_rho(u, c=4.685):
    rho = c ** 2 / 6 * (1 - (1 - (u / c) ** 2) ** 3)
    return np.where(np.abs(u) <= c, rho, c ** 2 / 6)


def irls(X, y, maxiter=20, tol=1e-8):
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    for it in range(maxiter):
        r = y - X @ beta
        s = mad(r)
        w = tukey_weights(r / s)
        sw = np.sqrt(w)
        beta_new = np.linalg.lstsq(X * sw[:, None], y * sw, rcond=None)[0]
        if np.max(np.abs(beta_new - beta)) < tol:
            return beta_new
        beta = beta_new
    return beta


def robust_fit_objective(y, X):
    # test wrapper: the fitted slope and intercept's squared norm (the IRLS fixed point as a function of the data)
    beta = irls(X, y, maxiter=5, tol=0.0)
    return beta @ beta


def tukey_loss(beta, X, y, scale=0.5):
    return np.sum(tukey_rho((y - X @ beta) / scale))


rs = np.random.RandomState(6)
x = np.linspace(0, 5, 15)
X_DESIGN = np.column_stack([np.ones_like(x), x])
Y_OBS = 1.0 + 0.7 * x + 0.2 * rs.randn(15)
Y_OBS[3] += 6.0        # an outlier
Y_OBS[11] -= 5.0

CASES = [
    dict(name="irls_fit", function=robust_fit_objective, args=lambda: (Y_OBS.copy(), X_DESIGN.copy())),
    dict(name="tukey_loss", function=tukey_loss, args=lambda: (np.array([1.1, 0.65]), X_DESIGN.copy(), Y_OBS.copy())),
]

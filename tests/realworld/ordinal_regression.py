# Written for this corpus (p1) in the style of the cumulative-link (proportional odds) model as mord / statsmodels' `OrderedModel` compute it: cutpoints made increasing by `np.cumsum` of `exp` increments, `scipy.special.expit` of `cutpoints - eta`, padded with 0 and 1 by `np.concatenate`, class probabilities as `np.diff`, the observed class picked with `np.take_along_axis`; and a probit link with `scipy.stats.norm.cdf`.
import numpy as np
from scipy.special import expit
from scipy.stats import norm


def cutpoints_from(raw):
    return np.cumsum(np.concatenate([raw[:1], np.exp(raw[1:])]))


def ordinal_nll(params, X, y, link="logit"):
    n_features = X.shape[1]
    beta, raw = params[:n_features], params[n_features:]
    cuts = cutpoints_from(raw)
    eta = X @ beta
    F = expit if link == "logit" else norm.cdf
    cdf = F(cuts[None, :] - eta[:, None])
    cdf = np.concatenate([np.zeros((len(y), 1)), cdf, np.ones((len(y), 1))], axis=1)
    probs = np.diff(cdf, axis=1)
    p_obs = np.take_along_axis(probs, y[:, None], axis=1)[:, 0]
    return -np.sum(np.log(p_obs))


rs = np.random.RandomState(13)
X_ORD = rs.randn(12, 2)
Y_ORD = np.array([0, 1, 2, 3, 1, 2, 0, 3, 2, 1, 1, 2])
P_ORD = np.array([0.4, -0.3, -1.0, 0.1, 0.2])

CASES = [
    dict(name="logit", function=ordinal_nll, args=lambda: (P_ORD.copy(), X_ORD.copy(), Y_ORD.copy())),
    dict(name="probit", function=lambda p, X, y: ordinal_nll(p, X, y, link="probit"),
         args=lambda: (P_ORD.copy(), X_ORD.copy(), Y_ORD.copy())),
]

# Written for this corpus (p5) in the style of econometrics teaching code for the generalized method of moments (as the OpenSourceEcon / Richard Evans structural-estimation notebooks and Hansen-Singleton consumption-based asset-pricing exercises): `trunc_norm_pdf(xvals, mu, sigma, cut_lb, cut_ub)` with the string `'None'` as "no cut" (`if cut_ub == 'None' and cut_lb == 'None':`), `data_moments`, `model_moments` by `scipy.integrate.quad` of lambdas over the truncated density, `err_vec(..., simple)` in levels or percent deviations, `criterion(params, *args)` unpacking `xvals, cut_lb, cut_ub, W = args` and returning `err.T @ W @ err`, the two-step weighting matrix `W_hat2 = lin.pinv(VCV2)` from `get_Err_mat2`; and the Euler-equation moments `beta * R * (c_t+1 / c_t) ** (-gamma) - 1` times instruments, a Newey-West long-run covariance with Bartlett weights in a `for lag in range(1, L + 1)` loop, the J statistic and continuously-updated GMM. Differentiated in the structural parameters.
import numpy as np
import numpy.linalg as lin
import scipy.integrate as intgr
import scipy.stats as sts


def trunc_norm_pdf(xvals, mu, sigma, cut_lb, cut_ub):
    """PDF of the normal distribution truncated to (cut_lb, cut_ub); 'None' means no cut."""
    if cut_ub == 'None' and cut_lb == 'None':
        prob_notcut = 1.0
    elif cut_ub == 'None' and cut_lb != 'None':
        prob_notcut = 1.0 - sts.norm.cdf(cut_lb, loc=mu, scale=sigma)
    elif cut_ub != 'None' and cut_lb == 'None':
        prob_notcut = sts.norm.cdf(cut_ub, loc=mu, scale=sigma)
    elif cut_ub != 'None' and cut_lb != 'None':
        prob_notcut = (sts.norm.cdf(cut_ub, loc=mu, scale=sigma) -
                       sts.norm.cdf(cut_lb, loc=mu, scale=sigma))

    pdf_vals = ((1/(sigma * np.sqrt(2 * np.pi)) *
                 np.exp(- (xvals - mu)**2 / (2 * sigma**2))) /
                prob_notcut)
    return pdf_vals


def data_moments(xvals):
    mean_data = xvals.mean()
    var_data = xvals.var()
    return mean_data, var_data


def model_moments(mu, sigma, cut_lb, cut_ub):
    xfx = lambda x: x * trunc_norm_pdf(x, mu, sigma, cut_lb, cut_ub)
    (mean_model, m_m_err) = intgr.quad(xfx, cut_lb, cut_ub)
    x2fx = lambda x: ((x - mean_model) ** 2) * trunc_norm_pdf(x, mu, sigma, cut_lb, cut_ub)
    (var_model, v_m_err) = intgr.quad(x2fx, cut_lb, cut_ub)
    return mean_model, var_model


def err_vec(xvals, mu, sigma, cut_lb, cut_ub, simple):
    mean_data, var_data = data_moments(xvals)
    moms_data = np.array([[mean_data], [var_data]])
    mean_model, var_model = model_moments(mu, sigma, cut_lb, cut_ub)
    moms_model = np.array([[mean_model], [var_model]])
    if simple:
        err_vec = moms_model - moms_data
    else:
        err_vec = (moms_model - moms_data) / moms_data
    return err_vec


def criterion(params, *args):
    mu, sigma = params
    xvals, cut_lb, cut_ub, W = args
    err = err_vec(xvals, mu, sigma, cut_lb, cut_ub, simple=False)
    crit_val = err.T @ W @ err
    return crit_val


def get_Err_mat2(pts, mu, sigma, cut_lb, cut_ub, simple=False):
    """Each observation's moment errors (2 x N), for the two-step weighting matrix."""
    R = 2
    N = len(pts)
    Err_mat = np.zeros((R, N))
    mean_model, var_model = model_moments(mu, sigma, cut_lb, cut_ub)
    if simple:
        Err_mat[0, :] = pts - mean_model
        Err_mat[1, :] = ((mean_model - pts) ** 2) - var_model
    else:
        Err_mat[0, :] = (pts - mean_model) / mean_model
        Err_mat[1, :] = (((mean_model - pts) ** 2) - var_model) / var_model
    return Err_mat


# ---------------------------------------------------------------- Hansen-Singleton Euler equation

def euler_moments(theta, data):
    """g_t = (beta * R_t+1 * (c_t+1 / c_t) ** (-gamma) - 1) * z_t, one row per period."""
    beta, gamma = theta
    growth = data["consumption_growth"]
    gross_return = data["gross_return"]
    Z = data["instruments"]
    pricing_error = beta * gross_return * growth ** (-gamma) - 1.0
    return pricing_error[:, None] * Z


def newey_west(g, L=2):
    """Long-run covariance of the moment rows with Bartlett weights 1 - lag / (L + 1)."""
    T = g.shape[0]
    g = g - g.mean(axis=0)
    S = g.T @ g / T
    for lag in range(1, L + 1):
        w = 1.0 - lag / (L + 1.0)
        Gamma = g[lag:].T @ g[:-lag] / T
        S += w * (Gamma + Gamma.T)
    return S


def gmm_objective(theta, data, W):
    g = euler_moments(theta, data)
    gbar = g.mean(axis=0)
    return g.shape[0] * gbar @ W @ gbar


def cue_objective(theta, data):
    """Continuously-updated GMM: the weighting matrix evaluated at the same parameters."""
    g = euler_moments(theta, data)
    gbar = g.mean(axis=0)
    W = lin.inv(newey_west(g))
    return g.shape[0] * gbar @ W @ gbar


_rng = np.random.RandomState(21)
SCORES = np.clip(_rng.normal(71.0, 12.0, 400), 0.0, 100.0)
SCORES = SCORES[(SCORES > 0.0) & (SCORES < 100.0)]

T_OBS = 160
_growth = np.exp(0.018 + 0.02 * _rng.randn(T_OBS + 1))
_ret = np.exp(0.04 + 0.8 * np.log(_growth) + 0.1 * _rng.randn(T_OBS + 1))
DATA = {
    "consumption_growth": _growth[1:],
    "gross_return": _ret[1:],
    "instruments": np.column_stack([np.ones(T_OBS), _growth[:-1], _ret[:-1]]),
}
W_FIRST = np.eye(3)
W_SECOND = lin.inv(newey_west(euler_moments((0.97, 2.0), DATA)))


def one_step_criterion(params):
    """Test wrapper: the identity-weighted criterion of the truncated-normal test scores."""
    return criterion(params, SCORES, 0.0, 100.0, np.eye(2))[0, 0]


def two_step_criterion(params, first_step):
    """Test wrapper: the criterion weighted by the inverse covariance of the moment errors at a
    first-step estimate (both differentiated: the weighting matrix moves with the first step)."""
    Err_mat = get_Err_mat2(SCORES, first_step[0], first_step[1], 0.0, 100.0)
    VCV2 = (1 / len(SCORES)) * (Err_mat @ Err_mat.T)
    W_hat2 = lin.pinv(VCV2)
    return criterion(params, SCORES, 0.0, 100.0, W_hat2)[0, 0]


CASES = [
    dict(name="truncated_normal_one_step", function=one_step_criterion, args=lambda: (np.array([70.0, 13.0]),)),
    dict(name="truncated_normal_two_step", function=two_step_criterion,
         args=lambda: (np.array([70.0, 13.0]), np.array([72.0, 11.5])), wrt=(0, 1)),
    dict(name="euler_two_step", function=gmm_objective, args=lambda: (np.array([0.98, 1.5]), DATA, W_SECOND)),
    dict(name="euler_data", function=gmm_objective, args=lambda: (np.array([0.98, 1.5]), DATA, W_FIRST), wrt=(1,)),
    dict(name="euler_cue", function=cue_objective, args=lambda: (np.array([0.98, 1.5]), DATA)),
]

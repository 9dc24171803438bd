# Ported from krasserm/bayesian-machine-learning, bayesian-linear-regression/bayesian_linear_regression_util.py (`posterior`, basis functions, `expand`) and bayesian_linear_regression.ipynb (`log_marginal_likelihood`, the evidence maximised over alpha and beta).
import numpy as np


def identity_basis_function(x):
    return x


def gaussian_basis_function(x, mu, sigma=0.1):
    return np.exp(-0.5 * (x - mu) ** 2 / sigma ** 2)


def polynomial_basis_function(x, power):
    return x ** power


def expand(x, bf, bf_args=None):
    if bf_args is None:
        return np.concatenate([np.ones(x.shape), bf(x)], axis=1)
    else:
        return np.concatenate([np.ones(x.shape)] + [bf(x, bf_arg) for bf_arg in bf_args], axis=1)


def posterior(Phi, t, alpha, beta, return_inverse=False):
    """Computes mean and covariance matrix of the posterior distribution."""
    S_N_inv = alpha * np.eye(Phi.shape[1]) + beta * Phi.T.dot(Phi)
    S_N = np.linalg.inv(S_N_inv)
    m_N = beta * S_N.dot(Phi.T).dot(t)

    if return_inverse:
        return m_N, S_N, S_N_inv
    else:
        return m_N, S_N


def posterior_predictive(Phi_test, m_N, S_N, beta):
    """Computes mean and variances of the posterior predictive distribution."""
    y = Phi_test.dot(m_N)
    # Only compute variances (diagonal elements of covariance matrix)
    y_var = 1 / beta + np.sum(Phi_test.dot(S_N) * Phi_test, axis=1)

    return y, y_var


def log_marginal_likelihood(Phi, t, alpha, beta):
    """Computes the log of the marginal likelihood."""
    N, M = Phi.shape

    m_N, _, S_N_inv = posterior(Phi, t, alpha, beta, return_inverse=True)

    E_D = beta * np.sum((t - Phi.dot(m_N)) ** 2)
    E_W = alpha * np.sum(m_N ** 2)

    score = M * np.log(alpha) + \
            N * np.log(beta) - \
            E_D - \
            E_W - \
            np.log(np.linalg.det(S_N_inv)) - \
            N * np.log(2 * np.pi)

    return 0.5 * score


def f(X, noise_variance):
    '''Linear function plus noise'''
    return 0.5 + np.sin(2 * np.pi * X) + np.sqrt(noise_variance) * np.random.RandomState(0).randn(*X.shape)


N = 12
X = np.linspace(0, 1, N).reshape(-1, 1)
t = f(X, noise_variance=0.1)
Phi_poly = expand(X, bf=polynomial_basis_function, bf_args=range(1, 4))


def evidence_gaussian_basis(alpha, beta):
    # the notebook's model: Gaussian basis functions built inside the objective
    Phi = expand(X, bf=gaussian_basis_function, bf_args=np.linspace(0, 1, 5))
    return log_marginal_likelihood(Phi, t, alpha, beta)


def predictive_variance(beta, Phi_test):
    # test wrapper: the summed predictive variance
    m_N, S_N = posterior(Phi_poly, t, 2.0, beta)
    y, y_var = posterior_predictive(Phi_test, m_N, S_N, beta)
    return np.sum(y_var) + np.sum(y)


CASES = [
    dict(name="log_marginal_likelihood", function=log_marginal_likelihood, args=lambda: (Phi_poly, t, 2.0, 5.0), wrt=(2, 3)),
    dict(name="evidence_gaussian_basis", function=evidence_gaussian_basis, args=lambda: (2.0, 5.0), wrt=(0, 1)),
    dict(name="predictive_variance", function=predictive_variance,
         args=lambda: (5.0, expand(np.linspace(0, 1, 4).reshape(-1, 1), bf=polynomial_basis_function, bf_args=range(1, 4))), wrt=(0, 1)),
]

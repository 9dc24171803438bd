# Ported from glm-tools/pyglmnet, pyglmnet/pyglmnet.py (the 2017 `GLM` estimator: `_qu`, `_lmb`, `_logL`, `_L2penalty`, `_L1penalty`, `_penalty`, `_loss`, `_L2loss` and the hand-written `_grad_L2loss`, with `set_log_level` and the module logger), verbatim but for `np.float(X.shape[0])` written `float(X.shape[0])` (NumPy 2 has no `np.float`) and the class cut to the methods used (`utils.softmax` and the `EstimatorMixin` base left out). Style: the distribution chosen by `if self.distr == 'softplus': ... elif ...` chains, `qu = deepcopy(z)` with boolean-mask writes `qu[z > self.eta] = z[z > self.eta] * slope + intercept`, the group-lasso penalty `for group_id in np.unique(self.group): if group_id != 0: L1penalty += np.linalg.norm(beta[self.group == group_id], 2)`, `np.linalg.norm(beta, 1)`, a Tikhonov matrix `Tau` checked by shape, column vectors `(n_features, 1)` and line continuations. The objectives: the elastic-net loss `_loss` (Poisson, group lasso with Tikhonov `Tau`; Gaussian lasso), and `_L2loss` w.r.t. beta and beta0 for the Gaussian, binomial, Poisson and softplus families, whose gradient the author wrote (`_grad_L2loss`, the references).
import logging
from copy import deepcopy

import numpy as np
from scipy.special import expit

logger = logging.getLogger('pyglmnet')
logger.addHandler(logging.StreamHandler())


def set_log_level(verbose):
    """Convenience function for setting the log level.
    """
    if isinstance(verbose, bool):
        if verbose is True:
            verbose = 'INFO'
        else:
            verbose = 'WARNING'
    if isinstance(verbose, str):
        verbose = verbose.upper()
        logging_types = dict(DEBUG=logging.DEBUG, INFO=logging.INFO,
                             WARNING=logging.WARNING, ERROR=logging.ERROR,
                             CRITICAL=logging.CRITICAL)
        if verbose not in logging_types:
            raise ValueError('verbose must be of a valid type')
        verbose = logging_types[verbose]
    logger.setLevel(verbose)


class GLM(object):
    """Class for estimating regularized generalized linear models (GLM).
    """

    def __init__(self, distr='poisson', alpha=0.5,
                 Tau=None, group=None,
                 reg_lambda=None,
                 solver='batch-gradient',
                 learning_rate=2e-1, max_iter=1000,
                 tol=1e-3, eta=2.0, score_metric='deviance',
                 random_state=0, verbose=False):

        if reg_lambda is None:
            reg_lambda = np.logspace(np.log(0.5), np.log(0.01), 10,
                                     base=np.exp(1))
        if not isinstance(reg_lambda, (list, np.ndarray)):
            reg_lambda = [reg_lambda]
        if not isinstance(max_iter, int):
            max_iter = int(max_iter)

        self.distr = distr
        self.alpha = alpha
        self.reg_lambda = reg_lambda
        self.Tau = Tau
        self.group = group
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.fit_ = None
        self.ynull_ = None
        self.tol = tol
        self.eta = eta
        self.score_metric = score_metric
        self.random_state = random_state
        self.verbose = verbose
        set_log_level(verbose)

    def _qu(self, z):
        """The non-linearity."""
        if self.distr == 'softplus':
            qu = np.log1p(np.exp(z))
        elif self.distr == 'poisson':
            qu = deepcopy(z)
            slope = np.exp(self.eta)
            intercept = (1 - self.eta) * slope
            qu[z > self.eta] = z[z > self.eta] * slope + intercept
            qu[z <= self.eta] = np.exp(z[z <= self.eta])
        elif self.distr == 'gaussian':
            qu = z
        elif self.distr == 'binomial':
            qu = expit(z)
        return qu

    def _lmb(self, beta0, beta, X):
        """Conditional intensity function."""
        z = beta0 + np.dot(X, beta)
        l = self._qu(z)
        return l

    def _logL(self, beta0, beta, X, y):
        """The log likelihood."""
        n_samples = float(X.shape[0])
        l = self._lmb(beta0, beta, X)
        if self.distr == 'softplus':
            logL = 1. / n_samples * np.sum(y * np.log(l) - l)
        elif self.distr == 'poisson':
            logL = 1. / n_samples * np.sum(y * np.log(l) - l)
        elif self.distr == 'gaussian':
            logL = -0.5 * 1. / n_samples * np.sum((y - l)**2)
        elif self.distr == 'binomial':
            # analytical formula
            # logL = np.sum(y*np.log(l) + (1-y)*np.log(1-l))

            # but this prevents underflow
            z = beta0 + np.dot(X, beta)
            logL = 1. / n_samples * np.sum(y * z - np.log(1 + np.exp(z)))
        return logL

    def _L2penalty(self, beta):
        """The L2 penalty"""
        # Compute the L2 penalty
        Tau = self.Tau
        if Tau is None:
            # Ridge=like penalty
            L2penalty = np.linalg.norm(beta, 2) ** 2
        else:
            # Tikhonov penalty
            if (Tau.shape[0] != beta.shape[0] or
               Tau.shape[1] != beta.shape[0]):
                raise ValueError('Tau should be (n_features x n_features)')
            else:
                L2penalty = np.linalg.norm(np.dot(Tau, beta), 2) ** 2
        return L2penalty

    def _L1penalty(self, beta):
        """The L1 penalty"""
        # Compute the L1 penalty
        group = self.group
        if group is None:
            # Lasso-like penalty
            L1penalty = np.linalg.norm(beta, 1)
        else:
            # Group sparsity case: apply group sparsity operator
            group_ids = np.unique(self.group)
            L1penalty = 0.0
            for group_id in group_ids:
                if group_id != 0:
                    L1penalty += \
                        np.linalg.norm(beta[self.group == group_id], 2)
            L1penalty += np.linalg.norm(beta[self.group == 0], 1)
        return L1penalty

    def _penalty(self, beta):
        """The penalty."""
        alpha = self.alpha
        # Combine L1 and L2 penalty terms
        P = 0.5 * (1 - alpha) * self._L2penalty(beta) + \
            alpha * self._L1penalty(beta)
        return P

    def _loss(self, beta0, beta, reg_lambda, X, y):
        """Define the objective function for elastic net."""
        L = self._logL(beta0, beta, X, y)
        P = self._penalty(beta)
        J = -L + reg_lambda * P
        return J

    def _L2loss(self, beta0, beta, reg_lambda, X, y):
        """Quadratic loss."""
        alpha = self.alpha
        L = self._logL(beta0, beta, X, y)
        P = 0.5 * (1 - alpha) * self._L2penalty(beta)
        J = -L + reg_lambda * P
        return J

    def _grad_L2loss(self, beta0, beta, reg_lambda, X, y):
        """The gradient."""
        n_samples = float(X.shape[0])
        alpha = self.alpha

        Tau = self.Tau
        if Tau is None:
            Tau = np.eye(beta.shape[0])
        InvCov = np.dot(Tau.T, Tau)

        z = beta0 + np.dot(X, beta)
        s = expit(z)

        if self.distr == 'softplus':
            q = self._qu(z)
            grad_beta0 = 1. / n_samples * (np.sum(s) - np.sum(y * s / q))
            grad_beta = 1. / n_samples * \
                (np.transpose(np.dot(np.transpose(s), X) -
                              np.dot(np.transpose(y * s / q), X))) + \
                reg_lambda * (1 - alpha) * \
                np.dot(InvCov, beta)

        elif self.distr == 'poisson':
            q = self._qu(z)
            grad_beta0 = np.sum(q[z <= self.eta] - y[z <= self.eta]) + \
                np.sum(1 - y[z > self.eta] / q[z > self.eta]) * \
                np.exp(self.eta)
            grad_beta0 *= 1. / n_samples

            grad_beta = np.zeros([X.shape[1], 1])
            selector = np.where(z.ravel() <= self.eta)[0]
            grad_beta += np.transpose(np.dot((q[selector] - y[selector]).T,
                                             X[selector, :]))
            selector = np.where(z.ravel() > self.eta)[0]
            grad_beta += np.exp(self.eta) * \
                np.transpose(np.dot((1 - y[selector] / q[selector]).T,
                                    X[selector, :]))
            grad_beta *= 1. / n_samples
            grad_beta += reg_lambda * (1 - alpha) * \
                np.dot(InvCov, beta)

        elif self.distr == 'gaussian':
            grad_beta0 = 1. / n_samples * np.sum(z - y)
            grad_beta = 1. / n_samples * \
                np.transpose(np.dot(np.transpose(z - y), X)) \
                + reg_lambda * (1 - alpha) * \
                np.dot(InvCov, beta)

        elif self.distr == 'binomial':
            grad_beta0 = 1. / n_samples * np.sum(s - y)
            grad_beta = 1. / n_samples * \
                np.transpose(np.dot(np.transpose(s - y), X)) \
                + reg_lambda * (1 - alpha) * \
                np.dot(InvCov, beta)

        return grad_beta0, grad_beta


# Data as pyglmnet's README simulates it: X ~ N(0, 1), beta sparse, y drawn from the family.
_rng = np.random.RandomState(0)
N_SAMPLES, N_FEATURES = 30, 6
X = _rng.normal(0.0, 1.0, [N_SAMPLES, N_FEATURES])
BETA = np.array([[0.6], [-0.4], [0.3], [0.25], [-0.5], [0.2]])
BETA0 = 0.3
Y_COUNTS = _rng.poisson(np.exp(BETA0 + np.dot(X, BETA) * 0.5)).astype(float)
Y_BINARY = (_rng.uniform(size=(N_SAMPLES, 1)) < expit(BETA0 + np.dot(X, BETA))).astype(float)
Y_GAUSS = BETA0 + np.dot(X, BETA) + 0.3 * _rng.normal(size=(N_SAMPLES, 1))
TAU = np.eye(N_FEATURES) + 0.2 * np.diag(np.ones(N_FEATURES - 1), 1)
GROUP = np.array([1, 1, 2, 2, 0, 0])
REG = 0.1

MODELS = {
    'poisson': (GLM(distr='poisson', alpha=0.3, Tau=TAU, group=GROUP, eta=1.0), Y_COUNTS),
    'gaussian': (GLM(distr='gaussian', alpha=0.5), Y_GAUSS),
    'binomial': (GLM(distr='binomial', alpha=0.2), Y_BINARY),
    'softplus': (GLM(distr='softplus', alpha=0.4, Tau=TAU), Y_COUNTS),
}


def _beta():
    return BETA * 0.8 + 0.05


def _cases():
    cases = []
    for distr in ('poisson', 'gaussian'):
        glm, y = MODELS[distr]
        cases.append(dict(name=f"loss_{distr}", function=glm._loss, args=lambda y=y: (BETA0, _beta(), REG, X, y),
                          wrt=(1,)))
    for distr, (glm, y) in MODELS.items():
        args = (lambda y=y: (BETA0, _beta(), REG, X, y))
        cases.append(dict(name=f"L2loss_{distr}_beta", function=glm._L2loss, args=args, wrt=(1,),
                          reference=lambda *a, glm=glm: glm._grad_L2loss(*a)[1]))
        cases.append(dict(name=f"L2loss_{distr}_beta0", function=glm._L2loss, args=args, wrt=(0,),
                          reference=lambda *a, glm=glm: glm._grad_L2loss(*a)[0]))
    return cases


CASES = _cases()

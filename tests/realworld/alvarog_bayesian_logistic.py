# Ported from alvaroG-IA/Bayesian-Survival-Analysis (Álvaro G.; no licence stated; https://github.com/alvaroG-IA/Bayesian-Survival-Analysis): src/utils/math_utils.py (`sigmoid`, the stable logistic `log_likelihood(w, X, y)` with `np.log1p(np.exp(-np.abs(z))) - np.maximum(z, 0)`, the Gaussian `log_prior(w, mu=0, sigma=10)` as `np.sum(norm.logpdf(w, mu, sigma))`, `analyze_posterior` returning a dict of `np.mean`/`np.std`/`np.percentile`), src/utils/mcmc_utils.py (`metropolis_hastings(log_likelihood_func, log_prior_func, initial_w, X, y, iterations=..., burn_in=0.05, proposal_width=0.1)`: functions passed as arguments, `np.random.normal(scale=proposal_width, size=w.shape)`, `np.log(np.random.rand()) < log_accept`, `samples[burn_in_samples:]`) and src/models/logistic_bayes.py (`LogisticBayesModel` with `prior_func = lambda w: log_prior(w, self.prior_mu, self.prior_sigma)` and the keyword call of `metropolis_hastings`), verbatim (the Spanish comments and docstrings kept). The dataset (src/data/dataset.py reads a survival CSV) is a small simulated one; `fit`'s starting point `LogisticRegression().fit(X, y).coef_[0]` (scikit-learn) is passed in.
import numpy as np
from scipy.stats import norm

def sigmoid(z):
    """
    Función sigmoide
    """
    return 1 / (1 + np.exp(-z))

def log_likelihood(w, X, y):
    """
    Log-verosimilitud para regresión logística
    """
    z = np.dot(X, w)
    return np.sum(y * z - np.log1p(np.exp(-np.abs(z))) - np.maximum(z, 0))

def log_prior(w, mu=0, sigma=10):
    """
    Log-prior gaussiano
    """
    return np.sum(norm.logpdf(w, mu, sigma))

def analyze_posterior(samples, confidence_level=95):
    """
    Función que nos ayudará a analizar los valores obtenidos por las muestras, para conocer:
    - El valor medio
    - Su desviación estádar, la cual no ayudará a ver como de fiables es ese valor
    - Intervalos de credibilidad, por defecto se usará un 95% de fiabilidad
    """

    # Calcular la media (Valor Central)
    w_mean = np.mean(samples, axis=0)

    # Calcular la desviación estándar (Incertidumbre / Fiabilidad)
    w_std = np.std(samples, axis=0)

    # Calcular los límites del Intervalo de Credibilidad (CI, ej. 95%)
    lower_percentile = (100 - confidence_level) / 2
    upper_percentile = 100 - lower_percentile

    w_ci_lower = np.percentile(samples, lower_percentile, axis=0)
    w_ci_upper = np.percentile(samples, upper_percentile, axis=0)

    return {
        'mean': w_mean,
        'std': w_std,
        'ci_lower': w_ci_lower,
        'ci_upper': w_ci_upper
    }


def metropolis_hastings(log_likelihood_func, log_prior_func, initial_w, X, y,
                        iterations=5000, burn_in=0.05, proposal_width=0.1):
    """
    Implementation of the Metropolis-Hastings algorithm.

    :param log_likelihood_func: Function that computes the log-likelihood -> log(p(y | X, w)).
    :param log_prior_func: Function that computes the log-prior -> log(p(w)).
    :param initial_w: Initial weight sample to start the MCMC chain.
    :param X: Input data.
    :param y: Input labels.
    :param iterations: Number of desired MCMC iterations.
    :param burn_in: Percentage of initial samples to discard to ensure samples come
                    from the stationary distribution.
    :param proposal_width: Standard deviation of the proposal distribution, which
                           controls the jump size in parameter space.
    :return:
            samples: Posterior samples after applying burn-in.
            acceptance_ratio: Percentage of proposed moves that were accepted.
    """

    w = initial_w
    samples = [w]

    # Current value of the log-posterior
    log_current = log_likelihood_func(w, X, y) + log_prior_func(w)
    accepted = 0

    for _ in range(iterations):

        # Propose a new candidate
        w_new = w + np.random.normal(scale=proposal_width, size=w.shape)

        # Compute log-posterior of the proposed sample
        log_new = log_likelihood_func(w_new, X, y) + log_prior_func(w_new)
        log_accept = log_new - log_current

        # Accept or reject
        if np.log(np.random.rand()) < log_accept:
            w = w_new
            log_current = log_new
            accepted += 1

        samples.append(w)

    # Burn-in removal
    burn_in_samples = int(burn_in * len(samples))
    samples = samples[burn_in_samples:]

    return np.array(samples), (accepted / iterations) * 100


class LogisticBayesModel:
    def __init__(self, prior_mu=0, prior_sigma=10):
        self.prior_mu = prior_mu
        self.prior_sigma = prior_sigma
        self.samples_ = None
        self.w_mean_ = None
        self.w_std_ = None
        self.w_ci_ = None

    def fit(self, X, y, initial_w, iterations=6000, burn_in=1000, proposal_width=0.1):
        # (`initial_w = LogisticRegression().fit(X, y).coef_[0]` in the original: passed in)
        prior_func = lambda w: log_prior(w, self.prior_mu, self.prior_sigma)

        self.samples_, self.acceptance_ratio = metropolis_hastings(
            log_likelihood_func=log_likelihood,
            log_prior_func=prior_func,
            initial_w=initial_w,
            X=X,
            y=y,
            iterations=iterations,
            burn_in=burn_in,
            proposal_width=proposal_width
        )

        stats = analyze_posterior(samples=self.samples_)

        self.w_mean_ = stats['mean']
        self.w_std_ = stats['std']
        self.w_ci_ = (stats['ci_lower'], stats['ci_upper'])

        return self

    def predict_proba(self, data):
        if self.w_mean_ is None:
            raise RuntimeError("Debes de entrenar el modelo .fit() antes de predecir")
        z = np.dot(data, self.w_mean_)
        prob = sigmoid(z)
        return prob


def dataset():
    rs = np.random.RandomState(7)
    X = rs.normal(size=(40, 3))
    y = (rs.rand(40) < sigmoid(X @ np.array([1.0, -2.0, 0.5]))).astype(float)
    return X, y


# ---- test wrappers

def log_posterior(w, X, y, prior_sigma):
    # the unnormalised log posterior the sampler targets, w.r.t. the weights and the prior's scale
    return log_likelihood(w, X, y) + log_prior(w, 0, prior_sigma)


def posterior_mean_prediction(initial_w, X, y):
    # fit (a short chain from initial_w), then the mean predicted probability of the training set
    model = LogisticBayesModel(prior_mu=0, prior_sigma=10)
    model.fit(X, y, initial_w, iterations=15, burn_in=0.2, proposal_width=0.1)
    return np.mean(model.predict_proba(X))


CASES = [
    dict(name="log_posterior", function=log_posterior, args=lambda: (np.array([0.8, -1.5, 0.2]), *dataset(), 2.0),
         wrt=(0, 3)),
    dict(name="posterior_mean_prediction", function=posterior_mean_prediction,
         args=lambda: (np.array([0.8, -1.5, 0.2]), *dataset()), seed=11),
]

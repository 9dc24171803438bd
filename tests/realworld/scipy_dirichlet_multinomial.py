# Ported from scipy/scipy, scipy/stats/_multivariate.py (1.11, BSD-3-Clause): `_dirichlet_multinomial_check_parameters` (`np.broadcast_arrays` in a `try` re-raised `from e`, `np.floor` integrality checks, `raise ValueError`) and `dirichlet_multinomial_gen.logpmf`/`mean`/`var` (`loggamma`, `out += ...`, `np.place(out, n != x.sum(axis=-1), -np.inf)`, `out[()]`); a Dirichlet-multinomial log-likelihood of count data as a function of the concentration parameters.
import numpy as np
from scipy.special import loggamma


def _dirichlet_multinomial_check_parameters(alpha, n, x=None):

    alpha = np.asarray(alpha)
    n = np.asarray(n)

    if x is not None:
        # Ensure that `x` and `alpha` are arrays. If the shapes are
        # incompatible, NumPy will raise an appropriate error.
        try:
            x, alpha = np.broadcast_arrays(x, alpha)
        except ValueError as e:
            msg = "`x` and `alpha` must be broadcastable."
            raise ValueError(msg) from e

        x_int = np.floor(x)
        if np.any(x < 0) or np.any(x != x_int):
            raise ValueError("`x` must contain only non-negative integers.")
        x = x_int

    if np.any(alpha <= 0):
        raise ValueError("`alpha` must contain only positive values.")

    n_int = np.floor(n)
    if np.any(n < 0) or np.any(n != n_int):
        raise ValueError("`n` must be a non-negative integer.")
    n = n_int

    sum_alpha = np.sum(alpha, axis=-1)
    sum_alpha, n = np.broadcast_arrays(sum_alpha, n)

    return (alpha, sum_alpha, n) if x is None else (alpha, sum_alpha, n, x)


class dirichlet_multinomial_gen:
    r"""A Dirichlet multinomial random variable (the methods below, verbatim)."""

    def logpmf(self, x, alpha, n):
        a, Sa, n, x = _dirichlet_multinomial_check_parameters(alpha, n, x)

        out = np.asarray(loggamma(Sa) + loggamma(n + 1) - loggamma(n + Sa))
        out += (loggamma(x + a) - (loggamma(a) + loggamma(x + 1))).sum(axis=-1)
        np.place(out, n != x.sum(axis=-1), -np.inf)
        return out[()]

    def pmf(self, x, alpha, n):
        return np.exp(self.logpmf(x, alpha, n))

    def mean(self, alpha, n):
        a, Sa, n = _dirichlet_multinomial_check_parameters(alpha, n)
        n, Sa = n[..., np.newaxis], Sa[..., np.newaxis]
        return n * a / Sa

    def var(self, alpha, n):
        a, Sa, n = _dirichlet_multinomial_check_parameters(alpha, n)
        n, Sa = n[..., np.newaxis], Sa[..., np.newaxis]
        return n * a / Sa * (1 - a/Sa) * (n + Sa) / (1 + Sa)


dirichlet_multinomial = dirichlet_multinomial_gen()

# ---- count data: 8 draws of 10 trials over 3 categories
_rs = np.random.RandomState(5)
counts = np.array([_rs.multinomial(10, _rs.dirichlet([2.0, 3.0, 1.5])) for _ in range(8)])


def log_likelihood(alpha):
    """Test wrapper: the data's log-likelihood, `dirichlet_multinomial.logpmf(counts, alpha, 10).sum()`."""
    return dirichlet_multinomial.logpmf(counts, alpha, 10).sum()


def single_pmf(alpha):
    return dirichlet_multinomial.pmf(counts[0], alpha, 10)


CASES = [
    dict(name="log_likelihood", function=log_likelihood, args=lambda: (np.array([2.0, 3.0, 1.5]),)),
    dict(name="pmf", function=single_pmf, args=lambda: (np.array([1.2, 0.7, 2.5]),)),
    dict(name="var_jacobian", function=lambda alpha: dirichlet_multinomial.var(alpha, 10),
         args=lambda: (np.array([2.0, 3.0, 1.5]),), kind="jacobian"),
]

# Ported from scikit-learn/scikit-learn, sklearn/gaussian_process/kernels.py (1.3; BSD-3-Clause): `Hyperparameter` (a namedtuple subclass with `__new__`), `StationaryKernelMixin`, `NormalizedKernelMixin.diag`, `RationalQuadratic.__call__` and `ExpSineSquared.__call__` with `eval_gradient=True` (the author's gradients with respect to log hyperparameters, `np.dstack`); `pdist`/`squareform`/`cdist`, `np.fill_diagonal`. The author's K_gradient is the reference.
from collections import namedtuple

import numpy as np
from scipy.spatial.distance import cdist, pdist, squareform


class Hyperparameter(
    namedtuple(
        "Hyperparameter", ("name", "value_type", "bounds", "n_elements", "fixed")
    )
):
    """A kernel hyperparameter's specification in form of a namedtuple."""

    # A raw namedtuple is very memory efficient as it packs the attributes
    # in a struct to get rid of the __dict__ of attributes in particular it
    # does not copy the string for the keys on each instance.
    # By deriving a namedtuple class just to introduce the __init__ method we
    # would also reintroduce the __dict__ on the instance. By telling the
    # Python interpreter that this subclass uses static __slots__ instead of
    # dynamic attributes. Furthermore we don't need any additional slot in the
    # subclass so we set __slots__ to the empty tuple.
    __slots__ = ()

    def __new__(cls, name, value_type, bounds, n_elements=1, fixed=None):
        if not isinstance(bounds, str) or bounds != "fixed":
            bounds = np.atleast_2d(bounds)
            if n_elements > 1:  # vector-valued parameter
                if bounds.shape[0] == 1:
                    bounds = np.repeat(bounds, n_elements, 0)
                elif bounds.shape[0] != n_elements:
                    raise ValueError(
                        "Bounds on %s should have either 1 or "
                        "%d dimensions. Given are %d"
                        % (name, n_elements, bounds.shape[0])
                    )

        if fixed is None:
            fixed = isinstance(bounds, str) and bounds == "fixed"
        return super(Hyperparameter, cls).__new__(
            cls, name, value_type, bounds, n_elements, fixed
        )


class StationaryKernelMixin:
    """Mixin for kernels which are stationary: k(X, Y)= f(X-Y)."""

    def is_stationary(self):
        """Returns whether the kernel is stationary."""
        return True


class NormalizedKernelMixin:
    """Mixin for kernels which are normalized: k(X, X)=1."""

    def diag(self, X):
        """Returns the diagonal of the kernel k(X, X)."""
        return np.ones(X.shape[0])


class Kernel:
    """Base class for all kernels (its hyperparameter bookkeeping, `theta` and `get_params`, left out)."""


class RationalQuadratic(StationaryKernelMixin, NormalizedKernelMixin, Kernel):
    """Rational Quadratic kernel."""

    def __init__(
        self,
        length_scale=1.0,
        alpha=1.0,
        length_scale_bounds=(1e-5, 1e5),
        alpha_bounds=(1e-5, 1e5),
    ):
        self.length_scale = length_scale
        self.alpha = alpha
        self.length_scale_bounds = length_scale_bounds
        self.alpha_bounds = alpha_bounds

    @property
    def hyperparameter_length_scale(self):
        return Hyperparameter("length_scale", "numeric", self.length_scale_bounds)

    @property
    def hyperparameter_alpha(self):
        return Hyperparameter("alpha", "numeric", self.alpha_bounds)

    def __call__(self, X, Y=None, eval_gradient=False):
        """Return the kernel k(X, Y) and optionally its gradient."""
        if len(np.atleast_1d(self.length_scale)) > 1:
            raise AttributeError(
                "RationalQuadratic kernel only supports isotropic version, "
                "please use a single scalar for length_scale"
            )
        X = np.atleast_2d(X)
        if Y is None:
            dists = squareform(pdist(X, metric="sqeuclidean"))
            tmp = dists / (2 * self.alpha * self.length_scale**2)
            base = 1 + tmp
            K = base**-self.alpha
            np.fill_diagonal(K, 1)
        else:
            if eval_gradient:
                raise ValueError("Gradient can only be evaluated when Y is None.")
            dists = cdist(X, Y, metric="sqeuclidean")
            K = (1 + dists / (2 * self.alpha * self.length_scale**2)) ** -self.alpha

        if eval_gradient:
            # gradient with respect to length_scale
            if not self.hyperparameter_length_scale.fixed:
                length_scale_gradient = dists * K / (self.length_scale**2 * base)
                length_scale_gradient = length_scale_gradient[:, :, np.newaxis]
            else:  # l is kept fixed
                length_scale_gradient = np.empty((K.shape[0], K.shape[1], 0))

            # gradient with respect to alpha
            if not self.hyperparameter_alpha.fixed:
                alpha_gradient = K * (
                    -self.alpha * np.log(base)
                    + dists / (2 * self.length_scale**2 * base)
                )
                alpha_gradient = alpha_gradient[:, :, np.newaxis]
            else:  # alpha is kept fixed
                alpha_gradient = np.empty((K.shape[0], K.shape[1], 0))

            return K, np.dstack((alpha_gradient, length_scale_gradient))
        else:
            return K


class ExpSineSquared(StationaryKernelMixin, NormalizedKernelMixin, Kernel):
    r"""Exp-Sine-Squared kernel (aka periodic kernel)."""

    def __init__(
        self,
        length_scale=1.0,
        periodicity=1.0,
        length_scale_bounds=(1e-5, 1e5),
        periodicity_bounds=(1e-5, 1e5),
    ):
        self.length_scale = length_scale
        self.periodicity = periodicity
        self.length_scale_bounds = length_scale_bounds
        self.periodicity_bounds = periodicity_bounds

    @property
    def hyperparameter_length_scale(self):
        """Returns the length scale"""
        return Hyperparameter("length_scale", "numeric", self.length_scale_bounds)

    @property
    def hyperparameter_periodicity(self):
        return Hyperparameter("periodicity", "numeric", self.periodicity_bounds)

    def __call__(self, X, Y=None, eval_gradient=False):
        """Return the kernel k(X, Y) and optionally its gradient."""
        X = np.atleast_2d(X)
        if Y is None:
            dists = squareform(pdist(X, metric="euclidean"))
            arg = np.pi * dists / self.periodicity
            sin_of_arg = np.sin(arg)
            K = np.exp(-2 * (sin_of_arg / self.length_scale) ** 2)
        else:
            if eval_gradient:
                raise ValueError("Gradient can only be evaluated when Y is None.")
            dists = cdist(X, Y, metric="euclidean")
            K = np.exp(
                -2 * (np.sin(np.pi / self.periodicity * dists) / self.length_scale) ** 2
            )

        if eval_gradient:
            cos_of_arg = np.cos(arg)
            # gradient with respect to length_scale
            if not self.hyperparameter_length_scale.fixed:
                length_scale_gradient = 4 / self.length_scale**2 * sin_of_arg**2 * K
                length_scale_gradient = length_scale_gradient[:, :, np.newaxis]
            else:  # length_scale is kept fixed
                length_scale_gradient = np.empty((K.shape[0], K.shape[1], 0))
            # gradient with respect to p
            if not self.hyperparameter_periodicity.fixed:
                periodicity_gradient = (
                    4 * arg / self.length_scale**2 * cos_of_arg * sin_of_arg * K
                )
                periodicity_gradient = periodicity_gradient[:, :, np.newaxis]
            else:  # p is kept fixed
                periodicity_gradient = np.empty((K.shape[0], K.shape[1], 0))

            return K, np.dstack((length_scale_gradient, periodicity_gradient))
        else:
            return K


# ---- test wrappers: a weighted sum of the kernel matrix as a function of theta (the log
# hyperparameters in the order `Kernel.theta` gives them: sorted by name).
_rs = np.random.RandomState(0)
X = _rs.uniform(-2, 2, (6, 2))
Y = _rs.uniform(-2, 2, (4, 2))
Wxx = _rs.randn(6, 6)


def rq_weighted(theta):
    kernel = RationalQuadratic(alpha=np.exp(theta[0]), length_scale=np.exp(theta[1]))
    return np.sum(Wxx * kernel(X))


def rq_weighted_reference(theta):
    kernel = RationalQuadratic(alpha=np.exp(theta[0]), length_scale=np.exp(theta[1]))
    K, K_gradient = kernel(X, eval_gradient=True)
    return np.einsum("ij,ijk->k", Wxx, K_gradient)


def rq_gradient_trace(theta):
    """The author's gradient as a value (`K, K_gradient = kernel(X, eval_gradient=True)`), as GPR's
    log_marginal_likelihood reads it, differentiated again."""
    kernel = RationalQuadratic(alpha=np.exp(theta[0]), length_scale=np.exp(theta[1]))
    K, K_gradient = kernel(X, eval_gradient=True)
    return np.sum(Wxx[:, :, np.newaxis] * K_gradient)


def ess_weighted(theta):
    kernel = ExpSineSquared(length_scale=np.exp(theta[0]), periodicity=np.exp(theta[1]))
    return np.sum(Wxx * kernel(X))


def ess_weighted_reference(theta):
    kernel = ExpSineSquared(length_scale=np.exp(theta[0]), periodicity=np.exp(theta[1]))
    K, K_gradient = kernel(X, eval_gradient=True)
    return np.einsum("ij,ijk->k", Wxx, K_gradient)


_rq = RationalQuadratic(length_scale=0.8, alpha=1.5)

CASES = [
    dict(name="rational_quadratic", function=rq_weighted, args=lambda: (np.log([1.5, 0.8]),),
         reference=rq_weighted_reference),
    dict(name="rational_quadratic_eval_gradient", function=rq_gradient_trace, args=lambda: (np.log([1.5, 0.8]),)),
    dict(name="exp_sine_squared", function=ess_weighted, args=lambda: (np.log([1.2, 2.5]),),
         reference=ess_weighted_reference),
    dict(name="cross_kernel_jacobian", function=lambda X: _rq(X, Y), args=lambda: (X.copy(),), kind="jacobian"),
]

# Ported from rlabbe/filterpy, filterpy/kalman/kalman_filter.py (`KalmanFilter.predict`, `update`, the `log_likelihood` property) and filterpy/stats/stats.py (`logpdf`), trimmed to the attributes they use.
import math
from copy import deepcopy

import numpy as np
from numpy import dot, zeros, eye
import numpy.linalg as linalg


def logpdf(x, mean=None, cov=1, allow_singular=True):
    """
    Computes the log of the probability density function of the normal
    N(mean, cov) for the data x. The normal may be univariate or multivariate.
    """
    # (filterpy calls scipy.stats.multivariate_normal.logpdf; its formula, written out)
    if mean is not None:
        flat_mean = np.asarray(mean).flatten()
    else:
        flat_mean = None

    flat_x = np.asarray(x).flatten()
    if flat_mean is not None:
        flat_x = flat_x - flat_mean
    k = len(flat_x)
    sign, logdet = np.linalg.slogdet(cov)
    return -0.5 * (k * math.log(2 * math.pi) + logdet + flat_x @ np.linalg.solve(cov, flat_x))


class KalmanFilter(object):
    r""" Implements a Kalman filter. You are responsible for setting the
    various state variables to reasonable values; the defaults  will
    not give you a functional filter.
    """

    def __init__(self, dim_x, dim_z, dim_u=0):
        if dim_x < 1:
            raise ValueError('dim_x must be 1 or greater')
        if dim_z < 1:
            raise ValueError('dim_z must be 1 or greater')
        if dim_u < 0:
            raise ValueError('dim_u must be 0 or greater')

        self.dim_x = dim_x
        self.dim_z = dim_z
        self.dim_u = dim_u

        self.x = zeros((dim_x, 1))        # state
        self.P = eye(dim_x)               # uncertainty covariance
        self.Q = eye(dim_x)               # process uncertainty
        self.B = None                     # control transition matrix
        self.F = eye(dim_x)               # state transition matrix
        self.H = zeros((dim_z, dim_x))    # measurement function
        self.R = eye(dim_z)               # measurement uncertainty
        self._alpha_sq = 1.               # fading memory control
        self.z = np.array([[None]*self.dim_z]).T

        # gain and residual are computed during the innovation step. We
        # save them so that in case you want to inspect them for various
        # purposes
        self.K = np.zeros((dim_x, dim_z)) # kalman gain
        self.y = zeros((dim_z, 1))
        self.S = np.zeros((dim_z, dim_z)) # system uncertainty
        self.SI = np.zeros((dim_z, dim_z)) # inverse system uncertainty

        # identity matrix. Do not alter this.
        self._I = np.eye(dim_x)

        self._log_likelihood = math.log(sys.float_info.min)

        self.inv = np.linalg.inv

    def predict(self, u=None, B=None, F=None, Q=None):
        """
        Predict next state (prior) using the Kalman filter state propagation
        equations.
        """
        if B is None:
            B = self.B
        if F is None:
            F = self.F
        if Q is None:
            Q = self.Q
        elif np.isscalar(Q):
            Q = eye(self.dim_x) * Q

        # x = Fx + Bu
        if B is not None and u is not None:
            self.x = dot(F, self.x) + dot(B, u)
        else:
            self.x = dot(F, self.x)

        # P = FPF' + Q
        self.P = self._alpha_sq * dot(dot(F, self.P), F.T) + Q

    def update(self, z, R=None, H=None):
        """
        Add a new measurement (z) to the Kalman filter.
        """
        # set to None to force recompute
        self._log_likelihood = None

        if z is None:
            self.z = np.array([[None]*self.dim_z]).T
            self.y = zeros((self.dim_z, 1))
            return

        if R is None:
            R = self.R
        elif np.isscalar(R):
            R = eye(self.dim_z) * R

        if H is None:
            H = self.H

        # y = z - Hx
        # error (residual) between measurement and prediction
        self.y = z - dot(H, self.x)

        # common subexpression for speed
        PHT = dot(self.P, H.T)

        # S = HPH' + R
        # project system uncertainty into measurement space
        self.S = dot(H, PHT) + R
        self.SI = self.inv(self.S)
        # K = PH'inv(S)
        # map system uncertainty into kalman gain
        self.K = dot(PHT, self.SI)

        # x = x + Ky
        # predict new x with residual scaled by the kalman gain
        self.x = self.x + dot(self.K, self.y)

        # P = (I-KH)P(I-KH)' + KRK'
        # This is more numerically stable
        # and works for non-optimal K vs the equation
        # P = (I-KH)P usually seen in the literature.

        I_KH = self._I - dot(self.K, H)
        self.P = dot(dot(I_KH, self.P), I_KH.T) + dot(dot(self.K, R), self.K.T)

        # save measurement and posterior state
        self.z = deepcopy(z)

    @property
    def log_likelihood(self):
        """
        log-likelihood of the last measurement.
        """
        if self._log_likelihood is None:
            self._log_likelihood = logpdf(x=self.y, cov=self.S)
        return self._log_likelihood


import sys  # noqa: E402  (kalman_filter.py imports it near the top; kept where the port needs it)


rs = np.random.RandomState(4)
zs = [np.array([[t + 0.3 * rs.randn()]]) for t in range(6)]


def total_log_likelihood(q, r):
    # test wrapper: the filter's log-likelihood of the measurements as a function of the process and
    # measurement noise (what a maximum-likelihood fit of Q and R maximises)
    kf = KalmanFilter(dim_x=2, dim_z=1)
    kf.x = np.array([[0.], [1.]])
    kf.F = np.array([[1., 1.], [0., 1.]])
    kf.H = np.array([[1., 0.]])
    kf.P *= 10.
    kf.R = np.array([[r]])
    kf.Q = q * np.array([[0.25, 0.5], [0.5, 1.]])
    ll = 0.
    for z in zs:
        kf.predict()
        kf.update(z)
        ll += kf.log_likelihood
    return ll


CASES = [
    dict(name="total_log_likelihood", function=total_log_likelihood, args=lambda: (0.05, 0.09), wrt=(0, 1)),
]

# Ported from rlabbe/filterpy, filterpy/kalman/kalman_filter.py (Roger R. Labbe Jr.; MIT licence; https://github.com/rlabbe/filterpy/blob/master/filterpy/kalman/kalman_filter.py): the module-level functions `update`, `predict`, `batch_filter` (`enumerate(zip(zs, Fs, Qs, Hs, Rs, Bs, us))`, `[Fs]*n` when one matrix is given, `means[i,:] = x` into preallocated 3-D arrays) and `rts_smoother` (the Rauch-Tung-Striebel backward pass `for k in range(n-2,-1,-1)` with `x[k] += dot(K[k], ...)`, `linalg.inv`), with `dot3` from filterpy/common/helpers.py; `return_all` and `logpdf` left out. The constant-velocity tracking model and its measurements are the test's data.
import numpy as np
from numpy import dot, zeros, shape
import numpy.linalg as linalg


def dot3(A, B, C):
    """ Returns the matrix multiplication of A*B*C"""
    return dot(A, dot(B,C))


def update(x, P, z, R, H=None, return_all=False):
    """
    Add a new measurement (z) to the Kalman filter. If z is None, nothing
    is changed.
    """


    if z is None:
        if return_all:
            return x, P, None, None, None, None
        else:
            return x, P

    if H is None:
        H = np.array([1])

    if np.isscalar(H):
        H = np.array([H])

    if not np.isscalar(x):
        # handle special case: if z is in form [[z]] but x is not a column
        # vector dimensions will not match
        if x.ndim==1 and shape(z) == (1,1):
            z = z[0]

        if shape(z) == (): # is it scalar, e.g. z=3 or z=np.array(3)
            z = np.asarray([z])

    # error (residual) between measurement and prediction
    y = z - dot(H, x)

    # project system uncertainty into measurement space
    S = dot3(H, P, H.T) + R


    # map system uncertainty into kalman gain
    try:
        K = dot3(P, H.T, linalg.inv(S))
    except:
        K = dot3(P, H.T, 1/S)


    # predict new x with residual scaled by the kalman gain
    x = x + dot(K, y)

    # P = (I-KH)P(I-KH)' + KRK'
    KH = dot(K, H)


    try:
        I_KH = np.eye(KH.shape[0]) - KH
    except:
        I_KH = np.array(1 - KH)
    P = dot3(I_KH, P, I_KH.T) + dot3(K, R, K.T)

    return x, P



def predict(x, P, F=1, Q=0, u=0, B=1, alpha=1.):
    """ Predict next position using the Kalman filter state propagation
    equations.
    """

    if np.isscalar(F):
        F = np.array(F)
    x = dot(F, x) + dot(B, u)
    P = (alpha * alpha) * dot3(F, P, F.T) + Q

    return x, P



def batch_filter(x, P, zs, Fs, Qs, Hs, Rs, Bs=None, us=None, update_first=False):
    """ Batch processes a sequences of measurements.
    """

    n = np.size(zs,0)
    dim_x = x.shape[0]

    # mean estimates from Kalman Filter
    if x.ndim == 1:
        means   = zeros((n, dim_x))
        means_p = zeros((n, dim_x))
    else:
        means   = zeros((n, dim_x, 1))
        means_p = zeros((n, dim_x, 1))

    # state covariances from Kalman Filter
    covariances   = zeros((n, dim_x, dim_x))
    covariances_p = zeros((n, dim_x, dim_x))

    if us is None:
       us = [0.]*n
       Bs = [0.]*n

    if len(Fs) < n: Fs = [Fs]*n
    if len(Qs) < n: Qs = [Qs]*n
    if len(Hs) < n: Hs = [Hs]*n
    if len(Rs) < n: Rs = [Rs]*n
    if len(Bs) < n: Bs = [Bs]*n
    if len(us) < n: us = [us]*n


    if update_first:
        for i, (z, F, Q, H, R, B, u) in enumerate(zip(zs, Fs, Qs, Hs, Rs, Bs, us)):

            x, P = update(x, P, z, R=R, H=H)
            means[i,:]         = x
            covariances[i,:,:] = P

            x, P = predict(x, P, u=u, B=B, F=F, Q=Q)
            means_p[i,:]         = x
            covariances_p[i,:,:] = P
    else:
        for i, (z, F, Q, H, R, B, u) in enumerate(zip(zs, Fs, Qs, Hs, Rs, Bs, us)):

            x, P = predict(x, P, u=u, B=B, F=F, Q=Q)
            means_p[i,:]         = x
            covariances_p[i,:,:] = P

            x, P  = update(x, P, z, R=R, H=H)
            means[i,:]         = x
            covariances[i,:,:] = P

    return (means, covariances, means_p, covariances_p)



def rts_smoother(Xs, Ps, Fs, Qs):
    """ Runs the Rauch-Tung-Striebal Kalman smoother on a set of
    means and covariances computed by a Kalman filter. The usual input
    would come from the output of `KalmanFilter.batch_filter()`.
    """

    assert len(Xs) == len(Ps)
    n = Xs.shape[0]
    dim_x = Xs.shape[1]

    # smoother gain
    K = zeros((n,dim_x,dim_x))
    x, P, pP = Xs.copy(), Ps.copy(), Ps.copy()

    for k in range(n-2,-1,-1):
        pP[k] = dot3(Fs[k], P[k], Fs[k].T) + Qs[k]

        K[k]  = dot3(P[k], Fs[k].T, linalg.inv(pP[k]))
        x[k] += dot (K[k], x[k+1] - dot(Fs[k], x[k]))
        P[k] += dot3 (K[k], P[k+1] - pP[k], K[k].T)

    return (x, P, K, pP)


# ---- test wrappers: a constant-velocity model (position measured), as in filterpy's tests

dt = 1.
F = np.array([[1., dt], [0., 1.]])
H = np.array([[1., 0.]])


def smoothed_track_error(zs, q, r):
    x0 = np.array([[0.], [1.]])
    P0 = np.eye(2) * 10.
    Q = np.array([[dt**3 / 3, dt**2 / 2], [dt**2 / 2, dt]]) * q
    R = np.array([[r]])
    mu, cov, _, _ = batch_filter(x0, P0, zs, F, Q, H, R)
    xs, Ps, Ks, Pp = rts_smoother(mu, cov, [F] * len(zs), [Q] * len(zs))
    truth = np.arange(len(zs), dtype=float)
    return np.sum((xs[:, 0, 0] - truth) ** 2) + np.trace(Ps[0])


def filtered_update_first(zs, q, r):
    x0 = np.array([0., 1.])
    P0 = np.eye(2) * 10.
    Q = np.array([[dt**3 / 3, dt**2 / 2], [dt**2 / 2, dt]]) * q
    mu, cov, mu_p, cov_p = batch_filter(x0, P0, zs, F, Q, H, np.array([[r]]), update_first=True)
    return np.sum(mu[:, 1]) + np.sum(cov_p[:, 0, 0])


def track():
    rng = np.random.RandomState(4)
    zs = np.arange(8, dtype=float) + rng.randn(8) * 0.8
    return zs.reshape(8, 1, 1), 0.05, 0.64


def track_1d():
    zs, q, r = track()
    return zs.reshape(8, 1), q, r


CASES = [
    dict(name="smoothed_track_error", function=smoothed_track_error, args=track, wrt=(0, 1, 2)),
    dict(name="filtered_update_first", function=filtered_update_first, args=track_1d, wrt=(0, 1, 2)),
]

# Ported from lindermanlab/ssm, ssm/messages.py (Scott Linderman's state-space-model message passing): the `@numba.jit(nopython=True, cache=True)` routines `logsumexp` (a max loop and a sum loop), `dlse`, `forward_pass(pi0, Ps, log_likes, alphas)` writing the log-space messages into `alphas` with `Ps[t * hetero]` (a bool times an int), `hmm_normalizer`, the author's hand-written adjoint `grad_hmm_normalizer` with `_make_grad_hmm_normalizer` (the references), and the Kalman filter `_kalman_filter` with `gaussian_logpdf`, `_condition_on` and `_predict` writing `Scond[:] = ...` into rows of the caller's arrays, verbatim but for autograd's `@primitive`/`defvjp` and `getval` left out (`to_c` keeps its `arr.flags['C_CONTIGUOUS']` test) and `LOG_EPS`, `DIV_EPS` from ssm/util.py. The objectives: the HMM log normalizer (and `forward_pass` called as it calls it, without `to_c`'s `.flags` test) w.r.t. the initial distribution, the transition matrices and the log likelihoods, and the Kalman filter's log likelihood w.r.t. the dynamics and the observations.
import numba
import numpy as np
from functools import partial

LOG_EPS = 1e-16
DIV_EPS = 1e-16

to_c = lambda arr: np.copy(arr, 'C') if not arr.flags['C_CONTIGUOUS'] else arr

@numba.jit(nopython=True, cache=True)
def logsumexp(x):
    N = x.shape[0]

    # find the max
    m = -np.inf
    for i in range(N):
        m = max(m, x[i])

    # sum the exponentials
    out = 0
    for i in range(N):
        out += np.exp(x[i] - m)

    return m + np.log(out)


@numba.jit(nopython=True, cache=True)
def dlse(a, out):
    K = a.shape[0]
    lse = logsumexp(a)
    for k in range(K):
        out[k] = np.exp(a[k] - lse)


@numba.jit(nopython=True, cache=True)
def forward_pass(pi0,
                 Ps,
                 log_likes,
                 alphas):

    T = log_likes.shape[0]  # number of time steps
    K = log_likes.shape[1]  # number of discrete states

    assert Ps.shape[0] == T-1 or Ps.shape[0] == 1
    assert Ps.shape[1] == K
    assert Ps.shape[2] == K
    assert alphas.shape[0] == T
    assert alphas.shape[1] == K

    # Check if we have heterogeneous transition matrices.
    # If not, save memory by passing in log_Ps of shape (1, K, K)
    hetero = (Ps.shape[0] == T-1)
    alphas[0] = np.log(pi0 + LOG_EPS) + log_likes[0]
    for t in range(T-1):
        m = np.max(alphas[t])
        alphas[t+1] = np.log(np.dot(np.exp(alphas[t] - m), Ps[t * hetero]) + LOG_EPS) + m + log_likes[t+1]
    return logsumexp(alphas[T-1])


@numba.jit(nopython=True, cache=True)
def grad_hmm_normalizer(log_Ps,
                        alphas,
                        d_log_pi0,
                        d_log_Ps,
                        d_log_likes):

    T = alphas.shape[0]
    K = alphas.shape[1]
    assert (log_Ps.shape[0] == T-1) or (log_Ps.shape[0] == 1)
    assert d_log_Ps.shape[0] == log_Ps.shape[0]
    assert log_Ps.shape[1] == d_log_Ps.shape[1] == K
    assert log_Ps.shape[2] == d_log_Ps.shape[2] == K
    assert d_log_pi0.shape[0] == K
    assert d_log_likes.shape[0] == T
    assert d_log_likes.shape[1] == K

    # Initialize temp storage for gradients
    tmp1 = np.zeros((K,))
    tmp2 = np.zeros((K, K))

    # Trick for handling time-varying transition matrices
    hetero = (log_Ps.shape[0] == T-1)

    dlse(alphas[T-1], d_log_likes[T-1])
    for t in range(T-1, 0, -1):
        for k in range(K):
            for j in range(K):
                tmp1[j] = alphas[t-1, j] + log_Ps[(t-1) * hetero, j, k]
            dlse(tmp1, tmp2[k])

        for j in range(K):
            for k in range(K):
                d_log_Ps[(t-1) * hetero, j, k] += d_log_likes[t, k] * tmp2[k, j]

        for k in range(K):
            d_log_likes[t-1, k] = 0
            for j in range(K):
                d_log_likes[t-1, k] += d_log_likes[t, j] * tmp2[j, k]

    # d_log_pi0 = d_log_likes[0]
    for k in range(K):
        d_log_pi0[k] = d_log_likes[0, k]


def hmm_normalizer(pi0, Ps, ll):
    T, K = ll.shape
    alphas = np.zeros((T, K))

    # Make sure everything is C contiguous
    pi0 = to_c(pi0)
    Ps = to_c(Ps)
    ll = to_c(ll)

    forward_pass(pi0, Ps, ll, alphas)
    return logsumexp(alphas[-1])


def _make_grad_hmm_normalizer(argnum, ans, pi0, Ps, ll):
    # Make sure everything is C contiguous and unboxed
    pi0 = to_c(pi0)
    Ps = to_c(Ps)
    ll = to_c(ll)

    dlog_pi0 = np.zeros_like(pi0)
    dlog_Ps= np.zeros_like(Ps)
    dll = np.zeros_like(ll)
    T, K = ll.shape

    # Forward pass to get alphas
    alphas = np.zeros((T, K))
    forward_pass(pi0, Ps, ll, alphas)
    grad_hmm_normalizer(np.log(Ps + LOG_EPS), alphas, dlog_pi0, dlog_Ps, dll)

    # Compute necessary gradient
    # Account for the log transformation
    # df/dP = df/dlogP * dlogP/dP = df/dlogP * 1 / P
    if argnum == 0:
        return lambda g: g * dlog_pi0 / (pi0 + DIV_EPS)
    if argnum == 1:
        return lambda g: g * dlog_Ps / (Ps + DIV_EPS)
    if argnum == 2:
        return lambda g: g * dll

##
# Gaussian linear dynamical systems message passing code
##
@numba.jit(nopython=True, cache=True)
def _condition_on(m, S, C, D, R, u, y, mcond, Scond):
    # Condition a Gaussian potential on a new linear Gaussian observation
    #
    #  => p(x) = N(m', S')  where
    #
    #     S' = [S^{-1} + C^T R^{-1} C]^{-1}
    #     m' = S' [S^{-1} m + C^T R^{-1} (y - Du)]
    #
    #  Now use the matrix inversion lemma
    #
    #     S' = S - K C S
    #
    #  where K = S C^T (R + C S C^T)^{-1}
    K = np.linalg.solve(R + C @ S @ C.T, C @ S).T
    Scond[:] = S - K @ C @ S
    # Scond[:] = S - np.linalg.solve(R + C @ S @ C.T, C @ S).T @ C @ S
    mcond[:] = Scond @ (np.linalg.solve(S, m) + C.T @ np.linalg.solve(R, y - D @ u))
    # return mcond, Scond


@numba.jit(nopython=True, cache=True)
def _predict(m, S, A, B, Q, u, mpred, Spred):
    # Predict next mean and covariance under a linear Gaussian model
    #
    #   p(x_{t+1}) = \int N(x_t | m, S) N(x_{t+1} | Ax_t + Bu, Q)
    #              = N(x_{t+1} | Am + Bu, A S A^T + Q)
    mpred[:] = A @ m + B @ u
    Spred[:] = A @ S @ A.T + Q


@numba.jit(nopython=True, cache=True)
def gaussian_logpdf(y, m, S):
    D = m.shape[0]
    L = np.linalg.cholesky(S)
    x = np.linalg.solve(L, y - m)
    return -0.5 * D * np.log(2 * np.pi) - np.sum(np.log(np.diag(L))) -0.5 * np.sum(x**2)


@numba.jit(nopython=True, cache=True)
def _kalman_filter(mu0, S0, As, Bs, Qs, Cs, Ds, Rs, us, ys):
    T, N = ys.shape
    D = mu0.shape[0]

    # Check for stationary dynamics parameters
    hetero = As.shape[0] > 1

    predicted_mus = np.zeros((T, D))        # preds E[x_t | y_{1:t-1}]
    predicted_Sigmas = np.zeros((T, D, D))  # preds Cov[x_t | y_{1:t-1}]
    filtered_mus = np.zeros((T, D))         # means E[x_t | y_{1:t}]
    filtered_Sigmas = np.zeros((T, D, D))   # means Cov[x_t | y_{1:t}]

    # Initialize
    predicted_mus[0] = mu0
    predicted_Sigmas[0] = S0
    K = np.zeros((D, N))
    ll = 0

    # Run the Kalman filter
    for t in range(T):
        At = As[t * hetero]
        Bt = Bs[t * hetero]
        Qt = Qs[t * hetero]
        Ct = Cs[t * hetero]
        Dt = Ds[t * hetero]
        Rt = Rs[t * hetero]

        # Update the log likelihood
        ll += gaussian_logpdf(ys[t],
            Ct @ predicted_mus[t] + Dt @ us[t],
            Ct @ predicted_Sigmas[t] @ Ct.T + Rt
            )

        # Condition on this frame's observations
        _condition_on(predicted_mus[t], predicted_Sigmas[t],
            Ct, Dt, Rt, us[t], ys[t],
            filtered_mus[t], filtered_Sigmas[t])

        if t == T-1:
            break

        # Predict the next frame's latent state
        _predict(filtered_mus[t], filtered_Sigmas[t],
            At, Bt, Qt, us[t],
            predicted_mus[t+1], predicted_Sigmas[t+1])

    return ll, filtered_mus, filtered_Sigmas


# A 3-state HMM over 6 steps with stationary transitions (Ps of shape (1, K, K)), and 2-D linear
# dynamics observed in 2-D over 5 steps.
_rng = np.random.RandomState(4)
PI0 = np.array([0.5, 0.3, 0.2])
PS = np.array([[[0.80, 0.15, 0.05], [0.10, 0.70, 0.20], [0.25, 0.25, 0.50]]])
LL = _rng.normal(-1.0, 0.7, (6, 3))
PS_HETERO = _rng.dirichlet(np.ones(3), size=(5, 3))

THETA = 0.3
A_DYN = np.array([[[np.cos(THETA), -np.sin(THETA)], [np.sin(THETA), np.cos(THETA)]]]) * 0.95
Q_DYN = np.eye(2)[None] * 0.1
C_OBS = np.array([[[1.0, 0.2], [0.0, 1.0]]])
R_OBS = np.eye(2)[None] * 0.3
B_IN = np.zeros((1, 2, 1))
D_IN = np.zeros((1, 2, 1))
US = np.zeros((5, 1))
YS = _rng.normal(0.0, 1.0, (5, 2))


def _reference(argnum):
    return lambda pi0, Ps, ll: _make_grad_hmm_normalizer(argnum, None, pi0, Ps, ll)(1.0)


def forward_normalizer(pi0, Ps, ll):    # test wrapper: hmm_normalizer's body without to_c's copies
    T, K = ll.shape
    alphas = np.zeros((T, K))
    forward_pass(pi0, Ps, ll, alphas)
    return logsumexp(alphas[-1])


def kalman_loglik(A, ys):      # test wrapper: the filter's log likelihood (its first output)
    return _kalman_filter(np.zeros(2), np.eye(2), A, B_IN, Q_DYN, C_OBS, D_IN, R_OBS, US, ys)[0]


CASES = [
    dict(name="normalizer_pi0", function=hmm_normalizer, args=lambda: (PI0.copy(), PS.copy(), LL.copy()),
         reference=_reference(0)),
    dict(name="normalizer_Ps", function=hmm_normalizer, args=lambda: (PI0.copy(), PS.copy(), LL.copy()),
         wrt=(1,), reference=_reference(1)),
    dict(name="normalizer_log_likes", function=hmm_normalizer, args=lambda: (PI0.copy(), PS.copy(), LL.copy()),
         wrt=(2,), reference=_reference(2)),
    dict(name="normalizer_hetero_Ps", function=hmm_normalizer,
         args=lambda: (PI0.copy(), PS_HETERO.copy(), LL[:6].copy()), wrt=(1,), reference=_reference(1)),
    dict(name="forward_pass_pi0", function=forward_normalizer, args=lambda: (PI0.copy(), PS.copy(), LL.copy()),
         reference=_reference(0)),
    dict(name="forward_pass_Ps", function=forward_normalizer, args=lambda: (PI0.copy(), PS.copy(), LL.copy()),
         wrt=(1,), reference=_reference(1)),
    dict(name="forward_pass_hetero_Ps_and_log_likes", function=forward_normalizer,
         args=lambda: (PI0.copy(), PS_HETERO.copy(), LL.copy()), wrt=(1, 2)),
    dict(name="kalman_loglik", function=kalman_loglik, args=lambda: (A_DYN.copy(), YS.copy()), wrt=(0, 1)),
]

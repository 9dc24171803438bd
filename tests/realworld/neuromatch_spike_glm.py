# Written for this corpus (p8) in the style of the Neuromatch Academy "GLMs for encoding" tutorial (W1D3) and Pillow's GLM spike-train tools: a stimulus `make_design_matrix(stim, d=25)` built by zero-padding and a loop of slices with a constant column, `neg_log_lik_lnp(theta, X, y)` with `rate = np.exp(X @ theta)` and `log_lik = y @ np.log(rate) - rate.sum()`, a raised-cosine basis (`raised_cosine_basis(n, span)` by a comprehension) projected onto a filter, a spike-history term by `np.convolve` of the past spikes, and an L2-penalised objective with `lam=` as a keyword default. Differentiated: the penalised negative log-likelihood w.r.t. the basis weights, the linear-nonlinear-Poisson likelihood w.r.t. the full filter, and the predicted rates.
import numpy as np

rng = np.random.RandomState(7)
N_BINS = 120
STIM = rng.randn(N_BINS)
SPIKES = rng.poisson(0.6, size=N_BINS).astype(float)


def make_design_matrix(stim, d=25):
    """Create a time-lag design matrix from a stimulus intensity vector."""
    padded_stim = np.concatenate([np.zeros(d - 1), stim])
    T = len(stim)
    X = np.zeros((T, d))
    for t in range(T):
        X[t] = padded_stim[t:t + d]
    # add a column of ones for the intercept
    X = np.column_stack([np.ones(T), X])
    return X


def raised_cosine_basis(n_basis, span, stretch=1.5):
    """Log-time raised cosines (Pillow et al. 2008), one row per basis function."""
    t = np.arange(span)
    log_t = np.log(t + stretch)
    centers = np.linspace(log_t[0], log_t[-1], n_basis)
    width = centers[1] - centers[0]
    basis = [np.where(np.abs(log_t - c) < 2 * width,
                      0.5 * (1 + np.cos(np.pi * (log_t - c) / (2 * width))), 0.0)
             for c in centers]
    return np.array(basis)


def neg_log_lik_lnp(theta, X, y):
    """Return -loglike for the Poisson GLM model."""
    # Compute the Poisson log likelihood
    rate = np.exp(X @ theta)
    log_lik = y @ np.log(rate) - rate.sum()
    return -log_lik


def history_drive(spikes, h):
    """Each bin's input from the cell's own past spikes (strictly causal)."""
    drive = np.convolve(spikes, h)[:len(spikes)]
    return np.concatenate([[0.0], drive[:-1]])


def penalised_objective(w, stim=STIM, y=SPIKES, d=12, n_basis=4, lam=0.5, h=None):
    """Filter = basis weights projected onto the raised cosines; `w[0]` is the intercept."""
    B = raised_cosine_basis(n_basis, d)
    X = make_design_matrix(stim, d=d)
    k = w[1:] @ B
    theta = np.concatenate([[w[0]], k[::-1]])     # the design matrix runs oldest lag first
    nll = neg_log_lik_lnp(theta, X, y)
    if h is not None:
        nll += 0.01 * np.sum(history_drive(y, h) ** 2)
    return nll + lam * np.sum(w[1:] ** 2)


def lnp_full(theta):
    X = make_design_matrix(STIM, d=8)
    return neg_log_lik_lnp(theta, X, SPIKES) / len(SPIKES)


def predict_spike_counts(w, h):
    """Conditional intensity with a spike-history filter `h` applied to the observed spikes."""
    B = raised_cosine_basis(3, 10)
    X = make_design_matrix(STIM[:40], d=10)
    theta = np.concatenate([[w[0]], (w[1:] @ B)[::-1]])
    return np.exp(X @ theta + history_drive(SPIKES[:40], h))[::5]


W0 = np.array([-0.4, 0.3, -0.2, 0.15, 0.05])
THETA0 = np.concatenate([[-0.5], 0.05 * np.cos(np.arange(8.0))])
H0 = np.array([-0.6, -0.2, 0.1])

CASES = [
    dict(name="penalised_objective", function=penalised_objective, args=lambda: (W0.copy(),)),
    dict(name="penalised_objective_history", function=lambda w, h: penalised_objective(w, h=h),   # test wrapper: the history filter passed
         args=lambda: (W0.copy(), H0.copy()), wrt=(0, 1)),
    dict(name="lnp_full", function=lnp_full, args=lambda: (THETA0.copy(),)),
    dict(name="predict_spike_counts", function=predict_spike_counts, args=lambda: (W0[:4].copy(), H0.copy()),
         wrt=(0, 1), kind="jacobian"),
]

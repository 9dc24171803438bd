# Written for this corpus (p2) in the style of the deeplearning.net RBM tutorial (Theano's `free_energy`, here in NumPy) and Hinton's "practical guide": `free_energy(v) = -v.b - sum(softplus(v W + c))` with `np.logaddexp(0, .)`, the pseudo-log-likelihood by flipping one bit per example, and a mean-field reconstruction cross-entropy, parameters as a tuple `(W, vbias, hbias)`.
import numpy as np

rng = np.random.RandomState(1234)
V = (rng.rand(6, 8) > 0.5).astype(float)


def softplus(x):
    return np.logaddexp(0.0, x)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def free_energy(params, v_sample):
    W, vbias, hbias = params
    wx_b = v_sample @ W + hbias
    vbias_term = v_sample @ vbias
    hidden_term = np.sum(softplus(wx_b), axis=1)
    return -hidden_term - vbias_term


def pseudo_likelihood_cost(params, v=V, bit_i_idx=3):
    xi = np.round(v)
    fe_xi = free_energy(params, xi)
    xi_flip = xi.copy()
    xi_flip[:, bit_i_idx] = 1 - xi_flip[:, bit_i_idx]
    fe_xi_flip = free_energy(params, xi_flip)
    cost = np.mean(v.shape[1] * np.log(sigmoid(fe_xi_flip - fe_xi)))
    return cost


def reconstruction_cost(params, v=V):
    W, vbias, hbias = params
    h = sigmoid(v @ W + hbias)
    pre_sigmoid_nv = h @ W.T + vbias
    nv = sigmoid(pre_sigmoid_nv)
    return np.mean(np.sum(v * np.log(nv) + (1 - v) * np.log(1 - nv), axis=1))


def contrastive_divergence_gap(params, v=V):
    """Test wrapper: the CD-1 objective's value with the negative sample's mean-field reconstruction."""
    W, vbias, hbias = params
    h = sigmoid(v @ W + hbias)
    nv = sigmoid(h @ W.T + vbias)
    return np.mean(free_energy(params, v)) - np.mean(free_energy(params, nv))


def init():
    r = np.random.RandomState(0)
    return (r.uniform(-0.3, 0.3, (8, 5)), np.zeros(8) + 0.05, np.zeros(5) - 0.1)


CASES = [
    dict(name="pseudo_likelihood", function=pseudo_likelihood_cost, args=lambda: (init(),)),
    dict(name="reconstruction", function=reconstruction_cost, args=lambda: (init(),)),
    dict(name="cd_gap", function=contrastive_divergence_gap, args=lambda: (init(),)),
]

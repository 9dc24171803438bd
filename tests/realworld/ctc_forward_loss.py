# Written for this corpus (p2) in the style of the CTC loss as taught from Graves et al. 2006 and Awni Hannun's "Sequence Modeling with CTC" (his reference `ctc.py` in NumPy): the label extended with blanks, `alphas` in log space updated with a `logsumexp` helper over the allowed predecessors, the skip transition only between different non-blank labels, and `log_softmax` of the network's outputs.
import numpy as np

NEG_INF = -float("inf")


def logsumexp(*args):
    """Stable log sum exp."""
    if all(a == NEG_INF for a in args):
        return NEG_INF
    a_max = max(args)
    lsp = np.log(sum(np.exp(a - a_max) for a in args))
    return a_max + lsp


def log_softmax(acts, axis):
    acts = acts - np.max(acts, axis=axis, keepdims=True)
    probs = np.sum(np.exp(acts), axis=axis, keepdims=True)
    log_probs = acts - np.log(probs)
    return log_probs


def ctc_loss(acts, labels, blank=0):
    log_probs = log_softmax(acts, axis=1)
    T, _ = log_probs.shape
    extended = [blank]
    for l in labels:
        extended += [l, blank]
    S = len(extended)
    alphas = np.full((T, S), NEG_INF)
    alphas[0, 0] = log_probs[0, blank]
    alphas[0, 1] = log_probs[0, extended[1]]
    for t in range(1, T):
        for s in range(S):
            a = alphas[t - 1, s]
            if s > 0:
                a = logsumexp(a, alphas[t - 1, s - 1])
            if s > 1 and extended[s] != blank and extended[s] != extended[s - 2]:
                a = logsumexp(a, alphas[t - 1, s - 2])
            alphas[t, s] = a + log_probs[t, extended[s]]
    return -logsumexp(alphas[T - 1, S - 1], alphas[T - 1, S - 2])


rng = np.random.RandomState(7)
ACTS = rng.randn(6, 4)

CASES = [
    dict(name="ctc_loss", function=ctc_loss, args=lambda: (ACTS.copy(), [1, 2, 2])),
    dict(name="ctc_loss_no_repeat", function=lambda acts: ctc_loss(acts, (3, 1)), args=lambda: (ACTS[:5].copy(),)),
]

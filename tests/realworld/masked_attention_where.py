# Written for this corpus (i5) in the style of a transformer-from-scratch tutorial: causal self-attention with np.where(mask, s, -np.inf).
import numpy as np


def softmax(x, axis=-1):
    x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def attention(q, k, v, mask=None):
    d = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    return softmax(scores) @ v


def causal_self_attention(x, Wq, Wk, Wv):
    T = x.shape[0]
    mask = np.tril(np.ones((T, T), dtype=bool))
    out = attention(x @ Wq, x @ Wk, x @ Wv, mask=mask)
    return np.sum(out ** 2)


def padded_batch(x, Wq, lengths):
    # a batch with padding: keys past each sequence's length are masked out
    B, T, _ = x.shape
    key_ok = np.arange(T)[None, :] < np.asarray(lengths)[:, None]
    mask = key_ok[:, None, :]
    q = x @ Wq
    out = attention(q, x, x, mask)
    return out[:, 0, :].sum()


rng = np.random.RandomState(2)
x0 = rng.randn(4, 3)
Wq, Wk, Wv = rng.randn(3, 3), rng.randn(3, 3), rng.randn(3, 3)
xb = rng.randn(2, 4, 3)

CASES = [
    dict(name="causal", function=causal_self_attention, args=lambda: (x0.copy(), Wq.copy(), Wk.copy(), Wv.copy()),
         wrt=(0, 1, 2, 3)),
    dict(name="padded", function=padded_batch, args=lambda: (xb.copy(), Wq.copy(), [2, 4]), wrt=(0, 1)),
]

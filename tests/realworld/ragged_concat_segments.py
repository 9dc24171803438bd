# Written for this corpus (i5) in the style of a variable-length-sequence pooling script: a ragged list of arrays joined with np.concatenate.
import numpy as np


def pool(segments, w):
    pooled = [np.max(s * w[: len(s)]) + np.mean(s) for s in segments]
    lengths = [len(s) for s in segments]
    flat = np.concatenate(segments)
    offsets = np.cumsum([0] + lengths[:-1])
    heads = flat[offsets]
    return sum(pooled) + np.sum(heads ** 2) + np.std(flat)


def split_and_join(x):
    parts = np.split(x, [2, 5])
    parts = [p[::-1] * (i + 1) for i, p in enumerate(parts)]
    y = np.concatenate(parts + [np.array([1.0])])
    return np.dot(y, np.hstack([x, 0.5]))


def stack_pad(segments):
    T = max(len(s) for s in segments)
    padded = np.stack([np.pad(s, (0, T - len(s))) for s in segments])
    return np.sum(np.log1p(padded ** 2))


CASES = [
    dict(name="pool", function=pool,
         args=lambda: ([np.array([0.3, -1.2, 0.8]), np.array([1.5]), np.array([0.2, 0.1, -0.4, 0.9])],
                       np.array([1.0, 0.5, -0.7, 2.0])), wrt=(0, 1)),
    dict(name="split_join", function=split_and_join, args=lambda: (np.array([0.3, -1.2, 0.8, 1.5, 0.2, 0.1, -0.4]),)),
    dict(name="stack_pad", function=stack_pad,
         args=lambda: ([np.array([0.3, -1.2, 0.8]), np.array([1.5]), np.array([0.2, 0.1, -0.4, 0.9])],)),
]

# Written for this corpus (i5) in the style of a batched-geometry script: einsum with '...', x.clip(min=0), integer and boolean masks.
import numpy as np


def batched_quadratic(A, x):
    return np.einsum('...i,...ij,...j->...', x, A, x)


def hinge_energy(A, x, margin=1.0):
    q = batched_quadratic(A, x)
    return (margin - q).clip(min=0).sum() + np.einsum('...ii', A).sum()


def masked_updates(x, idx, lam=0.5):
    y = x.copy()
    y[idx] += lam * x[idx] ** 2            # integer mask, in-place on a fancy index
    pos = y > 0
    y[pos] = np.sqrt(y[pos])                # boolean mask assignment
    y[1:3] *= 2.0                           # in-place on a slice
    return y.sum() + y[np.array([0, 2])].prod()


def float32_losses(x32):
    z = x32 * 2.0                       # stays float32 for a float32 input
    return float(np.sum(np.log1p(z.clip(min=0)) + z ** 2))


def zero_dim(a, n):
    s = np.array(0.0)
    for k in range(n):                       # Python int mixed with a 0-d array
        s = s + a ** k / (k + 1)
    return s * 3 + n


rng = np.random.RandomState(6)
A = rng.randn(2, 3, 3, 3) * 0.5
xs = rng.randn(2, 3, 3)

CASES = [
    dict(name="hinge", function=hinge_energy, args=lambda: (A.copy(), xs.copy()), wrt=(0, 1)),
    dict(name="masks", function=masked_updates,
         args=lambda: (np.array([0.5, -0.3, 1.2, 0.8, -1.5]), np.array([0, 2, 4]))),
    dict(name="float32", function=float32_losses, args=lambda: (np.array([0.5, -0.3, 1.2], dtype=np.float32),)),
    dict(name="zero_dim", function=zero_dim, args=lambda: (np.array(0.7), 4)),
]
